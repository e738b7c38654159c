//===- ModelSummary.cpp - A Keras-like summary of a dlc model -------------===//

#include "Analysis/ModelSummary.h"

#include "llvm/ADT/DenseSet.h"
#include "llvm/ADT/MapVector.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/Format.h"

using namespace mlir;

namespace dlc {

std::string formatCount(int64_t value) {
  std::string digits = std::to_string(value < 0 ? -value : value);
  std::string text;
  for (size_t i = 0; i < digits.size(); ++i) {
    if (i != 0 && (digits.size() - i) % 3 == 0)
      text += ',';
    text += digits[i];
  }
  return value < 0 ? "-" + text : text;
}

std::string formatBytes(int64_t bytes) {
  static const char *const units[] = {"B", "KiB", "MiB", "GiB"};
  double size = static_cast<double>(bytes);
  unsigned unit = 0;
  while (size >= 1024 && unit + 1 < std::size(units)) {
    size /= 1024;
    ++unit;
  }
  std::string text;
  llvm::raw_string_ostream os(text);
  if (unit == 0)
    os << bytes << " B";
  else
    os << llvm::format("%.2f ", size) << units[unit];
  return text;
}

namespace {

/// Parameters read by a function, directly or through the functions it
/// calls, in first-read order.
class ParamReach {
public:
  explicit ParamReach(ModelOp model) : model(model) {}

  const llvm::SmallVector<ParamOp> &of(Operation *function) {
    auto it = cache.find(function);
    if (it != cache.end())
      return it->second;
    llvm::SmallVector<ParamOp> params;
    llvm::DenseSet<Operation *> seen;
    function->walk([&](Operation *op) {
      for (ParamOp param : direct(op))
        if (seen.insert(param).second)
          params.push_back(param);
    });
    return cache[function] = std::move(params);
  }

  /// The parameters an op reads: a read's own, a call's callee's, or those
  /// read by the ops defining its operands.
  llvm::SmallVector<ParamOp> direct(Operation *op) {
    if (auto read = dyn_cast<ReadOp>(op))
      return {lookup(read.getParamAttr())};
    if (auto call = dyn_cast<CallOp>(op)) {
      auto callee = mlir::SymbolTable::lookupSymbolIn(model,
                                                      call.getCalleeAttr());
      return callee ? of(callee) : llvm::SmallVector<ParamOp>{};
    }
    return {};
  }

