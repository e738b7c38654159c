//===- Loss.cpp - Lower losses and metrics --------------------------------===//
//
// Every loss sums a per-element term over the whole batch into a 0-d tensor,
// then divides: by the number of elements averaged per sample times the batch
// size for `reduction(mean)`, by the former alone for `reduction(sum)`; then
// multiplies by `scale`.
//
//===----------------------------------------------------------------------===//

#include "Conversion/DLCToLinalg/Builders.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"

#include <limits>

using namespace mlir;

namespace dlc::lowering {
namespace {

Value clip(OpBuilder &b, Location loc, Value p) {
  Type type = p.getType();
  Value lo = floatConstant(b, loc, type, kProbabilityEpsilon);
  Value hi = floatConstant(b, loc, type, 1.0 - kProbabilityEpsilon);
  return arith::MinimumFOp::create(b, loc,
                                   arith::MaximumFOp::create(b, loc, p, lo), hi);
}

/// Multiplies the 0-d `total` by `factor / divisor` where `divisor` is a
/// float scalar value.
Value scaleScalar(OpBuilder &b, Location loc, Value total, Value divisor,
                  double factor) {
  auto type = cast<RankedTensorType>(total.getType());
  return elementwise(
      b, loc, type, {}, ValueRange{total},
      [&](OpBuilder &nested, Location l, ValueRange args) -> Value {
        Value scaled = arith::MulFOp::create(
            nested, l, args[0],
            floatConstant(nested, l, type.getElementType(), factor));
        return arith::DivFOp::create(nested, l, scaled, divisor);
      });
}

/// Divides the summed per-element loss of `prediction` by the number of
/// values each sample averages over (`perSample`) and, for a mean, by the
/// batch size; then scales.
Value reduceLoss(OpBuilder &b, Location loc, Value total, Value prediction,
                 int64_t perSample, Reduction reduction, double scale) {
  Type elementType = cast<RankedTensorType>(total.getType()).getElementType();
  Value divisor = floatConstant(b, loc, elementType, double(perSample));
  if (reduction == Reduction::mean)
    divisor = arith::MulFOp::create(
        b, loc, divisor, dimAsFloat(b, loc, prediction, 0, elementType));
  return scaleScalar(b, loc, total, divisor, scale);
}

} // namespace

int64_t lossValuesPerSample(Operation *loss) {
  auto type = cast<RankedTensorType>(loss->getOperand(0).getType());
  ArrayRef<int64_t> shape = type.getShape().drop_front();
  // The categorical losses sum over the class axis first.
  if (isa<CategoricalCrossentropyOp, SparseCategoricalCrossentropyOp>(loss))
    shape = shape.drop_back();
  int64_t product = 1;
  for (int64_t dim : shape)
    product *= dim;
  return product;
}

namespace {

int64_t productOfDims(ArrayRef<int64_t> shape) {
  int64_t product = 1;
  for (int64_t dim : shape)
    product *= dim;
  return product;
}

/// Replaces the loss `op` by its elementwise `terms`, summed and reduced.
template <typename OpTy>
LogicalResult replaceByReducedLoss(OpTy op, PatternRewriter &rewriter,
                                   Value terms) {
  Location loc = op.getLoc();
  Value total = sumAll(rewriter, loc, terms);
  rewriter.replaceOp(op, reduceLoss(rewriter, loc, total, op.getPrediction(),
                                    lossValuesPerSample(op), op.getReduction(),
                                    op.getScale().convertToDouble()));
  return success();
}

/// Affine map dropping the last of `rank` dims: (d0..dn) -> (d0..dn-1).
AffineMap dropLast(OpBuilder &b, int64_t rank) {
  SmallVector<AffineExpr> exprs;
  for (int64_t i = 0; i < rank - 1; ++i)
    exprs.push_back(b.getAffineDimExpr(i));
  return AffineMap::get(rank, 0, exprs, b.getContext());
}

/// log(sum(exp(x))) along the last axis, computed stably.
Value logSumExp(OpBuilder &b, Location loc, Value logits) {
  auto type = cast<RankedTensorType>(logits.getType());
  int64_t rank = type.getRank();
  Value max = reduceLastAxis(
      b, loc, logits, -std::numeric_limits<double>::infinity(),
      [](OpBuilder &nested, Location l, ValueRange a) -> Value {
        return arith::MaximumFOp::create(nested, l, a[0], a[1]);
      });
  Value exps = elementwise(
      b, loc, type, dynamicSizesLike(b, loc, type, logits),
      ValueRange{logits, max},
      {b.getMultiDimIdentityMap(rank), dropLast(b, rank)},
      [](OpBuilder &nested, Location l, ValueRange a) -> Value {
        return math::ExpOp::create(nested, l,
                                   arith::SubFOp::create(nested, l, a[0], a[1]));
      });
  Value sums = reduceLastAxis(
      b, loc, exps, 0.0, [](OpBuilder &nested, Location l, ValueRange a) {
        return arith::AddFOp::create(nested, l, a[0], a[1]).getResult();
      });
  auto rowType = cast<RankedTensorType>(max.getType());
  return elementwise(b, loc, rowType, dynamicSizesLike(b, loc, rowType, max),
                     ValueRange{max, sums},
                     [](OpBuilder &nested, Location l, ValueRange a) -> Value {
                       return arith::AddFOp::create(
                           nested, l, a[0], math::LogOp::create(nested, l, a[1]));
                     });
}

struct LowerMSE : public OpRewritePattern<MeanSquaredErrorOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(MeanSquaredErrorOp op,
                                PatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    auto type = cast<RankedTensorType>(op.getPrediction().getType());
    Value squares = elementwise(
        rewriter, loc, type,
        dynamicSizesLike(rewriter, loc, type, op.getPrediction()),
        ValueRange{op.getPrediction(), op.getTarget()},
        [](OpBuilder &b, Location l, ValueRange a) -> Value {
          Value d = arith::SubFOp::create(b, l, a[0], a[1]);
          return arith::MulFOp::create(b, l, d, d);
        });
    return replaceByReducedLoss(op, rewriter, squares);
  }
};

struct LowerBCE : public OpRewritePattern<BinaryCrossentropyOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(BinaryCrossentropyOp op,
                                PatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    auto type = cast<RankedTensorType>(op.getPrediction().getType());
    bool logits = op.getFromLogits();
    Value terms = elementwise(
        rewriter, loc, type,
        dynamicSizesLike(rewriter, loc, type, op.getPrediction()),
        ValueRange{op.getPrediction(), op.getTarget()},
        [&](OpBuilder &b, Location l, ValueRange a) -> Value {
          Type t = a[0].getType();
          Value one = floatConstant(b, l, t, 1.0);
          if (logits) {
            // max(x, 0) - x t + log(1 + exp(-|x|))
            Value zero = floatConstant(b, l, t, 0.0);
            Value relu = arith::MaximumFOp::create(b, l, a[0], zero);
            Value xt = arith::MulFOp::create(b, l, a[0], a[1]);
            Value negAbs = arith::NegFOp::create(
                b, l, math::AbsFOp::create(b, l, a[0]));
            Value softplus = math::Log1pOp::create(
                b, l, math::ExpOp::create(b, l, negAbs));
            return arith::AddFOp::create(
                b, l, arith::SubFOp::create(b, l, relu, xt), softplus);
          }
          // -(t log p + (1 - t) log(1 - p)) with p clipped.
          Value p = clip(b, l, a[0]);
          Value logP = math::LogOp::create(b, l, p);
          Value log1mP =
              math::LogOp::create(b, l, arith::SubFOp::create(b, l, one, p));
          Value pos = arith::MulFOp::create(b, l, a[1], logP);
          Value neg = arith::MulFOp::create(
              b, l, arith::SubFOp::create(b, l, one, a[1]), log1mP);
          return arith::NegFOp::create(b, l,
                                       arith::AddFOp::create(b, l, pos, neg));
        });
    return replaceByReducedLoss(op, rewriter, terms);
  }
};

