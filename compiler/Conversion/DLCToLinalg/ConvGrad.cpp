//===- ConvGrad.cpp - Gradient of dlc.conv2d ------------------------------===//

#include "Conversion/DLCToLinalg/Gradients.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"

using namespace mlir;

namespace dlc::lowering {
namespace {

/// Gradients of a conv2d given the gradient `dz` of its pre-activation
/// output; null where not wanted.
struct ConvGrads {
  Value input, kernel, bias;
};

ConvGrads conv2DBackward(OpBuilder &b, Location loc, Conv2DOp op, Value dz,
                         bool wantInput, bool wantKernel, bool wantBias) {
  ConvGrads grads;
  MLIRContext *context = b.getContext();
  RankedTensorType xType = op.getInput().getType();
  RankedTensorType kType = op.getKernel().getType();
  Type elementType = xType.getElementType();
  ArrayRef<int64_t> strides = op.getStrides(), dilations = op.getDilations();
  int64_t kh = kType.getDimSize(0), kw = kType.getDimSize(1);
  int64_t c = kType.getDimSize(2), f = kType.getDimSize(3);
  int64_t oh = tensorType(dz).getDimSize(1), ow = tensorType(dz).getDimSize(2);
  bool same = op.getPadding() == Padding::same;
  auto [top, bottom] =
      same ? samePadding(xType.getDimSize(1), kh, strides[0], dilations[0])
           : std::pair<int64_t, int64_t>{0, 0};
  auto [left, right] =
      same ? samePadding(xType.getDimSize(2), kw, strides[1], dilations[1])
           : std::pair<int64_t, int64_t>{0, 0};
  int64_t hp = xType.getDimSize(1) + top + bottom;
  int64_t wp = xType.getDimSize(2) + left + right;

  if (wantBias) {
    // Sum of dz over batch, rows and columns.
    auto biasType = RankedTensorType::get({f}, elementType);
    Value init = filledTensor(b, loc, biasType, {}, 0.0);
    SmallVector<utils::IteratorType> iterators(4,
                                               utils::IteratorType::reduction);
    iterators[3] = utils::IteratorType::parallel;
    grads.bias =
        linalg::GenericOp::create(
            b, loc, TypeRange{biasType}, ValueRange{dz}, ValueRange{init},
            SmallVector<AffineMap>{
                b.getMultiDimIdentityMap(4),
                AffineMap::get(4, 0, {getAffineDimExpr(3, context)}, context)},
            iterators,
            [](OpBuilder &n, Location l, ValueRange a) {
              linalg::YieldOp::create(
                  n, l, arith::AddFOp::create(n, l, a[0], a[1]).getResult());
            })
            .getResult(0);
  }

  if (wantKernel) {
    // dW[kh, kw, c, f] = sum over n, oh, ow of
    //   xpad[n, oh*s + kh*d, ow*s + kw*d, c] * dz[n, oh, ow, f],
    // as one matmul: the windows of xpad gathered into
    //   cols[n, oh, ow, kh, kw, c] = xpad[n, oh*s + kh*d, ow*s + kw*d, c]
    // (im2col), then dW = cols^T . dz with both flattened to 2-D, so that the
    // reduction over the batch runs in the matmul's vector kernel.
    Value xpad = same ? padSpatial(b, loc, op.getInput(), {kh, kw}, strides,
                                   dilations, 0.0)
                      : op.getInput();
    auto d = [&](unsigned i) { return getAffineDimExpr(i, context); };
    AffineMap xMap =
        AffineMap::get(6, 0,
                       {d(0), d(1) * strides[0] + d(3) * dilations[0],
                        d(2) * strides[1] + d(4) * dilations[1], d(5)},
                       context);
    auto colsType = RankedTensorType::get(
        {xType.getDimSize(0), oh, ow, kh, kw, c}, elementType);
    SmallVector<Value> batch;
    if (colsType.isDynamicDim(0))
      batch.push_back(tensor::DimOp::create(b, loc, dz, 0));
    Value cols =
        elementwise(b, loc, colsType, batch, ValueRange{xpad}, {xMap},
                    [](OpBuilder &, Location, ValueRange a) { return a[0]; });
    SmallVector<ReassociationIndices> rows{{0, 1, 2}, {3, 4, 5}};
    Value cols2 = tensor::CollapseShapeOp::create(b, loc, cols, rows);
    Value dz2 = tensor::CollapseShapeOp::create(
        b, loc, dz, SmallVector<ReassociationIndices>{{0, 1, 2}, {3}});
    Value dW2 = matmulTransposedA(b, loc, cols2, dz2);
    grads.kernel = tensor::ExpandShapeOp::create(
        b, loc, kType, dW2, SmallVector<ReassociationIndices>{{0, 1, 2}, {3}});
  }

  if (wantInput) {
    // Full correlation of the stride-dilated, padded dz with the flipped
    // kernel (transposed to [KH, KW, F, C]), then crop the padding.
    int64_t dh = (oh - 1) * strides[0] + 1, dw = (ow - 1) * strides[1] + 1;
    auto dzType = tensorType(dz);
    Value dilated = dz;
    if (strides[0] != 1 || strides[1] != 1) {
      auto dilatedType =
          RankedTensorType::get({dzType.getDimSize(0), dh, dw, f}, elementType);
      Value zeros = filledTensor(
          b, loc, dilatedType, dynamicSizesLike(b, loc, dilatedType, dz), 0.0);
      SmallVector<OpFoldResult> sizes = tensor::getMixedSizes(b, loc, dz);
      dilated = tensor::InsertSliceOp::create(
          b, loc, dz, zeros, indexAttrs(b, {0, 0, 0, 0}), sizes,
          indexAttrs(b, {1, strides[0], strides[1], 1}));
    }
    int64_t extentH = (kh - 1) * dilations[0],
            extentW = (kw - 1) * dilations[1];
    int64_t extraH = hp - (dh + extentH), extraW = wp - (dw + extentW);
    Value zero = floatConstant(b, loc, elementType, 0.0);
    Value padded = tensor::PadOp::create(
        b, loc, Type(), dilated, indexAttrs(b, {0, extentH, extentW, 0}),
        indexAttrs(b, {0, extentH + extraH, extentW + extraW, 0}), zero);
    auto flippedType = RankedTensorType::get({kh, kw, f, c}, elementType);
    auto d = [&](unsigned i) { return getAffineDimExpr(i, context); };
    AffineMap flipMap = AffineMap::get(
        4, 0, {-d(0) + (kh - 1), -d(1) + (kw - 1), d(3), d(2)}, context);
    Value flipped = elementwise(
        b, loc, flippedType, {}, ValueRange{op.getKernel()}, {flipMap},
        [](OpBuilder &, Location, ValueRange a) { return a[0]; });
    auto dxpadType =
        RankedTensorType::get({xType.getDimSize(0), hp, wp, c}, elementType);
    Value init = filledTensor(b, loc, dxpadType,
                              dynamicSizesLike(b, loc, dxpadType, dz), 0.0);
    Value dxpad =
        linalg::Conv2DNhwcHwcfOp::create(
            b, loc, TypeRange{dxpadType}, ValueRange{padded, flipped},
            ValueRange{init}, pairAttr(b, {1, 1}), pairAttr(b, dilations))
            .getResult(0);
    grads.input = dxpad;
    if (same && (top || bottom || left || right)) {
      SmallVector<OpFoldResult> sizes{tensor::getMixedSize(b, loc, dxpad, 0),
                                      b.getIndexAttr(xType.getDimSize(1)),
                                      b.getIndexAttr(xType.getDimSize(2)),
                                      b.getIndexAttr(c)};
      grads.input = tensor::ExtractSliceOp::create(
          b, loc, xType, dxpad, indexAttrs(b, {0, top, left, 0}), sizes,
          indexAttrs(b, {1, 1, 1, 1}));
    }
  }
  return grads;
}

struct ConvGradient {
  static LogicalResult apply(Conv2DOp op, OpBuilder &b, AdjointState &state) {
    Value dz = layerPreActivationGrad(b, state, op, op.getActivation(),
                                      op.getResult());
    if (!dz)
      return success();
    ConvGrads grads =
        conv2DBackward(b, op.getLoc(), op, dz, state.isActive(op.getInput()),
                       state.isActive(op.getKernel()),
                       op.getBias() && state.isActive(op.getBias()));
    state.accumulate(op.getInput(), grads.input);
    state.accumulate(op.getKernel(), grads.kernel);
    if (op.getBias())
      state.accumulate(op.getBias(), grads.bias);
    return success();
  }
};

} // namespace

void registerConvGradients(MLIRContext *context) {
  Conv2DOp::attachInterface<GradientModel<Conv2DOp, ConvGradient>>(*context);
}

} // namespace dlc::lowering
