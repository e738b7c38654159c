//===- Dense.cpp - dlc.dense ----------------------------------------------===//

#include "dlc/DLC.h"
#include "dlc/Verify.h"

using namespace mlir;
using namespace dlc;
using namespace dlc::detail;

LogicalResult DenseOp::verify() {
  if (failed(verifyRank(*this, "input", getInput(), 2, /*atLeast=*/true)) ||
      failed(verifyStaticExceptLeading(*this, "input", getInput(),
                                       getInput().getType().getRank() - 1)) ||
      failed(verifyRank(*this, "kernel", getKernel(), 2)) ||
      failed(verifyStaticExceptLeading(*this, "kernel", getKernel(), 0)) ||
      (getBias() &&
       failed(verifyStaticExceptLeading(*this, "bias", getBias(), 0))))
    return failure();
  ArrayRef<int64_t> input = getInput().getType().getShape();
  ArrayRef<int64_t> kernel = getKernel().getType().getShape();
  if (kernel[0] != input.back())
    return emitOpError() << "expects a kernel with " << input.back()
                         << " rows (the input's last axis), found "
                         << formatType(getKernel().getType());
  if (getBias() &&
      failed(verifyShape(*this, "bias", getBias(), {kernel[1]})))
    return failure();
  SmallVector<int64_t> expected(input);
  expected.back() = kernel[1];
  return verifyResultShape(*this, expected);
}
