//===- Passes.td - dlc transformation passes ------------------------------===//

#ifndef DLC_TRANSFORMS_PASSES_TD
#define DLC_TRANSFORMS_PASSES_TD

include "mlir/Pass/PassBase.td"

def EntryPointsToDestinations
    : Pass<"dlc-entry-points-to-destinations", "mlir::ModuleOp"> {
  let summary = "Make entry points write their results into caller buffers";
  let description = [{
    Rewrites every `func.func` carrying `dlc.entry` so that each tensor
    result becomes a trailing memref argument (identity layout, the result's
    shape) that the function writes with
    `bufferization.materialize_in_destination`; the function returns
    nothing. After `eliminate-empty-tensors` the last op of the entry point
    computes straight into the caller's buffer, and the C interface takes
    one descriptor per input, parameter and output.
  }];
  let dependentDialects = [
    "mlir::bufferization::BufferizationDialect",
    "mlir::memref::MemRefDialect",
  ];
}

def ApproximateMath : Pass<"dlc-approximate-math"> {
  let summary = "Replace transcendental math ops by polynomial approximations";
  let description = [{
    Rewrites `math.exp`, `math.log`, `math.log1p`, `math.tanh` and friends on
    f32 (scalars and vectors) into MLIR's polynomial approximations, which
    vectorize and need no libm call, unlike the intrinsics `convert-math-to-llvm`
    emits. f64 ops are left to libm for full precision.
  }];
  let dependentDialects = [
    "mlir::arith::ArithDialect",
    "mlir::math::MathDialect",
    "mlir::vector::VectorDialect",
  ];
}

def CopiesToLinalg : Pass<"dlc-copies-to-linalg"> {
  let summary = "Rewrite memref.copy as linalg.copy";
  let description = [{
    A `memref.copy` between non-contiguous buffers lowers to a call into
    MLIR's C runner library, which compiled models do not link. As
    `linalg.copy` it becomes loops (or vector code) like every other op.
  }];
  let dependentDialects = ["mlir::linalg::LinalgDialect"];
}

#endif // DLC_TRANSFORMS_PASSES_TD
