//===- KernelConfig.h - Tile sizes a target chooses per op ----------------===//
//
// A target's tiling pass works in two steps: its kernel-config step chooses
// tile sizes for each op from the op's kind and shape (the numbers: cache
// and register tiles on a CPU, thread blocks and per-thread tiles on a GPU),
// then its schedule builder writes and applies the transform script that
// tiles with them (the mechanics). The configs below are what passes between
// the two; each target fills them with its own numbers.
//
//===----------------------------------------------------------------------===//

#ifndef DLC_CODEGEN_COMMON_KERNELCONFIG_H
#define DLC_CODEGEN_COMMON_KERNELCONFIG_H

#include "llvm/ADT/SmallVector.h"

#include <cstdint>

namespace dlc {

/// A matmul [M, K] x [K, N] (dense layers, the matmuls of recurrent cells,
/// weight gradients) with its fused elementwise consumer: column panels of
/// `panelCols`, each cut into register tiles of `innerRows` x `innerCols`;
/// rows that do not fill a register tile are taken `remainderRows` at a
/// time. A reduction is cut into blocks of `reductionTile` (0: not cut), so
/// that both inputs' blocks stay in cache while every output tile uses
/// them.
struct MatmulConfig {
  int64_t panelCols = 0;
  int64_t innerRows = 0, innerCols = 0;
  int64_t remainderRows = 0;
  int64_t reductionTile = 0;
};

/// A 2-D NHWC convolution (and its consumer): tiles of one output row of
/// `pixels` pixels by `filters` filters.
struct ConvConfig {
  int64_t pixels = 0, filters = 0;
};

/// A 2-D NHWC pooling: tiles of one output row of `pixels` pixels by
/// `channels` channels.
struct PoolConfig {
  int64_t pixels = 0, channels = 0;
};

/// Any other linalg op (elementwise chains, reductions, fills, copies): the
/// tile size of each loop, vectorized as one piece. Empty: leave the op as
/// scalar loops.
struct GenericConfig {
  llvm::SmallVector<int64_t> tileSizes;
};

/// A GPU contraction (a matmul, a convolution as an implicit GEMM) in
/// tiles: a block of `threads` threads, a 16 x 16 grid, computes `tileM` x
/// `tileN` outputs (tileM / 16 by tileN / 16 a thread, in registers),
/// staging `tileK`-deep slices of both inputs in workgroup memory.
struct GPUTileConfig {
  int64_t tileM = 0, tileN = 0, tileK = 0, threads = 0;
};

} // namespace dlc

#endif // DLC_CODEGEN_COMMON_KERNELCONFIG_H
