//===- EntryPointsToDestinations.cpp - Results into caller buffers --------===//

#include "Codegen/Common/Passes.h"
#include "dlc/DLC.h"

#include "mlir/Dialect/Bufferization/IR/Bufferization.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Dialect/Tensor/Transforms/Transforms.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"
#include "mlir/IR/Builders.h"
#include "mlir/Interfaces/DestinationStyleOpInterface.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

using namespace mlir;

namespace dlc {
#define GEN_PASS_DEF_ENTRYPOINTSTODESTINATIONS
#define GEN_PASS_DEF_OUTPUTSINPLACE
#include "Codegen/Common/Passes.h.inc"
} // namespace dlc

namespace {

struct EntryPointsToDestinationsPass
    : public dlc::impl::EntryPointsToDestinationsBase<
          EntryPointsToDestinationsPass> {
  using Base::Base;

  void runOnOperation() override {
    for (auto func : getOperation().getOps<func::FuncOp>()) {
      if (!func->hasAttr(dlc::DLCDialect::EntryAttrHelper::getNameStr()) ||
          func.isExternal())
        continue;
      if (failed(convert(func)))
        return signalPassFailure();
    }
  }

  LogicalResult convert(func::FuncOp func) {
    Block &entry = func.getBody().front();
    using InPlace = dlc::DLCDialect::InPlaceAttrHelper;
    auto inPlace =
        func->getAttrOfType<DenseI64ArrayAttr>(InPlace::getNameStr());
    if (failed(checkInPlace(func)))
      return failure();
    unsigned firstOutput = entry.getNumArguments();
    SmallVector<Value> outputs;
    for (Type type : func.getResultTypes()) {
      auto tensor = dyn_cast<RankedTensorType>(type);
      if (!tensor)
        return func.emitOpError("entry point result is not a ranked tensor: ")
               << type;
      auto memref = MemRefType::get(tensor.getShape(), tensor.getElementType());
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
    // The contract goes on in terms of arguments, for a code generator's
    // alias analysis.
    if (inPlace && sharedArgs) {
      SmallVector<int64_t> shared(entry.getNumArguments(), -1);
      for (auto [result, arg] : llvm::enumerate(inPlace.asArrayRef()))
        if (arg >= 0) {
          shared[firstOutput + result] = arg;
          shared[arg] = firstOutput + result;
        }
      func->setAttr(dlc::DLCDialect::SharedArgsAttrHelper::getNameStr(),
                    DenseI64ArrayAttr::get(func.getContext(), shared));
    }
    return success();
  }

  /// Checks a training step's in-place contract (dlc.in_place): where the
  /// caller may pass one buffer for an argument and a result, the op that
  /// computes the result is the last reader of the argument and reads it
  /// elementwise, at the element it writes. The outputs become separate
  /// `restrict` destinations below, so this is what makes sharing them
  /// safe. The attribute describes the tensor signature and goes with it.
  LogicalResult checkInPlace(func::FuncOp func) {
    using InPlace = dlc::DLCDialect::InPlaceAttrHelper;
    auto inPlace =
        func->getAttrOfType<DenseI64ArrayAttr>(InPlace::getNameStr());
    if (!inPlace)
      return success();
    func->removeAttr(InPlace::getNameStr());
    auto ret = cast<func::ReturnOp>(func.getBody().front().getTerminator());
    llvm::SmallDenseSet<int64_t> shared;
    for (auto [result, argIndex] : llvm::enumerate(inPlace.asArrayRef())) {
      if (argIndex < 0)
        continue;
      auto fail = [&, result = result, argIndex = argIndex]() {
        return func.emitOpError()
               << "cannot share the buffer of argument " << argIndex
               << " with result " << result << ": ";
      };
      if (!shared.insert(argIndex).second)
        return fail() << "the argument is shared with another result";
      BlockArgument arg = func.getArgument(argIndex);
      Value value = ret.getOperand(result);
      Operation *writer = value.getDefiningOp();
      if (!writer) {
        if (value == arg)
          continue;
        return fail() << "the result is another argument";
      }
      Block *block = writer->getBlock();
      if (writer->getParentOp() != func)
        return fail() << "the result is not computed at the function's top "
                         "level";
      for (OpOperand &use : arg.getUses()) {
        Operation *reader = block->findAncestorOpInBlock(*use.getOwner());
        if (reader == writer || reader->isBeforeInBlock(writer))
          continue;
        return fail() << "the argument is read after the result is written";
      }
      // The writer reads the argument only at the element it writes.
      auto linalgOp = dyn_cast<linalg::LinalgOp>(writer);
      for (OpOperand &operand : writer->getOpOperands()) {
        if (operand.get() != arg)
          continue;
        unsigned resultNumber = cast<OpResult>(value).getResultNumber();
        if (!linalgOp || !linalgOp.isDpsInput(&operand) ||
            linalgOp.getMatchingIndexingMap(&operand) !=
                linalgOp.getIndexingMapMatchingResult(
                    cast<OpResult>(linalgOp->getResult(resultNumber))))
          return fail() << "the op computing the result reads the argument "
                           "other than elementwise";
      }
    }
    return success();
  }
};

/// The tensor.empty that `value` is computed into, following the
/// destinations of the ops that produce it, each used by that op alone (a
/// fill shared by two results must not become the first result's buffer)
/// or, for a tile inserted back (a loop of one iteration that a schedule's
/// cleanup inlined), by that insert_slice and the extract_slice of the same
/// tile; null if there is none.
tensor::EmptyOp destinationEmpty(Value value) {
  Operation *tileRead = nullptr;
  while (Operation *def = value.getDefiningOp()) {
    // One use besides the tile's read: the op the walk came from.
    if (llvm::count_if(value.getUsers(),
                       [&](Operation *user) { return user != tileRead; }) != 1)
      return {};
    tileRead = nullptr;
    if (auto empty = dyn_cast<tensor::EmptyOp>(def))
      return empty;
    unsigned result = cast<OpResult>(value).getResultNumber();
    if (auto loop = dyn_cast<scf::ForOp>(def)) {
      value = loop.getInitArgs()[result];
    } else if (auto write = dyn_cast<vector::TransferWriteOp>(def)) {
      value = write.getBase();
    } else if (auto insert = dyn_cast<tensor::InsertSliceOp>(def)) {
      value = insert.getDest();
      for (Operation *user : value.getUsers()) {
        auto extract = dyn_cast<tensor::ExtractSliceOp>(user);
        if (extract &&
            extract.isSameAs(
                insert, [](OpFoldResult a, OpFoldResult b) { return a == b; }))
          tileRead = extract;
      }
    } else if (auto dps = dyn_cast<DestinationStyleOpInterface>(def)) {
      value = dps.getDpsInitOperand(result)->get();
    } else {
      return {};
    }
  }
  return {};
}

/// Gives each use of a tensor.empty an empty tensor of its own: an
/// optimizer update's three results (parameter, first and second moment)
/// start from one empty tensor, which computeIntoOutputs cannot turn into
/// three output buffers.
void unshareEmpties(func::FuncOp func) {
  func.walk([](tensor::EmptyOp empty) {
    SmallVector<OpOperand *> uses = llvm::map_to_vector(
        empty->getUses(), [](OpOperand &use) { return &use; });
    for (OpOperand *use : llvm::drop_begin(uses)) {
      OpBuilder builder(empty);
      use->set(builder.clone(*empty)->getResult(0));
    }
  });
}

/// Results computed into a tensor.empty are computed into their output
/// buffers instead.
void computeIntoOutputs(func::FuncOp func) {
  func.walk([](bufferization::MaterializeInDestinationOp op) {
    if (!isa<BaseMemRefType>(op.getDest().getType()))
      return;
    tensor::EmptyOp empty = destinationEmpty(op.getSource());
    if (!empty || empty.getType() != op.getSource().getType())
      return;
    OpBuilder builder(empty);
    // The output is a function argument: defined before the empty tensor.
    Value output = bufferization::ToTensorOp::create(
        builder, empty.getLoc(), empty.getType(), op.getDest(),
        /*restrict=*/true, /*writable=*/true);
    empty.replaceAllUsesWith(output);
    empty.erase();
  });
}

struct OutputsInPlacePass
    : public dlc::impl::OutputsInPlaceBase<OutputsInPlacePass> {
  void runOnOperation() override {
    FrozenRewritePatternSet patterns = [&] {
      RewritePatternSet set(&getContext());
      tensor::populateFoldTensorEmptyPatterns(set);
      return FrozenRewritePatternSet(std::move(set));
    }();
    for (auto func : getOperation().getOps<func::FuncOp>()) {
      // A training step's updates too: checkInPlace made each update the
      // last reader of the parameter it replaces, reading it elementwise.
      // That holds after tiling because what the schedule fuses into an
      // update's tiles are producers of its other inputs (gradients, which
      // read activations, not the parameter) - true of every optimizer
      // and gradient dlc has; a producer reading the parameter at other
      // elements (a norm for clipping) fused there would break it.
      if (!func->hasAttr(dlc::DLCDialect::EntryAttrHelper::getNameStr()) ||
          func.isExternal())
        continue;
      unshareEmpties(func);
      // Before folding empty tensors (which turns a tile read straight
      // from one into a new empty tensor) and after (which exposes chains
      // that went through reshapes of one).
      computeIntoOutputs(func);
      if (failed(applyPatternsGreedily(func, patterns)))
        return signalPassFailure();
      computeIntoOutputs(func);
    }
  }
};

} // namespace
