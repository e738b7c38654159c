//===- Dense.cpp - Lower dlc.dense ----------------------------------------===//

#include "Conversion/DLCToLinalg/Builders.h"

#include "mlir/Dialect/Arith/IR/Arith.h"

using namespace mlir;

namespace dlc::lowering {
namespace {

/// Lowers a dense layer to a matmul that accumulates onto the broadcast bias
/// (so the bias costs no extra pass), then one elementwise op for the
/// activation. Inputs of rank > 2 are collapsed to [M, K] and back.
struct LowerDense : public OpRewritePattern<DenseOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(DenseOp op,
                                PatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    auto resultType = cast<RankedTensorType>(op.getType());
    if (!canCollapseLeadingAxes(op.getInput().getType())) {
      SmallVector<Value> sizes =
          dynamicSizesLike(rewriter, loc, resultType, op.getInput());
      Value init = op.getBias() ? broadcastLastAxis(rewriter, loc,
                                                    op.getBias(), resultType,
                                                    sizes)
                                : filledTensor(rewriter, loc, resultType,
                                               sizes, 0.0);
      Value product = contractLastAxis(rewriter, loc, op.getInput(),
                                       op.getKernel(), init);
      rewriter.replaceOp(op, applyActivation(rewriter, loc, product,
                                             op.getActivation(), 0.2));
      return success();
    }
    Value input = collapseLeadingAxes(rewriter, loc, op.getInput());
    auto inputType = cast<RankedTensorType>(input.getType());
    auto flatType = RankedTensorType::get(
        {inputType.getDimSize(0), resultType.getShape().back()},
        resultType.getElementType());
    SmallVector<Value> sizes =
        dynamicSizesLike(rewriter, loc, flatType, input);

    Value init;
    if (op.getBias())
      init = broadcastLastAxis(rewriter, loc, op.getBias(), flatType, sizes);
    Value product = matmul(rewriter, loc, input, op.getKernel(), init);
    Value activated = applyActivation(rewriter, loc, product,
                                      op.getActivation(), 0.2);
    rewriter.replaceOp(op, expandLeadingAxes(rewriter, loc, activated,
                                             resultType, op.getInput()));
    return success();
  }
};

} // namespace

void populateDenseLoweringPatterns(RewritePatternSet &patterns) {
  patterns.add<LowerDense>(patterns.getContext());
}

} // namespace dlc::lowering
