//===- Pipelines.cpp - Named dlc compilation pipelines --------------------===//

#include "Pipelines/Pipelines.h"

#include "Codegen/Common/Passes.h"
#include "Codegen/LLVMCPU/Passes.h"
#include "Codegen/LLVMGPU/Passes.h"
#include "Conversion/Passes.h"
#include "Transforms/Passes.h"

#include "mlir/Conversion/AffineToStandard/AffineToStandard.h"
#include "mlir/Conversion/ArithToLLVM/ArithToLLVM.h"
#include "mlir/Conversion/ControlFlowToLLVM/ControlFlowToLLVM.h"
#include "mlir/Conversion/FuncToLLVM/ConvertFuncToLLVMPass.h"
#include "mlir/Conversion/GPUCommon/GPUCommonPass.h"
#include "mlir/Conversion/GPUToNVVM/GPUToNVVMPass.h"
#include "mlir/Conversion/IndexToLLVM/IndexToLLVM.h"
#include "mlir/Conversion/MathToLLVM/MathToLLVM.h"
#include "mlir/Conversion/MemRefToLLVM/MemRefToLLVM.h"
#include "mlir/Conversion/ReconcileUnrealizedCasts/ReconcileUnrealizedCasts.h"
#include "mlir/Conversion/SCFToControlFlow/SCFToControlFlow.h"
#include "mlir/Conversion/UBToLLVM/UBToLLVM.h"
#include "mlir/Conversion/VectorToLLVM/ConvertVectorToLLVMPass.h"
#include "mlir/Conversion/VectorToSCF/VectorToSCF.h"
#include "mlir/Dialect/Bufferization/Pipelines/Passes.h"
#include "mlir/Dialect/Bufferization/Transforms/Passes.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/GPU/IR/GPUDialect.h"
#include "mlir/Dialect/GPU/Transforms/Passes.h"
#include "mlir/Dialect/Linalg/Passes.h"
#include "mlir/Dialect/MemRef/Transforms/Passes.h"
#include "mlir/Pass/PassRegistry.h"
#include "mlir/Transforms/Passes.h"

using namespace mlir;

