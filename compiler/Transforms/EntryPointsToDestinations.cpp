//===- EntryPointsToDestinations.cpp - Results into caller buffers --------===//

#include "Transforms/Passes.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/Builders.h"

using namespace mlir;

namespace dlc {
#define GEN_PASS_DEF_ENTRYPOINTSTODESTINATIONS
#include "Transforms/Passes.h.inc"
} // namespace dlc

namespace {

struct EntryPointsToDestinationsPass
    : public dlc::impl::EntryPointsToDestinationsBase<
          EntryPointsToDestinationsPass> {
  void runOnOperation() override {
    for (auto func : getOperation().getOps<func::FuncOp>()) {
      if (!func->hasAttr("dlc.entry") || func.isExternal())
        continue;
      if (failed(convert(func)))
        return signalPassFailure();
    }
  }

  LogicalResult convert(func::FuncOp func) {
    Block &entry = func.getBody().front();
    SmallVector<Value> outputs;
    for (Type type : func.getResultTypes()) {
      auto tensor = dyn_cast<RankedTensorType>(type);
      if (!tensor)
        return func.emitOpError("entry point result is not a ranked tensor: ")
               << type;
      auto memref =
          MemRefType::get(tensor.getShape(), tensor.getElementType());
      outputs.push_back(entry.addArgument(memref, func.getLoc()));
    }
    auto walkResult = func.walk([&](func::ReturnOp ret) {
      OpBuilder builder(ret);
      for (auto [value, output] : llvm::zip(ret.getOperands(), outputs)) {
        auto materialize = bufferization::MaterializeInDestinationOp::create(
            builder, ret.getLoc(), TypeRange{}, value, output);
        materialize.setRestrict(true);
        materialize.setWritable(true);
      }
      func::ReturnOp::create(builder, ret.getLoc());
      ret.erase();
      return WalkResult::advance();
    });
    (void)walkResult;
    func.setFunctionType(FunctionType::get(
        func.getContext(), entry.getArgumentTypes(), TypeRange{}));
    return success();
  }
};

} // namespace
