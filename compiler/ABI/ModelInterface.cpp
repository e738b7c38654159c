//===- ModelInterface.cpp - What a compiled model exposes -----------------===//

#include "ABI/ModelInterface.h"

#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/Support/MathExtras.h"

#include <map>

using namespace mlir;

namespace dlc {

int ModelInterface::findParam(llvm::StringRef name) const {
  for (auto [index, param] : llvm::enumerate(params))
    if (param.name == name)
      return static_cast<int>(index);
  return -1;
}

std::string toIdentifier(llvm::StringRef name) {
  std::string id;
  for (char c : name)
    id += llvm::isAlnum(c) || c == '_' ? c : '_';
  if (id.empty() || llvm::isDigit(id.front()))
    id = "_" + id;
  return id;
}

std::string toClassName(llvm::StringRef name) {
  std::string result;
  bool upper = true;
  for (char c : toIdentifier(name)) {
    if (c == '_') {
      upper = true;
      continue;
    }
    result += upper ? llvm::toUpper(c) : c;
    upper = false;
  }
  return result.empty() ? "Model" : result;
}

std::string toMemberName(llvm::StringRef name) {
  std::string result = toClassName(name);
  result.front() = llvm::toLower(result.front());
  return result;
}

namespace {
/// Whether `type` is [batch, static sizes...].
bool isBatchOfSamples(Type type) {
  auto tensor = dyn_cast<RankedTensorType>(type);
  if (!tensor || tensor.getRank() == 0 || !tensor.isDynamicDim(0))
    return false;
  return llvm::none_of(tensor.getShape().drop_front(), ShapedType::isDynamic);
}

/// Whether `func` and the functions it calls contain an op that combines
/// the samples of a batch: the losses and metrics (every other dlc op works
/// sample by sample).
bool combinesSamples(Operation *func, ModelOp model) {
  WalkResult result = func->walk([&](Operation *op) {
    if (dlc::combinesSamples(op))
      return WalkResult::interrupt();
    if (auto call = dyn_cast<CallOp>(op)) {
      Operation *callee =
          SymbolTable::lookupSymbolIn(model, call.getCalleeAttr().getAttr());
      if (callee && combinesSamples(callee, model))
        return WalkResult::interrupt();
    }
    return WalkResult::advance();
  });
  return result.wasInterrupted();
}
} // namespace

ModelInterface describeModel(ModelOp model) {
  ModelInterface interface;
  interface.name = model.getSymName().str();
  int64_t offset = 0;
  for (ParamOp param : model.getParams()) {
    ParamSpec spec;
    spec.name = param.getSymName().str();
    spec.type = param.getTensorType();
    spec.init = param.getInit();
    spec.offset = offset;
    offset += llvm::alignTo(param.getSizeInBytes(), kParamAlignment);
    interface.params.push_back(spec);
  }
  interface.paramBytes = offset;

  for (FuncOp func : model.getFuncs()) {
    if (func.isPrivate())
      continue;
    EntrySpec entry;
    entry.name = func.getSymName().str();
    entry.function = interface.name + "_" + entry.name;
    llvm::StringSet<> used;
    for (auto [index, type] : llvm::enumerate(func.getArgumentTypes())) {
      std::string name = toIdentifier(func.getArgName(index));
      if (func.getArgName(index).empty() || !used.insert(name).second)
        name = "input" + std::to_string(index);
      used.insert(name);
      entry.inputs.push_back({name, cast<RankedTensorType>(type)});
    }
    ArrayRef<Type> results = func.getResultTypes();
    for (auto [index, type] : llvm::enumerate(results)) {
      std::string name =
          results.size() == 1 ? "output" : "output" + std::to_string(index);
      entry.outputs.push_back({name, cast<RankedTensorType>(type)});
    }
    entry.batchParallel =
        llvm::all_of(func.getArgumentTypes(), isBatchOfSamples) &&
        llvm::all_of(results, isBatchOfSamples) &&
        !combinesSamples(func, model);
    interface.entries.push_back(std::move(entry));
  }

  for (TrainOp step : model.getTrainSteps()) {
    EntrySpec entry;
    entry.name = step.getSymName().str();
    entry.function = interface.name + "_" + entry.name;
    entry.isTrainStep = true;
    llvm::StringSet<> used;
    for (auto [index, type] : llvm::enumerate(step.getArgumentTypes())) {
      std::string name = toIdentifier(step.getArgName(index));
      if (step.getArgName(index).empty() || !used.insert(name).second)
        name = "input" + std::to_string(index);
      used.insert(name);
      entry.inputs.push_back({name, cast<RankedTensorType>(type)});
    }
    // The loss, then each metric named after its op.
    auto minimize = cast<MinimizeOp>(step.getBody().front().getTerminator());
    for (auto [index, value] : llvm::enumerate(minimize.getOperands())) {
      std::string name = "loss";
      if (index) {
        Operation *def = value.getDefiningOp();
        name = def ? def->getName().stripDialect().str()
                   : "metric" + std::to_string(index);
        if (!used.insert(name).second)
          name += std::to_string(index);
      }
      used.insert(name);
      entry.outputs.push_back({name, cast<RankedTensorType>(value.getType())});
    }
    // Its evaluation: the same inputs and results, an inference entry.
    EntrySpec evaluation;
    evaluation.name = step.getEvaluationName();
    evaluation.function = interface.name + "_" + evaluation.name;
    evaluation.evaluates = entry.name;
    evaluation.inputs = entry.inputs;
    evaluation.outputs = entry.outputs;
    // Its halves; the gradients' outputs and the update's inputs follow
    // the updated parameters (bindEntryParams).
    EntrySpec gradients;
    gradients.name = step.getGradientsName();
    gradients.function = interface.name + "_" + gradients.name;
    gradients.half = EntrySpec::Half::gradients;
    gradients.halfOf = entry.name;
    gradients.inputs = entry.inputs;
    gradients.inputs.push_back(
        {used.contains("total") ? "batch_total" : "total",
         RankedTensorType::get({}, IntegerType::get(model.getContext(), 64))});
    gradients.outputs = entry.outputs;
    EntrySpec apply;
    apply.name = step.getApplyName();
    apply.function = interface.name + "_" + apply.name;
    apply.isTrainStep = true;
    apply.half = EntrySpec::Half::apply;
    apply.halfOf = entry.name;
    interface.entries.push_back(std::move(entry));
    interface.entries.push_back(std::move(evaluation));
    interface.entries.push_back(std::move(gradients));
    interface.entries.push_back(std::move(apply));
  }
  return interface;
}

namespace {
/// The bytes of a tensor of static shape.
int64_t bytesOf(RankedTensorType type) {
  return type.getNumElements() * ((type.getElementTypeBitWidth() + 7) / 8);
}

/// The argument list of `entry`, its parameters and optimizer state bound.
std::vector<EntryArg> describeArgs(const ModelInterface &interface,
                                   const EntrySpec &entry,
                                   MLIRContext *context) {
  auto stepType = RankedTensorType::get({}, IntegerType::get(context, 64));
  auto paramArg = [&](ArgRole role, unsigned index, llvm::StringRef prefix) {
    const ParamSpec &param = interface.params[index];
    return EntryArg{role, index, param.type,
                    prefix.str() + toIdentifier(param.name)};
  };
  auto slotArgs = [&](ArgRole role, llvm::StringRef prefix) {
    std::vector<EntryArg> args;
    for (auto [index, slot] : llvm::enumerate(entry.slots)) {
      EntryArg arg = paramArg(role, slot.param, prefix);
      arg.index = index;
      arg.name += "_" + entry.slotNames[slot.slot];
      args.push_back(arg);
    }
    return args;
  };
  auto gradArgs = [&]() {
    std::vector<EntryArg> args;
    for (auto [index, slot] : llvm::enumerate(entry.gradients.slots)) {
      EntryArg arg = paramArg(ArgRole::grad, slot.param, "");
      arg.index = index;
      arg.name += "_grad";
      args.push_back(arg);
    }
    return args;
  };
  std::vector<EntryArg> args;
  if (entry.half == EntrySpec::Half::apply)
    args = gradArgs();
  for (auto [index, input] : llvm::enumerate(entry.inputs))
    args.push_back({ArgRole::input, unsigned(index), input.type, input.name});
  for (unsigned index : entry.params)
    args.push_back(paramArg(ArgRole::param, index, ""));
  if (entry.isTrainStep) {
    llvm::append_range(args, slotArgs(ArgRole::slot, ""));
    args.push_back({ArgRole::step, 0, stepType, "step"});
  }
  for (auto [index, output] : llvm::enumerate(entry.outputs))
    args.push_back(
        {ArgRole::output, unsigned(index), output.type, output.name});
  if (entry.half == EntrySpec::Half::gradients)
    llvm::append_range(args, gradArgs());
  if (entry.isTrainStep) {
    for (unsigned index : entry.updates)
      args.push_back(paramArg(ArgRole::newParam, index, "new_"));
    llvm::append_range(args, slotArgs(ArgRole::newSlot, "new_"));
    args.push_back({ArgRole::newStep, 0, stepType, "new_step"});
  }
  args.push_back({ArgRole::scratch, 0,
                  RankedTensorType::get({ShapedType::kDynamic},
                                        IntegerType::get(context, 8)),
                  "scratch"});
  return args;
}
/// The sizes of `entry`'s plain form (EntrySizes).
EntrySizes computeSizes(const EntrySpec &entry) {
  EntrySizes sizes;
  // Dynamic axis i of the first input that has one names that axis for all.
  std::map<int64_t, std::string> axisNames;
  for (const TensorSpec &input : entry.inputs) {
    std::vector<std::string> dims;
    for (auto [axis, dim] : llvm::enumerate(input.type.getShape())) {
      if (!ShapedType::isDynamic(dim)) {
        dims.push_back(std::to_string(dim));
        continue;
      }
      if (axis == 0) {
        sizes.usesBatch = true;
        axisNames[0] = "batch";
        dims.push_back("batch");
        continue;
      }
      std::string name = input.name + "_dim" + std::to_string(axis);
      sizes.extraArgs.push_back(name);
      axisNames.try_emplace(axis, name);
      dims.push_back(name);
    }
    sizes.inputDims.push_back(std::move(dims));
  }
  for (const TensorSpec &output : entry.outputs) {
    std::vector<std::string> dims;
    for (auto [axis, dim] : llvm::enumerate(output.type.getShape())) {
      if (!ShapedType::isDynamic(dim)) {
        dims.push_back(std::to_string(dim));
        continue;
      }
      auto it = axisNames.find(axis);
      if (it == axisNames.end()) {
        if (sizes.error.empty())
          sizes.error = "entry point @" + entry.name + ": the size of axis " +
                        std::to_string(axis) + " of " + output.name +
                        " is dynamic but no input has a dynamic axis " +
                        std::to_string(axis) + " to take it from";
        dims.push_back("?");
        continue;
      }
      dims.push_back(it->second);
    }
    sizes.outputDims.push_back(std::move(dims));
  }
  return sizes;
}

/// The state block of a training step.
StateLayout computeState(const ModelInterface &interface,
                         const EntrySpec &entry) {
  StateLayout layout;
  int64_t offset = 0;
  for (const SlotSpec &slot : entry.slots) {
    int64_t end = offset + llvm::alignTo(bytesOf(interface.params[slot.param].type),
                                         kParamAlignment);
    layout.slots.push_back(
        {offset, end, slot.param, entry.slotNames[slot.slot]});
    offset = end;
  }
  layout.stepOffset = offset;
  layout.bytes = offset + kParamAlignment;
  return layout;
}

/// The gradient block of a half of a training step.
GradientLayout computeGradients(const ModelInterface &interface,
                                const EntrySpec &entry) {
  GradientLayout layout;
  for (unsigned param : entry.updates) {
    int64_t end = layout.bytes +
                  llvm::alignTo(bytesOf(interface.params[param].type),
                                kParamAlignment);
    layout.slots.push_back({param, layout.bytes, end});
    layout.bytes = end;
  }
  return layout;
}

/// Checks that the ABI lets the caller pass one buffer exactly where the
/// compiled training step allows it (dlc.in_place): each new parameter,
/// slot and step count with its old value, nothing else.
LogicalResult checkInPlace(const EntrySpec &entry, Operation *function) {
  using InPlace = DLCDialect::InPlaceAttrHelper;
  auto inPlace =
      function->getAttrOfType<DenseI64ArrayAttr>(InPlace::getNameStr());
  if (!inPlace)
    return function->emitError()
           << "training step without '" << InPlace::getNameStr() << "'";
  auto partnerRole = [](ArgRole role) -> std::optional<ArgRole> {
    switch (role) {
    case ArgRole::newParam:
      return ArgRole::param;
    case ArgRole::newSlot:
      return ArgRole::slot;
    case ArgRole::newStep:
      return ArgRole::step;
    default:
      return std::nullopt;
    }
  };
  // (Gradients are arguments of the update, the only half checked here.)
  auto isArgument = [](ArgRole role) {
    return role == ArgRole::input || role == ArgRole::param ||
           role == ArgRole::slot || role == ArgRole::step ||
           role == ArgRole::grad;
  };
  std::vector<const EntryArg *> arguments, results;
  for (const EntryArg &arg : entry.args)
    if (arg.role != ArgRole::scratch)
      (isArgument(arg.role) ? arguments : results).push_back(&arg);
  if (int64_t(results.size()) != inPlace.size())
    return function->emitError()
           << "'" << InPlace::getNameStr() << "' has " << inPlace.size()
           << " entries for " << results.size() << " results";
  for (auto [result, shared] : llvm::zip(results, inPlace.asArrayRef())) {
    int64_t expected = -1;
    if (std::optional<ArgRole> role = partnerRole(result->role))
      for (auto [position, arg] : llvm::enumerate(arguments))
        if (arg->role == *role && arg->index == result->index)
          expected = position;
    if (shared != expected)
      return function->emitError()
             << "result '" << result->name << "' may share argument " << shared
             << " in the compiled step but " << expected << " in its interface";
  }
  return success();
}
} // namespace

LogicalResult bindEntryParams(ModelInterface &interface, ModuleOp lowered) {
  // Training steps the compiler could not differentiate (it warned) have no
  // function: they are not part of the compiled interface.
  // The same for the halves of a step whose gradients the compiler could
  // not write for slices (it warned).
  llvm::erase_if(interface.entries, [&](const EntrySpec &entry) {
    return (entry.isTrainStep || entry.half != EntrySpec::Half::none) &&
           !SymbolTable::lookupSymbolIn(
               lowered, StringAttr::get(lowered.getContext(), entry.function));
  });
  for (EntrySpec &entry : interface.entries) {
    Operation *function = SymbolTable::lookupSymbolIn(
        lowered, StringAttr::get(lowered.getContext(), entry.function));
    auto params = function ? function->getAttrOfType<ArrayAttr>(
                                 DLCDialect::ParamsAttrHelper::getNameStr())
                           : ArrayAttr();
    if (!params)
      return lowered.emitError() << "no compiled function " << entry.function
                                 << " with its parameter list";
    entry.params.clear();
    for (Attribute param : params) {
      int index =
          interface.findParam(cast<FlatSymbolRefAttr>(param).getValue());
      if (index < 0)
        return lowered.emitError() << "unknown parameter " << param;
      entry.params.push_back(index);
    }
    entry.updates.clear();
    if (auto updates = function->getAttrOfType<ArrayAttr>(
            DLCDialect::UpdatesAttrHelper::getNameStr()))
      for (Attribute param : updates)
        entry.updates.push_back(
            interface.findParam(cast<FlatSymbolRefAttr>(param).getValue()));
    entry.slotNames.clear();
    if (auto slots = function->getAttrOfType<ArrayAttr>(
            DLCDialect::SlotsAttrHelper::getNameStr()))
      for (Attribute slot : slots)
        entry.slotNames.push_back(cast<StringAttr>(slot).getValue().str());
    entry.slots.clear();
    for (unsigned param : entry.updates)
      for (unsigned slot = 0; slot < entry.slotNames.size(); ++slot)
        entry.slots.push_back({param, slot});
    if (entry.half != EntrySpec::Half::none)
      entry.gradients = computeGradients(interface, entry);
    entry.args = describeArgs(interface, entry, lowered.getContext());
    entry.sizes = computeSizes(entry);
    if (entry.isTrainStep)
      entry.state = computeState(interface, entry);
    if (entry.isTrainStep && failed(checkInPlace(entry, function)))
      return failure();
  }
  return success();
}

LogicalResult placeOnCuda(ModelInterface &interface, ModuleOp module) {
  if (interface.device == Device::cuda)
    return success();
  interface.device = Device::cuda;
  SymbolTable symbols(module);
  for (EntrySpec &entry : interface.entries) {
    entry.args.push_back({ArgRole::stream, 0, nullptr, "stream"});
    std::string function =
        interface.symbolName() + "_" +
        StringRef(entry.function).drop_front(interface.name.size() + 1).str();
    Operation *op = symbols.lookup(entry.function);
    if (!op || failed(symbols.rename(op, function)))
      return module.emitError()
             << "cannot rename " << entry.function << " to " << function;
    entry.function = function;
  }
  return success();
}

LogicalResult bindEntryScratch(ModelInterface &interface, ModuleOp module) {
  for (EntrySpec &entry : interface.entries) {
    Operation *function = SymbolTable::lookupSymbolIn(
        module, StringAttr::get(module.getContext(), entry.function));
    auto terms = function ? function->getAttrOfType<ArrayAttr>(
                                DLCDialect::ScratchAttrHelper::getNameStr())
                          : nullptr;
    if (!terms)
      return module.emitError() << "no scratch plan for " << entry.function;
    entry.scratch.clear();
    for (Attribute attr : terms) {
      ArrayRef<int64_t> values = cast<DenseI64ArrayAttr>(attr).asArrayRef();
      ScratchTerm term;
      term.bytes = values.front();
      for (size_t i = 1; i + 1 < values.size(); i += 2)
        term.dims.push_back({unsigned(values[i]), unsigned(values[i + 1])});
      entry.scratch.push_back(std::move(term));
    }
    // Counted on the code as it is now, not taken from dlc-plan-scratch:
    // the deallocation pipeline, which runs later, allocates too.
    entry.heapAllocs = 0;
    function->walk([&](Operation *op) {
      StringRef name = op->getName().getStringRef();
      if (name == "memref.alloc" || name == "memref.realloc")
        ++entry.heapAllocs;
      else if (name == "llvm.call")
        if (auto callee = op->getAttrOfType<FlatSymbolRefAttr>("callee"))
          if (callee.getValue() == "malloc" ||
              callee.getValue() == "aligned_alloc")
            ++entry.heapAllocs;
    });
  }
  return success();
}

std::vector<std::string> EntrySizes::argNames() const {
  std::vector<std::string> names;
  if (usesBatch)
    names.push_back("batch");
  llvm::append_range(names, extraArgs);
  return names;
}

std::string EntrySpec::dimOf(unsigned arg, unsigned axis) const {
  const EntryArg &argument = args[arg];
  if (argument.role == ArgRole::input)
    return sizes.inputDims[argument.index][axis];
  if (argument.role == ArgRole::output)
    return sizes.outputDims[argument.index][axis];
  return std::to_string(argument.type.getDimSize(axis));
}

std::string EntrySpec::scratchExpression(bool forMacro) const {
  std::vector<std::string> terms;
  for (const ScratchTerm &term : scratch) {
    std::string text = std::to_string(term.bytes);
    for (auto [arg, axis] : term.dims) {
      std::string dim = dimOf(arg, axis);
      bool isName = !dim.empty() && !llvm::isDigit(dim.front());
      text += " * " + (forMacro && isName ? "(" + dim + ")" : dim);
    }
    terms.push_back(text);
  }
  return terms.empty() ? "0" : llvm::join(terms, " + ");
}

int64_t scratchBytes(const EntrySpec &entry,
                     function_ref<int64_t(unsigned, unsigned)> sizeOf) {
  int64_t total = 0;
  for (const ScratchTerm &term : entry.scratch) {
    int64_t bytes = term.bytes;
    for (auto [arg, axis] : term.dims)
      bytes *= sizeOf(arg, axis);
    total += bytes;
  }
  return total;
}

} // namespace dlc
