//===- Shape.cpp - dlc.flatten, dlc.reshape and dlc.concat ----------------===//

#include "dlc/DLC.h"
#include "dlc/Verify.h"

using namespace mlir;
using namespace dlc;
using namespace dlc::detail;

namespace {
int64_t productOfTrailing(ArrayRef<int64_t> shape) {
  int64_t product = 1;
  for (int64_t dim : shape.drop_front())
    product *= dim;
  return product;
}
} // namespace

LogicalResult FlattenOp::verify() {
  if (failed(verifyRank(*this, "input", getInput(), 2, /*atLeast=*/true)) ||
      failed(verifyStaticExceptLeading(*this, "input", getInput())))
    return failure();
  ArrayRef<int64_t> input = getInput().getType().getShape();
  return verifyResultShape(*this, {input[0], productOfTrailing(input)});
}

LogicalResult ReshapeOp::verify() {
  if (failed(verifyRank(*this, "input", getInput(), 1, /*atLeast=*/true)) ||
      failed(verifyStaticExceptLeading(*this, "input", getInput())) ||
      failed(verifyRank(*this, "result", getResult(), 1, /*atLeast=*/true)) ||
      failed(verifyStaticExceptLeading(*this, "result", getResult())) ||
      failed(verifySameFloatElementType(*this)))
    return failure();
  ArrayRef<int64_t> input = getInput().getType().getShape();
  ArrayRef<int64_t> result = getResult().getType().getShape();
  if (input[0] != result[0])
    return emitOpError() << "keeps the batch axis, so the result's first axis "
                            "must be "
                         << formatShape(input[0]) << ", found "
                         << formatType(getResult().getType());
  if (productOfTrailing(input) != productOfTrailing(result))
    return emitOpError() << "cannot reshape " << productOfTrailing(input)
                         << " elements per sample ("
                         << formatType(getInput().getType()) << ") into "
                         << productOfTrailing(result) << " ("
                         << formatType(getResult().getType()) << ")";
  return success();
}

LogicalResult ConcatOp::verify() {
  if (getInputs().empty())
    return emitOpError("expects at least one input");
  auto first = cast<RankedTensorType>(getInputs().front().getType());
  int64_t rank = first.getRank();
  int64_t axis = getAxis();
  if (axis < 1 || axis >= rank)
    return emitOpError() << "expects an axis in [1, " << rank
                         << ") (the batch axis 0 cannot be concatenated), "
                            "found "
                         << axis;
  SmallVector<int64_t> expected(first.getShape());
  expected[axis] = 0;
  for (auto [index, value] : llvm::enumerate(getInputs())) {
    std::string name = "input #" + std::to_string(index);
    if (failed(verifyRank(*this, name, value, rank)) ||
        failed(verifyStaticExceptLeading(*this, name, value)))
      return failure();
    ArrayRef<int64_t> shape =
        cast<RankedTensorType>(value.getType()).getShape();
    for (int64_t i = 0; i < rank; ++i) {
      if (i == axis || shape[i] == first.getShape()[i])
        continue;
      return emitOpError() << "expects inputs that agree except on axis "
                           << axis << ", found "
                           << formatType(first) << " and "
                           << formatType(value.getType());
    }
    expected[axis] += shape[axis];
  }
  return verifyResultShape(*this, expected);
}
