//===- Passes.td - target-neutral dlc transformations ---------------------===//

#ifndef DLC_TRANSFORMS_PASSES_TD
#define DLC_TRANSFORMS_PASSES_TD

include "mlir/Pass/PassBase.td"

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

def CopiesToLinalg : Pass<"dlc-copies-to-linalg"> {
  let summary = "Rewrite memref.copy as linalg.copy";
  let description = [{
    A `memref.copy` between non-contiguous buffers lowers to a call into
    MLIR's C runner library, which compiled models do not link. As
    `linalg.copy` it becomes loops (or vector code) like every other op.
  }];
  let dependentDialects = ["mlir::linalg::LinalgDialect"];
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

def ExportEntryPoints : Pass<"dlc-export-entry-points", "mlir::ModuleOp"> {
  let summary = "Export each entry point as dlc_<model>_<entry>_strided";
  let description = [{
    After the lowering to the LLVM dialect: the C interface wrapper
    `_mlir_ciface_<model>_<entry>` that `llvm.emit_c_interface` made for an
    entry point (an `llvm.func` with `dlc.entry`) becomes the model's
    public symbol `dlc_<model>_<entry>_strided` (one strided memref
    descriptor per argument), and the entry point itself gets internal
    linkage. The driver then adds the plain C form `dlc_<model>_<entry>`
    beside it (ABI/PlainEntryPoints.cpp), which calls the internal entry
    point too. The symbols an object exports are then dlc's only, named
    after the model, and never start with an underscore (reserved at file
    scope in C).
  }];
  let dependentDialects = ["mlir::LLVM::LLVMDialect"];
}

#endif // DLC_TRANSFORMS_PASSES_TD