namespace dlc {

void buildLowerToLinalgPipeline(OpPassManager &pm, bool stepHalves) {
  ConvertDLCToLinalgOptions options;
  options.stepHalves = stepHalves;
  pm.addPass(createConvertDLCToLinalg(options));
  pm.addPass(createCanonicalizerPass());
  pm.addPass(createCSEPass());
  pm.addPass(createFuseElementwise());
  pm.addPass(createCanonicalizerPass());
}

void buildBufferizePipeline(OpPassManager &pm,
                            llvm::function_ref<void(OpPassManager &)> tile,
                            bool hostStack) {
  // The GPU's kernel fusion needs to know which buffers a training step's
  // caller may share.
  EntryPointsToDestinationsOptions destinations;
  destinations.sharedArgs = !hostStack;
  pm.addPass(createEntryPointsToDestinations(destinations));
  tile(pm);
  pm.addPass(createOutputsInPlace());
  // No eliminate-empty-tensors: when two results share one (CSE'd) init, it
  // redirects both into the first result's buffer and the second result
  // reads the first's data (test/numerical/models/shared-init-results.mlir).
  bufferization::OneShotBufferizePassOptions bufferize;
  bufferize.bufferizeFunctionBoundaries = true;
  bufferize.functionBoundaryTypeConversion =
      bufferization::LayoutMapOption::IdentityLayoutMap;
  bufferize.allowReturnAllocsFromLoops = true;
  pm.addPass(bufferization::createOneShotBufferizePass(bufferize));
  pm.addPass(createOrderConstantGlobals());
  pm.addPass(createCanonicalizerPass());
  // Buffers made inside loops move out of them, so that the stack does not
  // grow per iteration; on the CPU small fixed-size ones then go on the
  // stack, and the rest into one arena per entry point that the caller
  // provides. On the GPU every buffer must reach the arena, those sized in a
  // loop by a loop-invariant dim too (hence the code motion first).
  if (!hostStack)
    pm.addPass(createLoopInvariantCodeMotionPass());
  pm.addPass(createHoistLocalBuffers());
  pm.addNestedPass<func::FuncOp>(bufferization::createBufferLoopHoistingPass());
  pm.addNestedPass<func::FuncOp>(bufferization::createBufferHoistingPass());
  if (hostStack) {
    bufferization::PromoteBuffersToStackPassOptions stack;
    stack.maxAllocSizeInBytes = 16384;
    pm.addNestedPass<func::FuncOp>(
        bufferization::createPromoteBuffersToStackPass(stack));
  }
  pm.addPass(createPlanScratch());
  if (!hostStack) {
    // Every buffer must be in the arena: dlc-gpu-distribute rejects any
    // left.
    pm.addPass(createCanonicalizerPass());
    return;
  }
  bufferization::BufferDeallocationPipelineOptions deallocation;
  bufferization::buildBufferDeallocationPipeline(pm, deallocation);
  pm.addPass(createCanonicalizerPass());
  // The deallocation pipeline's own small arrays (the pointers and
  // ownership flags it hands its helper) go on the stack too.
  pm.addNestedPass<func::FuncOp>(createStackFreedBuffers());
}

void buildCPUBufferizePipeline(OpPassManager &pm, int64_t vectorBits) {
  buildBufferizePipeline(pm, [&](OpPassManager &nested) {
    if (vectorBits)
      nested.addPass(createCPUTileAndVectorize({vectorBits}));
  });
}

/// The host code's loops, memrefs, arithmetic and functions to the LLVM
/// dialect, and the entry points' C interfaces; `gpu` adds the lowering of
/// kernel launches.
static void buildHostToLLVMPipeline(OpPassManager &pm, bool gpu) {
  // Expanding strided metadata creates affine.apply ops: lower affine after.
  pm.addPass(memref::createExpandStridedMetadataPass());
  pm.addPass(createLowerAffinePass());
  pm.addPass(createSCFToControlFlowPass());
  pm.addPass(createConvertVectorToSCFPass());
  pm.addPass(createConvertMathToLLVMPass());
  pm.addPass(createFinalizeMemRefToLLVMConversionPass());
  // A vector's sum as a tree, not one add after another: a loss over 784
  // pixels a sample was a chain of 784 dependent scalar adds (half of an
  // autoencoder layer's training step). Sums across loop iterations keep
  // their order.
  ConvertVectorToLLVMPassOptions vectorToLLVM;
  vectorToLLVM.reassociateFPReductions = true;
  pm.addPass(createConvertVectorToLLVMPass(vectorToLLVM));
  pm.addPass(createArithToLLVMConversionPass());
  pm.addPass(createConvertIndexToLLVMPass());
  if (gpu)
    pm.addPass(createGpuToLLVMConversionPass());
  pm.addPass(createConvertFuncToLLVMPass());
  pm.addPass(createConvertControlFlowToLLVMPass());
  pm.addPass(createUBToLLVMConversionPass());
  pm.addPass(createReconcileUnrealizedCastsPass());
  pm.addPass(createExportEntryPoints());
  pm.addPass(createCanonicalizerPass());
}

void buildCPUToStructuredPipeline(OpPassManager &pm, int64_t vectorBits) {
  pm.addPass(createInternalizeHelpers());
  if (vectorBits) {
    pm.addPass(createCPULowerVectors());
    pm.addPass(createCPUVectorizeCopies({vectorBits}));
  }
  pm.addPass(createCopiesToLinalg());
  pm.addPass(createConvertLinalgToLoopsPass());
  pm.addPass(createApproximateMath());
}

void buildCPUToLLVMPipeline(OpPassManager &pm, int64_t vectorBits) {
  buildCPUToStructuredPipeline(pm, vectorBits);
  buildHostToLLVMPipeline(pm, /*gpu=*/false);
}

void buildCPUPipeline(OpPassManager &pm, const CPUPipelineOptions &options) {
  buildLowerToLinalgPipeline(pm);
  buildCPUBufferizePipeline(pm, options.vectorBits);
  buildCPUToLLVMPipeline(pm, options.vectorBits);
}

llvm::SmallVector<std::string> GPUPipelineOptions::archList() const {
  if (archs.empty())
    return {"sm_80", "sm_90"};
  return llvm::to_vector(archs);
}

void buildGPUBufferizePipeline(OpPassManager &pm) {
  buildBufferizePipeline(
      pm,
      [](OpPassManager &nested) {
        nested.addPass(createGPUScalarsIntoLinalg());
        // The reads the scalars were moved from, now unused, must not
        // become host loads.
        nested.addPass(createCanonicalizerPass());
      },
      /*hostStack=*/false);
}

/// Buffers to one gpu.launch per linalg op.
static void buildGPUDistributePipeline(OpPassManager &pm,
                                       int64_t threadsPerBlock) {
  pm.addPass(createInternalizeHelpers());
  pm.addPass(createCopiesToLinalg());
  GPUDistributeOptions distribute;
  distribute.threadsPerBlock = threadsPerBlock;
  pm.addPass(createGPUDistribute(distribute));
  pm.addPass(createCanonicalizerPass());
}

void buildGPUOnHostToLLVMPipeline(OpPassManager &pm, bool reversed) {
  buildGPUDistributePipeline(pm, GPUPipelineOptions().threadsPerBlock);
  GPULaunchesToLoopsOptions loops;
  loops.reverse = reversed;
  pm.addPass(createGPULaunchesToLoops(loops));
  pm.addPass(createCanonicalizerPass());
  buildHostToLLVMPipeline(pm, /*gpu=*/false);
}

void buildGPUToLLVMPipeline(OpPassManager &pm,
                            const GPUPipelineOptions &options) {
  buildGPUDistributePipeline(pm, options.threadsPerBlock);
  pm.addPass(createGpuKernelOutliningPass());
  pm.addPass(createGPUMergeKernelModules());
  std::string libdevice = options.cudaPath + "/nvvm/libdevice/libdevice.10.bc";
  for (const std::string &arch : options.archList()) {
    GpuNVVMAttachTargetOptions target;
    target.chip = arch;
    // PTX 8.1 (CUDA 12.1, driver 530 or newer): kernel parameters up to
    // 32764 bytes instead of 4 KiB, so that a launch group (every
    // parameter's optimizer update) passes all its buffers.
    target.features = "+ptx81";
    target.optLevel = 3;
    target.linkLibs.push_back(libdevice);
    pm.addPass(createGpuNVVMAttachTarget(target));
  }
  OpPassManager &kernels = pm.nest<gpu::GPUModuleOp>();
  kernels.addPass(memref::createExpandStridedMetadataPass());
  kernels.addPass(createLowerAffinePass());
  kernels.addPass(createSCFToControlFlowPass());
  kernels.addPass(createConvertGpuOpsToNVVMOps());
  kernels.addPass(createCanonicalizerPass());
  kernels.addPass(createCSEPass());
  kernels.addPass(createReconcileUnrealizedCastsPass());
  GPUSerializeOptions serialize;
  serialize.cudaPath = options.cudaPath;
  pm.addPass(createGPUSerialize(serialize));
  buildHostToLLVMPipeline(pm, /*gpu=*/true);
}

void buildGPUPipeline(OpPassManager &pm, const GPUPipelineOptions &options) {
  buildLowerToLinalgPipeline(pm);
  buildGPUBufferizePipeline(pm);
  buildGPUToLLVMPipeline(pm, options);
}

void registerPipelines() {
  registerDLCConversionPasses();
  registerDLCTransformsPasses();
  registerDLCCodegenCommonPasses();
  registerDLCCodegenLLVMCPUPasses();
  registerDLCCodegenLLVMGPUPasses();
  PassPipelineRegistration<>(
      "dlc-lower-to-linalg",
      "Lower dlc models to entry-point functions on linalg and tensors",
      [](OpPassManager &pm) { buildLowerToLinalgPipeline(pm); });
  PassPipelineRegistration<CPUPipelineOptions>(
      "dlc-cpu-bufferize",
      "Bufferize entry points so that they write into caller buffers",
      [](OpPassManager &pm, const CPUPipelineOptions &options) {
        buildCPUBufferizePipeline(pm, options.vectorBits);
      });
  PassPipelineRegistration<CPUPipelineOptions>(
      "dlc-cpu-to-structured",
      "Lower bufferized entry points to loops, memrefs and vectors (what "
      "--emit=cpp writes)",
      [](OpPassManager &pm, const CPUPipelineOptions &options) {
        buildCPUToStructuredPipeline(pm, options.vectorBits);
      });
  PassPipelineRegistration<>(
      "dlc-cpu-to-llvm",
      "Lower bufferized entry points to the LLVM "
      "dialect for the host CPU",
      [](OpPassManager &pm) { buildCPUToLLVMPipeline(pm); });
  PassPipelineRegistration<CPUPipelineOptions>(
      "dlc-cpu",
      "Compile dlc models to the LLVM dialect for the host CPU "
      "(dlc-lower-to-linalg, dlc-cpu-bufferize, dlc-cpu-to-llvm)",
      buildCPUPipeline);
  PassPipelineRegistration<>(
      "dlc-gpu-bufferize",
      "Bufferize entry points for the GPU: every buffer in the device "
      "scratch arena, scalars read from tensors computed in kernels",
      buildGPUBufferizePipeline);
  PassPipelineRegistration<GPUPipelineOptions>(
      "dlc-gpu-to-llvm",
      "Lower bufferized entry points to NVIDIA GPU kernels (one fatbin) and "
      "host code in the LLVM dialect that launches them",
      buildGPUToLLVMPipeline);
  PassPipelineRegistration<>(
      "dlc-gpu-on-host-to-llvm",
      "Lower bufferized entry points to the GPU schedule with its kernels "
      "run as loops on the host, in the LLVM dialect (testing without a GPU)",
      [](OpPassManager &pm) { buildGPUOnHostToLLVMPipeline(pm); });
  PassPipelineRegistration<GPUPipelineOptions>(
      "dlc-gpu",
      "Compile dlc models for NVIDIA GPUs (dlc-lower-to-linalg, "
      "dlc-gpu-bufferize, dlc-gpu-to-llvm)",
      buildGPUPipeline);
}

} // namespace dlc
