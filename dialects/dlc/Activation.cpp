//===- Activation.cpp - dlc.activation ------------------------------------===//

#include "dlc/DLC.h"
#include "dlc/Verify.h"

#include <cmath>

using namespace mlir;
using namespace dlc;

LogicalResult ActivationOp::verify() {
  if (getAlpha()) {
    if (getKind() != Activation::leaky_relu)
      return emitOpError() << "takes 'alpha' only for leaky_relu, found it "
                              "with "
                           << stringifyActivation(getKind());
    if (!std::isfinite(getAlpha()->convertToDouble()))
      return emitOpError("expects a finite 'alpha'");
  }
  if (getKind() == Activation::softmax &&
      getInput().getType().getRank() == 0)
    return emitOpError("softmax normalises along the last axis and needs a "
                       "tensor of rank at least 1");
  return success();
}
