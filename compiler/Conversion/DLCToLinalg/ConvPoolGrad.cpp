//===- ConvPoolGrad.cpp - Gradients of conv2d and pooling -----------------===//

#include "Conversion/DLCToLinalg/Builders.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"

#include <limits>

using namespace mlir;

namespace dlc::lowering {

namespace {
RankedTensorType typeOf(Value value) {
  return cast<RankedTensorType>(value.getType());
}

SmallVector<OpFoldResult> indices(OpBuilder &b, ArrayRef<int64_t> values) {
  SmallVector<OpFoldResult> result;
  for (int64_t v : values)
    result.push_back(b.getIndexAttr(v));
  return result;
}

/// Inside a linalg body: the flat position row * windowW + col in a pooling
/// window, where row and col are the loops `rowDim` and `colDim`, as i64.
Value windowPosition(OpBuilder &n, Location l, unsigned rowDim,
                     unsigned colDim, int64_t windowW) {
  Value row = linalg::IndexOp::create(n, l, rowDim);
  Value col = linalg::IndexOp::create(n, l, colDim);
  Value flat = arith::AddIOp::create(
      n, l,
      arith::MulIOp::create(n, l, row,
                            arith::ConstantIndexOp::create(n, l, windowW)),
      col);
  return arith::IndexCastOp::create(n, l, n.getI64Type(), flat);
}
} // namespace

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
  int64_t oh = typeOf(dz).getDimSize(1), ow = typeOf(dz).getDimSize(2);
  bool same = op.getPadding() == Padding::same;
  auto [top, bottom] = same ? samePadding(xType.getDimSize(1), kh, strides[0],
                                          dilations[0])
                            : std::pair<int64_t, int64_t>{0, 0};
  auto [left, right] = same ? samePadding(xType.getDimSize(2), kw, strides[1],
                                          dilations[1])
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
    AffineMap xMap = AffineMap::get(
        6, 0,
        {d(0), d(1) * strides[0] + d(3) * dilations[0],
         d(2) * strides[1] + d(4) * dilations[1], d(5)},
        context);
    auto colsType = RankedTensorType::get(
        {xType.getDimSize(0), oh, ow, kh, kw, c}, elementType);
    SmallVector<Value> batch;
    if (colsType.isDynamicDim(0))
      batch.push_back(tensor::DimOp::create(b, loc, dz, 0));
    Value cols = elementwise(
        b, loc, colsType, batch, ValueRange{xpad}, {xMap},
        [](OpBuilder &, Location, ValueRange a) { return a[0]; });
    SmallVector<ReassociationIndices> rows{{0, 1, 2}, {3, 4, 5}};
    Value cols2 = tensor::CollapseShapeOp::create(b, loc, cols, rows);
    Value dz2 = tensor::CollapseShapeOp::create(
        b, loc, dz, SmallVector<ReassociationIndices>{{0, 1, 2}, {3}});
    Value dW2 = matmulTransposedA(b, loc, cols2, dz2);
    grads.kernel = tensor::ExpandShapeOp::create(
        b, loc, kType, dW2,
        SmallVector<ReassociationIndices>{{0, 1, 2}, {3}});
  }

  if (wantInput) {
    // Full correlation of the stride-dilated, padded dz with the flipped
    // kernel (transposed to [KH, KW, F, C]), then crop the padding.
    int64_t dh = (oh - 1) * strides[0] + 1, dw = (ow - 1) * strides[1] + 1;
    auto dzType = typeOf(dz);
    Value dilated = dz;
    if (strides[0] != 1 || strides[1] != 1) {
      auto dilatedType = RankedTensorType::get(
          {dzType.getDimSize(0), dh, dw, f}, elementType);
      Value zeros = filledTensor(b, loc, dilatedType,
                                 dynamicSizesLike(b, loc, dilatedType, dz),
                                 0.0);
      SmallVector<OpFoldResult> sizes = tensor::getMixedSizes(b, loc, dz);
      dilated = tensor::InsertSliceOp::create(
          b, loc, dz, zeros, indices(b, {0, 0, 0, 0}), sizes,
          indices(b, {1, strides[0], strides[1], 1}));
    }
    int64_t extentH = (kh - 1) * dilations[0], extentW = (kw - 1) * dilations[1];
    int64_t extraH = hp - (dh + extentH), extraW = wp - (dw + extentW);
    Value zero = floatConstant(b, loc, elementType, 0.0);
    Value padded = tensor::PadOp::create(
        b, loc, Type(), dilated, indices(b, {0, extentH, extentW, 0}),
        indices(b, {0, extentH + extraH, extentW + extraW, 0}), zero);
    auto flippedType = RankedTensorType::get({kh, kw, f, c}, elementType);
    auto d = [&](unsigned i) { return getAffineDimExpr(i, context); };
    AffineMap flipMap = AffineMap::get(
        4, 0, {-d(0) + (kh - 1), -d(1) + (kw - 1), d(3), d(2)}, context);
    Value flipped = elementwise(
        b, loc, flippedType, {}, ValueRange{op.getKernel()}, {flipMap},
        [](OpBuilder &, Location, ValueRange a) { return a[0]; });
    auto dxpadType = RankedTensorType::get(
        {xType.getDimSize(0), hp, wp, c}, elementType);
    Value init = filledTensor(b, loc, dxpadType,
                              dynamicSizesLike(b, loc, dxpadType, dz), 0.0);
    Value dxpad = linalg::Conv2DNhwcHwcfOp::create(
                      b, loc, TypeRange{dxpadType}, ValueRange{padded, flipped},
                      ValueRange{init}, pairAttr(b, {1, 1}),
                      pairAttr(b, dilations))
                      .getResult(0);
    grads.input = dxpad;
    if (same && (top || bottom || left || right)) {
      SmallVector<OpFoldResult> sizes{
          tensor::getMixedSize(b, loc, dxpad, 0),
          b.getIndexAttr(xType.getDimSize(1)),
          b.getIndexAttr(xType.getDimSize(2)), b.getIndexAttr(c)};
      grads.input = tensor::ExtractSliceOp::create(
          b, loc, xType, dxpad, indices(b, {0, top, left, 0}), sizes,
          indices(b, {1, 1, 1, 1}));
    }
  }
  return grads;
}

