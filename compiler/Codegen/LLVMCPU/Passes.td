//===- Passes.td - CPU code generation ------------------------------------===//

#ifndef DLC_CODEGEN_LLVMCPU_PASSES_TD
#define DLC_CODEGEN_LLVMCPU_PASSES_TD

include "mlir/Pass/PassBase.td"

def CPUTileAndVectorize
    : Pass<"dlc-cpu-tile-and-vectorize", "mlir::ModuleOp"> {
  let summary = "Tile, fuse and vectorize linalg ops for the CPU";
  let description = [{
    Chooses a schedule for every linalg op of the entry points (on tensors)
    from its kind and shape, writes it as a transform-dialect script and
    applies it:

    - a matmul (dense layers, the matmuls of recurrent cells) and its
      elementwise consumer (bias and activation) are tiled and fused in
      cache tiles of 64 rows and up to 128 columns, then register tiles of
      8 rows by 32 (or 16) columns whose reduction loop keeps the 8x32
      accumulator in 16 vector registers; the row loop is peeled so that
      only the last, partial tile of a dynamic batch is masked;
    - a 2-D convolution and its consumer are tiled to one output row of 8
      pixels by 32 filters, the kernel-row and input-channel loops are
      tiled to 1 and the convolution decomposed to 1-D, which vectorizes to
      outer products (rank-1 updates of the accumulator tile);
    - pooling likewise, to 1-D pooling over 8 pixels and 32 channels;
    - every other op (elementwise chains, reductions, fills) is tiled to
      one vector along its innermost loop and vectorized, masked where the
      size is not a multiple.
  }];
  let dependentDialects = [
    "mlir::linalg::LinalgDialect",
    "mlir::scf::SCFDialect",
    "mlir::tensor::TensorDialect",
    "mlir::transform::TransformDialect",
    "mlir::vector::VectorDialect",
  ];
}

def CPULowerVectors : Pass<"dlc-cpu-lower-vectors", "mlir::ModuleOp"> {
  let summary = "Lower n-D vector ops on buffers to what LLVM takes";
  let description = [{
    After bufferization: hoists redundant vector transfers out of loops,
    lowers vector.mask, contractions (to outer products, then FMAs),
    multi-reductions, transfers (to 1-D, unrolled), broadcasts, transposes
    and shape casts, each group in its own greedy rewrite so that the
    pattern sets cannot cycle.
  }];
  let dependentDialects = [
    "mlir::transform::TransformDialect",
    "mlir::vector::VectorDialect",
    "mlir::scf::SCFDialect",
    "mlir::memref::MemRefDialect",
  ];
}

def ApproximateMath : Pass<"dlc-approximate-math"> {
  let summary = "Replace transcendental math ops by polynomial approximations";
  let description = [{
    Rewrites `math.exp`, `math.log`, `math.log1p`, `math.tanh` and friends on
    f32 (scalars and vectors) into MLIR's polynomial approximations, which
    vectorize and need no libm call, unlike the intrinsics
    `convert-math-to-llvm` emits. f64 ops are left to libm for full precision.
  }];
  let dependentDialects = [
    "mlir::arith::ArithDialect",
    "mlir::math::MathDialect",
    "mlir::vector::VectorDialect",
  ];
}

#endif // DLC_CODEGEN_LLVMCPU_PASSES_TD
