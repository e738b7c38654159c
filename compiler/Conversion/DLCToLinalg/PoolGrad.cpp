//===- PoolGrad.cpp - Gradients of dlc.max_pool2d and dlc.avg_pool2d ------===//

#include "Conversion/DLCToLinalg/Gradients.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"

#include <limits>

using namespace mlir;

namespace dlc::lowering {
namespace {

/// The type of a position in a pooling window: i32, as wide as the f32
/// values it sits next to in vectors (i64 halved the vectors of the CNN's
/// pooling backward, a tenth of its training step).
Type positionType(OpBuilder &b) { return b.getI32Type(); }

/// Inside a linalg body: the flat position row * windowW + col in a pooling
/// window, where row and col are the loops `rowDim` and `colDim`.
Value windowPosition(OpBuilder &n, Location l, unsigned rowDim, unsigned colDim,
                     int64_t windowW) {
  Value row = linalg::IndexOp::create(n, l, rowDim);
  Value col = linalg::IndexOp::create(n, l, colDim);
  Value flat = arith::AddIOp::create(
      n, l,
      arith::MulIOp::create(n, l, row,
                            arith::ConstantIndexOp::create(n, l, windowW)),
      col);
  return arith::IndexCastOp::create(n, l, positionType(n), flat);
}

/// Gradient of a max or average pooling op's input given `dy`: max pooling
/// routes each window's gradient to the first maximum of the window.
/// Windows equal to the strides take one fused op over (window, position in
/// window); windows that overlap or leave gaps add each window position's
/// share into a strided slice of the input, one position at a time.
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
  RankedTensorType xType = tensorType(x);
  Type elementType = xType.getElementType();
  int64_t oh = tensorType(dy).getDimSize(1), ow = tensorType(dy).getDimSize(2);
  bool same = padding == Padding::same;
  auto [top, bottom] =
      same ? samePadding(xType.getDimSize(1), size[0], strides[0], 1)
           : std::pair<int64_t, int64_t>{0, 0};
  auto [left, right] =
      same ? samePadding(xType.getDimSize(2), size[1], strides[1], 1)
           : std::pair<int64_t, int64_t>{0, 0};
  double fill = isMax ? -std::numeric_limits<double>::infinity() : 0.0;
  Value xpad = same ? padSpatial(b, loc, x, size, strides, {1, 1}, fill) : x;
  RankedTensorType padType = tensorType(xpad);
  auto d = [&](unsigned i) { return getAffineDimExpr(i, context); };
  // Every padded position maps to the window (h / s, w / s); positions past
  // the last full window get no gradient.
  int64_t hp = padType.getDimSize(1), wp = padType.getDimSize(2);
  int64_t coveredH = oh * size[0], coveredW = ow * size[1];

