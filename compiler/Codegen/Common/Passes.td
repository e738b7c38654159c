//===- Passes.td - target-neutral bufferization and memory planning -------===//

#ifndef DLC_CODEGEN_COMMON_PASSES_TD
#define DLC_CODEGEN_COMMON_PASSES_TD

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

    A training step's `dlc.in_place` (the results whose buffer the caller
    may share with an argument: new parameters, slots and step count) is
    checked here and dropped with the tensor signature it describes: the op
    computing such a result must be the last reader of the argument and
    read it elementwise. With `shared-args`, it goes on as
    `dlc.shared_args`, the same pairs in terms of arguments, for a code
    generator's alias analysis (the GPU's, which removes it).
  }];
  let options = [
    Option<"sharedArgs", "shared-args", "bool", "false",
           "Write the in-place contract as dlc.shared_args">,
  ];
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
    entry point (a training step's parameter and optimizer-state updates
    included: their in-place contract makes the caller's sharing of
    parameters and updates safe), follows
    `%result` back through the destinations it was computed into (loop
    inits, linalg outs, transfer_write and insert_slice destinations, each
    used only there) to a `tensor.empty`, and replaces it by
    `bufferization.to_tensor %output restrict writable`: the computation
    then writes the caller's buffer, and the final copy from scratch
    disappears. A destination shared by two results (CSE merges equal empty
    tensors and fills) is left alone: redirecting it would make the second
    result read the first's buffer, which is what upstream empty-tensor
    elimination did; an empty tensor several ops (or one op's several
    results: an optimizer's parameter and moments) start from is first
    given to each as one of its own. Slices of empty tensors are folded to
    empty tensors first (a tile's initial value is one).
  }];
  let dependentDialects = [
    "mlir::bufferization::BufferizationDialect",
    "mlir::tensor::TensorDialect",
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

#endif // DLC_CODEGEN_COMMON_PASSES_TD
