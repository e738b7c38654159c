//===- Pipelines.h - Named dlc compilation pipelines ----------------------===//

#ifndef DLC_PIPELINES_PIPELINES_H
#define DLC_PIPELINES_PIPELINES_H

#include "mlir/Pass/PassManager.h"
#include "mlir/Pass/PassOptions.h"

namespace dlc {

/// Options of the CPU pipelines.
struct CPUPipelineOptions
    : public mlir::PassPipelineOptions<CPUPipelineOptions> {
  PassOptions::Option<bool> vectorize{
      *this, "vectorize",
      llvm::cl::desc("Tile and vectorize for the host CPU (off: plain scalar "
                     "loops, the input of --emit=cpp)"),
      llvm::cl::init(true)};
};

/// `dlc-lower-to-linalg`: dlc models to entry-point functions on linalg and
/// tensors (convert-dlc-to-linalg, then cleanup and elementwise fusion).
void buildLowerToLinalgPipeline(mlir::OpPassManager &pm);

/// The target-neutral middle: linalg on tensors to buffers, with entry
/// points writing into caller-provided outputs and their buffers planned in
/// one scratch arena. `tile` adds the target's tiling step (on tensors,
/// before bufferization).
void buildBufferizePipeline(mlir::OpPassManager &pm,
                            llvm::function_ref<void(mlir::OpPassManager &)> tile);

/// `dlc-cpu-bufferize`: buildBufferizePipeline with the CPU's tiling and
/// vectorization (dlc-cpu-tile-and-vectorize) unless `vectorize` is off.
void buildCPUBufferizePipeline(mlir::OpPassManager &pm, bool vectorize = true);

/// `dlc-cpu-to-llvm`: buffers to the LLVM dialect.
void buildCPUToLLVMPipeline(mlir::OpPassManager &pm, bool vectorize = true);

/// `dlc-cpu`: the three above, from a dlc model to the LLVM dialect.
void buildCPUPipeline(mlir::OpPassManager &pm,
                      const CPUPipelineOptions &options);

/// Registers the pipelines above (and the dlc passes) with the pass
/// registry, for dlc-opt.
void registerPipelines();

} // namespace dlc

#endif // DLC_PIPELINES_PIPELINES_H
