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

LogicalResult outlineTrainStep(ModelOp model, TrainOp step,
                               OpBuilder &builder) {
  std::string name = (model.getSymName() + "_" + step.getSymName()).str();
  auto func = func::FuncOp::create(builder, step.getLoc(), name,
                                   step.getFunctionType());
  Block *block = func.addEntryBlock();
  IRMapping mapping;
  mapping.map(step.getBody().front().getArguments(), block->getArguments());
  OpBuilder body = OpBuilder::atBlockEnd(block);
  for (Operation &op : step.getBody().front())
    body.clone(op, mapping);
  inlineCalls(func, model);
  unsigned numInputs = block->getNumArguments();
  SmallVector<Attribute> params = paramsToArguments(func);

  // Values that depend on an updated parameter carry gradients.
  llvm::DenseSet<Value> active;
  SmallVector<std::pair<StringRef, Value>> updated;
  for (auto [index, param] : llvm::enumerate(params)) {
    StringRef paramName = cast<FlatSymbolRefAttr>(param).getValue();
    if (!step.updates(paramName))
      continue;
    Value arg = block->getArgument(numInputs + index);
    active.insert(arg);
    updated.push_back({paramName, arg});
  }
  auto minimize = cast<MinimizeOp>(block->getTerminator());
  for (Operation &op : block->without_terminator())
    if (llvm::any_of(op.getOperands(),
                     [&](Value v) { return active.contains(v); }))
      for (Value result : op.getResults())
        active.insert(result);
  if (!active.contains(minimize.getLoss()))
    return step.emitOpError("the loss does not depend on any parameter the "
                            "step updates");

  // Reverse mode, seeded with d loss / d loss = 1.
  OpBuilder b = OpBuilder::atBlockEnd(block);
  b.setInsertionPoint(minimize);
  Location loc = step.getLoc();
  Differentiator differentiator(b, active);
  auto lossType = cast<RankedTensorType>(minimize.getLoss().getType());
  differentiator.accumulate(minimize.getLoss(),
                            filledTensor(b, loc, lossType, {}, 1.0));
  SmallVector<Operation *> ops;
  for (Operation &op : block->without_terminator())
    ops.push_back(&op);
  for (Operation *op : llvm::reverse(ops)) {
    if (failed(differentiator.backward(op))) {
      func.erase();
      step.emitWarning() << "training step @" << step.getSymName()
                         << " is not compiled: " << differentiator.reason;
      return success();
    }
  }

  // Optimizer state and step counter follow the parameters.
  auto optimizer = cast<OptimizerAttr>(step.getOptimizer());
  unsigned numSlots = optimizer.getNumSlotsPerParam();
  SmallVector<SmallVector<Value>> slots;
  for (auto &[paramName, arg] : updated) {
    SmallVector<Value> paramSlots;
    for (unsigned s = 0; s < numSlots; ++s)
      paramSlots.push_back(block->addArgument(arg.getType(), loc));
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

  SmallVector<Value> results(minimize.getOperands());
  SmallVector<Value> newSlots;
  // Adam's bias correction and the like: once per step, per element type.
  llvm::DenseMap<Type, SmallVector<Value>> stepScalars;
  for (auto [index, entry] : llvm::enumerate(updated)) {
    auto [paramName, arg] = entry;
    Value grad = differentiator.gradOf(arg);
    if (!grad)
      return step.emitOpError()
             << "the loss does not depend on parameter @" << paramName;
    Type elementType = tensorType(arg).getElementType();
    auto [it, inserted] = stepScalars.try_emplace(elementType);
    if (inserted)
      it->second = optimizer.buildStepScalars(
          b, loc, arith::SIToFPOp::create(b, loc, elementType, newStepScalar));
    SmallVector<Value> update =
        applyOptimizer(b, loc, optimizer, arg, grad, slots[index], it->second);
    results.push_back(update.front());
    newSlots.append(update.begin() + 1, update.end());
  }
  results.append(newSlots);
  results.push_back(newStep);
  // The in-place contract: each new parameter, slot and step count may be
  // written into its old value's buffer (the outputs before them may not).
  SmallVector<int64_t> inPlace(minimize.getNumOperands(), -1);
  for (auto &[paramName, arg] : updated)
    inPlace.push_back(cast<BlockArgument>(arg).getArgNumber());
  for (ArrayRef<Value> paramSlots : slots)
    for (Value slot : paramSlots)
      inPlace.push_back(cast<BlockArgument>(slot).getArgNumber());
  inPlace.push_back(cast<BlockArgument>(stepArg).getArgNumber());
  func::ReturnOp::create(b, loc, results);
  minimize.erase();

  SmallVector<Attribute> updatedNames;
  for (auto &[paramName, arg] : updated)
    updatedNames.push_back(FlatSymbolRefAttr::get(b.getContext(), paramName));
  SmallVector<Attribute> slotNames;
  for (StringRef slot : optimizer.getSlotNames())
    slotNames.push_back(b.getStringAttr(slot));
  func.setFunctionType(b.getFunctionType(block->getArgumentTypes(),
                                         ValueRange(results).getTypes()));
  func->setAttr(DLCDialect::ParamsAttrHelper::getNameStr(),
                b.getArrayAttr(params));
  func->setAttr(DLCDialect::UpdatesAttrHelper::getNameStr(),
                b.getArrayAttr(updatedNames));
  func->setAttr(DLCDialect::SlotsAttrHelper::getNameStr(),
                b.getArrayAttr(slotNames));
  func->setAttr(DLCDialect::ModelAttrHelper::getNameStr(),
                model.getSymNameAttr());
  func->setAttr(DLCDialect::EntryAttrHelper::getNameStr(),
                step.getSymNameAttr());
  func->setAttr(DLCDialect::TrainAttrHelper::getNameStr(), b.getUnitAttr());
  func->setAttr(DLCDialect::InPlaceAttrHelper::getNameStr(),
                b.getDenseI64ArrayAttr(inPlace));
  func->setAttr("llvm.emit_c_interface", b.getUnitAttr());
  return success();
}

} // namespace dlc::lowering
