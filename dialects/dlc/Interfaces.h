//===- Interfaces.h - Traits and op interfaces of the dlc dialect ---------===//

#ifndef DLC_DIALECT_INTERFACES_H
#define DLC_DIALECT_INTERFACES_H

#include "mlir/IR/OpDefinition.h"

namespace dlc {

/// Keras' default negative slope of leaky_relu, used wherever a layer's
/// activation is leaky_relu and no slope is given.
constexpr double kDefaultLeakyReluSlope = 0.2;

namespace OpTrait {
/// Marks a loss (ODS: DLC_Loss).
template <typename ConcreteType>
class Loss : public mlir::OpTrait::TraitBase<ConcreteType, Loss> {};
/// Marks a metric (ODS: DLC_Metric).
template <typename ConcreteType>
class Metric : public mlir::OpTrait::TraitBase<ConcreteType, Metric> {};
} // namespace OpTrait

/// Whether `op` combines the samples of its batch (a loss or a metric);
/// every other dlc op works sample by sample.
inline bool combinesSamples(mlir::Operation *op) {
  return op->hasTrait<OpTrait::Loss>() || op->hasTrait<OpTrait::Metric>();
}

/// The gradients of a reverse-mode walk, as the differentiable ops see them.
class AdjointState {
public:
  virtual ~AdjointState() = default;

  /// Whether `value` depends on a parameter the step updates (only active
  /// values carry gradients).
  virtual bool isActive(mlir::Value value) const = 0;
  /// The gradient accumulated so far for `value`; null when none.
  virtual mlir::Value gradOf(mlir::Value value) const = 0;
  /// Adds `grad` to the gradient of `value`; ignored when `value` is not
  /// active or `grad` is null.
  virtual void accumulate(mlir::Value value, mlir::Value grad) = 0;

  /// The gradient of `producer`'s result before its activation, when a
  /// consumer combined the activation's derivative with its own (a
  /// cross-entropy over softmax probabilities); null when none.
  virtual mlir::Value preActivationGrad(mlir::Operation *producer) const = 0;
  /// Adds `dz` to that gradient.
  virtual void accumulatePreActivation(mlir::Operation *producer,
                                       mlir::Value dz) = 0;

  /// Records why `op` cannot be differentiated; returns failure.
  virtual mlir::LogicalResult unsupported(mlir::Operation *op,
                                          const llvm::Twine &why) = 0;
};

} // namespace dlc

#include "dlc/DLCOpInterfaces.h.inc"

#endif // DLC_DIALECT_INTERFACES_H
