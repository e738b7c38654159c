//===- KernelConfig.h - CPU tile sizes per op -----------------------------===//
//
// The CPU's kernel-config step: tile sizes chosen from each op's shape for
// a vector width (AVX-512's by default: 16 f32 lanes, 32 vector registers).
// dlc-cpu-tile-and-vectorize applies them.
//
//===----------------------------------------------------------------------===//

#ifndef DLC_CODEGEN_LLVMCPU_KERNELCONFIG_H
#define DLC_CODEGEN_LLVMCPU_KERNELCONFIG_H

#include "Codegen/Common/KernelConfig.h"

#include "mlir/Dialect/Linalg/IR/Linalg.h"

namespace dlc::cpu {

/// The vectors a schedule is made for: f32 lanes per vector and the
/// number of vector registers.
struct VectorShape {
  int64_t lanes = 16, registers = 32;
  /// 512 bits: AVX-512 (32 registers); 256: AVX2 (16); 128: NEON or SVE
  /// at 128 bits (32).
  static VectorShape forBits(int64_t bits) {
    return {bits / 32, bits == 256 ? 16 : 32};
  }
};

/// A matmul of output [m, n] reducing over k, with or without a fused
/// consumer; `m` and `k` may be dynamic (the batch).
MatmulConfig getMatmulConfig(int64_t m, int64_t n, int64_t k, bool hasConsumer,
                             const VectorShape &vectors = {});

/// Output row width `ow` and filter count `f` of a convolution.
ConvConfig getConvConfig(int64_t ow, int64_t f,
                         const VectorShape &vectors = {});

/// Output row width `ow` and channel count `c` of a pooling.
PoolConfig getPoolConfig(int64_t ow, int64_t c,
                         const VectorShape &vectors = {});

/// Any other op, from its static loop ranges (dynamic ones included).
GenericConfig getGenericConfig(mlir::linalg::LinalgOp op,
                               const VectorShape &vectors = {});

} // namespace dlc::cpu

#endif // DLC_CODEGEN_LLVMCPU_KERNELCONFIG_H
