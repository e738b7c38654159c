//===- Shape.cpp - Lower dlc.flatten, dlc.reshape and dlc.concat ----------===//

#include "Conversion/DLCToLinalg/Builders.h"

#include "mlir/Dialect/Tensor/IR/Tensor.h"

using namespace mlir;

namespace dlc::lowering {
namespace {
/// All axes but the batch axis in one group: {{0}, {1, ..., rank - 1}}.
SmallVector<ReassociationIndices> batchAndRest(int64_t rank) {
  ReassociationIndices rest;
  for (int64_t i = 1; i < rank; ++i)
    rest.push_back(i);
  return {{0}, rest};
}
} // namespace

/// [N, ...] -> [N, P]; a rank-1 [N] becomes [N, 1].
Value toBatchMatrix(OpBuilder &b, Location loc, Value value) {
  auto type = cast<RankedTensorType>(value.getType());
  int64_t rank = type.getRank();
  if (rank == 2)
    return value;
  if (rank > 2)
    return tensor::CollapseShapeOp::create(b, loc, value, batchAndRest(rank));
  auto matrixType = RankedTensorType::get({type.getDimSize(0), 1},
                                          type.getElementType());
  SmallVector<OpFoldResult> shape{tensor::getMixedSize(b, loc, value, 0),
                                  b.getIndexAttr(1)};
  return tensor::ExpandShapeOp::create(
      b, loc, matrixType, value, SmallVector<ReassociationIndices>{{0, 1}},
      shape);
}

/// [N, P] -> the result type of a reshape: [N], [N, P] or [N, a, b, ...].
Value fromBatchMatrix(OpBuilder &b, Location loc, Value matrix,
                      RankedTensorType type) {
  int64_t rank = type.getRank();
  if (rank == 2)
    return matrix;
  if (rank == 1)
    return tensor::CollapseShapeOp::create(
        b, loc, type, matrix, SmallVector<ReassociationIndices>{{0, 1}});
  SmallVector<OpFoldResult> shape{tensor::getMixedSize(b, loc, matrix, 0)};
  for (int64_t dim : type.getShape().drop_front())
    shape.push_back(b.getIndexAttr(dim));
  return tensor::ExpandShapeOp::create(b, loc, type, matrix,
                                       batchAndRest(rank), shape);
}

namespace {

struct LowerFlatten : public OpRewritePattern<FlattenOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(FlattenOp op,
                                PatternRewriter &rewriter) const override {
    rewriter.replaceOp(op,
                       toBatchMatrix(rewriter, op.getLoc(), op.getInput()));
    return success();
  }
};

struct LowerReshape : public OpRewritePattern<ReshapeOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(ReshapeOp op,
                                PatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    Value matrix = toBatchMatrix(rewriter, loc, op.getInput());
    rewriter.replaceOp(op, fromBatchMatrix(rewriter, loc, matrix,
                                           cast<RankedTensorType>(
                                               op.getType())));
    return success();
  }
};

/// Concatenation as insertions of each input into one tensor.
struct LowerConcat : public OpRewritePattern<ConcatOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(ConcatOp op,
                                PatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    auto type = cast<RankedTensorType>(op.getType());
    int64_t axis = op.getAxis();
    Value result = emptyTensor(
        rewriter, loc, type,
        dynamicSizesLike(rewriter, loc, type, op.getInputs().front()));
    int64_t offset = 0;
    for (Value input : op.getInputs()) {
      auto inputType = cast<RankedTensorType>(input.getType());
      SmallVector<OpFoldResult> offsets(type.getRank(),
                                        rewriter.getIndexAttr(0));
      offsets[axis] = rewriter.getIndexAttr(offset);
      SmallVector<OpFoldResult> sizes =
          tensor::getMixedSizes(rewriter, loc, input);
      SmallVector<OpFoldResult> strides(type.getRank(),
                                        rewriter.getIndexAttr(1));
      result = tensor::InsertSliceOp::create(rewriter, loc, input, result,
                                             offsets, sizes, strides);
      offset += inputType.getDimSize(axis);
    }
    rewriter.replaceOp(op, result);
    return success();
  }
};

} // namespace

void populateShapeLoweringPatterns(RewritePatternSet &patterns) {
  patterns.add<LowerFlatten, LowerReshape, LowerConcat>(patterns.getContext());
}

} // namespace dlc::lowering
