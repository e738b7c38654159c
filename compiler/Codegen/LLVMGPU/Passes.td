//===- Passes.td - NVIDIA GPU code generation ------------------------------===//

#ifndef DLC_CODEGEN_LLVMGPU_PASSES_TD
#define DLC_CODEGEN_LLVMGPU_PASSES_TD

include "mlir/Pass/PassBase.td"

def GPUScalarsIntoLinalg
    : Pass<"dlc-gpu-scalars-into-linalg", "mlir::ModuleOp"> {
  let summary = "Compute scalars read from tensors inside the linalg ops "
                "that use them";
  let description = [{
    On tensors, before bufferization. On the GPU every tensor lives in
    device memory, which the host code of an entry point never reads: a
    scalar taken from a tensor (`tensor.extract` of a 0-d tensor, such as a
    training step's step count) and the arithmetic on it (Adam's bias
    correction) must run inside a kernel. For each linalg op that uses such
    a scalar (in its body or as a scalar operand), the pass adds the 0-d
    tensors read as inputs with a constant indexing map and recomputes the
    scalar in the body; a 0-d `tensor.from_elements` of such a scalar
    becomes a 0-d `linalg.generic` that computes it. In a training step,
    whose caller may pass one buffer for an argument and the result that
    replaces it (the step count), the kernels read a copy of such an
    argument taken at the step's start: the writer of the new value was
    checked to follow the reads, not the kernels they move into. Reads
    from tensors of higher rank and `tensor.from_elements` of higher rank are rejected with
    an error at the op: their values would be read on the host.
  }];
  let dependentDialects = ["mlir::linalg::LinalgDialect",
                           "mlir::tensor::TensorDialect"];
}

def GPUDistribute : Pass<"dlc-gpu-distribute", "mlir::ModuleOp"> {
  let summary = "Run the linalg ops of the entry points as GPU kernels";
  let description = [{
    On buffers, after the scratch arena is planned. Each entry point gets a
    last argument, the stream (`!gpu.async.token`, an `!llvm.ptr` after
    lowering: the runtime's stream object, which the launches name), and
    its linalg ops become `gpu.launch`es on that stream. Which schedule an
    op runs, and that schedule's numbers (tiles, threads, how a sum is
    shared), come from the GPU's kernel-config step
    (`Codegen/LLVMGPU/KernelConfig.h`) from the op's sizes; the options
    below are its limits.

    - A thread per point of an op's parallel loops (the innermost one
      fastest, so that neighbouring threads touch neighbouring elements),
      guarded against the partial last block; the grid is computed from the
      loop sizes, the batch included, at run time. A thread runs the op's
      reduction loops itself, with its outputs in registers (`scf.for`
      iteration arguments) and one store per output at the end.
    - Chains: ops that follow one another and write one buffer element by
      element (each indexes it by its parallel loops, once each) are one
      kernel with a thread per element of that buffer, if they touch
      nothing else that another op of the chain writes. A bias broadcast,
      the convolution or matmul that accumulates onto it and the activation
      applied in place are one kernel.
    - Chains of rows: where ops of two shapes pass rows to one another (a
      softmax: each row's maximum, then its exponentials, its sum, its
      quotients) and each runs at most 64 points per row (a batch taken as
      64), a chain of elements becomes a chain of rows: its buffers share
      their first dimension, each op reads them only in its own row, and a
      thread per row runs each op over the whole row in turn. An op of the
      same rows that touches none of the chain's buffers (the fill of the
      next sum) joins it too.
    - The tiled schedule: a chain whose one op with reduction loops is a
      contraction (`out + a * b`, each parallel loop indexing one input
      only: a matmul, or a convolution as an implicit GEMM) with at least
      32 outputs along N (static), 256 along M and 32 along K (a batch taken
      as 64) runs a 64 x 64 tile of outputs (64 x 32 where N <= 32) per
      block of 256 threads, 4 x 4 (4 x 2) a thread in registers. Each step
      stages 16-deep slices of both inputs in workgroup memory between two
      barriers; each output sums its products in the order of the
      reduction loops, as a thread alone would. The chain's other ops run
      at each output, before and after. Such a kernel has its own launch.
    - Warp sums: a chain whose one op with reduction loops is a sum (as
      for split sums) over at least `warp-min-reduction` points, and not
      tiled, gets a warp per point: lane l sums the reduction points l,
      l + 32, ... (row-major), a butterfly of `gpu.shuffle xor` adds the
      lanes' sums, and lane 0 runs the chain's ops at the point (a dense
      layer at batch 1: 64 warps instead of 64 threads summing 1600
      products each).
    - Coarsening: in a kernel with reduction loops (a matmul, a
      convolution) whose innermost dimension is static, each thread runs up
      to `coarsen` points of it (j, j + n, ... for n threads along it), a
      divisor of its size that leaves at least 8192 threads for a batch of
      64, in one nest of reduction loops: a load that several of them
      share (the input window of a convolution, for its output channels)
      is done once.
    - Split sums: an op whose every output is a floating-point sum
      (`out + x`, `x` free of `out`) over at least `split-min-reduction`
      points, with fewer than `split-threads` outputs (dynamic sizes taken
      as 64 for both), is run by `S` threads per output, each summing a
      slice of the reduction loops (at least `split-chunk` points, stepped
      in row-major order) and adding its partial sum to the output with
      `memref.atomic_rmw addf`. `S` is computed at run time, enough for
      `split-threads` threads in all. The order of the additions varies
      from run to run, and so do the last bits of such sums. Where the
      sum has one f32 output and a static number of outputs that divides
      the block (32 or 64 channels' bias gradients), each block first adds
      its threads' partial sums in workgroup memory (a tree, a barrier a
      step) and one thread per output adds the block's sum atomically.
    - Independent kernels that follow one another with only host
      arithmetic between them are one launch: each gets its own range of
      blocks. Kernels are independent when no buffer one writes may share
      memory with one the other reads or writes. What may share memory
      follows the ABI: the scratch arena shares none with any argument;
      results share none with each other nor, but in a training step (whose
      parameters, slots and step count may be updated in place), with the
      inputs, and there each only with its old value where
      `dlc.shared_args` says so (the pass removes it); views of
      the arena are apart where the scratch plan put them apart (their
      `dlc.scratch_slot`s).

    The host code that remains only computes sizes and views and launches
    kernels; any other memory access left on the host (a `memref.load`, a
    heap or stack buffer the scratch plan could not place) is an error at
    that op, since the host cannot read device memory.
  }];
  let options = [
    Option<"threadsPerBlock", "threads-per-block", "int64_t", "256",
           "Threads per block of the kernels (a multiple of 32)">,
    Option<"fuse", "fuse", "bool", "true",
           "Fuse chains of ops into one kernel and independent kernels "
           "into one launch">,
    Option<"splitMinReduction", "split-min-reduction", "int64_t", "4096",
           "Split sums over at least this many points">,
    Option<"splitThreads", "split-threads", "int64_t", "131072",
           "Threads to aim for in a split sum">,
    Option<"splitChunk", "split-chunk", "int64_t", "256",
           "Fewest points a thread of a split sum sums">,
    Option<"tile", "tile", "bool", "true",
           "Run contractions (matmuls, convolutions) with enough outputs "
           "by the tiled schedule (they are chains: it needs fuse)">,
    Option<"warpMinReduction", "warp-min-reduction", "int64_t", "512",
           "Give a warp to each point of a sum over at least this many "
           "points (0: never)">,
    Option<"coarsen", "coarsen", "int64_t", "4",
           "Most points of the innermost dimension a thread of a kernel "
           "with reduction loops runs">,
  ];
  let dependentDialects = [
    "mlir::arith::ArithDialect",
    "mlir::gpu::GPUDialect",
    "mlir::memref::MemRefDialect",
    "mlir::scf::SCFDialect",
  ];
}

