//===- Passes.h - NVIDIA GPU code generation passes
//------------------------===//

#ifndef DLC_CODEGEN_LLVMGPU_PASSES_H
#define DLC_CODEGEN_LLVMGPU_PASSES_H

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/GPU/IR/GPUDialect.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Pass/Pass.h"

namespace dlc {

/// Threads in an NVIDIA warp, as the GPU schedules and their host
/// emulation assume.
constexpr int64_t kWarpSize = 32;

#define GEN_PASS_DECL
#include "Codegen/LLVMGPU/Passes.h.inc"

#define GEN_PASS_REGISTRATION
#include "Codegen/LLVMGPU/Passes.h.inc"

} // namespace dlc

#endif // DLC_CODEGEN_LLVMGPU_PASSES_H
