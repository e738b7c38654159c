//===- Attrs.cpp - Initializer attributes (optimizers: Optimizer.cpp) -----===//

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