Value poolBackward(OpBuilder &b, Location loc, Operation *pool, Value dy) {
  bool isMax = isa<MaxPool2DOp>(pool);
  Value x = pool->getOperand(0);
  ArrayRef<int64_t> size = isMax ? cast<MaxPool2DOp>(pool).getSize()
                                 : cast<AvgPool2DOp>(pool).getSize();
  SmallVector<int64_t, 2> strides =
      isMax ? cast<MaxPool2DOp>(pool).getEffectiveStrides()
            : cast<AvgPool2DOp>(pool).getEffectiveStrides();
  Padding padding = isMax ? cast<MaxPool2DOp>(pool).getPadding()
                          : cast<AvgPool2DOp>(pool).getPadding();
  MLIRContext *context = b.getContext();
  RankedTensorType xType = typeOf(x);
  Type elementType = xType.getElementType();
  int64_t oh = typeOf(dy).getDimSize(1), ow = typeOf(dy).getDimSize(2);
  bool same = padding == Padding::same;
  auto [top, bottom] = same ? samePadding(xType.getDimSize(1), size[0],
                                          strides[0], 1)
                            : std::pair<int64_t, int64_t>{0, 0};
  auto [left, right] = same ? samePadding(xType.getDimSize(2), size[1],
                                          strides[1], 1)
                            : std::pair<int64_t, int64_t>{0, 0};
  double fill = isMax ? -std::numeric_limits<double>::infinity() : 0.0;
  Value xpad = same ? padSpatial(b, loc, x, size, strides, {1, 1}, fill) : x;
  RankedTensorType padType = typeOf(xpad);
  auto d = [&](unsigned i) { return getAffineDimExpr(i, context); };
  // Every padded position maps to the window (h / s, w / s); positions past
  // the last full window get no gradient.
  int64_t hp = padType.getDimSize(1), wp = padType.getDimSize(2);
  int64_t coveredH = oh * size[0], coveredW = ow * size[1];

  Value mask;
  Value reciprocal;
  if (isMax) {
    // Index in its window of the first maximum, per output position.
    auto indexType = RankedTensorType::get(typeOf(dy).getShape(),
                                           b.getI64Type());
    SmallVector<Value> sizes = dynamicSizesLike(b, loc, typeOf(dy), dy);
    Value maxInit = filledTensor(b, loc, typeOf(dy), sizes, fill);
    Value indexInit = emptyTensor(b, loc, indexType, sizes);
    indexInit = linalg::FillOp::create(
                    b, loc,
                    arith::ConstantOp::create(b, loc, b.getI64IntegerAttr(0))
                        .getResult(),
                    indexInit)
                    .getResult(0);
    // Loops: (n, oh, ow, c, kh, kw).
    AffineMap xMap = AffineMap::get(
        6, 0,
        {d(0), d(1) * strides[0] + d(4), d(2) * strides[1] + d(5), d(3)},
        context);
    AffineMap outMap = AffineMap::get(6, 0, {d(0), d(1), d(2), d(3)}, context);
    SmallVector<utils::IteratorType> iterators(4,
                                               utils::IteratorType::parallel);
    iterators.append(2, utils::IteratorType::reduction);
    int64_t windowW = size[1];
    // As in linalg's pooling ops, an (unread) window operand gives the
    // window loops their sizes.
    Value windowShape = tensor::EmptyOp::create(b, loc, size, elementType);
    AffineMap windowMap = AffineMap::get(6, 0, {d(4), d(5)}, context);
    auto argmax = linalg::GenericOp::create(
        b, loc, TypeRange{typeOf(dy), indexType}, ValueRange{xpad, windowShape},
        ValueRange{maxInit, indexInit},
        SmallVector<AffineMap>{xMap, windowMap, outMap, outMap}, iterators,
        [&](OpBuilder &n, Location l, ValueRange a) {
          Value index = windowPosition(n, l, 4, 5, windowW);
          Value greater = arith::CmpFOp::create(
              n, l, arith::CmpFPredicate::OGT, a[0], a[2]);
          linalg::YieldOp::create(
              n, l,
              ValueRange{arith::SelectOp::create(n, l, greater, a[0], a[2]),
                         arith::SelectOp::create(n, l, greater, index,
                                                 a[3])});
        });
    mask = argmax.getResult(1);
  } else {
    // The forward divides each window by its number of in-image pixels.
    SmallVector<Attribute> values;
    for (int64_t i = 0; i < oh; ++i)
      for (int64_t j = 0; j < ow; ++j) {
        auto covered = [&](int64_t o, int64_t window, int64_t stride,
                           int64_t low, int64_t extent) {
          int64_t begin = o * stride - low, end = begin + window;
          return std::min(end, extent) - std::max<int64_t>(begin, 0);
        };
        double count = double(
            covered(i, size[0], strides[0], top, xType.getDimSize(1)) *
            covered(j, size[1], strides[1], left, xType.getDimSize(2)));
        values.push_back(b.getFloatAttr(elementType, 1.0 / count));
      }
    reciprocal = arith::ConstantOp::create(
        b, loc,
        DenseElementsAttr::get(RankedTensorType::get({oh, ow}, elementType),
                               values));
  }

  // The gradient of the padded input without the 'same' padding.
  auto unpad = [&](Value dxpad) -> Value {
    if (!same)
      return dxpad;
    SmallVector<OpFoldResult> sizes{tensor::getMixedSize(b, loc, dxpad, 0),
                                    b.getIndexAttr(xType.getDimSize(1)),
                                    b.getIndexAttr(xType.getDimSize(2)),
                                    b.getIndexAttr(xType.getDimSize(3))};
    return tensor::ExtractSliceOp::create(b, loc, xType, dxpad,
                                          indices(b, {0, top, left, 0}), sizes,
                                          indices(b, {1, 1, 1, 1}))
        .getResult();
  };
  auto d4 = [&](unsigned i) { return getAffineDimExpr(i, context); };
  if (strides[0] != size[0] || strides[1] != size[1]) {
    // Windows that overlap (or leave gaps): for each position (i, j) in the
    // window, the gradient of the windows whose maximum (for max pooling)
    // sits there is added into the strided slice of the input that those
    // positions form: dxpad[n, oh*s + i, ow*s + j, c] += contribution.
    SmallVector<Value> batch = dynamicSizesLike(b, loc, padType, xpad);
    Value dxpad = filledTensor(b, loc, padType, batch, 0.0);
    RankedTensorType dyType = typeOf(dy);
    SmallVector<Value> dyBatch = dynamicSizesLike(b, loc, dyType, dy);
    AffineMap identity = b.getMultiDimIdentityMap(4);
    int64_t windowW = size[1];
    for (int64_t i = 0; i < size[0]; ++i)
      for (int64_t j = 0; j < size[1]; ++j) {
        SmallVector<OpFoldResult> offsets = indices(b, {0, i, j, 0});
        SmallVector<OpFoldResult> sizes = tensor::getMixedSizes(b, loc, dy);
        SmallVector<OpFoldResult> steps =
            indices(b, {1, strides[0], strides[1], 1});
        Value slice = tensor::ExtractSliceOp::create(b, loc, dyType, dxpad,
                                                     offsets, sizes, steps);
        int64_t position = i * windowW + j;
        Value sum = elementwise(
            b, loc, dyType, dyBatch,
            isMax ? ValueRange{slice, dy, mask}
                  : ValueRange{slice, dy, reciprocal},
            isMax ? SmallVector<AffineMap>{identity, identity, identity}
                  : SmallVector<AffineMap>{identity, identity,
                                           AffineMap::get(4, 0,
                                                          {d4(1), d4(2)},
                                                          context)},
            [&](OpBuilder &n, Location l, ValueRange a) -> Value {
              Value part;
              if (isMax) {
                Value winner = arith::CmpIOp::create(
                    n, l, arith::CmpIPredicate::eq, a[2],
                    arith::ConstantOp::create(
                        n, l, n.getI64IntegerAttr(position)));
                part = arith::SelectOp::create(
                    n, l, winner, a[1], floatConstant(n, l, elementType, 0.0));
              } else {
                part = arith::MulFOp::create(n, l, a[1], a[2]);
              }
              return arith::AddFOp::create(n, l, a[0], part);
            });
        dxpad = tensor::InsertSliceOp::create(b, loc, sum, dxpad, offsets,
                                              sizes, steps);
      }
    return unpad(dxpad);
  }

  // The gradient of the covered part of the padded input, with each spatial
  // axis split into (window, position in window): loops
  // (n, oh, kh, ow, kw, c), every operand read through a projected
  // permutation. (A floor-division map h / s reads the wrong window once
  // tiling with halos starts a tile at an odd row.)
  SmallVector<Value> batch = dynamicSizesLike(b, loc, typeOf(dy), dy);
  auto splitType = RankedTensorType::get(
      {padType.getDimSize(0), oh, size[0], ow, size[1],
       padType.getDimSize(3)},
      elementType);
  SmallVector<ReassociationIndices> split{{0}, {1, 2}, {3, 4}, {5}};
  AffineMap windowMap = AffineMap::get(6, 0, {d(0), d(1), d(3), d(5)},
                                       context);
  SmallVector<Value> inputs{dy};
  SmallVector<AffineMap> maps{windowMap};
  if (isMax) {
    Value covered = xpad;
    if (hp > coveredH || wp > coveredW)
      covered = tensor::ExtractSliceOp::create(
          b, loc, xpad, indices(b, {0, 0, 0, 0}),
          {tensor::getMixedSize(b, loc, xpad, 0), b.getIndexAttr(coveredH),
           b.getIndexAttr(coveredW), b.getIndexAttr(padType.getDimSize(3))},
          indices(b, {1, 1, 1, 1}));
    SmallVector<OpFoldResult> splitShape{
        tensor::getMixedSize(b, loc, xpad, 0), b.getIndexAttr(oh),
        b.getIndexAttr(size[0]), b.getIndexAttr(ow), b.getIndexAttr(size[1]),
        b.getIndexAttr(padType.getDimSize(3))};
    Value xSplit = tensor::ExpandShapeOp::create(b, loc, splitType, covered,
                                                 split, splitShape);
    inputs = {xSplit, dy, mask};
    maps = {b.getMultiDimIdentityMap(6), windowMap, windowMap};
  } else {
    inputs.push_back(reciprocal);
    maps.push_back(AffineMap::get(6, 0, {d(1), d(3)}, context));
  }
  int64_t windowW = size[1];
  Value dxSplit = elementwise(
      b, loc, splitType, batch, inputs, maps,
      [&](OpBuilder &n, Location l, ValueRange a) -> Value {
        if (!isMax)
          return arith::MulFOp::create(n, l, a[0], a[1]);
        Value zero = floatConstant(n, l, elementType, 0.0);
        Value index = windowPosition(n, l, 2, 4, windowW);
        Value winner = arith::CmpIOp::create(n, l, arith::CmpIPredicate::eq,
                                             index, a[2]);
        return arith::SelectOp::create(n, l, winner, a[1], zero);
      });
  Value dxpad = tensor::CollapseShapeOp::create(b, loc, dxSplit, split);
  // Positions past the last full window get no gradient.
  if (hp > coveredH || wp > coveredW) {
    Value zero = floatConstant(b, loc, elementType, 0.0);
    dxpad = tensor::PadOp::create(
        b, loc, padType, dxpad, indices(b, {0, 0, 0, 0}),
        indices(b, {0, hp - coveredH, wp - coveredW, 0}), zero);
  }
  return unpad(dxpad);
}

} // namespace dlc::lowering
