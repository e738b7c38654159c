//===- Pipelines.h - Named dlc compilation pipelines ----------------------===//

#ifndef DLC_PIPELINES_PIPELINES_H
#define DLC_PIPELINES_PIPELINES_H

#include "mlir/Pass/PassManager.h"
#include "mlir/Pass/PassOptions.h"

namespace dlc {

/// Options of the CPU pipelines.
struct CPUPipelineOptions
    : public mlir::PassPipelineOptions<CPUPipelineOptions> {
  PassOptions::Option<int64_t> vectorBits{
      *this, "vector-bits",
      llvm::cl::desc("Tile and vectorize for vector registers of 128, 256 or "
                     "512 bits (0: plain scalar loops)"),
      llvm::cl::init(512)};
};

/// Options of the NVIDIA GPU pipelines.
struct GPUPipelineOptions
    : public mlir::PassPipelineOptions<GPUPipelineOptions> {
  PassOptions::ListOption<std::string> archs{
      *this, "gpu-arch",
      llvm::cl::desc("The GPUs to compile for (sm_80, sm_90, ...): a cubin "
                     "each in one fatbin, with the last one's PTX")};
  PassOptions::Option<std::string> cudaPath{
      *this, "cuda-path",
      llvm::cl::desc("The CUDA toolkit (ptxas, fatbinary, libdevice)"),
      llvm::cl::init("/usr/local/cuda")};
  PassOptions::Option<int64_t> threadsPerBlock{
      *this, "threads-per-block",
      llvm::cl::desc("Threads per block of the kernels"), llvm::cl::init(256)};

  /// The archs, sm_80 and sm_90 when none is given.
  llvm::SmallVector<std::string> archList() const;
};

/// `dlc-lower-to-linalg`: dlc models to entry-point functions on linalg and
/// tensors (convert-dlc-to-linalg, then cleanup and elementwise fusion).
void buildLowerToLinalgPipeline(mlir::OpPassManager &pm,
                                bool stepHalves = true);

/// The target-neutral middle: linalg on tensors to buffers, with entry
/// points writing into caller-provided outputs and their buffers planned in
/// one scratch arena. `tile` adds the target's tiling step (on tensors,
/// before bufferization).
/// `hostStack` puts small buffers on the host's stack (CPU targets).
void buildBufferizePipeline(
    mlir::OpPassManager &pm,
    llvm::function_ref<void(mlir::OpPassManager &)> tile,
    bool hostStack = true);

/// `dlc-cpu-bufferize`: buildBufferizePipeline with the CPU's tiling and
/// vectorization (dlc-cpu-tile-and-vectorize) for vectors of `vectorBits`
/// (0: none, plain scalar loops).
void buildCPUBufferizePipeline(mlir::OpPassManager &pm,
                               int64_t vectorBits = 512);

/// The CPU code generator's structured end: helpers internalized, vectors
/// lowered to 1-D operations, copies and the remaining linalg ops as loops,
/// math approximated (scf, memref, vector, arith, math and func ops), the
/// level --emit=cpp writes C++ from.
void buildCPUToStructuredPipeline(mlir::OpPassManager &pm,
                                  int64_t vectorBits = 512);

/// `dlc-cpu-to-llvm`: buffers to the LLVM dialect.
void buildCPUToLLVMPipeline(mlir::OpPassManager &pm, int64_t vectorBits = 512);

/// `dlc-cpu`: the three above, from a dlc model to the LLVM dialect.
void buildCPUPipeline(mlir::OpPassManager &pm,
                      const CPUPipelineOptions &options);

/// `dlc-gpu-bufferize`: buildBufferizePipeline for the GPU: the scalars
/// read from tensors moved into kernels first, and no buffer on the host's
/// stack (every buffer is device memory in the scratch arena).
void buildGPUBufferizePipeline(mlir::OpPassManager &pm);

/// `dlc-gpu-to-llvm`: buffers to kernels (compiled into one fatbin) and
/// host code in the LLVM dialect that launches them on the entry point's
/// stream.
void buildGPUToLLVMPipeline(mlir::OpPassManager &pm,
                            const GPUPipelineOptions &options);

/// `dlc-gpu-on-host-to-llvm`: buffers to the GPU schedule with its kernels
/// run as loops on the host (dlc-gpu-launches-to-loops), lowered to the LLVM
/// dialect for the CPU: tests the GPU lowering where there is no GPU.
/// `reversed` runs the blocks and threads from the last to the first.
void buildGPUOnHostToLLVMPipeline(mlir::OpPassManager &pm,
                                  bool reversed = false);

/// `dlc-gpu`: lower-to-linalg, then the two above.
void buildGPUPipeline(mlir::OpPassManager &pm,
                      const GPUPipelineOptions &options);

/// Registers the pipelines above (and the dlc passes) with the pass
/// registry, for dlc-opt.
void registerPipelines();

} // namespace dlc

#endif // DLC_PIPELINES_PIPELINES_H