def GPUMergeKernelModules
    : Pass<"dlc-gpu-merge-kernel-modules", "mlir::ModuleOp"> {
  let summary = "Put all outlined kernels into one gpu.module";
  let description = [{
    After `gpu-kernel-outlining`, which makes a `gpu.module` per kernel:
    moves every kernel into the first module (renaming where names clash)
    and points the launches at it, so that a model is one device binary,
    compiled by ptxas once and loaded once.
  }];
}

def GPUSerialize : Pass<"dlc-gpu-serialize", "mlir::ModuleOp"> {
  let summary = "Compile each gpu.module to one fatbin for all its targets";
  let description = [{
    After the kernels are lowered to NVVM: for every `gpu.module` whose
    targets are NVVM targets, compiles the module to a cubin per target
    (through LLVM's NVPTX back end and ptxas) and to PTX for the newest
    one, bundles them with `fatbinary` into one fatbin and replaces the
    module by a `gpu.binary` holding it. The driver picks the cubin of the
    GPU it runs on, or JIT-compiles the PTX on a newer GPU. The CUDA
    toolkit is found at `cuda-path`.
  }];
  let options = [
    Option<"cudaPath", "cuda-path", "std::string", "\"/usr/local/cuda\"",
           "The CUDA toolkit (ptxas, fatbinary)">,
  ];
  let dependentDialects = ["mlir::gpu::GPUDialect"];
}

def GPULaunchesToLoops : Pass<"dlc-gpu-launches-to-loops", "mlir::ModuleOp"> {
  let summary = "Run the kernels of GPU entry points on the host, as loops";
  let description = [{
    After dlc-gpu-distribute, for testing the GPU schedule where there is no
    GPU: every `gpu.launch` becomes loops over its blocks and threads,
    in order, running the kernel body with the block and thread ids those
    loops give, and the entry points lose their stream argument. The CPU
    pipeline's host lowering then compiles the result: the scalar reads
    moved into kernels, the device scratch plan, the thread index math and
    the guards of partial blocks are all exercised against the numerical
    references. (Kernels that synchronize their threads, which this
    schedule does not make, cannot run this way.)

    A kernel whose threads work together (`gpu.barrier`, `gpu.shuffle`,
    workgroup memory read by load and store) runs in phases, split at each
    collective: each phase is a loop over the threads of the block, a value
    one phase computes and a later one uses goes through a slot per thread,
    and loops and ifs around collectives, whose bounds and conditions must
    be the same for the whole block, run once per block. A shuffle reads
    the slot of the other lane of the thread's warp of 32. Workgroup memory
    is one buffer, shared by the blocks that run one after another.

    With `reverse`, blocks and threads run from the last to the first.
    Running both orders exposes a kernel whose result depends on the order
    of its threads or blocks (a race on a GPU): one that reads what another
    thread writes gives a wrong result in one of them.
  }];
  let options = [
    Option<"reverse", "reverse", "bool", "false",
           "Run the blocks and threads from the last to the first">,
  ];
  let dependentDialects = [
    "mlir::arith::ArithDialect",
    "mlir::memref::MemRefDialect",
    "mlir::scf::SCFDialect",
  ];
}

#endif // DLC_CODEGEN_LLVMGPU_PASSES_TD
