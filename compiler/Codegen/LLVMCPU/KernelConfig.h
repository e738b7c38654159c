//===- KernelConfig.h - CPU tile sizes per op -----------------------------===//
//
// The CPU's kernel-config step: tile sizes for AVX-512 (16 f32 lanes, 32
// vector registers) chosen from each op's shape. dlc-cpu-tile-and-vectorize
// applies them.
//
//===----------------------------------------------------------------------===//

#ifndef DLC_CODEGEN_LLVMCPU_KERNELCONFIG_H
#define DLC_CODEGEN_LLVMCPU_KERNELCONFIG_H

#include "Codegen/Common/KernelConfig.h"

#include "mlir/Dialect/Linalg/IR/Linalg.h"

namespace dlc::cpu {

/// A matmul of output [m, n] reducing over k, with or without a fused
/// consumer; `m` and `k` may be dynamic (the batch).
MatmulConfig getMatmulConfig(int64_t m, int64_t n, int64_t k, bool hasConsumer);

/// Output row width `ow` and filter count `f` of a convolution.
ConvConfig getConvConfig(int64_t ow, int64_t f);

/// Output row width `ow` and channel count `c` of a pooling.
PoolConfig getPoolConfig(int64_t ow, int64_t c);

/// Any other op, from its static loop ranges (dynamic ones included).
GenericConfig getGenericConfig(mlir::linalg::LinalgOp op);

} // namespace dlc::cpu

#endif // DLC_CODEGEN_LLVMCPU_KERNELCONFIG_H
