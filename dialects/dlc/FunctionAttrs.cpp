//===- FunctionAttrs.cpp - The dlc.* attributes on lowered functions ------===//
//
// Lowering a model creates functions that carry what the later passes and
// the ABI need (DLCBase.td, discardableAttrs). Each is checked here wherever
// it appears, so that a pass that sets one wrongly fails at once, at the
// function, instead of producing a header that disagrees with the object.
//
//===----------------------------------------------------------------------===//

#include "dlc/DLC.h"

#include "mlir/Interfaces/FunctionInterfaces.h"

using namespace mlir;
using namespace dlc;

namespace {

/// The error for attribute `name` on `op`.
InFlightDiagnostic error(Operation *op, StringRef name) {
  return op->emitOpError() << "attribute '" << name << "' ";
}

LogicalResult expectKind(Operation *op, StringRef name, Attribute value,
                         bool ok, StringRef expected) {
  if (ok)
    return success();
  return error(op, name) << "must be " << expected << ", found " << value;
}

template <typename ElementAttr>
LogicalResult expectArrayOf(Operation *op, StringRef name, Attribute value,
                            StringRef expected) {
  auto array = dyn_cast<ArrayAttr>(value);
  return expectKind(op, name, value,
                    array && llvm::all_of(array, llvm::IsaPred<ElementAttr>),
                    expected);
}

/// Entry-point attributes belong on functions.
LogicalResult expectFunction(Operation *op, StringRef name) {
  if (isa<FunctionOpInterface>(op))
    return success();
  return error(op, name) << "belongs on a function";
}

/// The in-place contract of a training step on tensors: one entry per
/// result, -1 or an argument of the result's type.
LogicalResult verifyInPlace(Operation *op, StringRef name,
                            DenseI64ArrayAttr inPlace) {
  auto function = dyn_cast<FunctionOpInterface>(op);
  if (!function)
    return error(op, name) << "belongs on a function";
  if (!op->hasAttr(DLCDialect::TrainAttrHelper::getNameStr()))
    return error(op, name) << "is only meaningful on a training step";
  ArrayRef<Type> results = function.getResultTypes();
  ArrayRef<Type> args = function.getArgumentTypes();
  if (inPlace.size() != int64_t(results.size()))
    return error(op, name) << "has " << inPlace.size() << " entries for "
                           << results.size() << " results";
  for (auto [result, arg] : llvm::enumerate(inPlace.asArrayRef())) {
    if (arg == -1)
      continue;
    if (arg < 0 || arg >= int64_t(args.size()))
      return error(op, name) << "maps result " << result << " to argument "
                             << arg << ", out of range";
    if (args[arg] != results[result])
      return error(op, name)
             << "maps result " << result << " (" << results[result]
             << ") to argument " << arg << " (" << args[arg]
             << "): a shared buffer needs one type";
  }
  return success();
}

/// The in-place contract in destination form: an entry per argument from
/// the first, -1 or another argument of the same shape and element type
/// that names it back. Arguments past the last entry (the scratch arena and
/// the stream that code generation appends) share nothing.
LogicalResult verifySharedArgs(Operation *op, StringRef name,
                               DenseI64ArrayAttr shared) {
  auto function = dyn_cast<FunctionOpInterface>(op);
  if (!function)
    return error(op, name) << "belongs on a function";
  if (!op->hasAttr(DLCDialect::TrainAttrHelper::getNameStr()))
    return error(op, name) << "is only meaningful on a training step";
  ArrayRef<Type> args = function.getArgumentTypes();
  if (shared.size() > int64_t(args.size()))
    return error(op, name) << "has " << shared.size() << " entries for "
                           << args.size() << " arguments";
  for (auto [index, other] : llvm::enumerate(shared.asArrayRef())) {
    if (other == -1)
      continue;
    if (other < 0 || other >= shared.size() || other == int64_t(index))
      return error(op, name) << "maps argument " << index << " to " << other
                             << ", not another argument";
    if (shared[other] != int64_t(index))
      return error(op, name) << "maps argument " << index << " to " << other
                             << " but not " << other << " back";
    auto a = dyn_cast<ShapedType>(args[index]);
    auto b = dyn_cast<ShapedType>(args[other]);
    if (!a || !b || a.getShape() != b.getShape() ||
        a.getElementType() != b.getElementType())
      return error(op, name) << "maps argument " << index << " (" << args[index]
                             << ") to argument " << other << " (" << args[other]
                             << "): a shared buffer needs one shape and "
                                "element type";
  }
  return success();
}

} // namespace

