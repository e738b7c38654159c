//===- Recurrent.cpp - dlc.simple_rnn, dlc.lstm and dlc.gru ---------------===//

#include "dlc/DLC.h"
#include "dlc/Verify.h"

using namespace mlir;
using namespace dlc;
using namespace dlc::detail;

namespace {
/// Number of initial state tensors the layer takes when it takes any.
template <typename OpTy> constexpr unsigned numStates() {
  return std::is_same_v<OpTy, LSTMOp> ? 2 : 1;
}

template <typename OpTy>
SmallVector<int64_t> expectedBiasShape(OpTy op, int64_t units) {
  int64_t packed = OpTy::kNumGates * units;
  if constexpr (std::is_same_v<OpTy, GRUOp>)
    if (op.getResetAfter())
      return {2, packed};
  return {packed};
}

template <typename OpTy>
LogicalResult verifyRecurrent(OpTy op) {
  if (failed(verifyRank(op, "input", op.getInput(), 3)) ||
      failed(verifyStaticExceptLeading(op, "input", op.getInput(), 2)) ||
      failed(verifyRank(op, "recurrent_kernel", op.getRecurrentKernel(), 2)) ||
      failed(verifyStaticExceptLeading(op, "recurrent_kernel",
                                       op.getRecurrentKernel(), 0)))
    return failure();
  if (op.getActivation() == Activation::softmax)
    return op.emitOpError("cannot use softmax as a cell activation");
  if constexpr (!std::is_same_v<OpTy, SimpleRNNOp>)
    if (op.getRecurrentActivation() == Activation::softmax)
      return op.emitOpError(
          "cannot use softmax as a recurrent (gate) activation");
  ArrayRef<int64_t> input = op.getInput().getType().getShape();
  int64_t units = op.getRecurrentKernel().getType().getShape()[0];
  int64_t packed = OpTy::kNumGates * units;
  if (failed(verifyShape(op, "recurrent_kernel", op.getRecurrentKernel(),
                         {units, packed})) ||
      failed(verifyShape(op, "kernel", op.getKernel(), {input[2], packed})))
    return failure();
  if (op.getBias() && failed(verifyShape(op, "bias", op.getBias(),
                                         expectedBiasShape(op, units))))
    return failure();

  ValueRange states = op.getInitialState();
  if (!states.empty() && states.size() != numStates<OpTy>())
    return op.emitOpError() << "expects " << numStates<OpTy>()
                            << " initial state tensor"
                            << (numStates<OpTy>() > 1 ? "s" : "")
                            << " or none, found " << states.size();
  for (auto [index, state] : llvm::enumerate(states))
    if (failed(verifyShape(op, "initial state #" + std::to_string(index),
                           state, {input[0], units})))
      return failure();

  if (op.getReturnSequences())
    return verifyResultShape(op, {input[0], input[1], units});
  return verifyResultShape(op, {input[0], units});
}
} // namespace

LogicalResult SimpleRNNOp::verify() { return verifyRecurrent(*this); }
LogicalResult LSTMOp::verify() { return verifyRecurrent(*this); }
LogicalResult GRUOp::verify() { return verifyRecurrent(*this); }
