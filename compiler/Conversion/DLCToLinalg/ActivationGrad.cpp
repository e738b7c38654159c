//===- ActivationGrad.cpp - Gradient of dlc.activation --------------------===//

#include "Conversion/DLCToLinalg/Gradients.h"

using namespace mlir;

namespace dlc::lowering {
namespace {

/// dx = dy act'(y), from the output y.
struct ActivationGradient {
  static LogicalResult apply(ActivationOp op, OpBuilder &b,
                             AdjointState &state) {
    state.accumulate(op.getInput(),
                     activationGrad(b, op.getLoc(), op.getKind(),
                                    op.getLeakyReluSlope(), op.getResult(),
                                    state.gradOf(op.getResult())));
    return success();
  }
};

} // namespace

void registerActivationGradients(MLIRContext *context) {
  ActivationOp::attachInterface<
      GradientModel<ActivationOp, ActivationGradient>>(*context);
}

} // namespace dlc::lowering
