//===- ScalarsIntoLinalg.cpp - Scalars read from tensors, in kernels ------===//

#include "Codegen/LLVMGPU/Passes.h"
#include "dlc/DLC.h"

#include "mlir/Analysis/SliceAnalysis.h"
#include "mlir/Analysis/TopologicalSortUtils.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Linalg/Transforms/Transforms.h"
#include "mlir/IR/IRMapping.h"
#include "mlir/IR/PatternMatch.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"

using namespace mlir;

namespace dlc {
#define GEN_PASS_DEF_GPUSCALARSINTOLINALG
#include "Codegen/LLVMGPU/Passes.h.inc"
} // namespace dlc

namespace {

/// The ops that compute some scalars from `tensor.extract`s of 0-d tensors,
/// in order; the extracts; the tensors they read.
struct ScalarSlice {
  SetVector<Operation *> ops;
  SmallVector<tensor::ExtractOp> reads;
  SetVector<Value> tensors;

  /// Clones the slice at `b`, each read replaced by the argument at the
  /// position of its tensor in `tensors`.
  void clone(OpBuilder &b, ArrayRef<BlockArgument> arguments,
             IRMapping &mapping) const {
    for (tensor::ExtractOp read : reads) {
      auto position = llvm::find(tensors, read.getTensor()) - tensors.begin();
      mapping.map(read.getResult(), arguments[position]);
    }
    for (Operation *op : ops)
      b.clone(*op, mapping);
  }
};

/// The slice of the ops in `block` that compute `roots`. Fails, with an
/// error at the op, when a root depends on a read of a tensor of rank > 0
/// or on an op that cannot be moved (one with effects or regions).
FailureOr<ScalarSlice> sliceOf(ArrayRef<Value> roots, Block *block) {
  BackwardSliceOptions options;
  options.inclusive = true;
  options.omitBlockArguments = true;
  // A tensor's sizes are the host's (a slice's share of a batch divides
  // one by a count read from a tensor): the kernel takes them as they are.
  options.filter = [&](Operation *op) {
    return op->getBlock() == block && !isa<tensor::DimOp>(op);
  };
  SetVector<Operation *> ops;
  for (Value root : roots)
    if (Operation *def = root.getDefiningOp())
      (void)getBackwardSlice(def, &ops, options);
  ScalarSlice slice;
  if (llvm::none_of(ops, llvm::IsaPred<tensor::ExtractOp>))
    return slice;
  for (Operation *op : topologicalSort(ops)) {
    if (auto read = dyn_cast<tensor::ExtractOp>(op)) {
      if (read.getTensor().getType().getRank() != 0)
        return read.emitOpError(
            "reads a scalar of a tensor of rank > 0 for a kernel; the GPU "
            "lowering moves only reads of 0-d tensors into kernels");
      slice.reads.push_back(read);
      slice.tensors.insert(read.getTensor());
      continue;
    }
    if (!isPure(op) || op->getNumRegions() != 0)
      return op->emitOpError("computes a scalar from a tensor read, which "
                             "must move into a kernel, but has effects or "
                             "regions");
    slice.ops.insert(op);
  }
  return slice;
}

struct GPUScalarsIntoLinalgPass
    : public dlc::impl::GPUScalarsIntoLinalgBase<GPUScalarsIntoLinalgPass> {
  void runOnOperation() override {
    snapshots_.clear();
    // A fill of such a scalar is a generic with a scalar input.
    SmallVector<linalg::FillOp> fills;
    getOperation().walk([&](linalg::FillOp fill) {
      if (fill.value().getDefiningOp())
        fills.push_back(fill);
    });
    IRRewriter rewriter(&getContext());
    for (linalg::FillOp fill : fills) {
      FailureOr<ScalarSlice> slice = sliceOf({fill.value()}, fill->getBlock());
      if (failed(slice))
        return signalPassFailure();
      if (slice->reads.empty())
        continue;
      rewriter.setInsertionPoint(fill);
      if (failed(linalg::generalizeNamedOp(rewriter, fill)))
        return signalPassFailure();
    }

    SmallVector<linalg::GenericOp> generics;
    SmallVector<tensor::FromElementsOp> elements;
    getOperation().walk([&](Operation *op) {
      if (auto generic = dyn_cast<linalg::GenericOp>(op))
        generics.push_back(generic);
      else if (auto fromElements = dyn_cast<tensor::FromElementsOp>(op))
        elements.push_back(fromElements);
    });
    for (linalg::GenericOp generic : generics)
      if (failed(rewriteGeneric(rewriter, generic)))
        return signalPassFailure();
    for (tensor::FromElementsOp fromElements : elements)
      if (failed(rewriteFromElements(rewriter, fromElements)))
        return signalPassFailure();
  }

  /// What a kernel reads for the 0-d `tensor`: the tensor itself, or, for
  /// an argument of a training step, its value copied at the step's start.
  /// The caller may pass one buffer for a training step's argument and the
  /// result that replaces it (dlc.in_place: the step count and the new step
  /// count), and the step's writer of that result was checked to come after
  /// every reader of the argument - the tensor.extracts, which the kernels
  /// that now read the tensor may follow.
  Value readOf(OpBuilder &b, Value tensor) {
    auto argument = dyn_cast<BlockArgument>(tensor);
    auto function =
        argument ? dyn_cast<func::FuncOp>(argument.getOwner()->getParentOp())
                 : func::FuncOp();
    if (!function ||
        !function->hasAttr(dlc::DLCDialect::TrainAttrHelper::getNameStr()))
      return tensor;
    Value &copy = snapshots_[tensor];
    if (!copy) {
      OpBuilder::InsertionGuard guard(b);
      b.setInsertionPointToStart(argument.getOwner());
      auto type = cast<RankedTensorType>(tensor.getType());
      Value empty =
          tensor::EmptyOp::create(b, tensor.getLoc(), type, ValueRange{});
      copy = linalg::CopyOp::create(b, tensor.getLoc(), tensor, empty)
                 .getResult(0);
    }
    return copy;
  }

  /// Moves the scalars `generic` uses (captured in its body or as scalar
  /// inputs) that come from tensor reads into it: the tensors read become
  /// inputs with a constant map, the scalar inputs go.
  LogicalResult rewriteGeneric(IRRewriter &rewriter,
                               linalg::GenericOp generic) {
    SetVector<Value> captured;
    generic.getRegion().walk([&](Operation *op) {
      for (Value operand : op->getOperands())
        if (!generic.getRegion().isAncestor(operand.getParentRegion()))
          captured.insert(operand);
    });
    SmallVector<OpOperand *> scalarInputs;
    for (OpOperand *input : generic.getDpsInputOperands())
      if (!isa<ShapedType>(input->get().getType())) {
        scalarInputs.push_back(input);
        captured.insert(input->get());
      }
    FailureOr<ScalarSlice> slice =
        sliceOf(captured.getArrayRef(), generic->getBlock());
    if (failed(slice))
      return failure();
    if (slice->reads.empty())
      return success();

    // The new inputs: the tensor inputs and the tensors read.
    MLIRContext *context = generic.getContext();
    SmallVector<Value> inputs;
    SmallVector<AffineMap> maps;
    SmallVector<unsigned> droppedArguments;
    for (OpOperand *input : generic.getDpsInputOperands()) {
      if (llvm::is_contained(scalarInputs, input)) {
        droppedArguments.push_back(input->getOperandNumber());
        continue;
      }
      inputs.push_back(input->get());
      maps.push_back(generic.getMatchingIndexingMap(input));
    }
    AffineMap scalarMap = AffineMap::get(generic.getNumLoops(), 0, {}, context);
    for (Value tensor : slice->tensors)
      inputs.push_back(readOf(rewriter, tensor));
    maps.append(slice->tensors.size(), scalarMap);
    for (OpOperand &init : generic.getDpsInitsMutable())
      maps.push_back(generic.getMatchingIndexingMap(&init));

    rewriter.setInsertionPoint(generic);
    auto moved = linalg::GenericOp::create(
        rewriter, generic.getLoc(), generic.getResultTypes(), inputs,
        generic.getDpsInits(), maps, generic.getIteratorTypesArray());
    rewriter.inlineRegionBefore(generic.getRegion(), moved.getRegion(),
                                moved.getRegion().end());
    Block *block = &moved.getRegion().front();
    unsigned firstRead = generic.getNumDpsInputs();
    SmallVector<BlockArgument> reads;
    for (Value tensor : slice->tensors)
      reads.push_back(block->insertArgument(
          firstRead + reads.size(),
          cast<ShapedType>(tensor.getType()).getElementType(),
          tensor.getLoc()));
    rewriter.setInsertionPointToStart(block);
    IRMapping mapping;
    slice->clone(rewriter, reads, mapping);
    for (Value value : captured)
      if (Value inside = mapping.lookupOrNull(value))
        rewriter.replaceUsesWithIf(value, inside, [&](OpOperand &use) {
          return block->getParentOp()->isAncestor(use.getOwner());
        });
    for (OpOperand *input : scalarInputs) {
      BlockArgument argument = block->getArgument(input->getOperandNumber());
      rewriter.replaceAllUsesWith(argument,
                                  mapping.lookupOrDefault(input->get()));
    }
    for (unsigned index : llvm::reverse(droppedArguments))
      block->eraseArgument(index);
    rewriter.replaceOp(generic, moved.getResults());
    return success();
  }

  /// A 0-d tensor.from_elements becomes a 0-d generic computing its
  /// element.
  LogicalResult rewriteFromElements(IRRewriter &rewriter,
                                    tensor::FromElementsOp fromElements) {
    RankedTensorType type = fromElements.getType();
    if (type.getRank() != 0)
      return fromElements.emitOpError(
          "of rank > 0 would be written by the host; the GPU lowering "
          "supports only 0-d tensor.from_elements");
    Value element = fromElements.getElements().front();
    FailureOr<ScalarSlice> slice = sliceOf({element}, fromElements->getBlock());
    if (failed(slice))
      return failure();
    Location loc = fromElements.getLoc();
    rewriter.setInsertionPoint(fromElements);
    Value empty = tensor::EmptyOp::create(rewriter, loc, type, ValueRange{});
    MLIRContext *context = rewriter.getContext();
    SmallVector<AffineMap> maps(slice->tensors.size() + 1,
                                AffineMap::get(0, 0, {}, context));
    SmallVector<Value> reads = llvm::map_to_vector(
        slice->tensors, [&](Value tensor) { return readOf(rewriter, tensor); });
    auto generic = linalg::GenericOp::create(
        rewriter, loc, TypeRange{type}, reads, ValueRange{empty}, maps,
        ArrayRef<utils::IteratorType>{},
        [&](OpBuilder &b, Location, ValueRange arguments) {
          SmallVector<BlockArgument> reads;
          for (Value argument : arguments.drop_back())
            reads.push_back(cast<BlockArgument>(argument));
          IRMapping mapping;
          slice->clone(b, reads, mapping);
          linalg::YieldOp::create(b, loc, mapping.lookupOrDefault(element));
        });
    rewriter.replaceOp(fromElements, generic.getResults());
    return success();
  }

  DenseMap<Value, Value> snapshots_;
};

} // namespace
