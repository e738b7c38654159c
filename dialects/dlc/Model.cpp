//===- Model.cpp - Models, parameters, entry points and calls -------------===//

#include "dlc/DLC.h"
#include "dlc/Verify.h"

#include "mlir/IR/Builders.h"
#include "mlir/Interfaces/FunctionImplementation.h"
#include "llvm/ADT/DenseSet.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringExtras.h"

using namespace mlir;
using namespace dlc;
using dlc::detail::formatType;

//===----------------------------------------------------------------------===//
// ModelOp
//===----------------------------------------------------------------------===//

void ModelOp::build(OpBuilder &builder, OperationState &state, StringRef name) {
  state.addAttribute(mlir::SymbolTable::getSymbolAttrName(),
                     builder.getStringAttr(name));
  state.addRegion()->emplaceBlock();
}

LogicalResult ModelOp::verifyRegions() {
  for (Operation &op : getBody().front()) {
    if (!isa<ParamOp, FuncOp, TrainOp>(op))
      return op.emitOpError()
             << "cannot appear directly in a dlc.model; expected dlc.param, "
                "dlc.func or dlc.train";
  }

  // Each training step gets entry points `<step>_evaluate`,
  // `<step>_gradients` and `<step>_apply`.
  for (auto step : getBody().front().getOps<TrainOp>()) {
    std::pair<std::string, const char *> added[] = {
        {step.getEvaluationName(), "evaluating"},
        {step.getGradientsName(), "the gradients of a batch slice of"},
        {step.getApplyName(), "the update of"}};
    for (auto &[name, what] : added)
      if (Operation *other = mlir::SymbolTable::lookupSymbolIn(
              *this, StringAttr::get(getContext(), name)))
        return other->emitOpError()
               << "is named @" << name << ", the entry point dlc adds for "
               << what << " the training step @" << step.getSymName()
               << "; rename one of them";
  }

  // Functions may call each other but not recursively: differentiation and
  // the memory planner need a call graph without cycles.
  enum class Mark { kNone, kActive, kDone };
  llvm::DenseMap<Operation *, Mark> marks;
  std::function<LogicalResult(Operation *)> visit =
      [&](Operation *function) -> LogicalResult {
    Mark &mark = marks[function];
    if (mark == Mark::kDone)
      return success();
    if (mark == Mark::kActive)
      return function->emitOpError("is called recursively; recursive calls "
                                   "are not supported");
    mark = Mark::kActive;
    WalkResult result = function->walk([&](CallOp call) {
      auto callee = mlir::SymbolTable::lookupSymbolIn(
          *this, call.getCalleeAttr().getAttr());
      if (callee && isa<FuncOp>(callee) && failed(visit(callee)))
        return WalkResult::interrupt();
      return WalkResult::advance();
    });
    marks[function] = Mark::kDone;
    return failure(result.wasInterrupted());
  };
  for (Operation &op : getBody().front())
    if (isa<FuncOp, TrainOp>(op) && failed(visit(&op)))
      return failure();
  return success();
}

//===----------------------------------------------------------------------===//
// ParamOp and ReadOp
//===----------------------------------------------------------------------===//

int64_t ParamOp::getSizeInBytes() {
  return getNumElements() *
         ((getTensorType().getElementTypeBitWidth() + 7) / 8);
}

LogicalResult ParamOp::verify() {
  RankedTensorType type = getTensorType();
  if (!type.hasStaticShape())
    return emitOpError() << "expects a static shape, found "
                         << formatType(type);
  if (llvm::is_contained(type.getShape(), 0))
    return emitOpError() << "expects no axis of size 0, found "
                         << formatType(type);
  return getInit().verifyFor(type, [&] { return emitOpError(); });
}

LogicalResult ReadOp::verifySymbolUses(SymbolTableCollection &symbolTable) {
  auto model = (*this)->getParentOfType<ModelOp>();
  if (!model)
    return emitOpError("must be inside a dlc.model");
  auto param = symbolTable.lookupSymbolIn<ParamOp>(model, getParamAttr());
  if (!param)
    return emitOpError() << "'" << getParam()
                         << "' does not name a dlc.param of model @"
                         << model.getSymName();
  if (param.getType() != getType())
    return emitOpError() << "reads parameter @" << getParam() << " as "
                         << formatType(getType()) << ", but it is declared "
                         << formatType(param.getType());
  return success();
}

//===----------------------------------------------------------------------===//
// Function-like ops
//===----------------------------------------------------------------------===//