struct LowerCCE : public OpRewritePattern<CategoricalCrossentropyOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(CategoricalCrossentropyOp op,
                                PatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    Value prediction = op.getPrediction();
    auto type = cast<RankedTensorType>(prediction.getType());
    int64_t rank = type.getRank();
    SmallVector<Value> sizes =
        dynamicSizesLike(rewriter, loc, type, prediction);
    Value terms;
    if (op.getFromLogits()) {
      // t_c (logsumexp(x) - x_c)
      Value lse = logSumExp(rewriter, loc, prediction);
      terms = elementwise(
          rewriter, loc, type, sizes, ValueRange{prediction, op.getTarget(), lse},
          {rewriter.getMultiDimIdentityMap(rank),
           rewriter.getMultiDimIdentityMap(rank), dropLast(rewriter, rank)},
          [](OpBuilder &b, Location l, ValueRange a) -> Value {
            return arith::MulFOp::create(
                b, l, a[1], arith::SubFOp::create(b, l, a[2], a[0]));
          });
    } else {
      terms = elementwise(
          rewriter, loc, type, sizes, ValueRange{prediction, op.getTarget()},
          [](OpBuilder &b, Location l, ValueRange a) -> Value {
            Value logP = math::LogOp::create(b, l, clip(b, l, a[0]));
            return arith::NegFOp::create(
                b, l, arith::MulFOp::create(b, l, a[1], logP));
          });
    }
    return replaceByReducedLoss(op, rewriter, terms);
  }
};

