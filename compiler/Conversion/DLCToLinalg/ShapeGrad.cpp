//===- ShapeGrad.cpp - Gradients of add, mul, flatten, reshape, concat ----===//

#include "Conversion/DLCToLinalg/Gradients.h"

#include "mlir/Dialect/Tensor/IR/Tensor.h"

using namespace mlir;

namespace dlc::lowering {
namespace {

struct AddGradient {
  static LogicalResult apply(AddOp op, OpBuilder &, AdjointState &state) {
    Value g = state.gradOf(op.getResult());
    state.accumulate(op.getLhs(), g);
    state.accumulate(op.getRhs(), g);
    return success();
  }
};

struct MulGradient {
  static LogicalResult apply(MulOp op, OpBuilder &b, AdjointState &state) {
    Value g = state.gradOf(op.getResult());
    if (state.isActive(op.getLhs()))
      state.accumulate(op.getLhs(), mulTensors(b, op.getLoc(), g, op.getRhs()));
    if (state.isActive(op.getRhs()))
      state.accumulate(op.getRhs(), mulTensors(b, op.getLoc(), g, op.getLhs()));
    return success();
  }
};

/// Flatten and reshape keep the order of the elements of each sample.
template <typename OpTy> struct ReshapeGradient {
  static LogicalResult apply(OpTy op, OpBuilder &b, AdjointState &state) {
    Value input = op->getOperand(0);
    Value matrix =
        toBatchMatrix(b, op.getLoc(), state.gradOf(op->getResult(0)));
    state.accumulate(
        input, fromBatchMatrix(b, op.getLoc(), matrix, tensorType(input)));
    return success();
  }
};

/// Each input's gradient is its slice of the result's.
struct ConcatGradient {
  static LogicalResult apply(ConcatOp op, OpBuilder &b, AdjointState &state) {
    Location loc = op.getLoc();
    Value g = state.gradOf(op.getResult());
    int64_t offset = 0, axis = op.getAxis();
    for (Value input : op.getInputs()) {
      RankedTensorType type = tensorType(input);
      SmallVector<OpFoldResult> offsets(type.getRank(), b.getIndexAttr(0));
      offsets[axis] = b.getIndexAttr(offset);
      SmallVector<OpFoldResult> sizes = tensor::getMixedSizes(b, loc, input);
      SmallVector<OpFoldResult> strides(type.getRank(), b.getIndexAttr(1));
      state.accumulate(input, tensor::ExtractSliceOp::create(
                                  b, loc, type, g, offsets, sizes, strides));
      offset += type.getDimSize(axis);
    }
    return success();
  }
};

} // namespace

void registerShapeGradients(MLIRContext *context) {
  AddOp::attachInterface<GradientModel<AddOp, AddGradient>>(*context);
  MulOp::attachInterface<GradientModel<MulOp, MulGradient>>(*context);
  FlattenOp::attachInterface<
      GradientModel<FlattenOp, ReshapeGradient<FlattenOp>>>(*context);
  ReshapeOp::attachInterface<
      GradientModel<ReshapeOp, ReshapeGradient<ReshapeOp>>>(*context);
  ConcatOp::attachInterface<GradientModel<ConcatOp, ConcatGradient>>(*context);
}

} // namespace dlc::lowering