namespace {
/// Checks that every argument and result of an entry point is a ranked
/// tensor of a supported element type.
LogicalResult verifySignature(Operation *op, FunctionType type) {
  auto check = [&](Type t, StringRef what, unsigned index) -> LogicalResult {
    auto tensor = dyn_cast<RankedTensorType>(t);
    Type element = tensor ? tensor.getElementType() : Type();
    if (tensor &&
        (element.isF32() || element.isF64() || element.isSignlessInteger(32) ||
         element.isSignlessInteger(64)))
      return success();
    return op->emitOpError()
           << "expects " << what << " #" << index
           << " to be a ranked tensor of f32, f64, i32 or i64, found " << t;
  };
  for (auto [index, t] : llvm::enumerate(type.getInputs()))
    if (failed(check(t, "argument", index)))
      return failure();
  for (auto [index, t] : llvm::enumerate(type.getResults()))
    if (failed(check(t, "result", index)))
      return failure();
  return success();
}

/// Checks that a terminator's operands match the enclosing function's
/// results.
LogicalResult verifyTerminatorTypes(Operation *terminator, TypeRange found,
                                    ArrayRef<Type> expected) {
  if (found.size() != expected.size())
    return terminator->emitOpError()
           << "has " << found.size() << " operands, but the enclosing "
           << "function returns " << expected.size();
  for (auto [index, pair] : llvm::enumerate(llvm::zip(found, expected)))
    if (std::get<0>(pair) != std::get<1>(pair))
      return terminator->emitOpError()
             << "operand #" << index << " has type "
             << formatType(std::get<0>(pair))
             << ", but the enclosing function returns "
             << formatType(std::get<1>(pair));
  return success();
}

} // namespace

void FuncOp::build(OpBuilder &builder, OperationState &state, StringRef name,
                   FunctionType type) {
  state.addAttribute(SymbolTable::getSymbolAttrName(),
                     builder.getStringAttr(name));
  state.addAttribute(getFunctionTypeAttrName(state.name), TypeAttr::get(type));
  state.addRegion();
}

namespace {
/// Parses `[private] @name(%a: T, ...) -> (R, ...)`, storing the source names
/// of the arguments; returns the arguments for the body's region.
ParseResult parseSignature(OpAsmParser &parser, OperationState &result,
                           StringAttr typeAttrName,
                           SmallVectorImpl<OpAsmParser::Argument> &args,
                           SmallVectorImpl<DictionaryAttr> &resultAttrs,
                           StringAttr argNamesAttrName) {
  (void)mlir::impl::parseOptionalVisibilityKeyword(parser, result.attributes);
  StringAttr name;
  if (parser.parseSymbolName(name, mlir::SymbolTable::getSymbolAttrName(),
                             result.attributes))
    return failure();
  SmallVector<Type> resultTypes;
  bool isVariadic = false;
  if (function_interface_impl::parseFunctionSignatureWithArguments(
          parser, /*allowVariadic=*/false, args, isVariadic, resultTypes,
          resultAttrs))
    return failure();
  SmallVector<Type> argTypes =
      llvm::map_to_vector(args, [](auto &arg) { return arg.type; });
  result.addAttribute(typeAttrName,
                      TypeAttr::get(parser.getBuilder().getFunctionType(
                          argTypes, resultTypes)));
  // Names like %images are kept; MLIR's own %0 / %arg0 are not.
  SmallVector<Attribute> names;
  bool anyNamed = false;
  for (auto &arg : args) {
    StringRef ssaName = arg.ssaName.name.drop_front();
    bool named = !ssaName.empty() && !llvm::isDigit(ssaName.front()) &&
                 !(ssaName.starts_with("arg") &&
                   llvm::all_of(ssaName.drop_front(3),
                                [](char c) { return llvm::isDigit(c); }));
    anyNamed |= named;
    names.push_back(parser.getBuilder().getStringAttr(named ? ssaName : ""));
  }
  if (anyNamed)
    result.addAttribute(argNamesAttrName,
                        parser.getBuilder().getArrayAttr(names));
  return success();
}

void printSignature(OpAsmPrinter &p, FunctionOpInterface op) {
  p << ' ';
  if (op.isPrivate())
    p << "private ";
  p.printSymbolName(op.getName());
  function_interface_impl::printFunctionSignature(
      p, op, op.getArgumentTypes(), /*isVariadic=*/false, op.getResultTypes());
}

void setArgNames(Region &region, std::optional<ArrayAttr> names,
                 OpAsmSetValueNameFn setNameFn) {
  if (!names || region.empty())
    return;
  for (auto [arg, name] : llvm::zip(region.front().getArguments(), *names))
    if (!cast<StringAttr>(name).getValue().empty())
      setNameFn(arg, cast<StringAttr>(name).getValue());
}

StringRef argName(std::optional<ArrayAttr> names, unsigned index) {
  if (!names || index >= names->size())
    return "";
  return cast<StringAttr>((*names)[index]).getValue();
}
} // namespace