/// An i1 that is true where the class index along the last axis equals the
/// label, for use inside a generic over the prediction's shape.
Value isLabel(OpBuilder &b, Location loc, Value label, int64_t lastDim) {
  Value index = linalg::IndexOp::create(b, loc, lastDim);
  Value asIndex = arith::IndexCastOp::create(b, loc, b.getIndexType(), label);
  return arith::CmpIOp::create(b, loc, arith::CmpIPredicate::eq, index,
                               asIndex);
}

struct LowerSparseCCE : public OpRewritePattern<SparseCategoricalCrossentropyOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(SparseCategoricalCrossentropyOp op,
                                PatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    Value prediction = op.getPrediction();
    auto type = cast<RankedTensorType>(prediction.getType());
    int64_t rank = type.getRank();
    SmallVector<Value> sizes =
        dynamicSizesLike(rewriter, loc, type, prediction);
    AffineMap identity = rewriter.getMultiDimIdentityMap(rank);
    AffineMap row = dropLast(rewriter, rank);
    bool logits = op.getFromLogits();
    SmallVector<Value> inputs{prediction, op.getTarget()};
    SmallVector<AffineMap> maps{identity, row};
    if (logits) {
      inputs.push_back(logSumExp(rewriter, loc, prediction));
      maps.push_back(row);
    }
    // The term is -log p[label] (or logsumexp - x[label]) at the label's
    // class and 0 elsewhere: a gather written as a vectorizable select.
    Value terms = elementwise(
        rewriter, loc, type, sizes, inputs, maps,
        [&](OpBuilder &b, Location l, ValueRange a) -> Value {
          Value zero = floatConstant(b, l, a[0].getType(), 0.0);
          Value term =
              logits ? arith::SubFOp::create(b, l, a[2], a[0]).getResult()
                     : arith::NegFOp::create(
                           b, l, math::LogOp::create(b, l, clip(b, l, a[0])))
                           .getResult();
          return arith::SelectOp::create(b, l, isLabel(b, l, a[1], rank - 1),
                                         term, zero);
        });
    return replaceByReducedLoss(op, rewriter, terms);
  }
};

/// Index of the first maximum along the last axis, as i64.
Value argMax(OpBuilder &b, Location loc, Value input) {
  auto type = cast<RankedTensorType>(input.getType());
  int64_t rank = type.getRank();
  auto rowShape = type.getShape().drop_back();
  auto valueType = RankedTensorType::get(rowShape, type.getElementType());
  auto indexType = RankedTensorType::get(rowShape, b.getI64Type());
  SmallVector<Value> sizes = dynamicSizesLike(b, loc, valueType, input);
  Value maxInit = filledTensor(b, loc, valueType, sizes,
                               -std::numeric_limits<double>::infinity());
  Value indexInit = emptyTensor(b, loc, indexType, sizes);
  Value zero = arith::ConstantOp::create(b, loc, b.getI64IntegerAttr(0));
  indexInit = linalg::FillOp::create(b, loc, zero, indexInit).getResult(0);
  AffineMap row = dropLast(b, rank);
  SmallVector<utils::IteratorType> iterators(rank,
                                             utils::IteratorType::parallel);
  iterators.back() = utils::IteratorType::reduction;
  auto generic = linalg::GenericOp::create(
      b, loc, TypeRange{valueType, indexType}, ValueRange{input},
      ValueRange{maxInit, indexInit},
      SmallVector<AffineMap>{b.getMultiDimIdentityMap(rank), row, row},
      iterators, [&](OpBuilder &nested, Location l, ValueRange a) {
        Value index = arith::IndexCastOp::create(
            nested, l, nested.getI64Type(),
            linalg::IndexOp::create(nested, l, rank - 1));
        Value greater = arith::CmpFOp::create(
            nested, l, arith::CmpFPredicate::OGT, a[0], a[1]);
        linalg::YieldOp::create(
            nested, l,
            ValueRange{arith::SelectOp::create(nested, l, greater, a[0], a[1]),
                       arith::SelectOp::create(nested, l, greater, index,
                                               a[2])});
      });
  return generic.getResult(1);
}

