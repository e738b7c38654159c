//===- Loss.cpp - Losses and metrics --------------------------------------===//

#include "dlc/DLC.h"
#include "dlc/Verify.h"

#include <cmath>

using namespace mlir;
using namespace dlc;
using namespace dlc::detail;

namespace {
/// How a loss or metric pairs its prediction with its target.
enum class Pairing {
  /// Same shape, rank >= `minRank`.
  kSameShape,
  /// Integer labels shaped like the prediction without its class axis.
  kLabels,
};

LogicalResult verifyPairing(Operation *op, Value prediction, Value target,
                            Pairing pairing, int64_t minRank) {
  auto predType = cast<RankedTensorType>(prediction.getType());
  auto targetType = cast<RankedTensorType>(target.getType());
  if (failed(verifyRank(op, "prediction", prediction, minRank,
                        /*atLeast=*/true)) ||
      failed(verifyStaticExceptLeading(op, "prediction", prediction)) ||
      failed(verifySameFloatElementType(op)))
    return failure();
  if (pairing == Pairing::kSameShape) {
    if (predType.getShape() != targetType.getShape())
      return op->emitOpError()
             << "expects prediction and target of one shape, found "
             << formatType(predType) << " and " << formatType(targetType);
    return success();
  }
  ArrayRef<int64_t> expected = predType.getShape().drop_back();
  if (targetType.getShape() != expected)
    return op->emitOpError()
           << "expects integer labels of shape " << formatShape(expected)
           << " (the prediction's shape without its class axis), found "
           << formatType(targetType);
  return success();
}

template <typename LossOp>
LogicalResult verifyLoss(LossOp op, Pairing pairing, int64_t minRank) {
  if (failed(verifyPairing(op, op.getPrediction(), op.getTarget(), pairing,
                           minRank)))
    return failure();
  if (op.getFromLogits() && !LossOp::kAcceptsLogits)
    return op.emitOpError("does not take 'from_logits'");
  double scale = op.getScale().convertToDouble();
  if (!std::isfinite(scale) || scale <= 0)
    return op.emitOpError() << "expects a finite scale > 0, found " << scale;
  return success();
}
} // namespace

LogicalResult MeanSquaredErrorOp::verify() {
  return verifyLoss(*this, Pairing::kSameShape, 1);
}
LogicalResult BinaryCrossentropyOp::verify() {
  return verifyLoss(*this, Pairing::kSameShape, 1);
}
LogicalResult CategoricalCrossentropyOp::verify() {
  return verifyLoss(*this, Pairing::kSameShape, 2);
}
LogicalResult SparseCategoricalCrossentropyOp::verify() {
  return verifyLoss(*this, Pairing::kLabels, 2);
}

LogicalResult BinaryAccuracyOp::verify() {
  double threshold = getThreshold().convertToDouble();
  if (!std::isfinite(threshold))
    return emitOpError() << "expects a finite threshold, found " << threshold;
  return verifyPairing(*this, getPrediction(), getTarget(),
                       Pairing::kSameShape, 1);
}
LogicalResult CategoricalAccuracyOp::verify() {
  return verifyPairing(*this, getPrediction(), getTarget(),
                       Pairing::kSameShape, 2);
}
LogicalResult SparseCategoricalAccuracyOp::verify() {
  return verifyPairing(*this, getPrediction(), getTarget(), Pairing::kLabels,
                       2);
}
