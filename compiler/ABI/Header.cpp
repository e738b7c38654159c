//===- Header.cpp - The C/C++ header of a compiled model ------------------===//
//
// The header declares both C forms of every entry point (plain: data
// pointers, sizes and blocks; strided: one memref descriptor per argument),
// the parameter and state layout as C macros, and a C++ class named after
// the model that owns the parameters and calls the plain form, like
// tfcompile's generated classes.
//
//===----------------------------------------------------------------------===//

#include "ABI/ModelInterface.h"

#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/raw_ostream.h"

#include <map>
#include <set>

using namespace mlir;

namespace dlc {
namespace {

/// The runtime's and C's names of an element type.
std::pair<const char *, const char *> elementNames(Type type) {
  if (type.isF32())
    return {"f32", "float"};
  if (type.isF64())
    return {"f64", "double"};
  if (type.isInteger(32))
    return {"i32", "int32_t"};
  if (type.isInteger(8))
    return {"i8", "int8_t"};
  return {"i64", "int64_t"};
}

std::string dtypeName(Type type) { return elementNames(type).first; }

std::string cType(Type type) { return elementNames(type).second; }

std::string descriptorName(RankedTensorType type) {
  return "dlc_memref_" + dtypeName(type.getElementType()) + "_" +
         std::to_string(type.getRank()) + "d";
}

} // namespace

std::vector<std::string> plainParameters(const EntrySpec &entry,
                                         Device device) {
  std::vector<std::string> plain;
  if (entry.half == EntrySpec::Half::apply)
    plain.push_back("const void *grads");
  for (const TensorSpec &input : entry.inputs)
    plain.push_back("const " + cType(input.type.getElementType()) + " *" +
                    input.name);
  for (const std::string &size : entry.sizes.argNames())
    plain.push_back("int64_t " + size);
  plain.push_back(entry.isTrainStep ? "void *params" : "const void *params");
  if (entry.isTrainStep)
    plain.push_back("void *state");
  for (const TensorSpec &output : entry.outputs)
    plain.push_back(cType(output.type.getElementType()) + " *" + output.name);
  if (entry.half == EntrySpec::Half::gradients)
    plain.push_back("void *grads");
  plain.push_back("void *scratch");
  if (device == Device::cuda)
    plain.push_back("void *stream");
  return plain;
}

std::string initializerName(InitializerAttr init, double &a, double &b) {
  a = b = 0;
  if (isa<ZerosAttr>(init))
    return "zeros";
  if (isa<OnesAttr>(init))
    return "ones";
  if (auto constant = dyn_cast<ConstantAttr>(init)) {
    a = constant.getValue().convertToDouble();
    return "constant";
  }
  if (auto uniform = dyn_cast<UniformAttr>(init)) {
    a = uniform.getLo().convertToDouble();
    b = uniform.getHi().convertToDouble();
    return "uniform";
  }
  if (auto normal = dyn_cast<NormalAttr>(init)) {
    a = normal.getMean().convertToDouble();
    b = normal.getStddev().convertToDouble();
    return "normal";
  }
  if (isa<GlorotUniformAttr>(init))
    return "glorot_uniform";
  if (isa<HeUniformAttr>(init))
    return "he_uniform";
  a = cast<OrthogonalAttr>(init).getGain().convertToDouble();
  return "orthogonal";
}

namespace {

std::string formatDouble(double value) {
  std::string text;
  llvm::raw_string_ostream os(text);
  os << llvm::formatv("{0:e17}", value);
  return text;
}

/// `f32[batch, 28, 28, 1]`.
std::string describeTensor(RankedTensorType type,
                           llvm::ArrayRef<std::string> dims) {
  return dtypeName(type.getElementType()) + "[" + llvm::join(dims, ", ") + "]";
}

/// `name(x: f32[batch, 2]) -> output: f32[batch, 1]`; without the outputs
/// when `withOutputs` is false.
std::string signature(const EntrySpec &entry, bool withOutputs = true) {
  auto list = [](const std::vector<TensorSpec> &tensors,
                 const std::vector<std::vector<std::string>> &dims) {
    std::vector<std::string> items;
    for (auto [i, tensor] : llvm::enumerate(tensors))
      items.push_back(tensor.name + ": " +
                      describeTensor(tensor.type, dims[i]));
    return llvm::join(items, ", ");
  };
  std::string inputs = list(entry.inputs, entry.sizes.inputDims);
  if (entry.half == EntrySpec::Half::apply)
    inputs = "gradient block";
  std::string text = entry.name + "(" + inputs + ")";
  if (!withOutputs)
    return text;
  if (entry.outputs.empty())
    return text + " -> (the parameters and the state updated in place)";
  text += " -> " + list(entry.outputs, entry.sizes.outputDims);
  if (entry.half == EntrySpec::Half::gradients)
    text += ", gradient block";
  return text;
}

/// The generated class's size arguments: `int64_t batch, ...`.
std::vector<std::string> sizeParameters(const EntrySpec &entry) {
  std::vector<std::string> params;
  for (const std::string &name : entry.sizes.argNames())
    params.push_back("int64_t " + name);
  return params;
}

/// The static member that gives the scratch bytes an entry point needs.
void writeScratchBytes(const EntrySpec &entry, llvm::raw_ostream &os) {
  std::string scratchFn = toMemberName(entry.name) + "ScratchBytes";
  os << "\n  /// Bytes of scratch memory " << entry.name
     << " needs (best 64-byte aligned).\n"
     << "  static constexpr int64_t " << scratchFn << "("
     << llvm::join(sizeParameters(entry), ", ") << ") {\n";
  for (const std::string &name : entry.sizes.argNames())
    os << "    (void)" << name << ";\n";
  os << "    return " << entry.scratchExpression() << ";\n  }\n";
  if (entry.heapAllocs)
    os << "  // " << entry.name << " still has " << entry.heapAllocs
       << " heap allocation site(s) (loop-carried state).\n";
}

/// A call of the plain C form of `entry` from the generated class, with
/// `outputs` for its outputs (pointers).
std::string plainCall(const EntrySpec &entry,
                      llvm::ArrayRef<std::string> outputs) {
  std::vector<std::string> args;
  for (const TensorSpec &input : entry.inputs)
    args.push_back(input.name);
  llvm::append_range(args, entry.sizes.argNames());
  args.push_back("params_.data()");
  if (entry.isTrainStep)
    args.push_back(toIdentifier(entry.name) + "_state_.data()");
  llvm::append_range(args, outputs);
  args.push_back("scratch");
  return "dlc_" + entry.function + "(" + llvm::join(args, ", ") + ")";
}

/// The trainer's dlc::runtime::StepHalves on the C functions of `step`'s
/// halves (for data parallelism: dlc/runtime/DataParallel.h), and its
/// halves() override; false (nothing written) when they were not compiled.
bool writeTrainerHalves(const ModelInterface &interface,
                        const EntrySpec &step, const std::string &className,
                        llvm::raw_ostream &os) {
  const EntrySpec *gradients = nullptr, *apply = nullptr, *evaluate = nullptr;
  for (const EntrySpec &entry : interface.entries) {
    if (entry.halfOf == step.name)
      (entry.half == EntrySpec::Half::gradients ? gradients : apply) = &entry;
    if (entry.evaluates == step.name)
      evaluate = &entry;
  }
  if (!gradients || !apply || !evaluate)
    return false;
  std::string macroPrefix =
      "DLC_" + llvm::StringRef(toIdentifier(interface.symbolName())).upper() +
      "_";
  auto scratchMacro = [&](const EntrySpec &entry, llvm::StringRef sizes) {
    return macroPrefix + llvm::StringRef(toIdentifier(entry.name)).upper() +
           "_SCRATCH_BYTES(" + sizes.str() + ")";
  };
  os << "    dlc::runtime::StepHalves *halves() override { return &halves_; "
        "}\n\n"
     << "    /// " << gradients->name << " and " << apply->name
     << " on the model's parameters and state.\n"
     << "    class Halves final : public dlc::runtime::StepHalves {\n"
     << "    public:\n"
     << "      explicit Halves(" << className
     << " &model) : model_(model) {}\n"
     << "      std::span<const dlc::runtime::GradientSpec> gradients() const "
        "override {\n"
     << "        static constexpr std::array<dlc::runtime::GradientSpec, "
     << gradients->gradients.slots.size() << "> kGradients = {{\n";
  for (const GradientLayout::Slot &slot : gradients->gradients.slots) {
    const ParamSpec &param = interface.params[slot.param];
    os << "            {\"" << param.name << "\", dlc::runtime::DType::"
       << dtypeName(param.type.getElementType()) << ", " << slot.offset
       << ", " << param.type.getNumElements() << "},\n";
  }
  os << "        }};\n        return kGradients;\n      }\n"
     << "      int64_t gradientBytes() const override { return "
     << gradients->gradients.bytes << "; }\n"
     << "      void gradients(const dlc::runtime::Batch &batch, int64_t "
        "begin, int64_t end,\n"
     << "                     int64_t total, std::span<double> results,\n"
     << "                     std::byte *grads, dlc::runtime::Scratch "
        "&scratch) override {\n";
  std::vector<std::string> args;
  for (auto [i, input] : llvm::enumerate(step.inputs)) {
    int64_t sample = 1;
    for (int64_t dim : input.type.getShape().drop_front())
      sample *= dim;
    args.push_back("batch.tensors[" + std::to_string(i) + "].values<" +
                   cType(input.type.getElementType()) +
                   ">().data() + begin * " + std::to_string(sample));
  }
  args.push_back("&total");
  args.push_back("end - begin");
  args.push_back("model_.params_.data()");
  for (const TensorSpec &output : step.outputs) {
    os << "        " << cType(output.type.getElementType()) << " "
       << output.name << " = 0;\n";
    args.push_back("&" + output.name);
  }
  args.push_back("grads");
  args.push_back("scratch.reserve(" + scratchMacro(*gradients, "end - begin") +
                 ")");
  os << "        dlc_" << gradients->function << "(" << llvm::join(args, ", ")
     << ");\n";
  for (auto [i, output] : llvm::enumerate(step.outputs))
    os << "        results[" << i << "] = " << output.name << ";\n";
  os << "      }\n"
     << "      void apply(const std::byte *grads, dlc::runtime::Scratch "
        "&scratch) override {\n"
     << "        dlc_" << apply->function << "(grads, model_.params_.data(), "
     << "model_." << toIdentifier(step.name) << "_state_.data(), "
     << "scratch.reserve(" << scratchMacro(*apply, "") << "));\n"
     << "      }\n"
     << "      void evaluate(const dlc::runtime::Batch &batch, "
        "std::span<double> results,\n"
     << "                    dlc::runtime::Scratch &scratch) override {\n";
  std::vector<std::string> evaluateArgs;
  for (auto [i, input] : llvm::enumerate(step.inputs))
    evaluateArgs.push_back("batch.tensors[" + std::to_string(i) +
                           "].values<" + cType(input.type.getElementType()) +
                           ">().data()");
  evaluateArgs.push_back("batch.size");
  evaluateArgs.push_back("model_.params_.data()");
  for (const TensorSpec &output : step.outputs) {
    os << "        " << cType(output.type.getElementType()) << " "
       << output.name << " = 0;\n";
    evaluateArgs.push_back("&" + output.name);
  }
  evaluateArgs.push_back("scratch.reserve(" +
                         scratchMacro(*evaluate, "batch.size") + ")");
  os << "        dlc_" << evaluate->function << "("
     << llvm::join(evaluateArgs, ", ") << ");\n";
  for (auto [i, output] : llvm::enumerate(step.outputs))
    os << "        results[" << i << "] = " << output.name << ";\n";
  os << "      }\n\n"
     << "    private:\n      " << className << " &model_;\n    };\n";
  return true;
}

/// A nested class that implements dlc::runtime::TrainStep for `entry`, for
/// the runtime's training loop. Only for steps whose inputs have a dynamic
/// batch axis and static sample shapes. On CUDA (Device::cuda) the model's
/// calls return errors, which the trainer keeps for error(), and its state
/// is copied to host mirrors for checkpoints and back after a load.
void writeTrainer(const ModelInterface &interface, const EntrySpec &entry,
                  const std::string &className, llvm::raw_ostream &os) {
  bool onCuda = interface.device == Device::cuda;
  for (const TensorSpec &input : entry.inputs) {
    ArrayRef<int64_t> shape = input.type.getShape();
    if (shape.empty() || !ShapedType::isDynamic(shape[0]) ||
        llvm::any_of(shape.drop_front(), ShapedType::isDynamic)) {
      os << "\n  // " << entry.name << " has no trainer: its inputs are "
         << "not all [batch, static sizes...].\n";
      return;
    }
  }
  std::string name = toIdentifier(entry.name);
  std::string trainer = toClassName(entry.name) + "Trainer";
  std::string evaluate = toIdentifier(entry.name + "_evaluate");
  os << "\n  /// " << entry.name << " for the runtime's training loop:\n"
     << (onCuda ? "  ///   " + className +
                      " model;\n  ///   model.open(gpu, "
                      "seed);\n"
                : "  ///   " + className + " model(seed);\n")
     << "  ///   " << className << "::" << trainer << " trainer(model);\n"
     << "  ///   dlc::runtime::fit(trainer, data, options, history);\n"
     << "  /// Its state (for checkpoints) is every parameter, the optimizer "
        "state\n  /// (\""
     << entry.name
     << "/<slot>/<parameter>\") and the "
        "step count (\""
     << entry.name << "/step\")"
     << (onCuda ? ", copied from the GPU's\n  /// memory and back" : "")
     << ".\n"
     << "  class " << trainer
     << " final : public dlc::runtime::TrainStep {\n  public:\n"
     << "    explicit " << trainer << "(" << className << " &model) : "
     << (onCuda ? "model_(model), params_(kParamBytes), state_(" +
                      std::to_string(entry.state.bytes) + ") {}\n"
                : "model_(model) {}\n")
     << "    std::string_view modelName() const override { return "
        "kModelName; }\n"
     << "    std::string_view stepName() const override { return \""
     << entry.name << "\"; }\n";
  for (auto [i, input] : llvm::enumerate(entry.inputs)) {
    os << "    static constexpr std::array<int64_t, "
       << input.type.getRank() - 1 << "> kSample" << i << " = {";
    llvm::interleaveComma(input.type.getShape().drop_front(), os);
    os << "};\n";
  }
  os << "    std::span<const dlc::runtime::InputSpec> inputs() const "
        "override {\n"
     << "      static constexpr std::array<dlc::runtime::InputSpec, "
     << entry.inputs.size() << "> kInputs = {{\n";
  for (auto [i, input] : llvm::enumerate(entry.inputs))
    os << "          {\"" << input.name
       << "\", dlc::runtime::DType::" << dtypeName(input.type.getElementType())
       << ", kSample" << i << "},\n";
  os << "      }};\n      return kInputs;\n    }\n"
     << "    std::span<const std::string_view> resultNames() const "
        "override {\n"
     << "      static constexpr std::array<std::string_view, "
     << entry.outputs.size() << "> kNames = {";
  for (auto [i, output] : llvm::enumerate(entry.outputs))
    os << (i ? ", " : "") << "\"" << output.name << "\"";
  os << "};\n      return kNames;\n    }\n";
  auto inputArgs = [&]() {
    std::string text;
    for (auto [i, input] : llvm::enumerate(entry.inputs))
      text += "batch.tensors[" + std::to_string(i) + "].values<" +
              cType(input.type.getElementType()) + ">().data(), ";
    return text + "batch.size";
  };
  os << "    void step(const dlc::runtime::Batch &batch, std::span<double> "
        "results) override {\n";
  if (onCuda)
    os << "      " << toClassName(entry.name) << "Result result{};\n"
       << "      record(model_." << name << "(" << inputArgs()
       << ", result));\n";
  else
    os << "      auto result = model_." << name << "(" << inputArgs() << ");\n";
  for (auto [i, output] : llvm::enumerate(entry.outputs))
    os << "      results[" << i << "] = result." << output.name << ";\n";
  os << "    }\n"
     << "    void evaluate(const dlc::runtime::Batch &batch, "
        "std::span<double> results) override {\n";
  std::string outputs;
  for (const TensorSpec &output : entry.outputs) {
    os << "      " << cType(output.type.getElementType()) << " " << output.name
       << " = 0;\n";
    outputs += ", &" + output.name;
  }
  if (onCuda)
    os << "      record(model_." << evaluate << "(" << inputArgs() << outputs
       << "));\n";
  else
    os << "      model_." << evaluate << "(" << inputArgs() << outputs
       << ");\n";
  for (auto [i, output] : llvm::enumerate(entry.outputs))
    os << "      results[" << i << "] = " << output.name << ";\n";
  os << "    }\n";
  // State: parameters, optimizer slots, step counter.
  const std::vector<StateSlot> &slots = entry.state.slots;
  // state() and stateSlots(): the same tensors, read-only and writable.
  // On CUDA: the host mirrors, refreshed first.
  std::string paramBlock = onCuda ? "params_" : "model_.params_";
  std::string stateData =
      onCuda ? "state_.data()" : "model_." + name + "_state_.data()";
  auto writeState = [&](const char *signature, const char *type,
                        const char *list, const char *ofParam) {
    os << "    " << signature << " override {\n";
    if (onCuda)
      os << "      download();\n";
    os << "      std::vector<dlc::runtime::" << type << "> " << list << ";\n"
       << "      for (const dlc::runtime::ParamInfo &param : kParams)\n"
       << "        " << list << ".push_back(dlc::runtime::" << ofParam
       << "(param, " << paramBlock << "));\n";
    for (const StateSlot &slot : slots)
      os << "      " << list << ".push_back({\"" << entry.name << "/"
         << slot.slot << "/" << interface.params[slot.param].name
         << "\", kParams[" << slot.param << "].dtype, {kParams[" << slot.param
         << "].shape, size_t(kParams[" << slot.param << "].rank)}, "
         << stateData << " + " << slot.offset << "});\n";
    os << "      " << list << ".push_back({\"" << entry.name
       << "/step\", dlc::runtime::DType::i64, {}, " << stateData << " + "
       << entry.state.stepOffset << "});\n      return " << list
       << ";\n    }\n";
  };
  writeState("std::vector<dlc::runtime::TensorView> state() const",
             "TensorView", "views", "viewOf");
  writeState("std::vector<dlc::runtime::TensorSlot> stateSlots()", "TensorSlot",
             "slots", "slotOf");
  if (!onCuda) {
    bool halves = writeTrainerHalves(interface, entry, className, os);
    os << "\n"
       << "  private:\n    " << className << " &model_;\n";
    if (halves)
      os << "    Halves halves_{model_};\n";
    os << "  };\n";
    return;
  }
  std::string stateBuffer = "model_." + name + "_state_";
  os << "    std::string stateLoaded() override {\n"
     << "      if (std::string error = model_.uploadParams(params_.data()); "
        "!error.empty())\n        return error;\n"
     << "      " << stateBuffer << ".copyFromHost(state_.data(), "
     << entry.state.bytes << ", model_.stream_);\n"
     << "      return model_.stream_.synchronize();\n    }\n"
     << "    std::string error() const override { return error_; }\n\n"
     << "  private:\n"
     << "    void record(std::string error) const {\n"
     << "      if (error_.empty())\n        error_ = std::move(error);\n"
     << "    }\n"
     << "    /// The parameters and the state into the host mirrors.\n"
     << "    void download() const {\n"
     << "      record(model_.downloadParams(params_.data()));\n"
     << "      " << stateBuffer << ".copyToHost(state_.data(), "
     << entry.state.bytes << ", model_.stream_);\n"
     << "      record(model_.stream_.synchronize());\n    }\n\n"
     << "    " << className << " &model_;\n"
     << "    mutable dlc::runtime::ParamBlock params_, state_;\n"
     << "    mutable std::string error_;\n  };\n";
}

/// The method of a training step: one optimizer step on a batch, the
/// parameters and the optimizer state updated in place, the loss and the
/// metrics returned. Appends the state members to `members`.
void writeTrainStep(const EntrySpec &entry, llvm::raw_ostream &os,
                    std::string &members) {
  std::string name = toIdentifier(entry.name);
  std::string scratchFn = toMemberName(entry.name) + "ScratchBytes";
  std::string resultType = toClassName(entry.name) + "Result";
  std::vector<std::string> sizeNames = entry.sizes.argNames();

  os << "\n  /// What " << entry.name
     << " returns: the batch's loss and metrics, before the update.\n"
     << "  struct " << resultType << " {\n";
  for (const TensorSpec &output : entry.outputs)
    os << "    " << cType(output.type.getElementType()) << " " << output.name
       << ";\n";
  os << "  };\n";
  writeScratchBytes(entry, os);
  members += "  dlc::runtime::ParamBlock " + name + "_state_{" +
             std::to_string(entry.state.bytes) + "};\n";

  std::vector<std::string> args;
  for (const TensorSpec &input : entry.inputs)
    args.push_back("const " + cType(input.type.getElementType()) + " *" +
                   input.name);
  llvm::append_range(args, sizeParameters(entry));
  std::string slots = llvm::join(entry.slotNames, ", ");
  std::vector<std::string> withScratch = args;
  withScratch.push_back("void *scratch");
  std::vector<std::string> outputs;
  for (const TensorSpec &output : entry.outputs)
    outputs.push_back("&result." + output.name);
  os << "\n  /// " << signature(entry, /*withOutputs=*/false)
     << ": one optimizer step on the batch; the parameters and the\n"
     << "  /// optimizer state (" << (slots.empty() ? "none" : slots)
     << ", step count) are updated in place.\n  " << resultType << " " << name
     << "(" << llvm::join(withScratch, ", ") << ") {\n"
     << "    " << resultType << " result{};\n"
     << "    " << plainCall(entry, outputs) << ";\n    return result;\n  }\n";

  std::vector<std::string> forward;
  for (const TensorSpec &input : entry.inputs)
    forward.push_back(input.name);
  llvm::append_range(forward, sizeNames);
  forward.push_back("scratch_.reserve(" + scratchFn + "(" +
                    llvm::join(sizeNames, ", ") + "))");
  os << "\n  /// The same with the instance's own scratch memory.\n  "
     << resultType << " " << name << "(" << llvm::join(args, ", ")
     << ") {\n    return " << name << "(" << llvm::join(forward, ", ")
     << ");\n  }\n";
  os << "\n  /// Optimizer steps " << entry.name << " has taken.\n"
     << "  int64_t " << toMemberName(entry.name)
     << "Steps() const {\n    return *reinterpret_cast<const int64_t *>("
     << name << "_state_.data() + " << entry.state.stepOffset << ");\n  }\n";
}

/// The class's constants: the model's name, its parameter table, and
/// `more` constants before the table.
void writeParamTable(const ModelInterface &interface, llvm::raw_ostream &os,
                     llvm::StringRef more = "") {
  os << "  static constexpr const char *kModelName = \"" << interface.name
     << "\";\n"
     << "  static constexpr int64_t kNumParams = " << interface.params.size()
     << ";\n"
     << "  static constexpr int64_t kParamBytes = " << interface.paramBytes
     << ";\n"
     << more << "  static constexpr std::array<dlc::runtime::ParamInfo, "
     << interface.params.size() << "> kParams = {{\n";
  for (const ParamSpec &param : interface.params) {
    double a, b;
    std::string init = initializerName(param.init, a, b);
    os << "      {\"" << param.name
       << "\", dlc::runtime::DType::" << dtypeName(param.type.getElementType())
       << ", " << param.type.getRank() << ", {";
    llvm::interleaveComma(param.type.getShape(), os);
    os << "}, " << param.offset << ", dlc::runtime::Init::" << init << ", "
       << formatDouble(a) << ", " << formatDouble(b) << "},\n";
  }
  os << "  }};\n\n";
}

/// `sizeof(float) * (batch * 2)`: the bytes of a tensor whose axes have
/// the sizes `dims` (numbers or size arguments).
std::string bytesExpression(RankedTensorType type,
                            const std::vector<std::string> &dims) {
  std::vector<std::string> factors = dims;
  if (factors.empty())
    factors.push_back("1");
  return "sizeof(" + cType(type.getElementType()) + ") * size_t(" +
         llvm::join(factors, " * ") + ")";
}

/// entryPoints(): every entry point whose sizes are all the batch, with
/// its tensors and a call on host memory through the class, for tools that
/// call entry points by name.
void writeEntryPoints(const ModelInterface &interface,
                      const std::string &className, llvm::raw_ostream &os) {
  bool onCuda = interface.device == Device::cuda;
  os << "\n  /// An entry point for tools that call them by name: host "
        "memory, each\n  /// tensor's shape with -1 for the batch size; a "
        "training step updates the\n  /// parameters and the optimizer "
        "state. call returns \"\" or an error.\n"
     << "  struct EntryPoint {\n    std::string_view name;\n"
     << "    bool trains;\n"
     << "    std::vector<dlc::runtime::EntryTensor> inputs, outputs;\n"
     << "    std::string (*call)(" << className
     << " &model, const void *const *inputs, int64_t batch,\n"
     << "                        void *const *outputs);\n  };\n"
     << "  /// The entry points whose sizes are all the batch.\n"
     << "  static std::vector<EntryPoint> entryPoints() {\n"
     << "    return {\n";
  auto tensors = [](const std::vector<TensorSpec> &specs,
                    const std::vector<std::vector<std::string>> &dims) {
    std::vector<std::string> items;
    for (auto [i, spec] : llvm::enumerate(specs)) {
      std::vector<std::string> shape;
      for (const std::string &dim : dims[i])
        shape.push_back(dim == "batch" ? "-1" : dim);
      items.push_back("{\"" + spec.name + "\", dlc::runtime::DType::" +
                      dtypeName(spec.type.getElementType()) + ", {" +
                      llvm::join(shape, ", ") + "}}");
    }
    return "{" + llvm::join(items, ", ") + "}";
  };
  for (const EntrySpec &entry : interface.entries) {
    std::vector<std::string> sizes = entry.sizes.argNames();
    if (!(sizes.empty() || (sizes.size() == 1 && sizes[0] == "batch")) ||
        entry.half != EntrySpec::Half::none)
      continue;
    std::vector<std::string> args;
    for (auto [i, input] : llvm::enumerate(entry.inputs))
      args.push_back("static_cast<const " + cType(input.type.getElementType()) +
                     " *>(inputs[" + std::to_string(i) + "])");
    if (!sizes.empty())
      args.push_back("batch");
    std::string name = toIdentifier(entry.name);
    os << "        {\"" << entry.name << "\", "
       << (entry.isTrainStep ? "true" : "false") << ", "
       << tensors(entry.inputs, entry.sizes.inputDims) << ",\n         "
       << tensors(entry.outputs, entry.sizes.outputDims) << ",\n"
       << "         [](" << className
       << " &model, const void *const *inputs, int64_t batch,\n"
       << "            void *const *outputs) -> std::string {\n";
    if (sizes.empty())
      os << "           (void)batch;\n";
    if (entry.isTrainStep) {
      std::string result = toClassName(entry.name) + "Result";
      if (onCuda)
        os << "           " << result << " result{};\n"
           << "           std::string error = model." << name << "("
           << llvm::join(args, ", ") << ", result);\n";
      else
        os << "           " << result << " result = model." << name << "("
           << llvm::join(args, ", ") << ");\n";
      for (auto [i, output] : llvm::enumerate(entry.outputs))
        os << "           *static_cast<" << cType(output.type.getElementType())
           << " *>(outputs[" << i << "]) = result." << output.name << ";\n";
      os << "           return " << (onCuda ? "error" : "\"\"") << ";\n";
    } else {
      for (auto [i, output] : llvm::enumerate(entry.outputs))
        args.push_back("static_cast<" + cType(output.type.getElementType()) +
                       " *>(outputs[" + std::to_string(i) + "])");
      if (onCuda)
        os << "           return model." << name << "("
           << llvm::join(args, ", ") << ");\n";
      else
        os << "           model." << name << "(" << llvm::join(args, ", ")
           << ");\n           return \"\";\n";
    }
    os << "         }},\n";
  }
  os << "    };\n  }\n";
}

/// The class of a model compiled for CUDA (Device::cuda): parameters and
/// training state in device memory, each entry point with host pointers
/// (copies in and out, waits) and on device memory (enqueued only).
void writeCudaClass(const ModelInterface &interface,
                    const std::string &className, llvm::raw_ostream &os) {
  os << "#include \"dlc/runtime/Checkpoint.h\"\n"
     << "#include \"dlc/runtime/Cuda.h\"\n"
     << "#include \"dlc/runtime/Params.h\"\n"
     << "#include \"dlc/runtime/Train.h\"\n\n"
     << "#include <array>\n#include <cstddef>\n#include <cstdint>\n"
     << "#include <functional>\n#include <map>\n#include <span>\n"
     << "#include <string>\n#include <vector>\n\n"
     << "/// The compiled model \"" << interface.name
     << "\" on an NVIDIA GPU: its parameters and its\n"
     << "/// training steps' optimizer state live in the GPU's memory. Each "
        "entry point\n/// takes host memory (copied in and out; the call "
        "waits) or, as\n/// <entry>OnDevice, device memory (enqueued on "
        "stream(); errors are recorded\n/// there). Not for concurrent "
        "calls on one instance.\n"
     << "class " << className << " {\npublic:\n";
  writeParamTable(interface, os);
  os << "  /// Not on a GPU yet: open() places it there.\n  " << className
     << "() = default;\n\n"
     << "  /// Opens GPU `gpu`, draws every parameter from its initializer "
        "with `seed`\n  /// into its memory and zeroes the training steps' "
        "state. \"\" or an error\n  /// (no driver, no such GPU, out of "
        "memory).\n"
     << "  std::string open(int gpu = 0, uint64_t seed = 0) {\n"
     << "    namespace cuda = dlc::runtime::cuda;\n"
     << "    if (std::string error = cuda::Device::open(gpu, device_); "
        "!error.empty())\n      return error;\n"
     << "    if (std::string error = cuda::Stream::create(device_, stream_); "
        "!error.empty())\n      return error;\n"
     << "    if (std::string error = cuda::DeviceBuffer::allocate(device_, "
        "kParamBytes, params_);\n        !error.empty())\n      return "
        "error;\n";
  for (const EntrySpec &entry : interface.entries)
    if (entry.isTrainStep && entry.half == EntrySpec::Half::none)
      os << "    if (std::string error = cuda::DeviceBuffer::allocate(device_, "
         << entry.state.bytes << ", " << toIdentifier(entry.name)
         << "_state_);\n        !error.empty())\n      return error;\n"
         << "    " << toIdentifier(entry.name) << "_state_.zero(stream_);\n";
  os << "    dlc::runtime::ParamBlock initial(kParams, kParamBytes, seed);\n"
     << "    return uploadParams(initial.data());\n  }\n";

  std::string trainMembers;
  for (auto [index, entry] : llvm::enumerate(interface.entries)) {
    // The halves of a step are C functions only.
    if (entry.half != EntrySpec::Half::none)
      continue;
    std::string name = toIdentifier(entry.name);
    std::string scratchFn = toMemberName(entry.name) + "ScratchBytes";
    writeScratchBytes(entry, os);
    std::string resultType = toClassName(entry.name) + "Result";
    if (entry.isTrainStep) {
      os << "\n  /// What " << entry.name
         << " returns: the batch's loss and metrics, before the update.\n"
         << "  struct " << resultType << " {\n";
      for (const TensorSpec &output : entry.outputs)
        os << "    " << cType(output.type.getElementType()) << " "
           << output.name << ";\n";
      os << "  };\n";
      trainMembers +=
          "  dlc::runtime::cuda::DeviceBuffer " + name + "_state_;\n";
    }

    // On device memory: the plain form on the instance's buffers.
    std::vector<std::string> deviceArgs, callArgs;
    for (const TensorSpec &input : entry.inputs) {
      deviceArgs.push_back("const " + cType(input.type.getElementType()) +
                           " *" + input.name);
      callArgs.push_back(input.name);
    }
    llvm::append_range(deviceArgs, sizeParameters(entry));
    llvm::append_range(callArgs, entry.sizes.argNames());
    callArgs.push_back("params_.data()");
    if (entry.isTrainStep)
      callArgs.push_back(name + "_state_.data()");
    for (const TensorSpec &output : entry.outputs) {
      deviceArgs.push_back(cType(output.type.getElementType()) + " *" +
                           output.name);
      callArgs.push_back(output.name);
    }
    callArgs.push_back("reserveScratch(" + scratchFn + "(" +
                       llvm::join(entry.sizes.argNames(), ", ") + "))");
    callArgs.push_back("&stream_");
    os << "\n  /// " << signature(entry) << "\n  /// On device memory, "
       << "enqueued on stream() without waiting"
       << (entry.isTrainStep ? "; the parameters and the\n  /// optimizer "
                               "state are updated in place"
                             : "")
       << ".\n  void " << name << "OnDevice(" << llvm::join(deviceArgs, ", ")
       << ") {\n    dlc_" << entry.function << "(" << llvm::join(callArgs, ", ")
       << ");\n  }\n";

    // On host memory: staged through device buffers, waits.
    std::vector<std::string> hostArgs, stagedArgs, bytes;
    unsigned slot = 0;
    std::string copies, copiesBack;
    for (auto [i, input] : llvm::enumerate(entry.inputs)) {
      std::string type = cType(input.type.getElementType());
      hostArgs.push_back("const " + type + " *" + input.name);
      bytes.push_back(bytesExpression(input.type, entry.sizes.inputDims[i]));
      copies += "    io_[" + std::to_string(slot) + "].copyFromHost(" +
                input.name + ", bytes[" + std::to_string(slot) +
                "], stream_);\n";
      stagedArgs.push_back("static_cast<const " + type + " *>(io_[" +
                           std::to_string(slot++) + "].data())");
    }
    llvm::append_range(hostArgs, sizeParameters(entry));
    llvm::append_range(stagedArgs, entry.sizes.argNames());
    for (auto [i, output] : llvm::enumerate(entry.outputs)) {
      std::string type = cType(output.type.getElementType());
      std::string target =
          entry.isTrainStep ? "&result." + output.name : output.name;
      if (!entry.isTrainStep)
        hostArgs.push_back(type + " *" + output.name);
      bytes.push_back(bytesExpression(output.type, entry.sizes.outputDims[i]));
      copiesBack += "    io_[" + std::to_string(slot) + "].copyToHost(" +
                    target + ", bytes[" + std::to_string(slot) +
                    "], stream_);\n";
      stagedArgs.push_back("static_cast<" + type + " *>(io_[" +
                           std::to_string(slot++) + "].data())");
    }
    if (entry.isTrainStep)
      hostArgs.push_back(resultType + " &result");
    std::vector<std::string> key{std::to_string(index)};
    llvm::append_range(key, entry.sizes.argNames());
    os << "  /// The same on host memory, copied in and out; waits. The "
          "kernels run as a\n  /// CUDA graph captured on the first call "
          "with these sizes. \"\" or an error.\n  std::string "
       << name << "(" << llvm::join(hostArgs, ", ") << ") {\n"
       << "    const std::array<size_t, " << slot << "> bytes = {"
       << llvm::join(bytes, ", ") << "};\n"
       << "    if (std::string error = reserveIO(bytes); !error.empty())\n"
       << "      return error;\n"
       << copies << "    if (std::string error = replay({"
       << llvm::join(key, ", ") << "}, " << scratchFn << "("
       << llvm::join(entry.sizes.argNames(), ", ") << "), [&] {\n"
       << "          " << name << "OnDevice(" << llvm::join(stagedArgs, ", ")
       << ");\n        });\n        !error.empty())\n      return error;\n"
       << copiesBack << "    return stream_.synchronize();\n  }\n";
    if (entry.isTrainStep)
      writeTrainer(interface, entry, className, os);
  }

  writeEntryPoints(interface, className, os);
  os << "\n  /// Copies the parameter block (kParamBytes, the kParams layout) "
        "to or from\n  /// the GPU; waits. \"\" or an error.\n"
     << "  std::string downloadParams(std::byte *block) {\n"
     << "    params_.copyToHost(block, kParamBytes, stream_);\n"
     << "    return stream_.synchronize();\n  }\n"
     << "  std::string uploadParams(const std::byte *block) {\n"
     << "    params_.copyFromHost(block, kParamBytes, stream_);\n"
     << "    return stream_.synchronize();\n  }\n"
     << "  /// Saves the parameters alone (a checkpoint of the parameters by "
        "name).\n"
     << "  std::string saveParams(const std::string &path) {\n"
     << "    dlc::runtime::ParamBlock block(kParamBytes);\n"
     << "    if (std::string error = downloadParams(block.data()); "
        "!error.empty())\n      return error;\n"
     << "    return dlc::runtime::saveParams(path, kModelName, kParams, "
        "block);\n  }\n"
     << "  /// Loads the parameters from a file saveParams wrote or from a "
        "training\n  /// checkpoint; on error nothing changes.\n"
     << "  std::string loadParams(const std::string &path) {\n"
     << "    dlc::runtime::ParamBlock block(kParamBytes);\n"
     << "    if (std::string error = downloadParams(block.data()); "
        "!error.empty())\n      return error;\n"
     << "    if (std::string error = dlc::runtime::loadParams(path, kParams, "
        "block);\n        !error.empty())\n      return error;\n"
     << "    return uploadParams(block.data());\n  }\n\n"
     << "  const dlc::runtime::cuda::Device &device() const { return "
        "device_; }\n"
     << "  dlc::runtime::cuda::Stream &stream() { return stream_; }\n"
     << "  /// The parameter block in the GPU's memory.\n"
     << "  void *paramData() const { return params_.data(); }\n"
     << "  static constexpr std::span<const dlc::runtime::ParamInfo> "
        "paramInfo() { return kParams; }\n\n"
     << "private:\n"
     << "  /// Makes `buffer` hold `bytes`; the graphs, which hold the "
        "buffers'\n  /// addresses, go when one moves.\n"
     << "  std::string grow(dlc::runtime::cuda::DeviceBuffer &buffer, "
        "size_t bytes) {\n"
     << "    if (buffer.size() >= bytes)\n      return \"\";\n"
     << "    graphs_.clear();\n"
     << "    return buffer.reserve(device_, bytes);\n  }\n"
     << "  /// The scratch arena of at least `bytes` (an error goes to the "
        "stream).\n"
     << "  void *reserveScratch(int64_t bytes) {\n"
     << "    if (std::string error = grow(scratch_, size_t(bytes)); "
        "!error.empty())\n      stream_.recordError(error);\n"
     << "    return scratch_.data();\n  }\n"
     << "  /// A staging buffer per input and output of a host call.\n"
     << "  template <size_t N>\n"
     << "  std::string reserveIO(const std::array<size_t, N> &bytes) {\n"
     << "    if (io_.size() < N)\n      io_.resize(N);\n"
     << "    for (size_t i = 0; i < N; ++i)\n"
     << "      if (std::string error = grow(io_[i], bytes[i]); "
        "!error.empty())\n        return error;\n"
     << "    return \"\";\n  }\n"
     << "  /// Runs `enqueue` (an entry point on the staging buffers) as the "
        "graph of\n  /// `key` (the entry point and its sizes), captured "
        "on first use.\n"
     << "  std::string replay(std::vector<int64_t> key, int64_t "
        "scratchBytes,\n                     const std::function<void()> "
        "&enqueue) {\n"
     << "    // No allocation while capturing: the scratch arena first.\n"
     << "    if (std::string error = grow(scratch_, size_t(scratchBytes)); "
        "!error.empty())\n      return error;\n"
     << "    auto graph = graphs_.find(key);\n"
     << "    if (graph == graphs_.end()) {\n"
     << "      dlc::runtime::cuda::Graph captured;\n"
     << "      if (std::string error =\n"
     << "              dlc::runtime::cuda::Graph::capture(stream_, enqueue, "
        "captured);\n          !error.empty())\n        return error;\n"
     << "      graph = graphs_.emplace(std::move(key), "
        "std::move(captured)).first;\n    }\n"
     << "    graph->second.launch(stream_);\n    return \"\";\n  }\n\n"
     << "  dlc::runtime::cuda::Device device_;\n"
     << "  dlc::runtime::cuda::Stream stream_;\n"
     << "  dlc::runtime::cuda::DeviceBuffer params_;\n"
     << trainMembers << "  dlc::runtime::cuda::DeviceBuffer scratch_;\n"
     << "  std::vector<dlc::runtime::cuda::DeviceBuffer> io_;\n"
     << "  std::map<std::vector<int64_t>, dlc::runtime::cuda::Graph> "
        "graphs_;\n};\n\n";
}

} // namespace

LogicalResult writeHeader(const ModelInterface &interface,
                          llvm::StringRef source, llvm::raw_ostream &os,
                          std::string &error) {
  std::string className = toClassName(interface.symbolName());
  std::string guard =
      "DLC_GENERATED_" +
      llvm::StringRef(toIdentifier(interface.symbolName())).upper() + "_H";
  for (const EntrySpec &entry : interface.entries) {
    if (!entry.hasPlainForm()) {
      error = entry.sizes.error;
      return failure();
    }
  }

  int64_t totalValues = 0;
  for (const ParamSpec &param : interface.params)
    totalValues += param.type.getNumElements();

  os << "// Generated by dlc " << DLC_VERSION << " from " << source
     << ". Do not edit.\n//\n"
     << "// Model \"" << interface.name << "\": " << interface.params.size()
     << " parameters, " << totalValues << " values in a block of "
     << interface.paramBytes << " bytes.\n// Entry points:\n";
  for (const EntrySpec &entry : interface.entries)
    os << "//   " << signature(entry) << "\n";
  os << "\n#ifndef " << guard << "\n#define " << guard << "\n\n"
     << "#include <stdint.h>\n\n";

  // Descriptor structs, shared between headers of several models.
  std::set<std::string> emitted;
  auto emitDescriptor = [&](RankedTensorType type) {
    std::string name = descriptorName(type);
    if (!emitted.insert(name).second)
      return;
    std::string macro = llvm::StringRef(name).upper();
    os << "#ifndef " << macro << "\n#define " << macro << "\n"
       << "typedef struct " << name << " {\n"
       << "  " << cType(type.getElementType()) << " *allocated;\n"
       << "  " << cType(type.getElementType()) << " *aligned;\n"
       << "  int64_t offset;\n";
    if (type.getRank() > 0)
      os << "  int64_t sizes[" << type.getRank() << "];\n"
         << "  int64_t strides[" << type.getRank() << "];\n";
    os << "} " << name << ";\n#endif\n\n";
  };
  os << "#ifndef DLC_MEMREF_I8_1D\n#define DLC_MEMREF_I8_1D\n"
     << "typedef struct dlc_memref_i8_1d {\n  int8_t *allocated;\n"
     << "  int8_t *aligned;\n  int64_t offset;\n  int64_t sizes[1];\n"
     << "  int64_t strides[1];\n} dlc_memref_i8_1d;\n#endif\n\n";
  for (const EntrySpec &entry : interface.entries) {
    // The step counter's last (the scratch arena's is above).
    auto isStep = [](const EntryArg &arg) {
      return arg.role == ArgRole::step || arg.role == ArgRole::newStep;
    };
    for (const EntryArg &arg : entry.args)
      if (!isStep(arg) && arg.role != ArgRole::scratch &&
          arg.role != ArgRole::stream)
        emitDescriptor(arg.type);
    for (const EntryArg &arg : entry.args)
      if (isStep(arg))
        emitDescriptor(arg.type);
  }

  os << "#ifdef __cplusplus\nextern \"C\" {\n#endif\n\n";
  bool onCuda = interface.device == Device::cuda;
  if (onCuda)
    os << "/* Compiled for NVIDIA GPUs: every pointer an entry point takes is "
          "device\n   memory, and `stream` is the runtime's stream "
          "(dlc::runtime::cuda::Stream *,\n   dlc/runtime/Cuda.h): an entry "
          "point enqueues its kernels on it and\n   returns without waiting; "
          "errors are recorded on the stream. */\n\n";
  std::string macroPrefix =
      "DLC_" + llvm::StringRef(toIdentifier(interface.symbolName())).upper() +
      "_";
  os << "/* The parameter block: every parameter at its offset, 64-byte "
        "aligned. */\n"
     << "#define " << macroPrefix << "PARAM_BYTES " << interface.paramBytes
     << "\n";
  for (const ParamSpec &param : interface.params)
    os << "#define " << macroPrefix
       << llvm::StringRef(toIdentifier(param.name)).upper() << "_OFFSET "
       << param.offset << "\n";
  os << "\n";
  for (const EntrySpec &entry : interface.entries) {
    std::string entryMacro =
        macroPrefix + llvm::StringRef(toIdentifier(entry.name)).upper();
    std::vector<std::string> sizeNames = entry.sizes.argNames();
    // The plain form: data pointers (row-major), sizes, blocks, scratch.
    std::string scratchMacro =
        entryMacro + "_SCRATCH_BYTES(" + llvm::join(sizeNames, ", ") + ")";
    std::string stepMacro =
        macroPrefix + llvm::StringRef(toIdentifier(entry.halfOf)).upper();
    if (entry.half == EntrySpec::Half::gradients) {
      os << "/* The gradient block of " << entry.halfOf
         << "'s halves (data parallelism): the gradient of\n   every "
            "updated parameter at its offset, 64-byte aligned. */\n"
         << "#define " << stepMacro << "_GRAD_BYTES "
         << entry.gradients.bytes << "\n";
      for (const GradientLayout::Slot &slot : entry.gradients.slots)
        os << "#define " << stepMacro << "_"
           << llvm::StringRef(toIdentifier(interface.params[slot.param].name))
                  .upper()
           << "_GRAD_OFFSET " << slot.offset << "\n";
    }
    os << "/* " << signature(entry) << "\n";
    if (entry.half == EntrySpec::Half::gradients)
      os << "   A slice of a batch of `total` samples: its share of the loss "
            "and metrics,\n   and of the gradients, written to `grads` ("
         << stepMacro << "_GRAD_BYTES\n   bytes; summed over the slices, "
            "they are the batch's), with\n   "
         << scratchMacro << " bytes of `scratch`. */\n";
    else if (entry.half == EntrySpec::Half::apply)
      os << "   The optimizer step of " << entry.halfOf
         << " from the gradient block `grads`, in place\n   on the "
            "parameter block and on a state block laid out as the step's, "
            "with\n   "
         << scratchMacro << " bytes of `scratch`. */\n"
         << "#define " << entryMacro << "_STATE_BYTES " << entry.state.bytes
         << "\n";
    else if (entry.isTrainStep)
      os << "   One optimizer step, in place on the parameter block `params` "
            "and on the\n   step's state block `state` ("
         << entryMacro
         << "_STATE_BYTES bytes, zeroed\n   before the first "
            "step: the optimizer slots, then the step count), with\n   "
         << scratchMacro << " bytes of `scratch`. */\n"
         << "#define " << entryMacro << "_STATE_BYTES " << entry.state.bytes
         << "\n";
    else
      os << "   Row-major data, the parameter block `params` (see the _OFFSET "
            "macros)\n   and "
         << scratchMacro
         << " bytes of `scratch` (best 64-byte\n   aligned). */\n";
    os << "#define " << scratchMacro << " ((int64_t)("
       << entry.scratchExpression(/*forMacro=*/true) << "))\n";
    os << "void dlc_" << entry.function << "("
       << llvm::join(plainParameters(entry, interface.device), ", ")
       << ");\n";
    // The strided form: one descriptor per argument of the compiled
    // function.
    os << "/* The same with one strided descriptor per input, parameter, "
          "optimizer\n   slot, step count, output, new value and the "
          "scratch arena. */\n"
       << "void dlc_" << entry.function << "_strided(";
    std::vector<std::string> args;
    for (const EntryArg &arg : entry.args)
      args.push_back(arg.role == ArgRole::stream
                         ? "void *" + arg.name
                         : descriptorName(arg.type) + " *" + arg.name);
    os << llvm::join(args, ", ") << ");\n\n";
  }
  if (onCuda) {
    os << "#ifdef __cplusplus\n}  // extern \"C\"\n\n";
    writeCudaClass(interface, className, os);
    os << "#endif  // __cplusplus\n#endif  // " << guard << "\n";
    return success();
  }
  os << "#ifdef __cplusplus\n}  // extern \"C\"\n\n"
     << "#include \"dlc/runtime/DataParallel.h\"\n"
     << "#include \"dlc/runtime/Params.h\"\n"
     << "#include \"dlc/runtime/ThreadPool.h\"\n"
     << "#include \"dlc/runtime/Train.h\"\n\n"
     << "#include <algorithm>\n#include <array>\n#include <cstddef>\n#include "
        "<span>\n"
     << "#include <string>\n#include <string_view>\n#include <vector>\n\n";

  os << "/// The compiled model \"" << interface.name
     << "\": owns its parameters and runs its entry points.\n"
     << "///\n"
     << "/// Threads: the inference overloads that take `scratch` are const "
        "and\n/// allocate nothing; calls from several threads, each with its "
        "own\n/// scratch, are safe as long as no thread changes the "
        "parameters\n/// (a training step, loadParams, a non-const "
        "accessor). Every other\n/// call (the overloads using the "
        "instance's own scratch or a thread\n/// pool, training steps, "
        "loadParams) needs the instance to itself.\n"
     << "class " << className << " {\npublic:\n";
  writeParamTable(interface, os,
                  "  /// Samples per call in the overloads that take a thread "
                  "pool.\n  static constexpr int64_t kThreadChunk = 64;\n");
  os << "  /// Creates the model with every parameter drawn from its "
        "initializer\n  /// with `seed`.\n"
     << "  explicit " << className
     << "(uint64_t seed = 0) : params_(kParams, kParamBytes, seed) {}\n";

  std::string trainMembers;
  for (const EntrySpec &entry : interface.entries) {
    // The halves of a step are C functions only.
    if (entry.half != EntrySpec::Half::none)
      continue;
    std::string name = toIdentifier(entry.name);
    std::string scratchFn = toMemberName(entry.name) + "ScratchBytes";
    if (entry.isTrainStep) {
      writeTrainStep(entry, os, trainMembers);
      writeTrainer(interface, entry, className, os);
      continue;
    }
    std::vector<std::string> sizeParams = entry.sizes.argNames();
    writeScratchBytes(entry, os);

    std::vector<std::string> args;
    for (const TensorSpec &input : entry.inputs)
      args.push_back("const " + cType(input.type.getElementType()) + " *" +
                     input.name);
    llvm::append_range(args, sizeParameters(entry));
    std::vector<std::string> outputs;
    for (const TensorSpec &output : entry.outputs) {
      args.push_back(cType(output.type.getElementType()) + " *" + output.name);
      outputs.push_back(output.name);
    }

    // With caller-provided scratch: allocates nothing, safe from threads.
    std::vector<std::string> withScratch = args;
    withScratch.push_back("void *scratch");
    os << "\n  /// " << signature(entry) << "\n  /// `scratch` holds "
       << scratchFn << "(...) bytes; calls from several threads\n"
       << "  /// each pass their own.\n  void " << name << "("
       << llvm::join(withScratch, ", ") << ") const {\n    "
       << plainCall(entry, outputs) << ";\n  }\n";

    // Convenience: the instance's own scratch, grown when needed.
    os << "\n  /// The same with scratch memory the instance owns: no "
          "allocation once it\n  /// has grown to the largest batch; not "
          "for concurrent calls.\n  void "
       << name << "(" << llvm::join(args, ", ") << ") {\n"
       << "    " << name << "(";
    std::vector<std::string> forward;
    for (const TensorSpec &input : entry.inputs)
      forward.push_back(input.name);
    for (const std::string &param : sizeParams)
      forward.push_back(param);
    for (const TensorSpec &output : entry.outputs)
      forward.push_back(output.name);
    forward.push_back("scratch_.reserve(" + scratchFn + "(" +
                      llvm::join(sizeParams, ", ") + "))");
    os << llvm::join(forward, ", ") << ");\n  }\n";

    // Threads: one slice of the batch per thread.
    if (entry.batchParallel && sizeParams.size() == 1) {
      auto sampleSize = [](RankedTensorType type) {
        int64_t size = 1;
        for (int64_t dim : type.getShape().drop_front())
          size *= dim;
        return std::to_string(size);
      };
      std::vector<std::string> poolArgs = args;
      poolArgs.push_back("dlc::runtime::ThreadPool &pool");
      os << "\n  /// The same on `pool`'s threads: the batch cut into one "
            "slice per thread,\n  /// run in chunks of at most "
            "kThreadChunk samples (a layer's output\n  /// for a chunk stays "
            "in cache) with the instance's scratch for that\n  /// thread; "
            "the results equal the single-threaded call's. Not for\n  /// "
            "concurrent calls on one instance.\n  void "
         << name << "(" << llvm::join(poolArgs, ", ") << ") {\n"
         << "    int64_t parts = std::min<int64_t>(pool.size(), batch);\n"
         << "    if (static_cast<int64_t>(threadScratch_.size()) < parts)\n"
         << "      threadScratch_.resize(parts);\n"
         << "    pool.parallelFor(parts, [&](int64_t part) {\n"
         << "      int64_t begin = batch * part / parts;\n"
         << "      int64_t end = batch * (part + 1) / parts;\n"
         << "      int64_t chunk = std::min<int64_t>(end - begin, "
            "kThreadChunk);\n"
         << "      void *scratch = threadScratch_[part].reserve(" << scratchFn
         << "(chunk));\n"
         << "      for (int64_t at = begin; at < end; at += chunk) {\n"
         << "        int64_t count = std::min<int64_t>(chunk, end - at);\n"
         << "        " << name << "(";
      std::vector<std::string> slice;
      for (const TensorSpec &input : entry.inputs)
        slice.push_back(input.name + " + at * " + sampleSize(input.type));
      slice.push_back("count");
      for (const TensorSpec &output : entry.outputs)
        slice.push_back(output.name + " + at * " + sampleSize(output.type));
      slice.push_back("scratch");
      os << llvm::join(slice, ", ") << ");\n      }\n    });\n  }\n";
    }
  }

  writeEntryPoints(interface, className, os);
  os << "\n  // Parameters by name.\n";
  for (auto [index, param] : llvm::enumerate(interface.params)) {
    std::vector<std::string> dims;
    for (int64_t dim : param.type.getShape())
      dims.push_back(std::to_string(dim));
    std::string type = cType(param.type.getElementType());
    std::string accessor = "param" + toClassName(param.name) + "()";
    std::string at =
        "params_.at<" + type + ">(kParams[" + std::to_string(index) + "])";
    os << "  /// " << param.name << ": " << describeTensor(param.type, dims)
       << "\n"
       << "  const " << type << " *" << accessor << " const { return " << at
       << "; }\n"
       << "  " << type << " *" << accessor << " { return " << at << "; }\n";
  }
  os << "\n  /// Saves the parameters alone (a checkpoint of the parameters by "
        "name),\n  /// to deploy the trained model; \"\" or an error "
        "message.\n"
     << "  std::string saveParams(const std::string &path) const {\n"
     << "    return dlc::runtime::saveParams(path, kModelName, kParams, "
        "params_);\n  }\n"
     << "  /// Loads the parameters from a file saveParams wrote or from a "
        "training\n  /// checkpoint; on error nothing changes.\n"
     << "  std::string loadParams(const std::string &path) {\n"
     << "    return dlc::runtime::loadParams(path, kParams, params_);\n  }\n";
  os << "\n  /// The parameter block: every parameter at its kParams offset.\n"
     << "  const std::byte *paramData() const { return params_.data(); }\n"
     << "  std::byte *paramData() { return params_.data(); }\n"
     << "  static constexpr std::span<const dlc::runtime::ParamInfo> "
        "paramInfo() { return kParams; }\n\n"
     << "private:\n  dlc::runtime::ParamBlock params_;\n"
     << trainMembers << "  dlc::runtime::Scratch scratch_;\n"
     << "  std::vector<dlc::runtime::Scratch> threadScratch_;\n};\n\n"
     << "#endif  // __cplusplus\n#endif  // " << guard << "\n";
  return success();
}

} // namespace dlc
