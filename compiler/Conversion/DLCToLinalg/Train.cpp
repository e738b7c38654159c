//===- Train.cpp - Training steps: forward, gradients, optimizer ----------===//
//
// A dlc.train becomes one function that runs the forward pass, takes the
// gradients of the loss with respect to the parameters the step updates by
// reverse-mode differentiation, and applies the optimizer. The backward pass
// is written directly as linalg on the forward pass's dlc values, one op at
// a time by each op's DifferentiableOpInterface (the rules live beside each
// family's lowering, in <Family>Grad.cpp); the dlc ops themselves are
// lowered afterwards by the same patterns as inference, which rewires the
// backward pass onto their lowered results.
//
//===----------------------------------------------------------------------===//

#include "Conversion/DLCToLinalg/Gradients.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/IRMapping.h"

using namespace mlir;

namespace dlc::lowering {
namespace {

/// The reverse walk's gradients: activity (what depends on an updated
/// parameter), the gradient of every active value reached so far, and the
/// gradients consumers gave a layer before its activation.
class Differentiator : public AdjointState {
public:
  Differentiator(OpBuilder &builder, llvm::DenseSet<Value> active)
      : b(builder), active(std::move(active)) {}

  bool isActive(Value value) const override { return active.contains(value); }
  Value gradOf(Value value) const override { return grads.lookup(value); }

  void accumulate(Value value, Value grad) override {
    if (!grad || !active.contains(value))
      return;
    Value &sum = grads[value];
    sum = sum ? addTensors(b, value.getLoc(), sum, grad) : grad;
  }

  Value preActivationGrad(Operation *producer) const override {
    return preActivationGrads.lookup(producer);
  }

  void accumulatePreActivation(Operation *producer, Value dz) override {
    if (auto activation = dyn_cast<ActivationOp>(producer)) {
      accumulate(activation.getInput(), dz);
      return;
    }
    Value &sum = preActivationGrads[producer];
    sum = sum ? addTensors(b, producer->getLoc(), sum, dz) : dz;
  }

  LogicalResult unsupported(Operation *op, const Twine &why) override {
    reason = why.str();
    return failure();
  }

  /// Differentiates `op` when a gradient reaches one of its results.
  LogicalResult backward(Operation *op) {
    if (op->hasTrait<OpTrait::Metric>())
      return success();
    bool reached = preActivationGrads.count(op) ||
                   llvm::any_of(op->getResults(), [&](Value result) {
                     return bool(gradOf(result));
                   });
    if (!reached)
      return success();
    auto differentiable = dyn_cast<DifferentiableOpInterface>(op);
    if (!differentiable)
      return unsupported(op, "training through '" +
                                 op->getName().getStringRef() +
                                 "' is not supported yet (it has no gradient "
                                 "rule)");
    return differentiable.differentiate(b, *this);
  }

