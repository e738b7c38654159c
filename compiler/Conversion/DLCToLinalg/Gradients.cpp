//===- Gradients.cpp - Building blocks of the gradient rules --------------===//

#include "Conversion/DLCToLinalg/Gradients.h"

#include "mlir/Dialect/Arith/IR/Arith.h"

using namespace mlir;

namespace dlc {

void registerGradientInterfaces(DialectRegistry &registry) {
  registry.addExtension(+[](MLIRContext *context, DLCDialect *) {
    lowering::registerDenseGradients(context);
    lowering::registerConvGradients(context);
    lowering::registerPoolGradients(context);
    lowering::registerRecurrentGradients(context);
    lowering::registerActivationGradients(context);
    lowering::registerShapeGradients(context);
    lowering::registerLossGradients(context);
  });
}

namespace lowering {

SmallVector<OpFoldResult> indexAttrs(OpBuilder &b, ArrayRef<int64_t> values) {
  SmallVector<OpFoldResult> result;
  for (int64_t v : values)
    result.push_back(b.getIndexAttr(v));
  return result;
}

Value pointwise(OpBuilder &b, Location loc, Value like, ValueRange inputs,
                BodyBuilder body) {
  RankedTensorType type = tensorType(like);
  return elementwise(b, loc, type, dynamicSizesLike(b, loc, type, like), inputs,
                     body);
}

Value addTensors(OpBuilder &b, Location loc, Value lhs, Value rhs) {
  return pointwise(b, loc, lhs, ValueRange{lhs, rhs},
                   [](OpBuilder &n, Location l, ValueRange a) -> Value {
                     return arith::AddFOp::create(n, l, a[0], a[1]);
                   });
}

Value mulTensors(OpBuilder &b, Location loc, Value lhs, Value rhs) {
  return pointwise(b, loc, lhs, ValueRange{lhs, rhs},
                   [](OpBuilder &n, Location l, ValueRange a) -> Value {
                     return arith::MulFOp::create(n, l, a[0], a[1]);
                   });
}

Value sumRows(OpBuilder &b, Location loc, Value matrix) {
  RankedTensorType type = tensorType(matrix);
  auto resultType =
      RankedTensorType::get({type.getDimSize(1)}, type.getElementType());
  Value init = filledTensor(b, loc, resultType, {}, 0.0);
  MLIRContext *context = b.getContext();
  SmallVector<AffineMap> maps{
      b.getMultiDimIdentityMap(2),
      AffineMap::get(2, 0, {getAffineDimExpr(1, context)}, context)};
  return linalg::GenericOp::create(
             b, loc, TypeRange{resultType}, ValueRange{matrix},
             ValueRange{init}, maps,
             SmallVector<utils::IteratorType>{utils::IteratorType::reduction,
                                              utils::IteratorType::parallel},
             [](OpBuilder &n, Location l, ValueRange a) {
               linalg::YieldOp::create(
                   n, l, arith::AddFOp::create(n, l, a[0], a[1]).getResult());
             })
      .getResult(0);
}

Value activationGrad(OpBuilder &b, Location loc, Activation activation,
                     double slope, Value y, Value g) {
  Type elementType = tensorType(y).getElementType();
  switch (activation) {
  case Activation::identity:
    return g;
  case Activation::softmax: {
    // y * (g - sum(g * y)) along the last axis.
    Value sums = reduceLastAxis(
        b, loc, mulTensors(b, loc, g, y), 0.0,
        [](OpBuilder &n, Location l, ValueRange a) {
          return arith::AddFOp::create(n, l, a[0], a[1]).getResult();
        });
    int64_t rank = tensorType(y).getRank();
    SmallVector<AffineExpr> rowExprs;
    for (int64_t i = 0; i < rank - 1; ++i)
      rowExprs.push_back(b.getAffineDimExpr(i));
    AffineMap identity = b.getMultiDimIdentityMap(rank);
    AffineMap row = AffineMap::get(rank, 0, rowExprs, b.getContext());
    return elementwise(
        b, loc, tensorType(y), dynamicSizesLike(b, loc, tensorType(y), y),
        ValueRange{y, g, sums}, {identity, identity, row},
        [](OpBuilder &n, Location l, ValueRange a) -> Value {
          return arith::MulFOp::create(n, l, a[0],
                                       arith::SubFOp::create(n, l, a[1], a[2]));
        });
  }
  default:
    break;
  }
  return pointwise(
      b, loc, y, ValueRange{y, g},
      [&](OpBuilder &n, Location l, ValueRange a) -> Value {
        Value yv = a[0], gv = a[1];
        Value zero = floatConstant(n, l, elementType, 0.0);
        Value one = floatConstant(n, l, elementType, 1.0);
        switch (activation) {
        case Activation::relu: {
          Value positive =
              arith::CmpFOp::create(n, l, arith::CmpFPredicate::OGT, yv, zero);
          return arith::SelectOp::create(n, l, positive, gv, zero);
        }
        case Activation::leaky_relu: {
          Value positive =
              arith::CmpFOp::create(n, l, arith::CmpFPredicate::OGT, yv, zero);
          Value scaled = arith::MulFOp::create(
              n, l, gv, floatConstant(n, l, elementType, slope));
          return arith::SelectOp::create(n, l, positive, gv, scaled);
        }
        case Activation::sigmoid: {
          Value d = arith::MulFOp::create(n, l, yv,
                                          arith::SubFOp::create(n, l, one, yv));
          return arith::MulFOp::create(n, l, gv, d);
        }
        case Activation::tanh: {
          Value d = arith::SubFOp::create(n, l, one,
                                          arith::MulFOp::create(n, l, yv, yv));
          return arith::MulFOp::create(n, l, gv, d);
        }
        default:
          return gv;
        }
      });
}

Value layerPreActivationGrad(OpBuilder &b, AdjointState &state,
                             Operation *layer, Activation activation, Value y) {
  Value dz;
  if (Value g = state.gradOf(y))
    dz = activationGrad(b, layer->getLoc(), activation, kDefaultLeakyReluSlope,
                        y, g);
  Value direct = state.preActivationGrad(layer);
  if (!direct)
    return dz;
  return dz ? addTensors(b, layer->getLoc(), dz, direct) : direct;
}

} // namespace lowering
} // namespace dlc
