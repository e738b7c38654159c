//===- Pipelines.cpp - Named dlc compilation pipelines --------------------===//

#include "Pipelines/Pipelines.h"

#include "Codegen/Common/Passes.h"
#include "Codegen/LLVMCPU/Passes.h"
#include "Conversion/Passes.h"
#include "Transforms/Passes.h"

#include "mlir/Conversion/AffineToStandard/AffineToStandard.h"
#include "mlir/Conversion/ArithToLLVM/ArithToLLVM.h"
#include "mlir/Conversion/ControlFlowToLLVM/ControlFlowToLLVM.h"
#include "mlir/Conversion/FuncToLLVM/ConvertFuncToLLVMPass.h"
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
#include "mlir/Dialect/Linalg/Passes.h"
#include "mlir/Dialect/MemRef/Transforms/Passes.h"
#include "mlir/Pass/PassRegistry.h"
#include "mlir/Transforms/Passes.h"

using namespace mlir;

namespace dlc {

void buildLowerToLinalgPipeline(OpPassManager &pm) {
  pm.addPass(createConvertDLCToLinalg());
  pm.addPass(createCanonicalizerPass());
  pm.addPass(createCSEPass());
  pm.addPass(createFuseElementwise());
  pm.addPass(createCanonicalizerPass());
}

void buildBufferizePipeline(OpPassManager &pm,
                            llvm::function_ref<void(OpPassManager &)> tile) {
  pm.addPass(createEntryPointsToDestinations());
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
  // Small fixed-size tiles go on the stack (hoisted out of loops first, so
  // that the stack does not grow per iteration); the rest into one arena
  // per entry point that the caller provides.
  pm.addPass(createHoistLocalBuffers());
  pm.addNestedPass<func::FuncOp>(
      bufferization::createBufferLoopHoistingPass());
  pm.addNestedPass<func::FuncOp>(bufferization::createBufferHoistingPass());
  bufferization::PromoteBuffersToStackPassOptions stack;
  stack.maxAllocSizeInBytes = 16384;
  pm.addNestedPass<func::FuncOp>(
      bufferization::createPromoteBuffersToStackPass(stack));
  pm.addPass(createPlanScratch());
  bufferization::BufferDeallocationPipelineOptions deallocation;
  bufferization::buildBufferDeallocationPipeline(pm, deallocation);
  pm.addPass(createCanonicalizerPass());
  // The deallocation pipeline's own small arrays (the pointers and
  // ownership flags it hands its helper) go on the stack too.
  pm.addNestedPass<func::FuncOp>(createStackFreedBuffers());
}

void buildCPUBufferizePipeline(OpPassManager &pm, bool vectorize) {
  buildBufferizePipeline(pm, [&](OpPassManager &nested) {
    if (vectorize)
      nested.addPass(createCPUTileAndVectorize());
  });
}

void buildCPUToLLVMPipeline(OpPassManager &pm, bool vectorize) {
  pm.addPass(createInternalizeHelpers());
  if (vectorize)
    pm.addPass(createCPULowerVectors());
  pm.addPass(createCopiesToLinalg());
  pm.addPass(createConvertLinalgToLoopsPass());
  pm.addPass(createApproximateMath());
  // Expanding strided metadata creates affine.apply ops: lower affine after.
  pm.addPass(memref::createExpandStridedMetadataPass());
  pm.addPass(createLowerAffinePass());
  pm.addPass(createSCFToControlFlowPass());
  pm.addPass(createConvertVectorToSCFPass());
  pm.addPass(createConvertMathToLLVMPass());
  pm.addPass(createFinalizeMemRefToLLVMConversionPass());
  pm.addPass(createConvertVectorToLLVMPass());
  pm.addPass(createArithToLLVMConversionPass());
  pm.addPass(createConvertIndexToLLVMPass());
  pm.addPass(createConvertFuncToLLVMPass());
  pm.addPass(createConvertControlFlowToLLVMPass());
  pm.addPass(createUBToLLVMConversionPass());
  pm.addPass(createReconcileUnrealizedCastsPass());
  pm.addPass(createExportEntryPoints());
  pm.addPass(createCanonicalizerPass());
}

void buildCPUPipeline(OpPassManager &pm, const CPUPipelineOptions &options) {
  buildLowerToLinalgPipeline(pm);
  buildCPUBufferizePipeline(pm, options.vectorize);
  buildCPUToLLVMPipeline(pm, options.vectorize);
}

void registerPipelines() {
  registerDLCConversionPasses();
  registerDLCTransformsPasses();
  registerDLCCodegenCommonPasses();
  registerDLCCodegenLLVMCPUPasses();
  PassPipelineRegistration<>(
      "dlc-lower-to-linalg",
      "Lower dlc models to entry-point functions on linalg and tensors",
      buildLowerToLinalgPipeline);
  PassPipelineRegistration<>(
      "dlc-cpu-bufferize",
      "Bufferize entry points so that they write into caller buffers",
      [](OpPassManager &pm) { buildCPUBufferizePipeline(pm); });
  PassPipelineRegistration<>("dlc-cpu-to-llvm",
                             "Lower bufferized entry points to the LLVM "
                             "dialect for the host CPU",
                             [](OpPassManager &pm) {
                               buildCPUToLLVMPipeline(pm);
                             });
  PassPipelineRegistration<CPUPipelineOptions>(
      "dlc-cpu",
      "Compile dlc models to the LLVM dialect for the host CPU "
      "(dlc-lower-to-linalg, dlc-cpu-bufferize, dlc-cpu-to-llvm)",
      buildCPUPipeline);
}

} // namespace dlc
