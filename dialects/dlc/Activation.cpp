//===- Activation.cpp - dlc.activation ------------------------------------===//

#include "dlc/DLC.h"
#include "dlc/Verify.h"

#include <cmath>

using namespace mlir;
using namespace dlc;

namespace {
/// SameOperandsAndResultType lets `?` match any size; elementwise ops need
/// identical shapes.
LogicalResult verifyIdenticalShapes(Operation *op) {
  Type expected = op->getResult(0).getType();
  for (Type type : op->getOperandTypes())
    if (type != expected)
      return op->emitOpError()
             << "expects operands and result of one type, found "
             << dlc::detail::formatType(type) << " and "
             << dlc::detail::formatType(expected);
  return success();
}
} // namespace

LogicalResult AddOp::verify() { return verifyIdenticalShapes(*this); }
LogicalResult MulOp::verify() { return verifyIdenticalShapes(*this); }

LogicalResult ActivationOp::verify() {
  if (getAlpha()) {
    if (getKind() != Activation::leaky_relu)
      return emitOpError() << "takes 'alpha' only for leaky_relu, found it "
                              "with "
                           << stringifyActivation(getKind());
    double alpha = getAlpha()->convertToDouble();
    if (!std::isfinite(alpha) || alpha < 0)
      return emitOpError() << "expects a finite 'alpha' >= 0, found "
                           << alpha;
  }
  if (getKind() == Activation::softmax &&
      getInput().getType().getRank() == 0)
    return emitOpError("softmax normalises along the last axis and needs a "
                       "tensor of rank at least 1");
  return success();
}
