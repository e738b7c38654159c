//===- Optimizer.cpp - Optimizer attributes: verifiers and update rules ---===//
//
// Each optimizer states its per-parameter slots and builds its update of one
// element from scalars (arith and math only), so that a code generator puts
// the update of every parameter in whatever loop nest it likes: one fused
// kernel per parameter on the CPU, one kernel over all parameters on a GPU.
//
//===----------------------------------------------------------------------===//

#include "dlc/DLC.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Math/IR/Math.h"

#include <cmath>

using namespace mlir;
using namespace dlc;

namespace {
constexpr double kInf = std::numeric_limits<double>::infinity();

/// A hyperparameter's allowed range: `lo <= value < hi` (`lo < value` when
/// `openLow`).
struct Range {
  StringRef name;
  APFloat value;
  double lo, hi;
  bool openLow;
};

/// Checks each hyperparameter of `optimizer`; reports the first out of range.
LogicalResult checkRanges(function_ref<InFlightDiagnostic()> emitError,
                          StringRef optimizer, ArrayRef<Range> ranges) {
  for (const Range &range : ranges) {
    double value = range.value.convertToDouble();
    if (std::isfinite(value) &&
        (range.openLow ? value > range.lo : value >= range.lo) &&
        value < range.hi)
      continue;
    auto diag = emitError();
    diag << optimizer << " " << range.name << " must be in "
         << (range.openLow ? "(" : "[") << range.lo << ", ";
    if (std::isinf(range.hi))
      diag << "inf";
    else
      diag << range.hi;
    return diag << "), found " << value;
  }
  return success();
}
} // namespace

LogicalResult SGDAttr::verify(function_ref<InFlightDiagnostic()> emitError,
                              APFloat lr, APFloat momentum, bool nesterov) {
  if (failed(checkRanges(emitError, "sgd",
                         {{"lr", lr, 0, kInf, true},
                          {"momentum", momentum, 0, 1, false}})))
    return failure();
  if (nesterov && momentum.isZero())
    return emitError() << "sgd nesterov needs a momentum > 0";
  return success();
}
unsigned SGDAttr::getNumSlotsPerParam() const {
  return getMomentum().convertToDouble() > 0 ? 1 : 0;
}
SmallVector<StringRef> SGDAttr::getSlotNames() const {
  if (getMomentum().convertToDouble() > 0)
    return {"velocity"};
  return {};
}

LogicalResult AdamAttr::verify(function_ref<InFlightDiagnostic()> emitError,
                               APFloat lr, APFloat beta1, APFloat beta2,
                               APFloat epsilon) {
  return checkRanges(emitError, "adam",
                     {{"lr", lr, 0, kInf, true},
                      {"beta1", beta1, 0, 1, false},
                      {"beta2", beta2, 0, 1, false},
                      {"epsilon", epsilon, 0, kInf, true}});
}
unsigned AdamAttr::getNumSlotsPerParam() const { return 2; }
SmallVector<StringRef> AdamAttr::getSlotNames() const { return {"m", "v"}; }

LogicalResult RMSpropAttr::verify(function_ref<InFlightDiagnostic()> emitError,
                                  APFloat lr, APFloat rho, APFloat momentum,
                                  APFloat epsilon) {
  return checkRanges(emitError, "rmsprop",
                     {{"lr", lr, 0, kInf, true},
                      {"rho", rho, 0, 1, false},
                      {"momentum", momentum, 0, 1, false},
                      {"epsilon", epsilon, 0, kInf, true}});
}
unsigned RMSpropAttr::getNumSlotsPerParam() const {
  return getMomentum().convertToDouble() > 0 ? 2 : 1;
}
SmallVector<StringRef> RMSpropAttr::getSlotNames() const {
  if (getMomentum().convertToDouble() > 0)
    return {"mean_square", "momentum"};
  return {"mean_square"};
}

//===----------------------------------------------------------------------===//
// Update rules (Keras' formulations)
//===----------------------------------------------------------------------===//

