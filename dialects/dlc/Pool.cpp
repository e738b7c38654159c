//===- Pool.cpp - dlc.max_pool2d and dlc.avg_pool2d -----------------------===//

#include "dlc/DLC.h"
#include "dlc/Verify.h"

using namespace mlir;
using namespace dlc;
using namespace dlc::detail;

namespace {
template <typename PoolOp>
LogicalResult verifyPool(PoolOp op) {
  SmallVector<int64_t, 2> strides = op.getEffectiveStrides();
  if (failed(verifyRank(op, "input", op.getInput(), 4)) ||
      failed(verifyStaticExceptLeading(op, "input", op.getInput())) ||
      failed(verifyPositivePair(op, "size", op.getSize())) ||
      failed(verifyPositivePair(op, "strides", strides)))
    return failure();
  ArrayRef<int64_t> input = op.getInput().getType().getShape();
  bool same = op.getPadding() == Padding::same;
  FailureOr<int64_t> height = windowOutputSize(
      op, "height", input[1], op.getSize()[0], strides[0], 1, same);
  if (failed(height))
    return failure();
  FailureOr<int64_t> width = windowOutputSize(
      op, "width", input[2], op.getSize()[1], strides[1], 1, same);
  if (failed(width))
    return failure();
  return verifyResultShape(op, {input[0], *height, *width, input[3]});
}
} // namespace

LogicalResult MaxPool2DOp::verify() { return verifyPool(*this); }
LogicalResult AvgPool2DOp::verify() { return verifyPool(*this); }
