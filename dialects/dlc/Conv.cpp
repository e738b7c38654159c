//===- Conv.cpp - dlc.conv2d ----------------------------------------------===//

#include "dlc/DLC.h"
#include "dlc/Verify.h"

using namespace mlir;
using namespace dlc;
using namespace dlc::detail;

LogicalResult Conv2DOp::verify() {
  if (failed(verifyRank(*this, "input", getInput(), 4)) ||
      failed(verifyStaticExceptLeading(*this, "input", getInput())) ||
      failed(verifyRank(*this, "kernel", getKernel(), 4)) ||
      failed(verifyStaticExceptLeading(*this, "kernel", getKernel(), 0)) ||
      (getBias() &&
       failed(verifyStaticExceptLeading(*this, "bias", getBias(), 0))) ||
      failed(verifyPositivePair(*this, "strides", getStrides())) ||
      failed(verifyPositivePair(*this, "dilations", getDilations())))
    return failure();
  ArrayRef<int64_t> input = getInput().getType().getShape();
  ArrayRef<int64_t> kernel = getKernel().getType().getShape();
  if (kernel[2] != input[3])
    return emitOpError() << "expects a kernel [height, width, " << input[3]
                         << ", filters] for an input with " << input[3]
                         << " channels, found "
                         << formatType(getKernel().getType());
  if (getBias() && failed(verifyShape(*this, "bias", getBias(), {kernel[3]})))
    return failure();
  bool same = getPadding() == Padding::same;
  FailureOr<int64_t> height =
      windowOutputSize(*this, "height", input[1], kernel[0], getStrides()[0],
                       getDilations()[0], same);
  if (failed(height))
    return failure();
  FailureOr<int64_t> width =
      windowOutputSize(*this, "width", input[2], kernel[1], getStrides()[1],
                       getDilations()[1], same);
  if (failed(width))
    return failure();
  return verifyResultShape(*this, {input[0], *height, *width, kernel[3]});
}
