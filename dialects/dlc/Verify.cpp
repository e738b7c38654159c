//===- Verify.cpp - Shape checks shared by the dlc op verifiers -----------===//

#include "dlc/Verify.h"

#include "mlir/IR/Diagnostics.h"
#include "llvm/Support/raw_ostream.h"

using namespace mlir;

namespace dlc::detail {

std::string formatShape(ArrayRef<int64_t> shape) {
  std::string text;
  llvm::raw_string_ostream os(text);
  llvm::interleave(
      shape, os,
      [&](int64_t dim) {
        if (ShapedType::isDynamic(dim))
          os << '?';
        else
          os << dim;
      },
      "x");
  return text;
}

std::string formatType(Type type) {
  std::string text;
  llvm::raw_string_ostream os(text);
  os << type;
  return text;
}

LogicalResult verifyRank(Operation *op, StringRef name, Value value,
                         int64_t rank, bool atLeast) {
  int64_t found = cast<RankedTensorType>(value.getType()).getRank();
  if (atLeast ? found >= rank : found == rank)
    return success();
  return op->emitOpError() << "expects " << name << " of rank "
                           << (atLeast ? "at least " : "") << rank
                           << ", found " << formatType(value.getType());
}

LogicalResult verifyStaticExceptLeading(Operation *op, StringRef name,
                                        Value value,
                                        unsigned numDynamicAllowed) {
  auto type = cast<RankedTensorType>(value.getType());
  for (auto [axis, dim] : llvm::enumerate(type.getShape())) {
    if (axis < numDynamicAllowed || !ShapedType::isDynamic(dim))
      continue;
    auto diag = op->emitOpError() << "expects " << name << " to be static";
    if (numDynamicAllowed == 1)
      diag << " except for the batch axis";
    else if (numDynamicAllowed == 2)
      diag << " except for the batch and time axes";
    else if (numDynamicAllowed > 2)
      diag << " except for its first " << numDynamicAllowed << " axes";
    return diag << ", found " << formatType(type) << " (axis " << axis
                << " is dynamic)";
  }
  return success();
}

LogicalResult verifyShape(Operation *op, StringRef name, Value value,
                          ArrayRef<int64_t> shape) {
  auto type = cast<RankedTensorType>(value.getType());
  if (type.getShape() == shape)
    return success();
  return op->emitOpError() << "expects " << name << " of shape "
                           << formatShape(shape) << ", found "
                           << formatType(type);
}

LogicalResult verifySameFloatElementType(Operation *op) {
  Type expected;
  auto check = [&](Type type, StringRef what, unsigned index) -> LogicalResult {
    auto elementType = cast<ShapedType>(type).getElementType();
    if (!isa<FloatType>(elementType))
      return success();
    if (!expected) {
      expected = elementType;
      return success();
    }
    if (elementType == expected)
      return success();
    return op->emitOpError()
           << "expects one float element type, found " << expected << " and "
           << elementType << " (" << what << " #" << index << ")";
  };
  for (auto [index, type] : llvm::enumerate(op->getOperandTypes()))
    if (failed(check(type, "operand", index)))
      return failure();
  for (auto [index, type] : llvm::enumerate(op->getResultTypes()))
    if (failed(check(type, "result", index)))
      return failure();
  return success();
}

LogicalResult verifyResultShape(Operation *op, ArrayRef<int64_t> expected) {
  if (failed(verifySameFloatElementType(op)))
    return failure();
  auto type = cast<RankedTensorType>(op->getResult(0).getType());
  if (type.getShape() == expected)
    return success();
  return op->emitOpError() << "expects result of shape "
                           << formatShape(expected) << ", found "
                           << formatType(type);
}

LogicalResult verifyPositivePair(Operation *op, StringRef name,
                                 ArrayRef<int64_t> values) {
  if (values.size() == 2 && values[0] > 0 && values[1] > 0)
    return success();
  std::string found;
  llvm::raw_string_ostream os(found);
  os << '[';
  llvm::interleaveComma(values, os);
  os << ']';
  return op->emitOpError() << "expects " << name
                           << " to be two positive integers [height, width], "
                              "found "
                           << found;
}

FailureOr<int64_t> windowOutputSize(Operation *op, StringRef axis,
                                    int64_t input, int64_t window,
                                    int64_t stride, int64_t dilation,
                                    bool same) {
  if (ShapedType::isDynamic(input))
    return ShapedType::kDynamic;
  if (same)
    return (input + stride - 1) / stride;
  int64_t extent = (window - 1) * dilation + 1;
  if (extent > input) {
    op->emitOpError() << "window of " << extent << " along the " << axis
                      << " does not fit the input's " << input
                      << " with valid padding";
    return failure();
  }
  return (input - extent) / stride + 1;
}

} // namespace dlc::detail
