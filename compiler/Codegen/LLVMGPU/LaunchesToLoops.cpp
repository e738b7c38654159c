//===- LaunchesToLoops.cpp - GPU kernels as loops on the host -------------===//

#include "Codegen/LLVMGPU/Passes.h"
#include "dlc/DLC.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/IRMapping.h"

using namespace mlir;

namespace dlc {
#define GEN_PASS_DEF_GPULAUNCHESTOLOOPS
#include "Codegen/LLVMGPU/Passes.h.inc"
} // namespace dlc

namespace {

/// Replaces `launch` by loops over its grid and blocks (z, y, x, outermost
/// first) that run its body.
LogicalResult launchToLoops(gpu::LaunchOp launch, bool reverse) {
  if (launch.hasClusterSize())
    return launch.emitOpError("with clusters cannot run on the host");
  if (!launch.getWorkgroupAttributions().empty() ||
      !launch.getPrivateAttributions().empty())
    return launch.emitOpError("with memory attributions cannot run on the "
                              "host");
  OpBuilder b(launch);
  Location loc = launch.getLoc();
  Value zero = arith::ConstantIndexOp::create(b, loc, 0);
  Value one = arith::ConstantIndexOp::create(b, loc, 1);
  gpu::KernelDim3 grid = launch.getGridSizeOperandValues();
  gpu::KernelDim3 block = launch.getBlockSizeOperandValues();
  gpu::KernelDim3 blockIds = launch.getBlockIds();
  gpu::KernelDim3 threadIds = launch.getThreadIds();
  gpu::KernelDim3 gridArgs = launch.getGridSize();
  gpu::KernelDim3 blockArgs = launch.getBlockSize();
  IRMapping mapping;
  for (auto [arg, size] : llvm::zip_equal(
           SmallVector<Value>{gridArgs.x, gridArgs.y, gridArgs.z, blockArgs.x,
                              blockArgs.y, blockArgs.z},
           SmallVector<Value>{grid.x, grid.y, grid.z, block.x, block.y,
                              block.z}))
    mapping.map(arg, size);
  SmallVector<std::pair<Value, Value>> loops{
      {blockIds.z, grid.z},   {blockIds.y, grid.y},   {blockIds.x, grid.x},
      {threadIds.z, block.z}, {threadIds.y, block.y}, {threadIds.x, block.x}};
  for (auto [id, size] : loops) {
    auto loop = scf::ForOp::create(b, loc, zero, size, one);
    b.setInsertionPoint(loop.getBody()->getTerminator());
    Value iv = loop.getInductionVar();
    if (reverse)
      iv = arith::SubIOp::create(b, loc,
                                 arith::SubIOp::create(b, loc, size, one), iv);
    mapping.map(id, iv);
  }
  Block &body = launch.getBody().front();
  for (Operation &op : body.without_terminator())
    b.clone(op, mapping);
  if (Value token = launch.getAsyncToken())
    if (!token.use_empty())
      return launch.emitOpError("has an async token that is used");
  launch.erase();
  return success();
}

struct GPULaunchesToLoopsPass
    : public dlc::impl::GPULaunchesToLoopsBase<GPULaunchesToLoopsPass> {
  using Base::Base;

  void runOnOperation() override {
    SmallVector<gpu::LaunchOp> launches;
    getOperation().walk(
        [&](gpu::LaunchOp launch) { launches.push_back(launch); });
    for (gpu::LaunchOp launch : launches)
      if (failed(launchToLoops(launch, reverse)))
        return signalPassFailure();
    // The stream argument of each entry point goes.
    for (auto func : getOperation().getOps<func::FuncOp>()) {
      if (func.isExternal())
        continue;
      Block &entry = func.getBody().front();
      llvm::BitVector streams(entry.getNumArguments());
      for (BlockArgument arg : entry.getArguments())
        if (isa<gpu::AsyncTokenType>(arg.getType())) {
          if (!arg.use_empty()) {
            func.emitOpError("uses its stream after its kernels are loops");
            return signalPassFailure();
          }
          streams.set(arg.getArgNumber());
        }
      if (streams.any() && failed(func.eraseArguments(streams)))
        return signalPassFailure();
    }
  }
};

} // namespace
