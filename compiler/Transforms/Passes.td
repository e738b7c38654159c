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

def OutputsInPlace : Pass<"dlc-outputs-in-place", "mlir::ModuleOp"> {
  let summary = "Compute entry point results in the caller's buffers";
  let description = [{
    After tiling, before bufferization: for each
    `bufferization.materialize_in_destination %result in %output` of an
    inference entry point (training steps are left as they are), follows `%result` back through the destinations it was
    computed into (loop inits, linalg outs, transfer_write and insert_slice
    destinations, each used only there) to a `tensor.empty`, and replaces it by `bufferization.to_tensor %output restrict
    writable`: the computation then writes the caller's buffer, and the
    final copy from scratch disappears. A destination shared by two results
    (CSE merges equal empty tensors and fills) is left alone: redirecting it
    would make the second result read the first's buffer, which is what
    upstream empty-tensor elimination did. Slices of empty tensors are folded to
    empty tensors first (a tile's initial value is one).
  }];
  let dependentDialects = [
    "mlir::bufferization::BufferizationDialect",
    "mlir::tensor::TensorDialect",
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

def FuseElementwise : Pass<"dlc-fuse-elementwise"> {
  let summary = "Fuse elementwise linalg ops, keeping named ops and gathers";
  let description = [{
    MLIR's elementwise fusion and reshape folding (the patterns of
    `linalg-fuse-elementwise-ops`), restricted by a control function: only
    single-use producers, only between `linalg.generic`s that read every
    input through a projected permutation. Named ops (matmul, convolution,
    pooling) keep their form, so that the CPU schedules find them, and a
    gather (the im2col of a convolution's weight gradient) is not fused
    into the matmul that consumes it.
  }];
  let dependentDialects = [
    "mlir::affine::AffineDialect",
    "mlir::linalg::LinalgDialect",
    "mlir::tensor::TensorDialect",
  ];
}

def HoistLocalBuffers : Pass<"dlc-hoist-local-buffers", "mlir::ModuleOp"> {
  let summary = "Allocate the buffers of loop bodies once, in the entry block";
  let description = [{
    After bufferization, tiles leave `memref.alloc`s inside loop nests (a
    padded tile, the partial tile of a reduction). Each one would be a heap
    allocation per iteration, or, promoted to the stack, stack space that
    grows with every iteration. This pass replaces a nested allocation whose
    dynamic sizes have constant upper bounds (through the value-bounds
    interface: `affine.min` of a tile size, for one) by a static byte buffer
    of the largest size and a `memref.view` of the actual sizes, and moves
    every nested allocation with a static size to the function's entry block
    (or to the body of the innermost `scf.forall`/`scf.parallel`, whose
    iterations need private buffers). A nested allocation sized by the
    batch moves above the loops, as far as its sizes are defined. A buffer
    made in every iteration of an `scf.for` and carried to the next through
    one `iter_args` (a recurrent state) becomes two buffers allocated before
    the loop and used in turn by the iteration's parity, unless the received
    buffer may be passed on unchanged; other carried or returned buffers
    stay where they are. Later, small buffers go to the stack and the rest
    into the planned scratch arena (dlc-plan-scratch).
  }];
  let dependentDialects = [
    "mlir::arith::ArithDialect",
    "mlir::memref::MemRefDialect",
  ];
}

def PlanScratch : Pass<"dlc-plan-scratch", "mlir::ModuleOp"> {
  let summary = "Place an entry point's buffers in one caller-provided arena";
  let description = [{
    After bufferization (and buffer hoisting), replaces every `memref.alloc`
    at the top level of an entry point whose size is a product of static
    sizes and input dimensions (the batch size) by a `memref.view` into one
    scratch buffer, a new last argument `memref<?xi8>`. Buffers whose
    lifetimes do not overlap share memory: within each group of buffers
    scaled by the same input dimensions, a greedy first-fit by decreasing
    size assigns offsets. Every buffer starts at a multiple of 64 bytes.

    The arena's size is recorded on the function as `dlc.scratch`: a list of
    terms `[bytes, arg, axis, arg, axis, ...]`, each meaning `bytes` times
    the product of the listed input dimensions; the generated header turns
    it into a constexpr function of the batch size. Allocations it cannot
    place stay heap allocations and are counted in `dlc.heap_allocs`.
  }];
  let dependentDialects = [
    "mlir::arith::ArithDialect",
    "mlir::memref::MemRefDialect",
  ];
}

def OrderConstantGlobals : Pass<"dlc-order-constant-globals",
                                 "mlir::ModuleOp"> {
  let summary = "Name and order private memref.globals by their contents";
  let description = [{
    One-shot bufferization turns constant tensors into private memref.globals
    named and placed in an order that varies from run to run (it follows
    pointer-keyed maps), so the same model compiled twice gave different
    objects and different --emit=cpp sources. This pass sorts the private
    globals by type, constness and initial value and renames them
    `dlc_constant_<n>` in that order, updating every use.
  }];
  let dependentDialects = ["mlir::memref::MemRefDialect"];
}

def StackFreedBuffers : Pass<"dlc-stack-freed-buffers", "mlir::func::FuncOp"> {
  let summary = "Put small buffers freed where they are allocated on the stack";
  let description = [{
    After buffer deallocation: a `memref.alloc` of a static shape of at most
    `max-bytes` in the function's entry block, whose one `memref.dealloc` is
    in the same block, becomes a `memref.alloca` (and the dealloc goes). The
    deallocation pipeline allocates its helper's pointer and ownership
    arrays this way in every call, and promote-buffers-to-stack leaves
    buffers that have a dealloc alone.
  }];
  let options = [
    Option<"maxBytes", "max-bytes", "int64_t", "4096",
           "Largest buffer put on the stack, in bytes">,
  ];
  let dependentDialects = ["mlir::memref::MemRefDialect"];
}

def InternalizeHelpers : Pass<"dlc-internalize-helpers", "mlir::ModuleOp"> {
  let summary = "Give functions other than entry points internal linkage";
  let description = [{
    Helpers the pipeline creates (the deallocation helper, for one) would
    otherwise be global symbols, and two compiled models could not be linked
    into one program.
  }];
  let dependentDialects = ["mlir::LLVM::LLVMDialect"];
}

#endif // DLC_TRANSFORMS_PASSES_TD
