//===- KernelConfig.cpp - CPU tile sizes per op ---------------------------===//

#include "Codegen/LLVMCPU/KernelConfig.h"

#include "mlir/IR/BuiltinTypes.h"
#include "llvm/Support/MathExtras.h"

#include <algorithm>

using namespace mlir;

namespace dlc::cpu {

MatmulConfig getMatmulConfig(int64_t m, int64_t n, int64_t k, bool hasConsumer,
                             const VectorShape &vectors) {
  MatmulConfig config;
  // Register tiles of two vectors by as many rows as half the registers
  // hold (8 rows by 32 columns on AVX-512: an accumulator of 16 zmm
  // registers). Narrow layers take their exact width as one (odd-sized)
  // vector.
  int64_t lanes = vectors.lanes;
  config.innerCols = n >= 2 * lanes ? 2 * lanes : n >= lanes ? lanes : n;
  int64_t rows = vectors.registers / 4;
  config.innerRows =
      ShapedType::isDynamic(m) ? rows : std::min<int64_t>(m, rows);
  // Panels of up to 128 columns, a multiple of the register tile: a panel
  // of the second input (K x 128) stays in L2 while every row tile uses it.
  config.panelCols = std::min<int64_t>(n, 128);
  if (config.panelCols > config.innerCols)
    config.panelCols = config.panelCols / config.innerCols * config.innerCols;
  // The last rows of a dynamic batch: one-row tiles as wide as the panel
  // (several accumulators, so that the FMAs do not wait on each other),
  // which need no row mask. A masked contraction keeps its accumulator in
  // memory (about 5x slower than a full tile).
  config.remainderRows = 1;
  // A weight gradient reduces over the batch (times the pixels of a
  // convolution): blocks of 256 steps keep its inputs' blocks in L2 (the
  // CNN's conv2 kernel gradient, K = 121 x batch, streamed 2 MB per
  // register tile from memory and ran at 15% of peak). Not with a fused
  // consumer, which needs the whole sum, nor for a dynamic batch of rows,
  // whose reduction is a layer's (static) input width.
  constexpr int64_t kReductionTile = 256;
  if (!hasConsumer && !ShapedType::isDynamic(m) &&
      (ShapedType::isDynamic(k) || k > 2 * kReductionTile))
    config.reductionTile = kReductionTile;
  return config;
}

/// One vector of 16 filters (or all of them when they are not a multiple
/// of 16) by up to 14 accumulator vectors of pixels (for 32 registers of
/// 16 lanes; in proportion for others), the row cut into tiles of nearly
/// equal size. A tile of few pixels waits on its FMAs' latency:
/// the CNN's conv2 (11-pixel rows, 64 filters) ran its last 3 pixels of
/// each row at a fraction of the speed of the first 8 as 8x32 tiles (187
/// GFLOP/s); as 11x16 tiles it runs at about 207, and conv1's 26-pixel rows
/// as 13x16.
ConvConfig getConvConfig(int64_t ow, int64_t f, const VectorShape &vectors) {
  int64_t lanes = vectors.lanes;
  int64_t filters = f % lanes == 0 ? lanes : f;
  int64_t vectorsPerPixel = llvm::divideCeil(filters, lanes);
  int64_t accumulators = vectors.registers * 14 / 32;
  int64_t maxPixels = std::max<int64_t>(1, accumulators / vectorsPerPixel);
  int64_t tiles = llvm::divideCeil(ow, maxPixels);
  return {static_cast<int64_t>(llvm::divideCeil(ow, tiles)), filters};
}

PoolConfig getPoolConfig(int64_t ow, int64_t c, const VectorShape &vectors) {
  int64_t channels = 2 * vectors.lanes;
  return {std::min<int64_t>(ow, 8), c % channels == 0 ? channels : c};
}

GenericConfig getGenericConfig(linalg::LinalgOp op,
                               const VectorShape &vectors) {
  GenericConfig config;
  SmallVector<int64_t> ranges = op.getStaticLoopRanges();
  if (ranges.empty())
    return config;
  // A transpose with a dynamic size vectorizes to masked, permuted
  // transfers whose lowering reads past the end of the tile (the CNN's
  // training step crashed for batches above 16): leave it to scalar loops.
  if (isa<linalg::TransposeOp>(op) &&
      llvm::any_of(ranges, ShapedType::isDynamic))
    return config;
  config.tileSizes.assign(ranges.size(), 1);
  // A transpose of whole 16x16 blocks (a vector's lanes square): read as
  // 16 rows of the input and written as 16 rows of the output, transposed
  // in registers. One vector
  // along the output's rows read the input a float at a time, 16 rows
  // apart (a dense layer's transposed weight took 30% of its training
  // step).
  if (auto transpose = dyn_cast<linalg::TransposeOp>(op.getOperation())) {
    ArrayRef<int64_t> perm = transpose.getPermutation();
    int64_t rank = ranges.size();
    int64_t block = vectors.lanes;
    if (rank >= 2 && perm[rank - 2] == rank - 1 &&
        ranges[rank - 1] % block == 0 && ranges[rank - 2] % block == 0) {
      config.tileSizes[rank - 1] = config.tileSizes[rank - 2] = block;
      return config;
    }
  }
  // One vector of up to 64 elements (four registers) along the innermost
  // loop, masked when the size does not divide.
  int64_t last = ranges.back(), tile = 4 * vectors.lanes;
  config.tileSizes.back() =
      ShapedType::isDynamic(last) ? tile : std::min<int64_t>(last, tile);
  return config;
}

} // namespace dlc::cpu