ParseResult FuncOp::parse(OpAsmParser &parser, OperationState &result) {
  SmallVector<OpAsmParser::Argument> args;
  SmallVector<DictionaryAttr> resultAttrs;
  if (parseSignature(parser, result, getFunctionTypeAttrName(result.name), args,
                     resultAttrs, getArgNamesAttrName(result.name)) ||
      parser.parseOptionalAttrDictWithKeyword(result.attributes))
    return failure();
  call_interface_impl::addArgAndResultAttrs(
      parser.getBuilder(), result, args, resultAttrs,
      getArgAttrsAttrName(result.name), getResAttrsAttrName(result.name));
  return parser.parseRegion(*result.addRegion(), args);
}

void FuncOp::print(OpAsmPrinter &p) {
  printSignature(p, *this);
  function_interface_impl::printFunctionAttributes(
      p, *this,
      {getFunctionTypeAttrName(), getArgAttrsAttrName(), getResAttrsAttrName(),
       getArgNamesAttrName(), getSymVisibilityAttrName()});
  p << ' ';
  p.printRegion(getBody(), /*printEntryBlockArgs=*/false,
                /*printBlockTerminators=*/true);
}

void FuncOp::getAsmBlockArgumentNames(Region &region,
                                      OpAsmSetValueNameFn setNameFn) {
  setArgNames(region, getArgNames(), setNameFn);
}

StringRef FuncOp::getArgName(unsigned index) {
  return argName(getArgNames(), index);
}

LogicalResult FuncOp::verify() {
  return verifySignature(*this, getFunctionType());
}

ParseResult TrainOp::parse(OpAsmParser &parser, OperationState &result) {
  SmallVector<OpAsmParser::Argument> args;
  SmallVector<DictionaryAttr> resultAttrs;
  if (parseSignature(parser, result, getFunctionTypeAttrName(result.name), args,
                     resultAttrs, getArgNamesAttrName(result.name)))
    return failure();

  Attribute optimizer;
  SMLoc optimizerLoc;
  if (parser.parseKeyword("optimizer") ||
      parser.getCurrentLocation(&optimizerLoc) ||
      parser.parseAttribute(optimizer))
    return failure();
  if (!isa<OptimizerAttr>(optimizer))
    return parser.emitError(optimizerLoc)
           << "expected an optimizer (#dlc.sgd, #dlc.adam or #dlc.rmsprop), "
              "found "
           << optimizer;
  result.addAttribute(getOptimizerAttrName(result.name), optimizer);

  SmallVector<Attribute> params;
  if (parser.parseKeyword("params") ||
      parser.parseCommaSeparatedList(OpAsmParser::Delimiter::Square,
                                     [&]() -> ParseResult {
                                       FlatSymbolRefAttr param;
                                       if (parser.parseAttribute(param))
                                         return failure();
                                       params.push_back(param);
                                       return success();
                                     }))
    return failure();
  result.addAttribute(getParamsAttrName(result.name),
                      parser.getBuilder().getArrayAttr(params));

  if (parser.parseOptionalAttrDictWithKeyword(result.attributes))
    return failure();
  call_interface_impl::addArgAndResultAttrs(
      parser.getBuilder(), result, args, resultAttrs,
      getArgAttrsAttrName(result.name), getResAttrsAttrName(result.name));
  return parser.parseRegion(*result.addRegion(), args);
}

void TrainOp::print(OpAsmPrinter &p) {
  printSignature(p, *this);
  p << " optimizer ";
  p.printAttribute(getOptimizer());
  p << " params [";
  llvm::interleaveComma(getParams(), p,
                        [&](Attribute param) { p.printAttribute(param); });
  p << ']';
  function_interface_impl::printFunctionAttributes(
      p, *this,
      {getFunctionTypeAttrName(), getOptimizerAttrName(), getParamsAttrName(),
       getArgAttrsAttrName(), getResAttrsAttrName(), getArgNamesAttrName(),
       getSymVisibilityAttrName()});
  p << ' ';
  p.printRegion(getBody(), /*printEntryBlockArgs=*/false,
                /*printBlockTerminators=*/true);
}

void TrainOp::getAsmBlockArgumentNames(Region &region,
                                       OpAsmSetValueNameFn setNameFn) {
  setArgNames(region, getArgNames(), setNameFn);
}

StringRef TrainOp::getArgName(unsigned index) {
  return argName(getArgNames(), index);
}

