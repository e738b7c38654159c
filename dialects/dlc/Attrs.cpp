//===- Attrs.cpp - Initializer and optimizer attributes -------------------===//

#include "dlc/DLC.h"

#include "mlir/IR/Builders.h"
#include "mlir/IR/DialectImplementation.h"
#include "llvm/ADT/TypeSwitch.h"

#include <cmath>

using namespace mlir;
using namespace dlc;

#include "dlc/DLCAttrInterfaces.cpp.inc"
#include "dlc/DLCEnums.cpp.inc"

#define GET_ATTRDEF_CLASSES
#include "dlc/DLCAttrs.cpp.inc"

void DLCDialect::registerAttributes() {
  addAttributes<
#define GET_ATTRDEF_LIST
#include "dlc/DLCAttrs.cpp.inc"
      >();
}

//===----------------------------------------------------------------------===//
// Initializers
//===----------------------------------------------------------------------===//

namespace {
LogicalResult anyShape(RankedTensorType,
                       function_ref<InFlightDiagnostic()>) {
  return success();
}
} // namespace

LogicalResult ZerosAttr::verifyFor(RankedTensorType type,
                                   function_ref<InFlightDiagnostic()> err) const {
  return anyShape(type, err);
}
LogicalResult OnesAttr::verifyFor(RankedTensorType type,
                                  function_ref<InFlightDiagnostic()> err) const {
  return anyShape(type, err);
}
LogicalResult ConstantAttr::verifyFor(RankedTensorType type,
                                      function_ref<InFlightDiagnostic()> err) const {
  if (!std::isfinite(getValue().convertToDouble()))
    return err() << "constant initializer must be finite";
  return success();
}
LogicalResult UniformAttr::verifyFor(RankedTensorType type,
                                     function_ref<InFlightDiagnostic()> err) const {
  return anyShape(type, err);
}
LogicalResult
UniformAttr::verify(function_ref<InFlightDiagnostic()> emitError,
                    APFloat loValue, APFloat hiValue) {
  double lo = loValue.convertToDouble(), hi = hiValue.convertToDouble();
  if (!(std::isfinite(lo) && std::isfinite(hi) && lo < hi))
    return emitError() << "uniform initializer needs finite lo < hi, found ["
                       << lo << ", " << hi << ")";
  return success();
}
LogicalResult NormalAttr::verifyFor(RankedTensorType type,
                                    function_ref<InFlightDiagnostic()> err) const {
  return anyShape(type, err);
}
LogicalResult
NormalAttr::verify(function_ref<InFlightDiagnostic()> emitError,
                   APFloat meanValue, APFloat stddevValue) {
  double mean = meanValue.convertToDouble();
  double stddev = stddevValue.convertToDouble();
  if (!(std::isfinite(mean) && std::isfinite(stddev) && stddev > 0))
    return emitError()
           << "normal initializer needs a finite mean and stddev > 0, found "
              "mean "
           << mean << " and stddev " << stddev;
  return success();
}
LogicalResult
GlorotUniformAttr::verifyFor(RankedTensorType type,
                             function_ref<InFlightDiagnostic()> err) const {
  return anyShape(type, err);
}
LogicalResult HeUniformAttr::verifyFor(RankedTensorType type,
                                       function_ref<InFlightDiagnostic()> err) const {
  return anyShape(type, err);
}
LogicalResult
OrthogonalAttr::verify(function_ref<InFlightDiagnostic()> emitError,
                       APFloat gainValue) {
  double gain = gainValue.convertToDouble();
  if (!std::isfinite(gain) || gain <= 0)
    return emitError() << "orthogonal initializer needs a finite gain > 0, "
                          "found "
                       << gain;
  return success();
}
LogicalResult
OrthogonalAttr::verifyFor(RankedTensorType type,
                          function_ref<InFlightDiagnostic()> err) const {
  if (type.getRank() < 2)
    return err() << "orthogonal initializer needs a tensor of rank at least "
                    "2, found "
                 << type;
  return success();
}

