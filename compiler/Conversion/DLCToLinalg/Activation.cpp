//===- Activation.cpp - Lower dlc.activation, dlc.add and dlc.mul ---------===//

#include "Conversion/DLCToLinalg/Builders.h"

#include "mlir/Dialect/Arith/IR/Arith.h"

using namespace mlir;

namespace dlc::lowering {
namespace {

struct LowerActivation : public OpRewritePattern<ActivationOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(ActivationOp op,
                                PatternRewriter &rewriter) const override {
    rewriter.replaceOp(op, applyActivation(rewriter, op.getLoc(),
                                           op.getInput(), op.getKind(),
                                           op.getLeakyReluSlope()));
    return success();
  }
};

template <typename OpTy, typename ArithOp>
struct LowerBinary : public OpRewritePattern<OpTy> {
  using OpRewritePattern<OpTy>::OpRewritePattern;

  LogicalResult matchAndRewrite(OpTy op,
                                PatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    auto type = cast<RankedTensorType>(op.getType());
    Value result = elementwise(
        rewriter, loc, type, dynamicSizesLike(rewriter, loc, type, op.getLhs()),
        ValueRange{op.getLhs(), op.getRhs()},
        [](OpBuilder &b, Location nestedLoc, ValueRange args) -> Value {
          return ArithOp::create(b, nestedLoc, args[0], args[1]);
        });
    rewriter.replaceOp(op, result);
    return success();
  }
};

} // namespace

void populateActivationLoweringPatterns(RewritePatternSet &patterns) {
  patterns.add<LowerActivation, LowerBinary<AddOp, arith::AddFOp>,
               LowerBinary<MulOp, arith::MulFOp>>(patterns.getContext());
}

} // namespace dlc::lowering
