//===- DenseGrad.cpp - Gradient of dlc.dense ------------------------------===//

#include "Conversion/DLCToLinalg/Gradients.h"

using namespace mlir;

namespace dlc::lowering {
namespace {

/// y = act(x . W + b): dz = dy act'(y); dx = dz W^T, dW = x^T dz,
/// db = column sums of dz (leading axes of x collapsed into the batch).
struct DenseGradient {
  static LogicalResult apply(DenseOp op, OpBuilder &b, AdjointState &state) {
    Location loc = op.getLoc();
    Value dz = layerPreActivationGrad(b, state, op, op.getActivation(),
                                      op.getResult());
    if (!dz)
      return success();
    if (!canCollapseLeadingAxes(op.getInput().getType()))
      return state.unsupported(op, "training through a dense layer whose "
                                   "input has several dynamic axes is not "
                                   "supported yet");
    Value x2 = collapseLeadingAxes(b, loc, op.getInput());
    Value dz2 = collapseLeadingAxes(b, loc, dz);
    if (state.isActive(op.getInput())) {
      Value dx2 = matmul(b, loc, dz2, transpose2D(b, loc, op.getKernel()));
      state.accumulate(op.getInput(),
                       expandLeadingAxes(b, loc, dx2, op.getInput().getType(),
                                         op.getInput()));
    }
    if (state.isActive(op.getKernel()))
      state.accumulate(op.getKernel(), matmulTransposedA(b, loc, x2, dz2));
    if (op.getBias() && state.isActive(op.getBias()))
      state.accumulate(op.getBias(), sumRows(b, loc, dz2));
    return success();
  }
};

} // namespace

void registerDenseGradients(MLIRContext *context) {
  DenseOp::attachInterface<GradientModel<DenseOp, DenseGradient>>(*context);
}

} // namespace dlc::lowering