//===----------------------------------------------------------------------===//
// Optimizers
//===----------------------------------------------------------------------===//

namespace {
/// Checks `lo <= value < hi` (or `lo < value` when `openLow`) for a named
/// hyperparameter.
LogicalResult checkRange(function_ref<InFlightDiagnostic()> emitError,
                         StringRef optimizer, StringRef name, double value,
                         double lo, double hi, bool openLow) {
  bool ok = std::isfinite(value) && (openLow ? value > lo : value >= lo) &&
            value < hi;
  if (ok)
    return success();
  auto diag = emitError();
  diag << optimizer << " " << name << " must be in " << (openLow ? "(" : "[")
       << lo << ", ";
  if (std::isinf(hi))
    diag << "inf";
  else
    diag << hi;
  return diag << "), found " << value;
}
constexpr double kInf = std::numeric_limits<double>::infinity();
} // namespace

LogicalResult SGDAttr::verify(function_ref<InFlightDiagnostic()> emitError,
                              APFloat lrValue, APFloat momentumValue,
                              bool nesterov) {
  double lr = lrValue.convertToDouble();
  double momentum = momentumValue.convertToDouble();
  if (failed(checkRange(emitError, "sgd", "lr", lr, 0, kInf, true)) ||
      failed(checkRange(emitError, "sgd", "momentum", momentum, 0, 1, false)))
    return failure();
  if (nesterov && momentum == 0)
    return emitError() << "sgd nesterov needs a momentum > 0";
  return success();
}
unsigned SGDAttr::getNumSlotsPerParam() const {
  return getMomentum().convertToDouble() > 0 ? 1 : 0;
}
SmallVector<StringRef> SGDAttr::getSlotNames() const {
  if (getMomentum().convertToDouble() > 0)
    return {"velocity"};
  return {};
}

LogicalResult AdamAttr::verify(function_ref<InFlightDiagnostic()> emitError,
                               APFloat lrValue, APFloat beta1Value,
                               APFloat beta2Value, APFloat epsilonValue) {
  double lr = lrValue.convertToDouble();
  double beta1 = beta1Value.convertToDouble();
  double beta2 = beta2Value.convertToDouble();
  double epsilon = epsilonValue.convertToDouble();
  return success(
      succeeded(checkRange(emitError, "adam", "lr", lr, 0, kInf, true)) &&
      succeeded(checkRange(emitError, "adam", "beta1", beta1, 0, 1, false)) &&
      succeeded(checkRange(emitError, "adam", "beta2", beta2, 0, 1, false)) &&
      succeeded(
          checkRange(emitError, "adam", "epsilon", epsilon, 0, kInf, true)));
}
unsigned AdamAttr::getNumSlotsPerParam() const { return 2; }
SmallVector<StringRef> AdamAttr::getSlotNames() const { return {"m", "v"}; }

LogicalResult
RMSpropAttr::verify(function_ref<InFlightDiagnostic()> emitError,
                    APFloat lrValue, APFloat rhoValue, APFloat momentumValue,
                    APFloat epsilonValue) {
  double lr = lrValue.convertToDouble();
  double rho = rhoValue.convertToDouble();
  double momentum = momentumValue.convertToDouble();
  double epsilon = epsilonValue.convertToDouble();
  return success(
      succeeded(checkRange(emitError, "rmsprop", "lr", lr, 0, kInf, true)) &&
      succeeded(checkRange(emitError, "rmsprop", "rho", rho, 0, 1, false)) &&
      succeeded(checkRange(emitError, "rmsprop", "momentum", momentum, 0, 1,
                           false)) &&
      succeeded(checkRange(emitError, "rmsprop", "epsilon", epsilon, 0, kInf,
                           true)));
}
unsigned RMSpropAttr::getNumSlotsPerParam() const {
  return getMomentum().convertToDouble() > 0 ? 2 : 1;
}
SmallVector<StringRef> RMSpropAttr::getSlotNames() const {
  if (getMomentum().convertToDouble() > 0)
    return {"mean_square", "momentum"};
  return {"mean_square"};
}
