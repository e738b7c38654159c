//===- LossGrad.cpp - Gradients of the losses -----------------------------===//
//
// Metrics have no gradient: the reverse walk skips them (OpTrait::Metric).
//
//===----------------------------------------------------------------------===//

#include "Conversion/DLCToLinalg/Gradients.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"

using namespace mlir;

namespace dlc::lowering {
namespace {

/// The softmax op whose output `prediction` is, when its gradient can be
/// fused with the cross-entropy `loss`: every other user is a metric (or a
/// shape query).
Operation *fusableSoftmax(Value prediction, Operation *loss) {
  Operation *producer = prediction.getDefiningOp();
  bool softmax = false;
  if (auto dense = dyn_cast_or_null<DenseOp>(producer))
    softmax = dense.getActivation() == Activation::softmax;
  if (auto activation = dyn_cast_or_null<ActivationOp>(producer))
    softmax = activation.getKind() == Activation::softmax;
  if (!softmax)
    return nullptr;
  // Shape queries (the backward pass's own tensor.dim of the prediction)
  // do not need the probabilities.
  for (Operation *user : prediction.getUsers())
    if (user != loss && !user->hasTrait<OpTrait::Metric>() &&
        !isa<tensor::DimOp>(user))
      return nullptr;
  return producer;
}

/// The gradient of a loss with respect to its prediction; a cross-entropy
/// over softmax probabilities gives the softmax's input its gradient
/// directly (p - t, which stays exact where p rounds to 0 or 1).
template <typename OpTy>
LogicalResult lossGradient(OpTy lossOp, OpBuilder &b, AdjointState &state) {
  Operation *op = lossOp;
  Value prediction = lossOp.getPrediction(), target = lossOp.getTarget();
  Reduction reduction = lossOp.getReduction();
  double scale = lossOp.getScale().convertToDouble();
  Value upstream = state.gradOf(lossOp.getResult());
  Location loc = op->getLoc();
  RankedTensorType type = tensorType(prediction);
  Type elementType = type.getElementType();
  // coefficient = upstream * scale / (values per sample [* batch]).
  Value divisor =
      floatConstant(b, loc, elementType, double(lossValuesPerSample(op)));
  if (reduction == Reduction::mean)
    divisor = arith::MulFOp::create(
        b, loc, divisor, dimAsFloat(b, loc, prediction, 0, elementType));
  Value g = tensor::ExtractOp::create(b, loc, upstream, ValueRange{});
  Value coefficient = arith::DivFOp::create(
      b, loc,
      arith::MulFOp::create(b, loc, g,
                            floatConstant(b, loc, elementType, scale)),
      divisor);
  int64_t rank = type.getRank();
  AffineMap identity = b.getMultiDimIdentityMap(rank);
  SmallVector<AffineExpr> rowExprs;
  for (int64_t i = 0; i < rank - 1; ++i)
    rowExprs.push_back(b.getAffineDimExpr(i));
  AffineMap row = AffineMap::get(rank, 0, rowExprs, b.getContext());
  SmallVector<Value> sizes = dynamicSizesLike(b, loc, type, prediction);
  auto scaled = [&](OpBuilder &n, Location l, Value v) -> Value {
    return arith::MulFOp::create(n, l, coefficient, v);
  };
  auto clipped = [&](OpBuilder &n, Location l, Value p, Value &inRange) {
    Value lo = floatConstant(n, l, elementType, kProbabilityEpsilon);
    Value hi = floatConstant(n, l, elementType, 1.0 - kProbabilityEpsilon);
    inRange = arith::AndIOp::create(
        n, l, arith::CmpFOp::create(n, l, arith::CmpFPredicate::OGT, p, lo),
        arith::CmpFOp::create(n, l, arith::CmpFPredicate::OLT, p, hi));
    return arith::MinimumFOp::create(n, l,
                                     arith::MaximumFOp::create(n, l, p, lo), hi)
        .getResult();
  };
  auto softmaxOf = [&](Value logits) {
    return applyActivation(b, loc, logits, Activation::softmax, 0);
  };
  auto onehot = [&](OpBuilder &n, Location l, Value label) -> Value {
    Value index = linalg::IndexOp::create(n, l, rank - 1);
    Value asIndex = arith::IndexCastOp::create(n, l, n.getIndexType(), label);
    Value hit =
        arith::CmpIOp::create(n, l, arith::CmpIPredicate::eq, index, asIndex);
    return arith::SelectOp::create(n, l, hit,
                                   floatConstant(n, l, elementType, 1),
                                   floatConstant(n, l, elementType, 0));
  };

  if (isa<MeanSquaredErrorOp>(op)) {
    state.accumulate(
        prediction,
        elementwise(b, loc, type, sizes, ValueRange{prediction, target},
                    [&](OpBuilder &n, Location l, ValueRange a) {
                      Value d = arith::SubFOp::create(n, l, a[0], a[1]);
                      Value twice = arith::AddFOp::create(n, l, d, d);
                      return scaled(n, l, twice);
                    }));
    return success();
  }
  if (isa<BinaryCrossentropyOp>(op)) {
    bool logits = lossOp.getFromLogits();
    state.accumulate(
        prediction,
        elementwise(
            b, loc, type, sizes, ValueRange{prediction, target},
            [&](OpBuilder &n, Location l, ValueRange a) -> Value {
              Value one = floatConstant(n, l, elementType, 1);
              if (logits) {
                Value sigmoid =
                    scalarActivation(n, l, Activation::sigmoid, a[0], 0);
                return scaled(n, l, arith::SubFOp::create(n, l, sigmoid, a[1]));
              }
              Value inRange;
              Value p = clipped(n, l, a[0], inRange);
              Value d = arith::DivFOp::create(
                  n, l, arith::SubFOp::create(n, l, p, a[1]),
                  arith::MulFOp::create(n, l, p,
                                        arith::SubFOp::create(n, l, one, p)));
              return arith::SelectOp::create(
                  n, l, inRange, scaled(n, l, d),
                  floatConstant(n, l, elementType, 0));
            }));
    return success();
  }

  bool sparse = isa<SparseCategoricalCrossentropyOp>(op);
  bool fromLogits = lossOp.getFromLogits();
  Operation *softmax = fromLogits ? nullptr : fusableSoftmax(prediction, op);
  if (fromLogits || softmax) {
    // d/dz of the cross-entropy of softmax(z): p * sum(t) - t.
    Value p = fromLogits ? softmaxOf(prediction) : prediction;
    Value dz;
    if (sparse) {
      dz = elementwise(
          b, loc, type, sizes, ValueRange{p, target}, {identity, row},
          [&](OpBuilder &n, Location l, ValueRange a) -> Value {
            return scaled(
                n, l, arith::SubFOp::create(n, l, a[0], onehot(n, l, a[1])));
          });
    } else {
      Value targetSums = reduceLastAxis(
          b, loc, target, 0.0, [](OpBuilder &n, Location l, ValueRange a) {
            return arith::AddFOp::create(n, l, a[0], a[1]).getResult();
          });
      dz = elementwise(b, loc, type, sizes, ValueRange{p, target, targetSums},
                       {identity, identity, row},
                       [&](OpBuilder &n, Location l, ValueRange a) -> Value {
                         Value pt = arith::MulFOp::create(n, l, a[0], a[2]);
                         return scaled(n, l,
                                       arith::SubFOp::create(n, l, pt, a[1]));
                       });
    }
    if (fromLogits)
      state.accumulate(prediction, dz);
    else
      state.accumulatePreActivation(softmax, dz);
    return success();
  }
  // Probabilities from elsewhere: -t / p where p was not clipped.
  state.accumulate(
      prediction,
      elementwise(
          b, loc, type, sizes, ValueRange{prediction, target},
          {identity, sparse ? row : identity},
          [&](OpBuilder &n, Location l, ValueRange a) -> Value {
            Value inRange;
            Value p = clipped(n, l, a[0], inRange);
            Value t = sparse ? onehot(n, l, a[1]) : a[1];
            Value d =
                arith::NegFOp::create(n, l, arith::DivFOp::create(n, l, t, p));
            return arith::SelectOp::create(n, l, inRange, scaled(n, l, d),
                                           floatConstant(n, l, elementType, 0));
          }));
  return success();
}

template <typename OpTy> struct LossGradient {
  static LogicalResult apply(OpTy op, OpBuilder &b, AdjointState &state) {
    return lossGradient(op, b, state);
  }
};

template <typename... OpTys> void attachLossGradients(MLIRContext *context) {
  (OpTys::template attachInterface<GradientModel<OpTys, LossGradient<OpTys>>>(
       *context),
   ...);
}

} // namespace

void registerLossGradients(MLIRContext *context) {
  attachLossGradients<MeanSquaredErrorOp, BinaryCrossentropyOp,
                      CategoricalCrossentropyOp,
                      SparseCategoricalCrossentropyOp>(context);
}

} // namespace dlc::lowering
