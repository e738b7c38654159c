//===- Builders.cpp - IR building blocks for lowering dlc to linalg -------===//

#include "Conversion/DLCToLinalg/Builders.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"

#include <limits>

using namespace mlir;

namespace dlc::lowering {

SmallVector<Value> dynamicSizesLike(OpBuilder &b, Location loc,
                                    RankedTensorType type, Value source) {
  SmallVector<Value> sizes;
  for (auto [axis, dim] : llvm::enumerate(type.getShape()))
    if (ShapedType::isDynamic(dim))
      sizes.push_back(tensor::DimOp::create(b, loc, source, axis));
  return sizes;
}

Value emptyTensor(OpBuilder &b, Location loc, RankedTensorType type,
                  ValueRange dynamicSizes) {
  return tensor::EmptyOp::create(b, loc, type.getShape(),
                                 type.getElementType(), dynamicSizes);
}

Value floatConstant(OpBuilder &b, Location loc, Type type, double value) {
  return arith::ConstantOp::create(b, loc, type, b.getFloatAttr(type, value));
}

Value filledTensor(OpBuilder &b, Location loc, RankedTensorType type,
                   ValueRange dynamicSizes, double value) {
  Value empty = emptyTensor(b, loc, type, dynamicSizes);
  Value scalar = floatConstant(b, loc, type.getElementType(), value);
  return linalg::FillOp::create(b, loc, scalar, empty).getResult(0);
}

Value elementwise(OpBuilder &b, Location loc, RankedTensorType resultType,
                  ValueRange dynamicSizes, ValueRange inputs,
                  ArrayRef<AffineMap> inputMaps, BodyBuilder body) {
  SmallVector<AffineMap> maps(inputMaps);
  maps.push_back(b.getMultiDimIdentityMap(resultType.getRank()));
  SmallVector<utils::IteratorType> iterators(resultType.getRank(),
                                             utils::IteratorType::parallel);
  Value init = emptyTensor(b, loc, resultType, dynamicSizes);
  auto generic = linalg::GenericOp::create(
      b, loc, TypeRange{resultType}, inputs, ValueRange{init}, maps, iterators,
      [&](OpBuilder &nested, Location nestedLoc, ValueRange args) {
        Value result = body(nested, nestedLoc, args.drop_back());
        linalg::YieldOp::create(nested, nestedLoc, result);
      });
  return generic.getResult(0);
}

Value elementwise(OpBuilder &b, Location loc, RankedTensorType resultType,
                  ValueRange dynamicSizes, ValueRange inputs,
                  BodyBuilder body) {
  SmallVector<AffineMap> maps(inputs.size(),
                              b.getMultiDimIdentityMap(resultType.getRank()));
  return elementwise(b, loc, resultType, dynamicSizes, inputs, maps, body);
}

Value broadcastLastAxis(OpBuilder &b, Location loc, Value vector,
                        RankedTensorType type, ValueRange dynamicSizes) {
  int64_t rank = type.getRank();
  AffineMap map = AffineMap::get(rank, 0, b.getAffineDimExpr(rank - 1));
  return elementwise(b, loc, type, dynamicSizes, vector, map,
                     [](OpBuilder &, Location, ValueRange args) {
                       return args[0];
                     });
}

Value scalarActivation(OpBuilder &b, Location loc, Activation activation,
                       Value x, double leakyReluSlope) {
  Type type = x.getType();
  switch (activation) {
  case Activation::identity:
    return x;
  case Activation::relu:
    return arith::MaximumFOp::create(b, loc, x, floatConstant(b, loc, type, 0));
  case Activation::leaky_relu: {
    Value zero = floatConstant(b, loc, type, 0);
    Value scaled = arith::MulFOp::create(
        b, loc, x, floatConstant(b, loc, type, leakyReluSlope));
    Value positive =
        arith::CmpFOp::create(b, loc, arith::CmpFPredicate::OGT, x, zero);
    return arith::SelectOp::create(b, loc, positive, x, scaled);
  }
  case Activation::sigmoid: {
    // 1 / (1 + exp(-x)): exp overflows to inf for very negative x, which
    // gives the right limit 0.
    Value one = floatConstant(b, loc, type, 1);
    Value negated = arith::NegFOp::create(b, loc, x);
    Value denominator =
        arith::AddFOp::create(b, loc, one, math::ExpOp::create(b, loc, negated));
    return arith::DivFOp::create(b, loc, one, denominator);
  }
  case Activation::tanh:
    return math::TanhOp::create(b, loc, x);
  case Activation::softmax:
    break;
  }
  llvm_unreachable("softmax is not pointwise");
}

Value reduceLastAxis(OpBuilder &b, Location loc, Value input, double init,
                     BodyBuilder combine) {
  auto type = cast<RankedTensorType>(input.getType());
  int64_t rank = type.getRank();
  auto resultType = RankedTensorType::get(type.getShape().drop_back(),
                                          type.getElementType());
  Value acc = filledTensor(b, loc, resultType,
                           dynamicSizesLike(b, loc, resultType, input), init);
  SmallVector<AffineExpr> outputExprs;
  for (int64_t i = 0; i < rank - 1; ++i)
    outputExprs.push_back(b.getAffineDimExpr(i));
  SmallVector<AffineMap> maps{
      b.getMultiDimIdentityMap(rank),
      AffineMap::get(rank, 0, outputExprs, b.getContext())};
  SmallVector<utils::IteratorType> iterators(rank,
                                             utils::IteratorType::parallel);
  iterators.back() = utils::IteratorType::reduction;
  return linalg::GenericOp::create(
             b, loc, TypeRange{resultType}, ValueRange{input},
             ValueRange{acc}, maps, iterators,
             [&](OpBuilder &nested, Location nestedLoc, ValueRange args) {
               linalg::YieldOp::create(nested, nestedLoc,
                                       combine(nested, nestedLoc, args));
             })
      .getResult(0);
}

Value sumAll(OpBuilder &b, Location loc, Value input) {
  auto type = cast<RankedTensorType>(input.getType());
  int64_t rank = type.getRank();
  auto resultType = RankedTensorType::get({}, type.getElementType());
  Value acc = filledTensor(b, loc, resultType, {}, 0.0);
  SmallVector<AffineMap> maps{b.getMultiDimIdentityMap(rank),
                              AffineMap::get(rank, 0, {}, b.getContext())};
  SmallVector<utils::IteratorType> iterators(rank,
                                             utils::IteratorType::reduction);
  return linalg::GenericOp::create(
             b, loc, TypeRange{resultType}, ValueRange{input},
             ValueRange{acc}, maps, iterators,
             [&](OpBuilder &nested, Location nestedLoc, ValueRange args) {
               Value sum =
                   arith::AddFOp::create(nested, nestedLoc, args[0], args[1]);
               linalg::YieldOp::create(nested, nestedLoc, sum);
             })
      .getResult(0);
}

Value applyActivation(OpBuilder &b, Location loc, Value input,
                      Activation activation, double leakyReluSlope) {
  if (activation == Activation::identity)
    return input;
  auto type = cast<RankedTensorType>(input.getType());
  SmallVector<Value> sizes = dynamicSizesLike(b, loc, type, input);
  if (activation != Activation::softmax)
    return elementwise(b, loc, type, sizes, input,
                       [&](OpBuilder &nested, Location nestedLoc,
                           ValueRange args) {
                         return scalarActivation(nested, nestedLoc, activation,
                                                 args[0], leakyReluSlope);
                       });

  // softmax(x) = exp(x - max(x)) / sum(exp(x - max(x))) along the last axis.
  int64_t rank = type.getRank();
  SmallVector<AffineExpr> rowExprs;
  for (int64_t i = 0; i < rank - 1; ++i)
    rowExprs.push_back(b.getAffineDimExpr(i));
  AffineMap identity = b.getMultiDimIdentityMap(rank);
  AffineMap row = AffineMap::get(rank, 0, rowExprs, b.getContext());
  Value max = reduceLastAxis(
      b, loc, input, -std::numeric_limits<double>::infinity(),
      [](OpBuilder &nested, Location nestedLoc, ValueRange args) {
        return arith::MaximumFOp::create(nested, nestedLoc, args[0], args[1]);
      });
  Value exps = elementwise(
      b, loc, type, sizes, ValueRange{input, max}, {identity, row},
      [](OpBuilder &nested, Location nestedLoc, ValueRange args) {
        Value shifted =
            arith::SubFOp::create(nested, nestedLoc, args[0], args[1]);
        return math::ExpOp::create(nested, nestedLoc, shifted);
      });
  Value sums = reduceLastAxis(
      b, loc, exps, 0.0,
      [](OpBuilder &nested, Location nestedLoc, ValueRange args) {
        return arith::AddFOp::create(nested, nestedLoc, args[0], args[1]);
      });
  return elementwise(
      b, loc, type, sizes, ValueRange{exps, sums}, {identity, row},
      [](OpBuilder &nested, Location nestedLoc, ValueRange args) {
        return arith::DivFOp::create(nested, nestedLoc, args[0], args[1]);
      });
}

Value dimAsFloat(OpBuilder &b, Location loc, Value value, int64_t axis,
                 Type type) {
  Value dim = tensor::DimOp::create(b, loc, value, axis);
  Value asInt = arith::IndexCastOp::create(b, loc, b.getI64Type(), dim);
  return arith::SIToFPOp::create(b, loc, type, asInt);
}

Value collapseLeadingAxes(OpBuilder &b, Location loc, Value value) {
  auto type = cast<RankedTensorType>(value.getType());
  int64_t rank = type.getRank();
  if (rank <= 2)
    return value;
  ReassociationIndices leading;
  for (int64_t i = 0; i < rank - 1; ++i)
    leading.push_back(i);
  return tensor::CollapseShapeOp::create(
      b, loc, value,
      SmallVector<ReassociationIndices>{leading, {rank - 1}});
}

Value expandLeadingAxes(OpBuilder &b, Location loc, Value value,
                        RankedTensorType type, Value like) {
  int64_t rank = type.getRank();
  if (rank <= 2)
    return value;
  ReassociationIndices leading;
  for (int64_t i = 0; i < rank - 1; ++i)
    leading.push_back(i);
  SmallVector<OpFoldResult> shape;
  for (auto [axis, dim] : llvm::enumerate(type.getShape())) {
    if (ShapedType::isDynamic(dim))
      shape.push_back(
          tensor::DimOp::create(b, loc, like, axis).getResult());
    else
      shape.push_back(b.getIndexAttr(dim));
  }
  return tensor::ExpandShapeOp::create(
      b, loc, type, value,
      SmallVector<ReassociationIndices>{leading, {rank - 1}}, shape);
}

bool canCollapseLeadingAxes(RankedTensorType type) {
  return llvm::count_if(type.getShape().drop_back(), ShapedType::isDynamic) <=
         1;
}

Value contractLastAxis(OpBuilder &b, Location loc, Value x, Value w,
                       Value init) {
  auto initType = cast<RankedTensorType>(init.getType());
  int64_t rank = initType.getRank(); // loops: leading..., n, k
  MLIRContext *context = b.getContext();
  SmallVector<AffineExpr> xExprs, outExprs;
  for (int64_t i = 0; i < rank - 1; ++i) {
    xExprs.push_back(getAffineDimExpr(i, context));
    outExprs.push_back(getAffineDimExpr(i, context));
  }
  AffineExpr n = getAffineDimExpr(rank - 1, context);
  AffineExpr k = getAffineDimExpr(rank, context);
  xExprs.push_back(k);
  outExprs.push_back(n);
  SmallVector<AffineMap> maps{
      AffineMap::get(rank + 1, 0, xExprs, context),
      AffineMap::get(rank + 1, 0, {k, n}, context),
      AffineMap::get(rank + 1, 0, outExprs, context)};
  SmallVector<utils::IteratorType> iterators(rank,
                                             utils::IteratorType::parallel);
  iterators.push_back(utils::IteratorType::reduction);
  return linalg::GenericOp::create(
             b, loc, TypeRange{initType}, ValueRange{x, w}, ValueRange{init},
             maps, iterators,
             [](OpBuilder &nested, Location l, ValueRange args) {
               Value product =
                   arith::MulFOp::create(nested, l, args[0], args[1]);
               linalg::YieldOp::create(
                   nested, l,
                   arith::AddFOp::create(nested, l, args[2], product)
                       .getResult());
             })
      .getResult(0);
}

Value matmul(OpBuilder &b, Location loc, Value a, Value w, Value init) {
  auto aType = cast<RankedTensorType>(a.getType());
  auto wType = cast<RankedTensorType>(w.getType());
  auto resultType = RankedTensorType::get(
      {aType.getDimSize(0), wType.getDimSize(1)}, aType.getElementType());
  if (!init)
    init = filledTensor(b, loc, resultType,
                        dynamicSizesLike(b, loc, resultType, a), 0.0);
  return linalg::MatmulOp::create(b, loc, TypeRange{resultType},
                                  ValueRange{a, w}, ValueRange{init})
      .getResult(0);
}

Value matmulTransposedA(OpBuilder &b, Location loc, Value a, Value w,
                        Value init) {
  auto aType = cast<RankedTensorType>(a.getType());
  auto wType = cast<RankedTensorType>(w.getType());
  auto resultType = RankedTensorType::get(
      {aType.getDimSize(1), wType.getDimSize(1)}, aType.getElementType());
  if (!init) {
    SmallVector<Value> sizes;
    if (resultType.isDynamicDim(0))
      sizes.push_back(tensor::DimOp::create(b, loc, a, 1));
    if (resultType.isDynamicDim(1))
      sizes.push_back(tensor::DimOp::create(b, loc, w, 1));
    init = filledTensor(b, loc, resultType, sizes, 0.0);
  }
  MLIRContext *context = b.getContext();
  AffineExpr m, n, k;
  bindDims(context, m, n, k);
  auto map = [&](ArrayRef<AffineExpr> results) -> Attribute {
    return AffineMapAttr::get(AffineMap::get(3, 0, results, context));
  };
  NamedAttribute maps(b.getStringAttr("indexing_maps"),
                      b.getArrayAttr({map({k, m}), map({k, n}), map({m, n})}));
  return linalg::MatmulOp::create(b, loc, TypeRange{resultType},
                                  ValueRange{a, w}, ValueRange{init}, {maps})
      .getResult(0);
}

Value transpose2D(OpBuilder &b, Location loc, Value value) {
  auto type = cast<RankedTensorType>(value.getType());
  auto resultType = RankedTensorType::get(
      {type.getDimSize(1), type.getDimSize(0)}, type.getElementType());
  SmallVector<Value> sizes;
  if (resultType.isDynamicDim(0))
    sizes.push_back(tensor::DimOp::create(b, loc, value, 1));
  if (resultType.isDynamicDim(1))
    sizes.push_back(tensor::DimOp::create(b, loc, value, 0));
  Value init = emptyTensor(b, loc, resultType, sizes);
  return linalg::TransposeOp::create(b, loc, value, init,
                                     ArrayRef<int64_t>{1, 0})
      .getResult()[0];
}

} // namespace dlc::lowering
