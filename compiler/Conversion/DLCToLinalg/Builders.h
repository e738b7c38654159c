//===- Builders.h - IR building blocks for lowering dlc to linalg ---------===//

#ifndef DLC_CONVERSION_DLCTOLINALG_BUILDERS_H
#define DLC_CONVERSION_DLCTOLINALG_BUILDERS_H

#include "dlc/DLC.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/PatternMatch.h"

namespace dlc::lowering {

using BodyBuilder = llvm::function_ref<mlir::Value(
    mlir::OpBuilder &, mlir::Location, mlir::ValueRange)>;

/// Values for the dynamic axes of `type`, read from the same axes of
/// `source` (the batch axis, and for sequences the time axis, line up).
llvm::SmallVector<mlir::Value> dynamicSizesLike(mlir::OpBuilder &b,
                                                mlir::Location loc,
                                                mlir::RankedTensorType type,
                                                mlir::Value source);

/// An uninitialised tensor of `type`.
mlir::Value emptyTensor(mlir::OpBuilder &b, mlir::Location loc,
                        mlir::RankedTensorType type,
                        mlir::ValueRange dynamicSizes);

/// A tensor of `type` filled with `value`.
mlir::Value filledTensor(mlir::OpBuilder &b, mlir::Location loc,
                         mlir::RankedTensorType type,
                         mlir::ValueRange dynamicSizes, double value);

/// A float scalar constant of `type`.
mlir::Value floatConstant(mlir::OpBuilder &b, mlir::Location loc,
                          mlir::Type type, double value);

/// A `linalg.generic` with parallel iterators over `resultType` whose
/// output map is the identity and whose inputs use `inputMaps`; `body`
/// computes the result element from the input elements.
mlir::Value elementwise(mlir::OpBuilder &b, mlir::Location loc,
                        mlir::RankedTensorType resultType,
                        mlir::ValueRange dynamicSizes, mlir::ValueRange inputs,
                        llvm::ArrayRef<mlir::AffineMap> inputMaps,
                        BodyBuilder body);

/// The same with identity maps for every input (all of `resultType`'s
/// shape).
mlir::Value elementwise(mlir::OpBuilder &b, mlir::Location loc,
                        mlir::RankedTensorType resultType,
                        mlir::ValueRange dynamicSizes, mlir::ValueRange inputs,
                        BodyBuilder body);

/// Broadcasts the rank-1 `vector` along the last axis of `type`.
mlir::Value broadcastLastAxis(mlir::OpBuilder &b, mlir::Location loc,
                              mlir::Value vector, mlir::RankedTensorType type,
                              mlir::ValueRange dynamicSizes);

/// Applies a pointwise activation (every kind but softmax) to a scalar.
mlir::Value scalarActivation(mlir::OpBuilder &b, mlir::Location loc,
                             Activation activation, mlir::Value x,
                             double leakyReluSlope);

/// Applies an activation to a whole tensor; softmax normalises the last
/// axis. Identity returns `input` unchanged.
mlir::Value applyActivation(mlir::OpBuilder &b, mlir::Location loc,
                            mlir::Value input, Activation activation,
                            double leakyReluSlope);

/// Reduces the last axis of `input` with `combine`, starting from `init`.
mlir::Value reduceLastAxis(mlir::OpBuilder &b, mlir::Location loc,
                           mlir::Value input, double init,
                           BodyBuilder combine);

/// Sums every element of `input` into a 0-d tensor.
mlir::Value sumAll(mlir::OpBuilder &b, mlir::Location loc, mlir::Value input);

/// `tensor.dim` of `value` along `axis`, converted to a float of `type`.
mlir::Value dimAsFloat(mlir::OpBuilder &b, mlir::Location loc,
                       mlir::Value value, int64_t axis, mlir::Type type);

/// Merges every axis but the last of `value` into one: [a, b, c] -> [a*b, c].
mlir::Value collapseLeadingAxes(mlir::OpBuilder &b, mlir::Location loc,
                                mlir::Value value);

/// Inverse of collapseLeadingAxes: expands the leading axis of `value` into
/// the leading axes of `type`, taking dynamic sizes from `like`.
mlir::Value expandLeadingAxes(mlir::OpBuilder &b, mlir::Location loc,
                              mlir::Value value, mlir::RankedTensorType type,
                              mlir::Value like);

/// A zero-filled `a . w` (+ `init` when given) as linalg.matmul on 2-D
/// tensors: `a` is [M, K], `w` is [K, N].
mlir::Value matmul(mlir::OpBuilder &b, mlir::Location loc, mlir::Value a,
                   mlir::Value w, mlir::Value init = nullptr);

/// Whether collapseLeadingAxes/expandLeadingAxes can be used on `type`:
/// merging two dynamic axes into one and splitting them again is not
/// supported by MLIR 22's memref lowering (expand_shape with two dynamic
/// sizes in one group crashes expand-strided-metadata).
bool canCollapseLeadingAxes(mlir::RankedTensorType type);

/// `x . w` contracting the last axis of `x` ([..., K]) with `w` ([K, N]) into
/// `init` ([..., N]) as one linalg.generic, for inputs that cannot be
/// collapsed to a matrix.
mlir::Value contractLastAxis(mlir::OpBuilder &b, mlir::Location loc,
                             mlir::Value x, mlir::Value w, mlir::Value init);

/// [N, ...] -> [N, P]; a rank-1 [N] becomes [N, 1].
mlir::Value toBatchMatrix(mlir::OpBuilder &b, mlir::Location loc,
                          mlir::Value value);

/// [N, P] -> `type`: [N], [N, P] or [N, a, b, ...].
mlir::Value fromBatchMatrix(mlir::OpBuilder &b, mlir::Location loc,
                            mlir::Value matrix, mlir::RankedTensorType type);

/// Columns [offset, offset + width) of a 2-D tensor.
mlir::Value columns(mlir::OpBuilder &b, mlir::Location loc, mlir::Value matrix,
                    int64_t offset, int64_t width);

/// Step `t` of a [B, T, X] tensor as [B, X].
mlir::Value stepOf(mlir::OpBuilder &b, mlir::Location loc,
                   mlir::Value sequence, mlir::Value t);

/// Writes [B, U] `value` as step `t` of the [B, T, U] `sequence`.
mlir::Value insertStep(mlir::OpBuilder &b, mlir::Location loc,
                       mlir::Value value, mlir::Value sequence, mlir::Value t);

/// A zero-filled `a^T . w` (+ `init` when given) for `a` [K, M] and `w`
/// [K, N]: a linalg.matmul that reads `a` transposed through its indexing
/// maps, so that no transposed copy of `a` is made (the weight gradients,
/// whose K is the batch).
mlir::Value matmulTransposedA(mlir::OpBuilder &b, mlir::Location loc,
                              mlir::Value a, mlir::Value w,
                              mlir::Value init = {});

/// `value` transposed: [a, b] -> [b, a].
mlir::Value transpose2D(mlir::OpBuilder &b, mlir::Location loc,
                        mlir::Value value);

/// TensorFlow's split of `same` padding along one axis: (before, after).
std::pair<int64_t, int64_t> samePadding(int64_t input, int64_t window,
                                        int64_t stride, int64_t dilation);

/// Pads the spatial axes of an NHWC tensor with `value` for `same` padding.
mlir::Value padSpatial(mlir::OpBuilder &b, mlir::Location loc,
                       mlir::Value input, llvm::ArrayRef<int64_t> window,
                       llvm::ArrayRef<int64_t> strides,
                       llvm::ArrayRef<int64_t> dilations, double value);

/// A tensor<2xi64> attribute for linalg convolution strides and dilations.
mlir::DenseIntElementsAttr pairAttr(mlir::OpBuilder &b,
                                    llvm::ArrayRef<int64_t> values);

/// Keras' epsilon for clipping probabilities before a logarithm (the
/// losses and their gradients).
constexpr double kProbabilityEpsilon = 1e-7;

/// The number of values each sample of a loss averages over: every
/// non-batch element, but the class axis of a categorical loss.
int64_t lossValuesPerSample(mlir::Operation *loss);

/// Replaces every dlc.call under `root` by its callee's body, recursively.
void inlineCalls(mlir::Operation *root, ModelOp model);

/// Replaces the dlc.reads in `func` by new arguments of its entry block, one
/// per parameter in first-read order; returns the parameters' names.
llvm::SmallVector<mlir::Attribute>
paramsToArguments(mlir::func::FuncOp func);

/// Gives `func` the attributes of the entry point `entry` of `model` that
/// takes `params` after its inputs (and a C interface).
void markEntryPoint(mlir::func::FuncOp func, ModelOp model,
                    llvm::StringRef entry,
                    llvm::ArrayRef<mlir::Attribute> params);

/// Creates `<model>_<step>`: forward, loss, gradients (reverse mode) and the
/// optimizer's update of the parameters the step updates; with `halves`,
/// also `<model>_<step>_gradients` and `<model>_<step>_apply`. A step
/// through an op that has no gradient yet is left out with a warning.
mlir::LogicalResult outlineTrainStep(ModelOp model, TrainOp step,
                                     mlir::OpBuilder &builder, bool halves);

/// Populate patterns, one call per op family.
void populateDenseLoweringPatterns(mlir::RewritePatternSet &patterns);
void populateConvLoweringPatterns(mlir::RewritePatternSet &patterns);
void populatePoolLoweringPatterns(mlir::RewritePatternSet &patterns);
void populateShapeLoweringPatterns(mlir::RewritePatternSet &patterns);
void populateActivationLoweringPatterns(mlir::RewritePatternSet &patterns);
void populateRecurrentLoweringPatterns(mlir::RewritePatternSet &patterns);
void populateLossLoweringPatterns(mlir::RewritePatternSet &patterns);

} // namespace dlc::lowering

#endif // DLC_CONVERSION_DLCTOLINALG_BUILDERS_H
