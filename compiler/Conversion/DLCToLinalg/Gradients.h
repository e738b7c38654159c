//===- Gradients.h - Building blocks of the gradient rules ----------------===//
//
// Every op family's gradient rule (`<Family>Grad.cpp`) is an external model
// of dlc::DifferentiableOpInterface built from these; Train.cpp holds the
// reverse walk that calls them.
//
//===----------------------------------------------------------------------===//

#ifndef DLC_CONVERSION_DLCTOLINALG_GRADIENTS_H
#define DLC_CONVERSION_DLCTOLINALG_GRADIENTS_H

#include "Conversion/DLCToLinalg/Builders.h"

#include "mlir/IR/DialectRegistry.h"

namespace dlc {

/// Attaches every op family's gradient rule to its ops.
void registerGradientInterfaces(mlir::DialectRegistry &registry);

namespace lowering {

/// One registration per op family, each in the family's `<Family>Grad.cpp`.
void registerDenseGradients(mlir::MLIRContext *context);
void registerConvGradients(mlir::MLIRContext *context);
void registerPoolGradients(mlir::MLIRContext *context);
void registerRecurrentGradients(mlir::MLIRContext *context);
void registerActivationGradients(mlir::MLIRContext *context);
void registerShapeGradients(mlir::MLIRContext *context);
void registerLossGradients(mlir::MLIRContext *context);

/// A DifferentiableOpInterface external model whose rule is `Rule::apply(op,
/// builder, state)`.
template <typename OpTy, typename Rule>
struct GradientModel
    : public DifferentiableOpInterface::ExternalModel<GradientModel<OpTy, Rule>,
                                                      OpTy> {
  mlir::LogicalResult differentiate(mlir::Operation *op,
                                    mlir::OpBuilder &builder,
                                    AdjointState &state) const {
    return Rule::apply(mlir::cast<OpTy>(op), builder, state);
  }
};

inline mlir::RankedTensorType tensorType(mlir::Value value) {
  return mlir::cast<mlir::RankedTensorType>(value.getType());
}

/// Index attributes for slice offsets, sizes and strides.
llvm::SmallVector<mlir::OpFoldResult>
indexAttrs(mlir::OpBuilder &b, llvm::ArrayRef<int64_t> values);

/// An elementwise op over `like`'s shape on `inputs` of that shape.
mlir::Value pointwise(mlir::OpBuilder &b, mlir::Location loc, mlir::Value like,
                      mlir::ValueRange inputs, BodyBuilder body);

/// `lhs + rhs` and `lhs * rhs`, elementwise, for tensors of one shape.
mlir::Value addTensors(mlir::OpBuilder &b, mlir::Location loc, mlir::Value lhs,
                       mlir::Value rhs);
mlir::Value mulTensors(mlir::OpBuilder &b, mlir::Location loc, mlir::Value lhs,
                       mlir::Value rhs);

/// Column sums of a [M, N] matrix: [N] (a bias gradient over the batch).
mlir::Value sumRows(mlir::OpBuilder &b, mlir::Location loc, mlir::Value matrix);

/// The derivative of `activation` through its output `y`, times `g`
/// (softmax: along the last axis).
mlir::Value activationGrad(mlir::OpBuilder &b, mlir::Location loc,
                           Activation activation, double leakyReluSlope,
                           mlir::Value y, mlir::Value g);

/// The gradient of a layer's result `y` before its fused `activation`: the
/// result's gradient through the activation plus what a consumer gave
/// directly (AdjointState::preActivationGrad); null when neither exists.
mlir::Value layerPreActivationGrad(mlir::OpBuilder &b, AdjointState &state,
                                   mlir::Operation *layer,
                                   Activation activation, mlir::Value y);

} // namespace lowering
} // namespace dlc

#endif // DLC_CONVERSION_DLCTOLINALG_GRADIENTS_H