  Value mask;
  Value reciprocal;
  if (isMax) {
    // Index in its window of the first maximum, per output position.
    auto indexType =
        RankedTensorType::get(tensorType(dy).getShape(), positionType(b));
    SmallVector<Value> sizes = dynamicSizesLike(b, loc, tensorType(dy), dy);
    Value maxInit = filledTensor(b, loc, tensorType(dy), sizes, fill);
    Value indexInit = emptyTensor(b, loc, indexType, sizes);
    indexInit =
        linalg::FillOp::create(b, loc,
                               arith::ConstantOp::create(
                                   b, loc, b.getIntegerAttr(positionType(b), 0))
                                   .getResult(),
                               indexInit)
            .getResult(0);
    // Loops: (n, oh, ow, c, kh, kw).
    AffineMap xMap = AffineMap::get(
        6, 0, {d(0), d(1) * strides[0] + d(4), d(2) * strides[1] + d(5), d(3)},
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
        b, loc, TypeRange{tensorType(dy), indexType},
        ValueRange{xpad, windowShape}, ValueRange{maxInit, indexInit},
        SmallVector<AffineMap>{xMap, windowMap, outMap, outMap}, iterators,
        [&](OpBuilder &n, Location l, ValueRange a) {
          Value index = windowPosition(n, l, 4, 5, windowW);
          Value greater = arith::CmpFOp::create(n, l, arith::CmpFPredicate::OGT,
                                                a[0], a[2]);
          linalg::YieldOp::create(
              n, l,
              ValueRange{arith::SelectOp::create(n, l, greater, a[0], a[2]),
                         arith::SelectOp::create(n, l, greater, index, a[3])});
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
        double count =
            double(covered(i, size[0], strides[0], top, xType.getDimSize(1)) *
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
                                          indexAttrs(b, {0, top, left, 0}),
                                          sizes, indexAttrs(b, {1, 1, 1, 1}))
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
    RankedTensorType dyType = tensorType(dy);
    SmallVector<Value> dyBatch = dynamicSizesLike(b, loc, dyType, dy);
    AffineMap identity = b.getMultiDimIdentityMap(4);
    int64_t windowW = size[1];
    for (int64_t i = 0; i < size[0]; ++i)
      for (int64_t j = 0; j < size[1]; ++j) {
        SmallVector<OpFoldResult> offsets = indexAttrs(b, {0, i, j, 0});
        SmallVector<OpFoldResult> sizes = tensor::getMixedSizes(b, loc, dy);
        SmallVector<OpFoldResult> steps =
            indexAttrs(b, {1, strides[0], strides[1], 1});
        Value slice = tensor::ExtractSliceOp::create(b, loc, dyType, dxpad,
                                                     offsets, sizes, steps);
        int64_t position = i * windowW + j;
        Value sum = elementwise(
            b, loc, dyType, dyBatch,
            isMax ? ValueRange{slice, dy, mask}
                  : ValueRange{slice, dy, reciprocal},
            isMax ? SmallVector<AffineMap>{identity, identity, identity}
                  : SmallVector<AffineMap>{identity, identity,
                                           AffineMap::get(4, 0, {d4(1), d4(2)},
                                                          context)},
            [&](OpBuilder &n, Location l, ValueRange a) -> Value {
              Value part;
              if (isMax) {
                Value winner = arith::CmpIOp::create(
                    n, l, arith::CmpIPredicate::eq, a[2],
                    arith::ConstantOp::create(
                        n, l, n.getIntegerAttr(positionType(n), position)));
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
  SmallVector<Value> batch = dynamicSizesLike(b, loc, tensorType(dy), dy);
  auto splitType = RankedTensorType::get(
      {padType.getDimSize(0), oh, size[0], ow, size[1], padType.getDimSize(3)},
      elementType);
  SmallVector<ReassociationIndices> split{{0}, {1, 2}, {3, 4}, {5}};
  AffineMap windowMap = AffineMap::get(6, 0, {d(0), d(1), d(3), d(5)}, context);
  SmallVector<Value> inputs{dy};
  SmallVector<AffineMap> maps{windowMap};
  if (isMax) {
    Value covered = xpad;
    if (hp > coveredH || wp > coveredW)
      covered = tensor::ExtractSliceOp::create(
          b, loc, xpad, indexAttrs(b, {0, 0, 0, 0}),
          {tensor::getMixedSize(b, loc, xpad, 0), b.getIndexAttr(coveredH),
           b.getIndexAttr(coveredW), b.getIndexAttr(padType.getDimSize(3))},
          indexAttrs(b, {1, 1, 1, 1}));
    SmallVector<OpFoldResult> splitShape{tensor::getMixedSize(b, loc, xpad, 0),
                                         b.getIndexAttr(oh),
                                         b.getIndexAttr(size[0]),
                                         b.getIndexAttr(ow),
                                         b.getIndexAttr(size[1]),
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
  Value dxSplit =
      elementwise(b, loc, splitType, batch, inputs, maps,
                  [&](OpBuilder &n, Location l, ValueRange a) -> Value {
                    if (!isMax)
                      return arith::MulFOp::create(n, l, a[0], a[1]);
                    Value zero = floatConstant(n, l, elementType, 0.0);
                    Value index = windowPosition(n, l, 2, 4, windowW);
                    Value winner = arith::CmpIOp::create(
                        n, l, arith::CmpIPredicate::eq, index, a[2]);
                    return arith::SelectOp::create(n, l, winner, a[1], zero);
                  });
  Value dxpad = tensor::CollapseShapeOp::create(b, loc, dxSplit, split);
  // Positions past the last full window get no gradient.
  if (hp > coveredH || wp > coveredW) {
    Value zero = floatConstant(b, loc, elementType, 0.0);
    dxpad = tensor::PadOp::create(
        b, loc, padType, dxpad, indexAttrs(b, {0, 0, 0, 0}),
        indexAttrs(b, {0, hp - coveredH, wp - coveredW, 0}), zero);
  }
  return unpad(dxpad);
}

template <typename OpTy> struct PoolGradient {
  static LogicalResult apply(OpTy op, OpBuilder &b, AdjointState &state) {
    state.accumulate(op.getInput(), poolBackward(b, op.getLoc(), op,
                                                 state.gradOf(op.getResult())));
    return success();
  }
};

} // namespace

void registerPoolGradients(MLIRContext *context) {
  MaxPool2DOp::attachInterface<
      GradientModel<MaxPool2DOp, PoolGradient<MaxPool2DOp>>>(*context);
  AvgPool2DOp::attachInterface<
      GradientModel<AvgPool2DOp, PoolGradient<AvgPool2DOp>>>(*context);
}

} // namespace dlc::lowering