bool TrainOp::updates(StringRef name) {
  return llvm::any_of(getParams(), [&](Attribute param) {
    return cast<FlatSymbolRefAttr>(param).getValue() == name;
  });
}

LogicalResult TrainOp::verify() {
  if (failed(verifySignature(*this, getFunctionType())))
    return failure();
  ArrayRef<Type> results = getResultTypes();
  if (results.empty())
    return emitOpError("must return its loss (a tensor<f32> or tensor<f64>) "
                       "as its first result");
  for (auto [index, type] : llvm::enumerate(results)) {
    auto tensor = cast<RankedTensorType>(type);
    if (tensor.getRank() != 0 || !isa<FloatType>(tensor.getElementType()))
      return emitOpError() << "expects result #" << index << " (the "
                           << (index ? "metric" : "loss")
                           << ") to be a float scalar tensor, found "
                           << formatType(type);
  }
  if (getParams().empty())
    return emitOpError("names no parameters to update; list them with "
                       "'params [@name, ...]'");
  llvm::SmallDenseSet<StringRef> seen;
  for (Attribute param : getParams()) {
    StringRef name = cast<FlatSymbolRefAttr>(param).getValue();
    if (!seen.insert(name).second)
      return emitOpError() << "lists parameter @" << name << " twice";
  }
  return success();
}

LogicalResult TrainOp::verifySymbolUses(SymbolTableCollection &symbolTable) {
  auto model = (*this)->getParentOfType<ModelOp>();
  // Parameters read by this step, directly or through the functions it calls.
  llvm::DenseSet<StringRef> read;
  llvm::DenseSet<Operation *> visited;
  SmallVector<Operation *> worklist{getOperation()};
  while (!worklist.empty()) {
    Operation *function = worklist.pop_back_val();
    if (!visited.insert(function).second)
      continue;
    function->walk([&](Operation *op) {
      if (auto readOp = dyn_cast<ReadOp>(op))
        read.insert(readOp.getParam());
      else if (auto call = dyn_cast<CallOp>(op))
        if (auto callee =
                symbolTable.lookupSymbolIn<FuncOp>(model, call.getCalleeAttr()))
          worklist.push_back(callee);
    });
  }
  for (Attribute attr : getParams()) {
    auto ref = cast<FlatSymbolRefAttr>(attr);
    if (!symbolTable.lookupSymbolIn<ParamOp>(model, ref))
      return emitOpError() << "updates '" << ref.getValue()
                           << "', which is not a dlc.param of model @"
                           << model.getSymName();
    if (!read.contains(ref.getValue()))
      return emitOpError() << "updates parameter " << ref
                           << ", which this step never reads (directly or "
                              "through a call), so it has no gradient";
  }
  return success();
}

LogicalResult ReturnOp::verify() {
  auto function = (*this)->getParentOfType<FuncOp>();
  return verifyTerminatorTypes(*this, getOperandTypes(),
                               function.getResultTypes());
}

LogicalResult MinimizeOp::verify() {
  auto step = (*this)->getParentOfType<TrainOp>();
  return verifyTerminatorTypes(*this, getOperandTypes(), step.getResultTypes());
}

LogicalResult CallOp::verifySymbolUses(SymbolTableCollection &symbolTable) {
  auto model = (*this)->getParentOfType<ModelOp>();
  if (!model)
    return emitOpError("must be inside a dlc.model");
  Operation *target = symbolTable.lookupSymbolIn(model, getCalleeAttr());
  if (!target)
    return emitOpError() << "calls " << getCalleeAttr()
                         << ", which is not defined in model @"
                         << model.getSymName();
  auto callee = dyn_cast<FuncOp>(target);
  if (!callee)
    return emitOpError() << "calls " << getCalleeAttr() << ", which is a '"
                         << target->getName()
                         << "'; only dlc.func can be called";
  FunctionType type = callee.getFunctionType();
  if (type.getNumInputs() != getNumOperands())
    return emitOpError() << "passes " << getNumOperands() << " arguments, but "
                         << getCalleeAttr() << " takes " << type.getNumInputs();
  for (auto [index, pair] :
       llvm::enumerate(llvm::zip(getOperandTypes(), type.getInputs())))
    if (std::get<0>(pair) != std::get<1>(pair))
      return emitOpError() << "passes " << formatType(std::get<0>(pair))
                           << " as argument #" << index << ", but "
                           << getCalleeAttr() << " expects "
                           << formatType(std::get<1>(pair));
  if (type.getResults() != getResultTypes())
    return emitOpError() << "expects results (" << getResultTypes() << "), but "
                         << getCalleeAttr() << " returns (" << type.getResults()
                         << ")";
  return success();
}
