//===- Pool.cpp - Lower dlc.max_pool2d and dlc.avg_pool2d -----------------===//

#include "Conversion/DLCToLinalg/Builders.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"

#include <limits>

using namespace mlir;

namespace dlc::lowering {


namespace {

/// Pools with a linalg pooling op over the (padded) input. `PoolingOp` is
/// linalg's max or sum pooling; `padValue` and `initValue` are its neutral
/// element.
template <typename PoolingOp, typename SourceOp>
Value pool(PatternRewriter &rewriter, SourceOp op, double neutral) {
  Location loc = op.getLoc();
  auto resultType = cast<RankedTensorType>(op.getType());
  SmallVector<int64_t, 2> strides = op.getEffectiveStrides();
  ArrayRef<int64_t> size = op.getSize();
  Value input = op.getInput();
  if (op.getPadding() == Padding::same)
    input = padSpatial(rewriter, loc, input, size, strides, {1, 1}, neutral);
  Value init = filledTensor(
      rewriter, loc, resultType,
      dynamicSizesLike(rewriter, loc, resultType, op.getInput()), neutral);
  Value window = tensor::EmptyOp::create(rewriter, loc, size,
                                         resultType.getElementType());
  return PoolingOp::create(rewriter, loc, TypeRange{resultType},
                           ValueRange{input, window}, ValueRange{init},
                           pairAttr(rewriter, strides),
                           pairAttr(rewriter, {1, 1}))
      .getResult(0);
}

struct LowerMaxPool : public OpRewritePattern<MaxPool2DOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(MaxPool2DOp op,
                                PatternRewriter &rewriter) const override {
    rewriter.replaceOp(op, pool<linalg::PoolingNhwcMaxOp>(
                               rewriter, op,
                               -std::numeric_limits<double>::infinity()));
    return success();
  }
};

/// Average pooling sums the window, then divides by the number of input
/// pixels each window covers: the window's area, or with `same` padding the
/// part of it inside the image (as Keras does).
struct LowerAvgPool : public OpRewritePattern<AvgPool2DOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(AvgPool2DOp op,
                                PatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    auto resultType = cast<RankedTensorType>(op.getType());
    Type elementType = resultType.getElementType();
    Value sum = pool<linalg::PoolingNhwcSumOp>(rewriter, op, 0.0);
    SmallVector<int64_t, 2> strides = op.getEffectiveStrides();
    ArrayRef<int64_t> size = op.getSize();
    ArrayRef<int64_t> inShape = op.getInput().getType().getShape();
    int64_t outH = resultType.getDimSize(1), outW = resultType.getDimSize(2);

    // Pixels covered along one axis by output position `o`.
    auto covered = [&](int64_t o, int64_t axis) {
      int64_t low = op.getPadding() == Padding::same
                        ? samePadding(inShape[axis + 1], size[axis],
                                      strides[axis], 1)
                              .first
                        : 0;
      int64_t begin = o * strides[axis] - low;
      int64_t end = begin + size[axis];
      return std::min(end, inShape[axis + 1]) - std::max<int64_t>(begin, 0);
    };
    SmallVector<double> counts;
    for (int64_t h = 0; h < outH; ++h)
      for (int64_t w = 0; w < outW; ++w)
        counts.push_back(1.0 / double(covered(h, 0) * covered(w, 1)));
    auto countType = RankedTensorType::get({outH, outW}, elementType);
    SmallVector<Attribute> values;
    for (double c : counts)
      values.push_back(rewriter.getFloatAttr(elementType, c));
    Value reciprocal = arith::ConstantOp::create(
        rewriter, loc, DenseElementsAttr::get(countType, values));

    MLIRContext *context = rewriter.getContext();
    AffineMap identity = rewriter.getMultiDimIdentityMap(4);
    AffineMap spatial =
        AffineMap::get(4, 0,
                       {getAffineDimExpr(1, context),
                        getAffineDimExpr(2, context)},
                       context);
    Value mean = elementwise(
        rewriter, loc, resultType,
        dynamicSizesLike(rewriter, loc, resultType, op.getInput()),
        ValueRange{sum, reciprocal}, {identity, spatial},
        [](OpBuilder &b, Location nestedLoc, ValueRange args) -> Value {
          return arith::MulFOp::create(b, nestedLoc, args[0], args[1]);
        });
    rewriter.replaceOp(op, mean);
    return success();
  }
};

} // namespace

void populatePoolLoweringPatterns(RewritePatternSet &patterns) {
  patterns.add<LowerMaxPool, LowerAvgPool>(patterns.getContext());
}

} // namespace dlc::lowering
