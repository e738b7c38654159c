//===- Verify.h - Shape checks shared by the dlc op verifiers -------------===//
//
// Internal to the dialect library. Every helper reports at the op's location
// and says what was expected and what was found.
//
//===----------------------------------------------------------------------===//

#ifndef DLC_DIALECT_VERIFY_H
#define DLC_DIALECT_VERIFY_H

#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/Operation.h"

#include <string>

namespace dlc::detail {

/// Formats a shape the way MLIR prints tensor types: `?x28x28x1`.
std::string formatShape(llvm::ArrayRef<int64_t> shape);

/// Formats a tensor type for a diagnostic.
std::string formatType(mlir::Type type);

/// Checks that `value` has rank `rank` (or at least `minRank` when `atLeast`).
llvm::LogicalResult verifyRank(mlir::Operation *op, llvm::StringRef name,
                               mlir::Value value, int64_t rank,
                               bool atLeast = false);

/// Checks that no axis of `value` is dynamic except the first
/// `numDynamicAllowed` ones (the batch axis, and for sequences the time axis;
/// 0 for kernels and biases).
llvm::LogicalResult verifyStaticExceptLeading(mlir::Operation *op,
                                              llvm::StringRef name,
                                              mlir::Value value,
                                              unsigned numDynamicAllowed = 1);

/// Checks that `value` has exactly the static shape `shape`.
llvm::LogicalResult verifyShape(mlir::Operation *op, llvm::StringRef name,
                                mlir::Value value,
                                llvm::ArrayRef<int64_t> shape);

/// Checks that all float operands and results share one element type.
llvm::LogicalResult verifySameFloatElementType(mlir::Operation *op);

/// Checks that the op's single result has shape `expected` (dynamic where
/// `expected` is dynamic) and the element type of its float operands.
llvm::LogicalResult verifyResultShape(mlir::Operation *op,
                                      llvm::ArrayRef<int64_t> expected);

/// Checks that an i64 array attribute has `size` strictly positive entries.
llvm::LogicalResult verifyPositivePair(mlir::Operation *op,
                                       llvm::StringRef name,
                                       llvm::ArrayRef<int64_t> values);

/// The output length of a sliding window along one axis, or a failure
/// diagnostic when the window does not fit. `same` pads to ceil(in / stride).
llvm::FailureOr<int64_t> windowOutputSize(mlir::Operation *op,
                                          llvm::StringRef axis, int64_t input,
                                          int64_t window, int64_t stride,
                                          int64_t dilation, bool same);

} // namespace dlc::detail

#endif // DLC_DIALECT_VERIFY_H
