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

    - what a matmul or convolution reads, if a linalg op computes it, is
      scheduled on its own first, so that it is computed once and not in
      every tile that reads it;
    - a matmul (dense layers, the matmuls of recurrent cells, weight
      gradients) and its elementwise consumer (bias and activation) are
      tiled and fused in panels of up to 128 columns (when there are at
      least two), rows in register tiles of 8 rows by 32 (or 16) columns
      whose reduction loop keeps the 8x32 accumulator in 16 vector
      registers; every loop a tile does not divide is peeled, so that all
      tiles have static shapes and need no mask (the rows of a dynamic
      batch past the last full 8 are taken one at a time, column remainders
      in powers of two from 16 and an exact tail); a weight gradient's long
      reduction (over the batch) is cut into blocks of 256 first;
    - a 2-D convolution and its consumer are tiled to one output row of 8
      pixels by 32 filters, the kernel-row and input-channel loops are
      tiled to 1 and the convolution decomposed to 1-D, which vectorizes to
      outer products (rank-1 updates of the accumulator tile);
    - pooling likewise, to 1-D pooling over 8 pixels and 32 channels;
    - every other op (elementwise chains, reductions, fills) is tiled to
      one vector along its innermost loop and vectorized, masked where the
      size is not a multiple; an input read through a map that is not a
      permutation (an im2col) vectorizes once the tile's unit dimensions
      are folded away.

    The sizes are those for AVX-512 (16 f32 lanes, 32 registers); with
    `vector-bits=256` half as wide for 16 registers (AVX2), with 128 a
    quarter as wide for 32 (NEON). `--emit=cpp` chooses it with
    `--cpp-vector-bits`.
  }];
  let options = [
    Option<"vectorBits", "vector-bits", "int64_t", "512",
           "Bits in a vector register the schedules are for: 128, 256 or 512">,
  ];
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

def CPUVectorizeCopies : Pass<"dlc-cpu-vectorize-copies"> {
  let summary = "Copy buffers with vector loads and stores";
  let description = [{
    After bufferization: every `memref.copy` of numbers of a power-of-two
    byte size whose buffers have strided layouts with a unit innermost
    stride (any other strides, any rank but 0, static or dynamic sizes)
    becomes a loop nest over the outer dimensions
    around a loop of `vector-bits`-wide (64-byte by default)
    `vector.load`/`vector.store` pairs and a scalar loop for the rest of
    the row. Other copies are left to `dlc-copies-to-linalg`.
  }];
  let options = [
    Option<"vectorBits", "vector-bits", "int64_t", "512",
           "Bits in one vector load or store">,
  ];
  let dependentDialects = [
    "mlir::affine::AffineDialect",
    "mlir::arith::ArithDialect",
    "mlir::memref::MemRefDialect",
    "mlir::scf::SCFDialect",
    "mlir::vector::VectorDialect",
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