  ParamOp lookup(FlatSymbolRefAttr name) {
    return cast<ParamOp>(mlir::SymbolTable::lookupSymbolIn(model, name));
  }

private:
  ModelOp model;
  llvm::DenseMap<Operation *, llvm::SmallVector<ParamOp>> cache;
};

std::string kindOf(Operation *op) {
  std::string kind = op->getName().stripDialect().str();
  if (auto call = dyn_cast<CallOp>(op))
    return "call @" + call.getCallee().str();
  if (auto act = op->getAttrOfType<ActivationAttr>("activation"))
    if (act.getValue() != Activation::identity)
      kind += ", " + stringifyActivation(act.getValue()).str();
  if (auto act = dyn_cast<ActivationOp>(op))
    kind += " " + stringifyActivation(act.getKind()).str();
  return kind;
}

/// The layer name: the common dotted prefix of the parameters `op` reads
/// through its operands, else the op's name numbered like Keras does.
std::string layerName(Operation *op, ParamReach &reach,
                      llvm::StringMap<unsigned> &counts) {
  std::optional<std::string> prefix;
  for (Value operand : op->getOperands()) {
    auto read = operand.getDefiningOp<ReadOp>();
    if (!read)
      continue;
    StringRef name = read.getParam();
    StringRef head = name.rsplit('.').first;
    if (head == name)
      head = name;
    if (!prefix)
      prefix = head.str();
    else if (*prefix != head)
      prefix = std::string();
  }
  if (prefix && !prefix->empty())
    return *prefix;
  std::string base = op->getName().stripDialect().str();
  if (auto call = dyn_cast<CallOp>(op))
    base = call.getCallee().str();
  unsigned n = counts[base]++;
  return n == 0 ? base : base + "_" + std::to_string(n);
}

int64_t countElements(llvm::ArrayRef<ParamOp> params) {
  int64_t total = 0;
  for (ParamOp param : params)
    total += param.getNumElements();
  return total;
}

std::string describeOptimizer(Attribute optimizer) {
  std::string text;
  llvm::raw_string_ostream os(text);
  os << optimizer;
  StringRef body(text);
  body.consume_front("#dlc.");
  return body.str();
}

EntrySummary summarizeEntry(FunctionOpInterface function, ParamReach &reach) {
  EntrySummary entry;
  entry.name = function.getName().str();
  entry.inputs.assign(function.getArgumentTypes().begin(),
                      function.getArgumentTypes().end());
  entry.results.assign(function.getResultTypes().begin(),
                       function.getResultTypes().end());
  llvm::StringMap<unsigned> counts;
  for (Operation &op : function.getFunctionBody().front()) {
    if (isa<ReadOp, ReturnOp, MinimizeOp>(op) || op.getNumResults() == 0)
      continue;
    LayerSummary layer;
    layer.name = layerName(&op, reach, counts);
    layer.kind = kindOf(&op);
    layer.shape.assign(
        cast<RankedTensorType>(op.getResult(0).getType()).getShape().begin(),
        cast<RankedTensorType>(op.getResult(0).getType()).getShape().end());
    llvm::SmallVector<ParamOp> params = reach.direct(&op);
    for (Value operand : op.getOperands())
      if (Operation *def = operand.getDefiningOp())
        if (isa<ReadOp>(def))
          params.append(reach.direct(def));
    layer.numParams = countElements(params);
    entry.layers.push_back(std::move(layer));
  }
  const llvm::SmallVector<ParamOp> &params = reach.of(function);
  entry.numParams = countElements(params);
  for (ParamOp param : params)
    entry.paramBytes += param.getSizeInBytes();

  if (auto step = dyn_cast<TrainOp>(function.getOperation())) {
    entry.isTrainStep = true;
    for (ParamOp param : params) {
      if (step.updates(param.getSymName()))
        entry.numTrainable += param.getNumElements();
      else
        entry.numFrozen += param.getNumElements();
    }
    auto optimizer = cast<OptimizerAttr>(step.getOptimizer());
    entry.optimizer = describeOptimizer(optimizer);
    entry.optimizerStateValues =
        entry.numTrainable * optimizer.getNumSlotsPerParam();
    for (StringRef slot : optimizer.getSlotNames())
      entry.optimizerSlots.push_back(slot.str());
  }
  return entry;
}

std::string formatShapeTuple(llvm::ArrayRef<int64_t> shape) {
  std::string text = "(";
  for (auto [i, dim] : llvm::enumerate(shape)) {
    if (i)
      text += ", ";
    text += ShapedType::isDynamic(dim) ? "?" : std::to_string(dim);
  }
  if (shape.size() == 1)
    text += ",";
  return text + ")";
}

std::string typeString(Type type) {
  std::string text;
  llvm::raw_string_ostream os(text);
  os << type;
  return text;
}

} // namespace

ModelSummary summarize(ModelOp model) {
  ModelSummary summary;
  summary.name = model.getSymName().str();
  for (ParamOp param : model.getParams()) {
    ++summary.numParamTensors;
    summary.numParams += param.getNumElements();
    summary.paramBytes += param.getSizeInBytes();
  }
  ParamReach reach(model);
  for (Operation &op : model.getBody().front()) {
    auto function = dyn_cast<FunctionOpInterface>(&op);
    if (!function || function.isPrivate())
      continue;
    summary.entries.push_back(summarizeEntry(function, reach));
  }
  return summary;
}

void printSummary(const ModelSummary &summary, llvm::raw_ostream &os) {
  auto label = [](const LayerSummary &layer) {
    if (layer.name == layer.kind)
      return layer.name;
    return layer.name + " (" + layer.kind + ")";
  };
  size_t nameWidth = 34;
  for (const EntrySummary &entry : summary.entries)
    for (const LayerSummary &layer : entry.layers)
      nameWidth = std::max(nameWidth, label(layer).size() + 2);
  constexpr size_t kShapeWidth = 22, kParamWidth = 12;
  size_t width = nameWidth + kShapeWidth + kParamWidth;
  std::string rule(width, '-');
  std::string heavyRule(width, '=');

  os << "Model: \"" << summary.name << "\"\n";
  for (const EntrySummary &entry : summary.entries) {
    os << '\n'
       << (entry.isTrainStep ? "Training step" : "Entry point") << " @"
       << entry.name << '(';
    llvm::interleaveComma(entry.inputs, os,
                          [&](Type type) { os << typeString(type); });
    os << ") -> (";
    llvm::interleaveComma(entry.results, os,
                          [&](Type type) { os << typeString(type); });
    os << ")\n" << heavyRule << '\n';
    os << llvm::left_justify("Layer (type)", nameWidth)
       << llvm::left_justify("Output Shape", kShapeWidth)
       << llvm::right_justify("Param #", kParamWidth) << '\n'
       << heavyRule << '\n';
    for (const LayerSummary &layer : entry.layers) {
      os << llvm::left_justify(label(layer), nameWidth)
         << llvm::left_justify(formatShapeTuple(layer.shape), kShapeWidth)
         << llvm::right_justify(formatCount(layer.numParams), kParamWidth)
         << '\n';
    }
    os << rule << '\n';
    os << "Total params: " << formatCount(entry.numParams) << " ("
       << formatBytes(entry.paramBytes) << ")\n";
    if (entry.isTrainStep) {
      os << "Trainable params: " << formatCount(entry.numTrainable) << '\n'
         << "Frozen params: " << formatCount(entry.numFrozen) << '\n'
         << "Optimizer: " << entry.optimizer << '\n'
         << "Optimizer state: " << formatCount(entry.optimizerStateValues)
         << " values";
      if (!entry.optimizerSlots.empty())
        os << " (" << llvm::join(entry.optimizerSlots, ", ")
           << " per trainable param)";
      os << '\n';
    }
  }
  os << '\n'
     << heavyRule << '\n'
     << "Model total: " << formatCount(summary.numParams) << " params in "
     << summary.numParamTensors << " tensors ("
     << formatBytes(summary.paramBytes) << ")\n";
}

} // namespace dlc