  /// Why backward() failed: an op or form with no gradient yet.
  std::string reason;

private:
  OpBuilder &b;
  llvm::DenseSet<Value> active;
  llvm::DenseMap<Value, Value> grads;
  llvm::DenseMap<Operation *, Value> preActivationGrads;
};

/// The optimizer's update of one parameter as one elementwise op over the
/// parameter, its gradient and its slots, yielding the new parameter and
/// the new slots.
SmallVector<Value> applyOptimizer(OpBuilder &b, Location loc,
                                  OptimizerAttr optimizer, Value param,
                                  Value grad, ValueRange slots,
                                  ValueRange stepScalars) {
  RankedTensorType type = tensorType(param);
  SmallVector<Value> inputs{param, grad};
  inputs.append(slots.begin(), slots.end());
  SmallVector<Value> inits, sizes = dynamicSizesLike(b, loc, type, param);
  for (unsigned i = 0; i <= slots.size(); ++i)
    inits.push_back(emptyTensor(b, loc, type, sizes));
  SmallVector<AffineMap> maps(inputs.size() + inits.size(),
                              b.getMultiDimIdentityMap(type.getRank()));
  SmallVector<utils::IteratorType> iterators(type.getRank(),
                                             utils::IteratorType::parallel);
  auto update = linalg::GenericOp::create(
      b, loc, ValueRange(inits).getTypes(), inputs, inits, maps, iterators,
      [&](OpBuilder &n, Location l, ValueRange a) {
        SmallVector<Value> results = optimizer.buildUpdate(
            n, l, a[0], a[1], a.slice(2, slots.size()), stepScalars);
        linalg::YieldOp::create(n, l, results);
      });
  return SmallVector<Value>(update.getResults());
}

} // namespace

namespace {

/// A training step's forward and reverse passes, cloned into a function:
/// its inputs (and any extra ones), then every parameter it reads as
/// arguments; the gradient of each updated parameter.
struct ReversePass {
  func::FuncOp func;
  Block *block = nullptr;
  MinimizeOp minimize;
  SmallVector<Attribute> params;
  SmallVector<std::pair<StringRef, Value>> updated;
  SmallVector<Value> grads;
};

/// Clones `step` into the function `name` with `extraInputs` after its
/// inputs, and appends the reverse pass seeded with `seed` (d loss / d
/// loss) before its terminator. A null function when the step goes through
/// an op without a gradient (warned).
FailureOr<ReversePass>
buildReversePass(ModelOp model, TrainOp step, OpBuilder &builder,
                 StringRef name, TypeRange extraInputs,
                 function_ref<Value(OpBuilder &, Block *, MinimizeOp)> seed) {
  SmallVector<Type> inputs(step.getArgumentTypes());
  llvm::append_range(inputs, extraInputs);
  auto func = func::FuncOp::create(builder, step.getLoc(), name,
                                   builder.getFunctionType(inputs, {}));
  Block *block = func.addEntryBlock();
  IRMapping mapping;
  mapping.map(step.getBody().front().getArguments(),
              block->getArguments().take_front(step.getNumArguments()));
  OpBuilder body = OpBuilder::atBlockEnd(block);
  for (Operation &op : step.getBody().front())
    body.clone(op, mapping);
  inlineCalls(func, model);
  unsigned numInputs = block->getNumArguments();
  ReversePass pass{func, block, {}, paramsToArguments(func), {}, {}};

  // Values that depend on an updated parameter carry gradients.
  llvm::DenseSet<Value> active;
  for (auto [index, param] : llvm::enumerate(pass.params)) {
    StringRef paramName = cast<FlatSymbolRefAttr>(param).getValue();
    if (!step.updates(paramName))
      continue;
    Value arg = block->getArgument(numInputs + index);
    active.insert(arg);
    pass.updated.push_back({paramName, arg});
  }
  pass.minimize = cast<MinimizeOp>(block->getTerminator());
  for (Operation &op : block->without_terminator())
    if (llvm::any_of(op.getOperands(),
                     [&](Value v) { return active.contains(v); }))
      for (Value result : op.getResults())
        active.insert(result);
  if (!active.contains(pass.minimize.getLoss())) {
    func.erase();
    return step.emitOpError("the loss does not depend on any parameter the "
                            "step updates");
  }

  // Reverse mode.
  OpBuilder b = OpBuilder::atBlockEnd(block);
  b.setInsertionPoint(pass.minimize);
  Differentiator differentiator(b, active);
  differentiator.accumulate(pass.minimize.getLoss(),
                            seed(b, block, pass.minimize));
  SmallVector<Operation *> ops;
  for (Operation &op : block->without_terminator())
    ops.push_back(&op);
  for (Operation *op : llvm::reverse(ops)) {
    if (failed(differentiator.backward(op))) {
      func.erase();
      step.emitWarning() << "training step @" << step.getSymName()
                         << " is not compiled: " << differentiator.reason;
      return ReversePass{};
    }
  }
  for (auto &[paramName, arg] : pass.updated) {
    Value grad = differentiator.gradOf(arg);
    if (!grad) {
      func.erase();
      return step.emitOpError()
             << "the loss does not depend on parameter @" << paramName;
    }
    pass.grads.push_back(grad);
  }
  return pass;
}

/// Appends the optimizer's state and step count to `block`'s arguments and
/// the update of `params` by `grads` at `b`: the new parameters, the new
/// slots and the new step count go to `results`, and for each the argument
/// whose buffer it may be written into to `inPlace`.
void appendUpdate(OpBuilder &b, Location loc, OptimizerAttr optimizer,
                  Block *block, ArrayRef<Value> params, ArrayRef<Value> grads,
                  SmallVector<Value> &results, SmallVector<int64_t> &inPlace) {
  unsigned numSlots = optimizer.getNumSlotsPerParam();
  SmallVector<SmallVector<Value>> slots;
  for (Value param : params) {
    SmallVector<Value> paramSlots;
    for (unsigned s = 0; s < numSlots; ++s)
      paramSlots.push_back(block->addArgument(param.getType(), loc));
    slots.push_back(paramSlots);
  }
  auto stepType = RankedTensorType::get({}, b.getI64Type());
  Value stepArg = block->addArgument(stepType, loc);
  Value oldStep = tensor::ExtractOp::create(b, loc, stepArg, ValueRange{});
  Value newStepScalar = arith::AddIOp::create(
      b, loc, oldStep,
      arith::ConstantOp::create(b, loc, b.getI64IntegerAttr(1)));
  Value newStep = tensor::FromElementsOp::create(b, loc, stepType,
                                                 ValueRange{newStepScalar});

  SmallVector<Value> newSlots;
  // Adam's bias correction and the like: once per step, per element type.
  llvm::DenseMap<Type, SmallVector<Value>> stepScalars;
  for (auto [index, param] : llvm::enumerate(params)) {
    Type elementType = tensorType(param).getElementType();
    auto [it, inserted] = stepScalars.try_emplace(elementType);
    if (inserted)
      it->second = optimizer.buildStepScalars(
          b, loc, arith::SIToFPOp::create(b, loc, elementType, newStepScalar));
    SmallVector<Value> update = applyOptimizer(
        b, loc, optimizer, param, grads[index], slots[index], it->second);
    results.push_back(update.front());
    newSlots.append(update.begin() + 1, update.end());
  }
  results.append(newSlots);
  results.push_back(newStep);
  // The in-place contract: each new parameter, slot and step count may be
  // written into its old value's buffer.
  for (Value param : params)
    inPlace.push_back(cast<BlockArgument>(param).getArgNumber());
  for (ArrayRef<Value> paramSlots : slots)
    for (Value slot : paramSlots)
      inPlace.push_back(cast<BlockArgument>(slot).getArgNumber());
  inPlace.push_back(cast<BlockArgument>(stepArg).getArgNumber());
}

/// Returns `results` from `block`'s function and gives it the attributes of
/// an entry point `entry` of `model` that takes `params`.
void finishEntry(func::FuncOp func, Block *block, ArrayRef<Value> results,
                 ModelOp model, StringRef entry, ArrayRef<Attribute> params) {
  OpBuilder b = OpBuilder::atBlockEnd(block);
  func::ReturnOp::create(b, func.getLoc(), results);
  func.setFunctionType(b.getFunctionType(block->getArgumentTypes(),
                                         ValueRange(results).getTypes()));
  markEntryPoint(func, model, entry, params);
}

/// Marks `func` as an update of `updated` by `optimizer`, in place.
void setUpdateAttrs(func::FuncOp func, ArrayRef<Attribute> updated,
                    OptimizerAttr optimizer, ArrayRef<int64_t> inPlace) {
  Builder b(func.getContext());
  SmallVector<Attribute> slotNames;
  for (StringRef slot : optimizer.getSlotNames())
    slotNames.push_back(b.getStringAttr(slot));
  func->setAttr(DLCDialect::UpdatesAttrHelper::getNameStr(),
                b.getArrayAttr(updated));
  func->setAttr(DLCDialect::SlotsAttrHelper::getNameStr(),
                b.getArrayAttr(slotNames));
  func->setAttr(DLCDialect::TrainAttrHelper::getNameStr(), b.getUnitAttr());
  func->setAttr(DLCDialect::InPlaceAttrHelper::getNameStr(),
                b.getDenseI64ArrayAttr(inPlace));
}

SmallVector<Attribute> updatedNames(MLIRContext *context,
                                    const ReversePass &pass) {
  return llvm::map_to_vector(pass.updated, [&](auto &entry) -> Attribute {
    return FlatSymbolRefAttr::get(context, entry.first);
  });
}

/// The factor that makes a slice's loss or metric `value` add up over the
/// slices of a batch of `total` samples: its samples over `total` for a
/// mean over the batch (what a loss with reduction(mean) and every metric
/// is), 1 for a sum. Null where `value` is not a loss or metric op's.
Value sliceShare(OpBuilder &b, Location loc, Value value, Value total) {
  Operation *def = value.getDefiningOp();
  if (!def ||
      !(def->hasTrait<OpTrait::Loss>() || def->hasTrait<OpTrait::Metric>()))
    return {};
  auto type = cast<RankedTensorType>(value.getType());
  Type elementType = type.getElementType();
  if (def->hasTrait<OpTrait::Loss>()) {
    std::optional<Attribute> reduction = def->getInherentAttr("reduction");
    auto attr =
        reduction ? dyn_cast_or_null<IntegerAttr>(*reduction) : IntegerAttr();
    if (attr && static_cast<Reduction>(attr.getInt()) == Reduction::sum)
      return filledTensor(b, loc, type, {}, 1.0);
  }
  Value samples = dimAsFloat(b, loc, def->getOperand(0), 0, elementType);
  Value count = arith::SIToFPOp::create(
      b, loc, elementType,
      tensor::ExtractOp::create(b, loc, total, ValueRange{}));
  Value share = arith::DivFOp::create(b, loc, samples, count);
  return tensor::FromElementsOp::create(b, loc, type, ValueRange{share});
}

} // namespace

LogicalResult outlineTrainStep(ModelOp model, TrainOp step, OpBuilder &builder,
                               bool halves) {
  std::string name = (model.getSymName() + "_" + step.getSymName()).str();
  Location loc = step.getLoc();
  auto optimizer = cast<OptimizerAttr>(step.getOptimizer());
  FailureOr<ReversePass> pass = buildReversePass(
      model, step, builder, name, {},
      [&](OpBuilder &b, Block *, MinimizeOp minimize) {
        auto type = cast<RankedTensorType>(minimize.getLoss().getType());
        return filledTensor(b, loc, type, {}, 1.0);
      });
  if (failed(pass))
    return failure();
  if (!pass->func)
    return success();

  // The fused step: loss and metrics, then the update.
  OpBuilder b(pass->minimize);
  SmallVector<Value> params = llvm::map_to_vector(
      pass->updated, [](auto &entry) { return entry.second; });
  SmallVector<Value> results(pass->minimize.getOperands());
  SmallVector<int64_t> inPlace(results.size(), -1);
  appendUpdate(b, loc, optimizer, pass->block, params, pass->grads, results,
               inPlace);
  pass->minimize.erase();
  finishEntry(pass->func, pass->block, results, model, step.getSymName(),
              pass->params);
  SmallVector<Attribute> updated = updatedNames(builder.getContext(), *pass);
  setUpdateAttrs(pass->func, updated, optimizer, inPlace);
  if (!halves)
    return success();

  // Its halves for data parallelism: the gradients of a slice of a batch
  // of `total` samples (summed over the slices, the loss, the metrics and
  // the gradients are the batch's), and the update from given gradients.
  auto countType = RankedTensorType::get({}, builder.getI64Type());
  // The loss's share seeds the reverse pass (1 where it has none: the half
  // is dropped below).
  Value lossShare;
  FailureOr<ReversePass> slice = buildReversePass(
      model, step, builder,
      model.getSymName().str() + "_" + step.getGradientsName(), {countType},
      [&](OpBuilder &at, Block *block, MinimizeOp minimize) {
        Value total = block->getArgument(step.getNumArguments());
        lossShare = sliceShare(at, loc, minimize.getLoss(), total);
        return lossShare ? lossShare
                         : filledTensor(at, loc,
                                        cast<RankedTensorType>(
                                            minimize.getLoss().getType()),
                                        {}, 1.0);
      });
  if (failed(slice))
    return failure();
  if (!slice->func)
    return success();
  {
    OpBuilder at(slice->minimize);
    Value total = slice->block->getArgument(step.getNumArguments());
    SmallVector<Value> sliceResults;
    bool additive = true;
    for (Value value : slice->minimize.getOperands()) {
      Value share = value == slice->minimize.getLoss()
                        ? lossShare
                        : sliceShare(at, loc, value, total);
      additive = bool(share);
      if (!share)
        break;
      auto type = cast<RankedTensorType>(value.getType());
      sliceResults.push_back(
          elementwise(at, loc, type, {}, ValueRange{value, share},
                      [](OpBuilder &n, Location l, ValueRange args) -> Value {
                        return arith::MulFOp::create(n, l, args[0], args[1]);
                      }));
    }
    if (!additive) {
      slice->func.erase();
      step.emitWarning() << "training step @" << step.getSymName()
                         << " has no halves for data parallelism: each of "
                            "its results must be a loss or a metric op's, "
                            "whose shares of a batch add up";
      return success();
    }
    llvm::append_range(sliceResults, slice->grads);
    slice->minimize.erase();
    finishEntry(slice->func, slice->block, sliceResults, model,
                step.getGradientsName(), slice->params);
    slice->func->setAttr(DLCDialect::UpdatesAttrHelper::getNameStr(),
                         builder.getArrayAttr(updated));
  }

  // The update: gradients, then the parameters, as a training step's
  // inputs and parameters.
  SmallVector<Type> types;
  for (Attribute param : updated) {
    auto paramOp = cast<ParamOp>(SymbolTable::lookupSymbolIn(
        model, cast<FlatSymbolRefAttr>(param).getAttr()));
    types.push_back(paramOp.getTensorType());
  }
  SmallVector<Type> argTypes(types);
  llvm::append_range(argTypes, types);
  auto apply = func::FuncOp::create(
      builder, loc, model.getSymName().str() + "_" + step.getApplyName(),
      builder.getFunctionType(argTypes, {}));
  Block *block = apply.addEntryBlock();
  OpBuilder at = OpBuilder::atBlockEnd(block);
  SmallVector<Value> applyResults;
  SmallVector<int64_t> applyInPlace;
  appendUpdate(
      at, loc, optimizer, block,
      SmallVector<Value>(
          block->getArguments().slice(types.size(), types.size())),
      SmallVector<Value>(block->getArguments().take_front(types.size())),
      applyResults, applyInPlace);
  finishEntry(apply, block, applyResults, model, step.getApplyName(), updated);
  setUpdateAttrs(apply, updated, optimizer, applyInPlace);
  return success();
}

} // namespace dlc::lowering
