//===- Conv.cpp - Lower dlc.conv2d ----------------------------------------===//

#include "Conversion/DLCToLinalg/Builders.h"

#include "mlir/Dialect/Tensor/IR/Tensor.h"

using namespace mlir;

namespace dlc::lowering {

/// TensorFlow's split of `same` padding along one axis: the odd row goes to
/// the end.
std::pair<int64_t, int64_t> samePadding(int64_t input, int64_t window,
                                        int64_t stride, int64_t dilation) {
  int64_t output = (input + stride - 1) / stride;
  int64_t extent = (window - 1) * dilation + 1;
  int64_t total = std::max<int64_t>((output - 1) * stride + extent - input, 0);
  return {total / 2, total - total / 2};
}

/// Pads the spatial axes of an NHWC tensor with `value` for `same` padding.
Value padSpatial(OpBuilder &b, Location loc, Value input,
                 ArrayRef<int64_t> window, ArrayRef<int64_t> strides,
                 ArrayRef<int64_t> dilations, double value) {
  auto type = cast<RankedTensorType>(input.getType());
  auto [top, bottom] =
      samePadding(type.getDimSize(1), window[0], strides[0], dilations[0]);
  auto [left, right] =
      samePadding(type.getDimSize(2), window[1], strides[1], dilations[1]);
  if (top == 0 && bottom == 0 && left == 0 && right == 0)
    return input;
  SmallVector<OpFoldResult> low{b.getIndexAttr(0), b.getIndexAttr(top),
                                b.getIndexAttr(left), b.getIndexAttr(0)};
  SmallVector<OpFoldResult> high{b.getIndexAttr(0), b.getIndexAttr(bottom),
                                 b.getIndexAttr(right), b.getIndexAttr(0)};
  Value padValue = floatConstant(b, loc, type.getElementType(), value);
  return tensor::PadOp::create(b, loc, Type(), input, low, high, padValue)
      .getResult();
}

DenseIntElementsAttr pairAttr(OpBuilder &b, ArrayRef<int64_t> values) {
  return DenseIntElementsAttr::get(
      RankedTensorType::get({2}, b.getI64Type()), values);
}

namespace {

/// Lowers conv2d to linalg.conv_2d_nhwc_hwcf accumulating onto the broadcast
/// bias, with the input padded first for `same`, then the activation.
struct LowerConv2D : public OpRewritePattern<Conv2DOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(Conv2DOp op,
                                PatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    auto resultType = cast<RankedTensorType>(op.getType());
    ArrayRef<int64_t> kernelShape = op.getKernel().getType().getShape();
    Value input = op.getInput();
    if (op.getPadding() == Padding::same)
      input = padSpatial(rewriter, loc, input, kernelShape.take_front(2),
                         op.getStrides(), op.getDilations(), 0.0);
    SmallVector<Value> sizes =
        dynamicSizesLike(rewriter, loc, resultType, op.getInput());
    Value init =
        op.getBias()
            ? broadcastLastAxis(rewriter, loc, op.getBias(), resultType, sizes)
            : filledTensor(rewriter, loc, resultType, sizes, 0.0);
    Value conv = linalg::Conv2DNhwcHwcfOp::create(
                     rewriter, loc, TypeRange{resultType},
                     ValueRange{input, op.getKernel()}, ValueRange{init},
                     pairAttr(rewriter, op.getStrides()),
                     pairAttr(rewriter, op.getDilations()))
                     .getResult(0);
    rewriter.replaceOp(
        op, applyActivation(rewriter, loc, conv, op.getActivation(), 0.2));
    return success();
  }
};

} // namespace

void populateConvLoweringPatterns(RewritePatternSet &patterns) {
  patterns.add<LowerConv2D>(patterns.getContext());
}

} // namespace dlc::lowering