namespace {
Value scalar(OpBuilder &b, Location loc, Type type, double value) {
  return arith::ConstantOp::create(b, loc, type, b.getFloatAttr(type, value));
}
Value mul(OpBuilder &b, Location loc, Value lhs, Value rhs) {
  return arith::MulFOp::create(b, loc, lhs, rhs);
}
Value add(OpBuilder &b, Location loc, Value lhs, Value rhs) {
  return arith::AddFOp::create(b, loc, lhs, rhs);
}
Value sub(OpBuilder &b, Location loc, Value lhs, Value rhs) {
  return arith::SubFOp::create(b, loc, lhs, rhs);
}
/// `decay * old + (1 - decay) * value`: a moving average.
Value movingAverage(OpBuilder &b, Location loc, double decay, Value old,
                    Value value) {
  Type type = old.getType();
  return add(b, loc, mul(b, loc, scalar(b, loc, type, decay), old),
             mul(b, loc, scalar(b, loc, type, 1 - decay), value));
}
} // namespace

SmallVector<Value> SGDAttr::buildUpdate(OpBuilder &b, Location loc, Value w,
                                        Value g, ValueRange slots,
                                        ValueRange) const {
  Type type = w.getType();
  Value lr = scalar(b, loc, type, getLr().convertToDouble());
  double momentumValue = getMomentum().convertToDouble();
  if (momentumValue <= 0)
    return {sub(b, loc, w, mul(b, loc, lr, g))};
  // v = momentum v - lr g; w += v (Nesterov: w += momentum v - lr g).
  Value momentum = scalar(b, loc, type, momentumValue);
  Value v = sub(b, loc, mul(b, loc, momentum, slots[0]), mul(b, loc, lr, g));
  if (!getNesterov())
    return {add(b, loc, w, v), v};
  Value step = sub(b, loc, mul(b, loc, momentum, v), mul(b, loc, lr, g));
  return {add(b, loc, w, step), v};
}

SmallVector<Value> AdamAttr::buildStepScalars(OpBuilder &b, Location loc,
                                              Value step) const {
  // alpha = lr sqrt(1 - beta2^t) / (1 - beta1^t), t the new step count.
  Type type = step.getType();
  Value one = scalar(b, loc, type, 1.0);
  Value b1t = math::PowFOp::create(
      b, loc, scalar(b, loc, type, getBeta1().convertToDouble()), step);
  Value b2t = math::PowFOp::create(
      b, loc, scalar(b, loc, type, getBeta2().convertToDouble()), step);
  Value alpha = arith::DivFOp::create(
      b, loc,
      mul(b, loc, scalar(b, loc, type, getLr().convertToDouble()),
          math::SqrtOp::create(b, loc, sub(b, loc, one, b2t))),
      sub(b, loc, one, b1t));
  return {alpha};
}

SmallVector<Value> AdamAttr::buildUpdate(OpBuilder &b, Location loc, Value w,
                                         Value g, ValueRange slots,
                                         ValueRange stepScalars) const {
  Type type = w.getType();
  Value m = movingAverage(b, loc, getBeta1().convertToDouble(), slots[0], g);
  Value v = movingAverage(b, loc, getBeta2().convertToDouble(), slots[1],
                          mul(b, loc, g, g));
  Value denominator = add(b, loc, math::SqrtOp::create(b, loc, v),
                          scalar(b, loc, type, getEpsilon().convertToDouble()));
  Value step = arith::DivFOp::create(b, loc, mul(b, loc, stepScalars[0], m),
                                     denominator);
  return {sub(b, loc, w, step), m, v};
}

SmallVector<Value> RMSpropAttr::buildUpdate(OpBuilder &b, Location loc, Value w,
                                            Value g, ValueRange slots,
                                            ValueRange) const {
  Type type = w.getType();
  Value ms = movingAverage(b, loc, getRho().convertToDouble(), slots[0],
                           mul(b, loc, g, g));
  // increment = lr g / sqrt(ms + epsilon) (Keras).
  Value denominator = math::SqrtOp::create(
      b, loc,
      add(b, loc, ms, scalar(b, loc, type, getEpsilon().convertToDouble())));
  Value increment = arith::DivFOp::create(
      b, loc, mul(b, loc, scalar(b, loc, type, getLr().convertToDouble()), g),
      denominator);
  double momentumValue = getMomentum().convertToDouble();
  if (momentumValue <= 0)
    return {sub(b, loc, w, increment), ms};
  Value momentum =
      add(b, loc, mul(b, loc, scalar(b, loc, type, momentumValue), slots[1]),
          increment);
  return {sub(b, loc, w, momentum), ms, momentum};
}