LogicalResult DLCDialect::verifyOperationAttribute(Operation *op,
                                                   NamedAttribute attribute) {
  StringRef name = attribute.getName().getValue();
  Attribute value = attribute.getValue();
  if (name == ModelAttrHelper::getNameStr() ||
      name == EntryAttrHelper::getNameStr() ||
      name == EvaluatesAttrHelper::getNameStr())
    return failure(failed(expectFunction(op, name)) ||
                   failed(expectKind(op, name, value, isa<StringAttr>(value),
                                     "a string")));
  if (name == ParamsAttrHelper::getNameStr() ||
      name == UpdatesAttrHelper::getNameStr())
    return failure(failed(expectFunction(op, name)) ||
                   failed(expectArrayOf<FlatSymbolRefAttr>(
                       op, name, value, "an array of parameter symbols")));
  if (name == SlotsAttrHelper::getNameStr())
    return failure(failed(expectFunction(op, name)) ||
                   failed(expectArrayOf<StringAttr>(op, name, value,
                                                    "an array of strings")));
  if (name == TrainAttrHelper::getNameStr()) {
    if (failed(expectFunction(op, name)) ||
        failed(expectKind(op, name, value, isa<UnitAttr>(value), "a unit")))
      return failure();
    if (!op->hasAttr(EntryAttrHelper::getNameStr()))
      return error(op, name) << "needs 'dlc.entry' too";
    return success();
  }
  if (name == InPlaceAttrHelper::getNameStr()) {
    auto inPlace = dyn_cast<DenseI64ArrayAttr>(value);
    if (!inPlace)
      return error(op, name) << "must be an array<i64>, found " << value;
    return verifyInPlace(op, name, inPlace);
  }
  if (name == SharedArgsAttrHelper::getNameStr()) {
    auto shared = dyn_cast<DenseI64ArrayAttr>(value);
    if (!shared)
      return error(op, name) << "must be an array<i64>, found " << value;
    return verifySharedArgs(op, name, shared);
  }
  if (name == ScratchAttrHelper::getNameStr()) {
    // Terms: bytes, then (argument, axis) pairs that multiply them.
    auto terms = dyn_cast<ArrayAttr>(value);
    bool ok = terms && llvm::all_of(terms, [](Attribute term) {
                auto values = dyn_cast<DenseI64ArrayAttr>(term);
                return values && values.size() % 2 == 1 &&
                       llvm::all_of(values.asArrayRef(),
                                    [](int64_t v) { return v >= 0; });
              });
    return failure(
        failed(expectFunction(op, name)) ||
        failed(expectKind(op, name, value, ok,
                          "an array of array<i64: bytes, (arg, axis)...>")));
  }
  if (name == ScratchSlotAttrHelper::getNameStr()) {
    auto slot = dyn_cast<DenseI64ArrayAttr>(value);
    bool ok = slot && slot.size() == 3 && slot[0] >= 0 && slot[1] >= 0 &&
              slot[1] <= slot[2];
    if (op->getName().getStringRef() != "memref.view")
      return error(op, name) << "belongs on a memref.view of the arena";
    return expectKind(op, name, value, ok,
                      "an array<i64: term, begin, end> with begin <= end");
  }
  if (name == HeapAllocsAttrHelper::getNameStr() ||
      name == SidAttrHelper::getNameStr()) {
    auto integer = dyn_cast<IntegerAttr>(value);
    return expectKind(op, name, value,
                      integer && !integer.getValue().isNegative(),
                      "a non-negative integer");
  }
  return op->emitOpError() << "has unknown dlc attribute '" << name << "'";
}