/// The mean over all elements of `matches` (1 or 0 as floats).
Value meanOf(OpBuilder &b, Location loc, Value matches) {
  auto type = cast<RankedTensorType>(matches.getType());
  Value total = sumAll(b, loc, matches);
  Type elementType = type.getElementType();
  Value count = floatConstant(b, loc, elementType,
                              double(productOfDims(type.getShape().drop_front())));
  count = arith::MulFOp::create(b, loc, count,
                                dimAsFloat(b, loc, matches, 0, elementType));
  return scaleScalar(b, loc, total, count, 1.0);
}

/// A float tensor shaped like `shape` (dynamic axes from `like`) that is 1
/// where `predicate` holds and 0 elsewhere.
Value indicator(OpBuilder &b, Location loc, RankedTensorType type, Value like,
                ValueRange inputs, ArrayRef<AffineMap> maps,
                llvm::function_ref<Value(OpBuilder &, Location, ValueRange)>
                    predicate) {
  return elementwise(
      b, loc, type, dynamicSizesLike(b, loc, type, like), inputs, maps,
      [&](OpBuilder &nested, Location l, ValueRange a) -> Value {
        return arith::SelectOp::create(
            nested, l, predicate(nested, l, a),
            floatConstant(nested, l, type.getElementType(), 1.0),
            floatConstant(nested, l, type.getElementType(), 0.0));
      });
}

struct LowerBinaryAccuracy : public OpRewritePattern<BinaryAccuracyOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(BinaryAccuracyOp op,
                                PatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    auto type = cast<RankedTensorType>(op.getPrediction().getType());
    double threshold = op.getThreshold().convertToDouble();
    int64_t rank = type.getRank();
    AffineMap identity = rewriter.getMultiDimIdentityMap(rank);
    // Keras: the target equals (prediction > threshold) as 0 or 1.
    Value matches = indicator(
        rewriter, loc, type, op.getPrediction(),
        ValueRange{op.getPrediction(), op.getTarget()}, {identity, identity},
        [&](OpBuilder &b, Location l, ValueRange a) -> Value {
          Type t = a[0].getType();
          Value above = arith::CmpFOp::create(
              b, l, arith::CmpFPredicate::OGT, a[0],
              floatConstant(b, l, t, threshold));
          Value predicted =
              arith::SelectOp::create(b, l, above, floatConstant(b, l, t, 1.0),
                                      floatConstant(b, l, t, 0.0));
          return arith::CmpFOp::create(b, l, arith::CmpFPredicate::OEQ,
                                       predicted, a[1]);
        });
    rewriter.replaceOp(op, meanOf(rewriter, loc, matches));
    return success();
  }
};

template <typename OpTy>
struct LowerArgMaxAccuracy : public OpRewritePattern<OpTy> {
  using OpRewritePattern<OpTy>::OpRewritePattern;
  LogicalResult matchAndRewrite(OpTy op,
                                PatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    auto predType = cast<RankedTensorType>(op.getPrediction().getType());
    Value predicted = argMax(rewriter, loc, op.getPrediction());
    Value expected = op.getTarget();
    if constexpr (std::is_same_v<OpTy, CategoricalAccuracyOp>)
      expected = argMax(rewriter, loc, expected);
    auto rowType = RankedTensorType::get(predType.getShape().drop_back(),
                                         predType.getElementType());
    AffineMap identity = rewriter.getMultiDimIdentityMap(rowType.getRank());
    Value matches = indicator(
        rewriter, loc, rowType, predicted, ValueRange{predicted, expected},
        {identity, identity},
        [](OpBuilder &b, Location l, ValueRange a) -> Value {
          Value label = a[1];
          if (label.getType() != a[0].getType())
            label = arith::ExtSIOp::create(b, l, a[0].getType(), label);
          return arith::CmpIOp::create(b, l, arith::CmpIPredicate::eq, a[0],
                                       label);
        });
    rewriter.replaceOp(op, meanOf(rewriter, loc, matches));
    return success();
  }
};

} // namespace

void populateLossLoweringPatterns(RewritePatternSet &patterns) {
  patterns.add<LowerMSE, LowerBCE, LowerCCE, LowerSparseCCE,
               LowerBinaryAccuracy,
               LowerArgMaxAccuracy<CategoricalAccuracyOp>,
               LowerArgMaxAccuracy<SparseCategoricalAccuracyOp>>(
      patterns.getContext());
}

} // namespace dlc::lowering
