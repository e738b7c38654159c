//===- Header.cpp - The C/C++ header of a compiled model ------------------===//
//
// The header declares the C interface of every entry point (one strided
// memref descriptor per input, parameter and output) and a C++ class named
// after the model that owns the parameters and calls the entry points with
// plain pointers and the batch size, like tfcompile's generated classes.
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
  return dtypeName(type.getElementType()) + "[" + llvm::join(dims, ", ") +
         "]";
}

/// The size expressions of a tensor's axes in the generated method: static
/// sizes, `batch` for a dynamic leading axis, or a named size argument.
struct EntrySizes {
  std::vector<std::string> extraArgs; // beyond `batch`
  bool usesBatch = false;
  std::vector<std::vector<std::string>> inputDims;
  std::vector<std::vector<std::string>> outputDims;
};

LogicalResult computeSizes(const EntrySpec &entry, EntrySizes &sizes,
                           std::string &error) {
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
        error = "entry point @" + entry.name + ": the size of axis " +
                std::to_string(axis) + " of " + output.name +
                " is dynamic but no input has a dynamic axis " +
                std::to_string(axis) + " to take it from";
        return failure();
      }
      dims.push_back(it->second);
    }
    sizes.outputDims.push_back(std::move(dims));
  }
  return success();
}

/// A tensor of a training step's optimizer state in its block.
struct StateSlot {
  int64_t offset, end;
  unsigned param;
  std::string slot;
};

/// The optimizer state of `entry`, slot by slot for every updated parameter,
/// each at a 64-byte aligned offset.
std::vector<StateSlot> stateSlots(const ModelInterface &interface,
                                  const EntrySpec &entry) {
  std::vector<StateSlot> slots;
  int64_t offset = 0;
  for (const SlotSpec &slot : entry.slots) {
    RankedTensorType type = interface.params[slot.param].type;
    int64_t bytes =
        type.getNumElements() * ((type.getElementTypeBitWidth() + 7) / 8);
    int64_t end = offset + (bytes + 63) / 64 * 64;
    slots.push_back({offset, end, slot.param, entry.slotNames[slot.slot]});
    offset = end;
  }
  return slots;
}

/// A nested class that implements dlc::runtime::TrainStep for `entry`, for
/// the runtime's training loop. Only for steps whose inputs have a dynamic
/// batch axis and static sample shapes.
void writeTrainer(const ModelInterface &interface, const EntrySpec &entry,
                  const std::string &className, llvm::raw_ostream &os) {
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
     << "  ///   " << className << " model(seed);\n"
     << "  ///   " << className << "::" << trainer << " trainer(model);\n"
     << "  ///   dlc::runtime::fit(trainer, data, options, history);\n"
     << "  /// Its state (for checkpoints) is every parameter, the optimizer "
        "state\n  /// (\"" << entry.name << "/<slot>/<parameter>\") and the "
        "step count (\"" << entry.name << "/step\").\n"
     << "  class " << trainer
     << " final : public dlc::runtime::TrainStep {\n  public:\n"
     << "    explicit " << trainer << "(" << className
     << " &model) : model_(model) {}\n"
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
    os << "          {\"" << input.name << "\", dlc::runtime::DType::"
       << dtypeName(input.type.getElementType()) << ", kSample" << i
       << "},\n";
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
        "results) override {\n"
     << "      auto result = model_." << name << "(" << inputArgs() << ");\n";
  for (auto [i, output] : llvm::enumerate(entry.outputs))
    os << "      results[" << i << "] = result." << output.name << ";\n";
  os << "    }\n"
     << "    void evaluate(const dlc::runtime::Batch &batch, "
        "std::span<double> results) override {\n";
  std::string outputs;
  for (const TensorSpec &output : entry.outputs) {
    os << "      " << cType(output.type.getElementType()) << " "
       << output.name << " = 0;\n";
    outputs += ", &" + output.name;
  }
  os << "      model_." << evaluate << "(" << inputArgs() << outputs
     << ");\n";
  for (auto [i, output] : llvm::enumerate(entry.outputs))
    os << "      results[" << i << "] = " << output.name << ";\n";
  os << "    }\n";
  // State: parameters, optimizer slots, step counter.
  std::vector<StateSlot> slots = stateSlots(interface, entry);
  // state() and stateSlots(): the same tensors, read-only and writable.
  auto writeState = [&](const char *signature, const char *type,
                        const char *list, const char *ofParam) {
    os << "    " << signature << " override {\n"
       << "      std::vector<dlc::runtime::" << type << "> " << list << ";\n"
       << "      for (const dlc::runtime::ParamInfo &param : kParams)\n"
       << "        " << list << ".push_back(dlc::runtime::" << ofParam
       << "(param, model_.params_));\n";
    for (const StateSlot &slot : slots)
      os << "      " << list << ".push_back({\"" << entry.name << "/"
         << slot.slot << "/" << interface.params[slot.param].name
         << "\", kParams[" << slot.param << "].dtype, {kParams["
         << slot.param << "].shape, size_t(kParams[" << slot.param
         << "].rank)}, model_." << name << "_state_.data() + " << slot.offset
         << "});\n";
    os << "      " << list << ".push_back({\"" << entry.name
       << "/step\", dlc::runtime::DType::i64, {}, &model_." << name
       << "_step_});\n      return " << list << ";\n    }\n";
  };
  writeState("std::vector<dlc::runtime::TensorView> state() const",
             "TensorView", "views", "viewOf");
  writeState("std::vector<dlc::runtime::TensorSlot> stateSlots()",
             "TensorSlot", "slots", "slotOf");
  os << "\n"
     << "  private:\n    " << className << " &model_;\n  };\n";
}

/// The method of a training step: one optimizer step on a batch, the
/// parameters and the optimizer state updated in place, the loss and the
/// metrics returned. Appends the state members to `members`.
void writeTrainStep(const ModelInterface &interface, const EntrySpec &entry,
                    const EntrySizes &sizes, llvm::raw_ostream &os,
                    std::string &members) {
  std::string name = toIdentifier(entry.name);
  std::string scratchFn = toMemberName(entry.name) + "ScratchBytes";
  std::string resultType = toClassName(entry.name) + "Result";
  std::vector<std::string> sizeParams;
  if (sizes.usesBatch)
    sizeParams.push_back("batch");
  for (const std::string &extra : sizes.extraArgs)
    sizeParams.push_back(extra);
  std::vector<std::string> terms;
  for (const ScratchTerm &term : entry.scratch) {
    std::string text = std::to_string(term.bytes);
    for (auto [arg, axis] : term.dims)
      text += " * " + (arg < entry.inputs.size() ? sizes.inputDims[arg][axis]
                                                 : std::string("1"));
    terms.push_back(text);
  }
  std::vector<std::string> sizeArgs;
  for (const std::string &param : sizeParams)
    sizeArgs.push_back("int64_t " + param);

  os << "\n  /// What " << entry.name
     << " returns: the batch's loss and metrics, before the update.\n"
     << "  struct " << resultType << " {\n";
  for (const TensorSpec &output : entry.outputs)
    os << "    " << cType(output.type.getElementType()) << " " << output.name
       << ";\n";
  os << "  };\n";
  os << "\n  /// Bytes of scratch memory " << entry.name << " needs.\n"
     << "  static constexpr int64_t " << scratchFn << "("
     << llvm::join(sizeArgs, ", ") << ") {\n";
  for (const std::string &param : sizeParams)
    os << "    (void)" << param << ";\n";
  os << "    return " << (terms.empty() ? "0" : llvm::join(terms, " + "))
     << ";\n  }\n";

  // Optimizer state: one tensor per slot and updated parameter.
  int64_t offset = 0;
  std::vector<std::pair<int64_t, unsigned>> slotOffsets;
  for (const StateSlot &slot : stateSlots(interface, entry)) {
    slotOffsets.push_back({slot.offset, slot.param});
    offset = slot.end;
  }
  members += "  dlc::runtime::ParamBlock " + name + "_state_{" +
             std::to_string(offset) + "};\n  int64_t " + name +
             "_step_ = 0;\n";

  std::vector<std::string> args;
  for (const TensorSpec &input : entry.inputs)
    args.push_back("const " + cType(input.type.getElementType()) + " *" +
                   input.name);
  for (const std::string &param : sizeParams)
    args.push_back("int64_t " + param);
  std::string signature = entry.name + "(";
  for (auto [i, input] : llvm::enumerate(entry.inputs))
    signature += (i ? ", " : "") + input.name + ": " +
                 describeTensor(input.type, sizes.inputDims[i]);
  signature += ")";
  os << "\n  /// " << signature
     << ": one optimizer step on the batch; the parameters and the\n"
     << "  /// optimizer state (";
  std::string slots = llvm::join(entry.slotNames, ", ");
  os << (slots.empty() ? std::string("none") : slots)
     << ", step count) are updated in place.\n  " << resultType << " " << name
     << "(";
  std::vector<std::string> withScratch = args;
  withScratch.push_back("void *scratch");
  os << llvm::join(withScratch, ", ") << ") {\n";
  std::vector<std::string> callArgs;
  auto describe = [&](RankedTensorType type, const std::string &pointer,
                      const std::vector<std::string> &dims,
                      const std::string &var) {
    os << "    auto " << var << " = dlc::runtime::describe<"
       << descriptorName(type) << ">(" << pointer << ", std::array<int64_t, "
       << type.getRank() << ">{" << llvm::join(dims, ", ") << "});\n";
    return "&" + var;
  };
  auto staticDims = [](RankedTensorType type) {
    std::vector<std::string> dims;
    for (int64_t dim : type.getShape())
      dims.push_back(std::to_string(dim));
    return dims;
  };
  // The parameters' and slots' descriptors serve for their new values too:
  // the update is in place.
  std::map<unsigned, std::string> paramVars;
  std::vector<std::string> slotVars;
  for (const EntryArg &arg : entry.args) {
    switch (arg.role) {
    case ArgRole::input: {
      const TensorSpec &input = entry.inputs[arg.index];
      callArgs.push_back(describe(
          input.type,
          "const_cast<" + cType(input.type.getElementType()) + " *>(" +
              input.name + ")",
          sizes.inputDims[arg.index], input.name + "_"));
      break;
    }
    case ArgRole::param:
      paramVars[arg.index] = describe(
          arg.type,
          "params_.at<" + cType(arg.type.getElementType()) + ">(kParams[" +
              std::to_string(arg.index) + "])",
          staticDims(arg.type), "param" + std::to_string(arg.index) + "_");
      callArgs.push_back(paramVars[arg.index]);
      break;
    case ArgRole::slot:
      slotVars.push_back(describe(
          arg.type,
          "reinterpret_cast<" + cType(arg.type.getElementType()) + " *>(" +
              name + "_state_.data() + " +
              std::to_string(slotOffsets[arg.index].first) + ")",
          staticDims(arg.type), "slot" + std::to_string(arg.index) + "_"));
      callArgs.push_back(slotVars.back());
      break;
    case ArgRole::step:
      os << "    dlc_memref_i64_0d step_ = dlc::runtime::describe<"
            "dlc_memref_i64_0d>(&"
         << name << "_step_, std::array<int64_t, 0>{});\n";
      os << "    " << resultType << " result{};\n";
      callArgs.push_back("&step_");
      break;
    case ArgRole::output: {
      const TensorSpec &output = entry.outputs[arg.index];
      callArgs.push_back(describe(output.type, "&result." + output.name, {},
                                  output.name + "_"));
      break;
    }
    case ArgRole::newParam:
      callArgs.push_back(paramVars[arg.index]);
      break;
    case ArgRole::newSlot:
      callArgs.push_back(slotVars[arg.index]);
      break;
    case ArgRole::newStep:
      callArgs.push_back("&step_");
      break;
    case ArgRole::scratch:
      os << "    auto scratch_ = dlc::runtime::describe<dlc_memref_i8_1d>("
            "static_cast<int8_t *>(scratch), std::array<int64_t, 1>{"
         << scratchFn << "(" << llvm::join(sizeParams, ", ")
         << ")});\n";
      callArgs.push_back("&scratch_");
      break;
    }
  }
  os << "    dlc_" << entry.function << "("
     << llvm::join(callArgs, ", ") << ");\n    return result;\n  }\n";

  std::vector<std::string> forward;
  for (const TensorSpec &input : entry.inputs)
    forward.push_back(input.name);
  for (const std::string &param : sizeParams)
    forward.push_back(param);
  forward.push_back("scratch_.reserve(" + scratchFn + "(" +
                    llvm::join(sizeParams, ", ") + "))");
  os << "\n  /// The same with the instance's own scratch memory.\n  "
     << resultType << " " << name << "(" << llvm::join(args, ", ")
     << ") {\n    return " << name << "(" << llvm::join(forward, ", ")
     << ");\n  }\n";
  os << "\n  /// Optimizer steps " << entry.name << " has taken.\n"
     << "  int64_t " << toMemberName(entry.name) << "Steps() const { return "
     << name << "_step_; }\n";
}

} // namespace

LogicalResult writeHeader(const ModelInterface &interface,
                          llvm::StringRef source, llvm::raw_ostream &os,
                          std::string &error) {
  std::string className = toClassName(interface.name);
  std::string guard = "DLC_GENERATED_" + llvm::StringRef(toIdentifier(
                                             interface.name)).upper() + "_H";
  std::vector<EntrySizes> entrySizes(interface.entries.size());
  for (auto [entry, sizes] : llvm::zip(interface.entries, entrySizes))
    if (failed(computeSizes(entry, sizes, error)))
      return failure();

  int64_t totalValues = 0;
  for (const ParamSpec &param : interface.params)
    totalValues += param.type.getNumElements();

  auto signatureComment = [&](const EntrySpec &entry,
                              const EntrySizes &sizes) {
    std::string text = entry.name + "(";
    for (auto [i, input] : llvm::enumerate(entry.inputs)) {
      if (i)
        text += ", ";
      text += input.name + ": " + describeTensor(input.type,
                                                 sizes.inputDims[i]);
    }
    text += ") -> ";
    for (auto [i, output] : llvm::enumerate(entry.outputs)) {
      if (i)
        text += ", ";
      text += output.name + ": " + describeTensor(output.type,
                                                  sizes.outputDims[i]);
    }
    return text;
  };

  os << "// Generated by dlc " << DLC_VERSION << " from " << source
     << ". Do not edit.\n//\n"
     << "// Model \"" << interface.name << "\": " << interface.params.size()
     << " parameters, " << totalValues << " values in a block of "
     << interface.paramBytes << " bytes.\n// Entry points:\n";
  for (auto [entry, sizes] : llvm::zip(interface.entries, entrySizes))
    os << "//   " << signatureComment(entry, sizes) << "\n";
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
      if (!isStep(arg) && arg.role != ArgRole::scratch)
        emitDescriptor(arg.type);
    for (const EntryArg &arg : entry.args)
      if (isStep(arg))
        emitDescriptor(arg.type);
  }

  os << "#ifdef __cplusplus\nextern \"C\" {\n#endif\n\n";
  for (const EntrySpec &entry : interface.entries) {
    os << "/* " << entry.name
       << ": the inputs, then the parameters it reads, then the outputs, "
          "then\n   its scratch memory (see the class's "
       << toMemberName(entry.name) << "ScratchBytes). */\n"
       << "void dlc_" << entry.function << "(";
    std::vector<std::string> args;
    for (const EntryArg &arg : entry.args)
      args.push_back(descriptorName(arg.type) + " *" + arg.name);
    os << llvm::join(args, ", ") << ");\n\n";
  }
  os << "#ifdef __cplusplus\n}  // extern \"C\"\n\n"
     << "#include \"dlc/runtime/MemRef.h\"\n"
     << "#include \"dlc/runtime/Params.h\"\n"
     << "#include \"dlc/runtime/ThreadPool.h\"\n"
     << "#include \"dlc/runtime/Train.h\"\n\n"
     << "#include <algorithm>\n#include <array>\n#include <cstddef>\n#include <span>\n"
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
     << "class " << className << " {\npublic:\n"
     << "  static constexpr const char *kModelName = \"" << interface.name
     << "\";\n"
     << "  static constexpr int64_t kNumParams = " << interface.params.size()
     << ";\n"
     << "  static constexpr int64_t kParamBytes = " << interface.paramBytes
     << ";\n"
     << "  /// Samples per call in the overloads that take a thread pool.\n"
     << "  static constexpr int64_t kThreadChunk = 64;\n"
     << "  static constexpr std::array<dlc::runtime::ParamInfo, "
     << interface.params.size() << "> kParams = {{\n";
  for (const ParamSpec &param : interface.params) {
    double a, b;
    std::string init = initializerName(param.init, a, b);
    os << "      {\"" << param.name << "\", dlc::runtime::DType::"
       << dtypeName(param.type.getElementType()) << ", "
       << param.type.getRank() << ", {";
    llvm::interleaveComma(param.type.getShape(), os);
    os << "}, " << param.offset << ", dlc::runtime::Init::" << init << ", "
       << formatDouble(a) << ", " << formatDouble(b) << "},\n";
  }
  os << "  }};\n\n"
     << "  /// Creates the model with every parameter drawn from its "
        "initializer\n  /// with `seed`.\n"
     << "  explicit " << className
     << "(uint64_t seed = 0) : params_(kParams, kParamBytes, seed) {}\n";

  std::string trainMembers;
  for (auto [entry, sizes] : llvm::zip(interface.entries, entrySizes)) {
    std::string name = toIdentifier(entry.name);
    std::string scratchFn = toMemberName(entry.name) + "ScratchBytes";
    if (entry.isTrainStep) {
      writeTrainStep(interface, entry, sizes, os, trainMembers);
      writeTrainer(interface, entry, className, os);
      continue;
    }
    std::vector<std::string> sizeParams;
    if (sizes.usesBatch)
      sizeParams.push_back("batch");
    for (const std::string &extra : sizes.extraArgs)
      sizeParams.push_back(extra);
    // The arena size: each term's bytes times its input dimensions.
    auto dimExpression = [&](unsigned arg, unsigned axis) -> std::string {
      size_t numInputs = entry.inputs.size();
      size_t numParams = entry.params.size();
      if (arg < numInputs)
        return sizes.inputDims[arg][axis];
      if (arg < numInputs + numParams)
        return std::to_string(
            interface.params[entry.params[arg - numInputs]].type.getDimSize(
                axis));
      return sizes.outputDims[arg - numInputs - numParams][axis];
    };
    std::vector<std::string> terms;
    for (const ScratchTerm &term : entry.scratch) {
      std::string text = std::to_string(term.bytes);
      for (auto [arg, axis] : term.dims)
        text += " * " + dimExpression(arg, axis);
      terms.push_back(text);
    }
    std::vector<std::string> sizeArgs;
    for (const std::string &param : sizeParams)
      sizeArgs.push_back("int64_t " + param);
    os << "\n  /// Bytes of scratch memory " << entry.name
       << " needs (best 64-byte aligned).\n"
       << "  static constexpr int64_t " << scratchFn << "("
       << llvm::join(sizeArgs, ", ") << ") {\n";
    for (const std::string &param : sizeParams)
      os << "    (void)" << param << ";\n";
    os << "    return " << (terms.empty() ? "0" : llvm::join(terms, " + "))
       << ";\n  }\n";
    if (entry.heapAllocs)
      os << "  // " << entry.name << " still has " << entry.heapAllocs
         << " heap allocation site(s) (loop-carried state).\n";

    std::vector<std::string> args;
    for (const TensorSpec &input : entry.inputs)
      args.push_back("const " + cType(input.type.getElementType()) + " *" +
                     input.name);
    for (const std::string &param : sizeParams)
      args.push_back("int64_t " + param);
    for (const TensorSpec &output : entry.outputs)
      args.push_back(cType(output.type.getElementType()) + " *" +
                     output.name);

    // With caller-provided scratch: allocates nothing, safe from threads.
    os << "\n  /// " << signatureComment(entry, sizes)
       << "\n  /// `scratch` holds " << scratchFn
       << "(...) bytes; calls from several threads\n"
       << "  /// each pass their own.\n  void " << name << "(";
    std::vector<std::string> withScratch = args;
    withScratch.push_back("void *scratch");
    os << llvm::join(withScratch, ", ") << ") const {\n";
    std::vector<std::string> callArgs;
    auto describe = [&](RankedTensorType type, const std::string &pointer,
                        const std::vector<std::string> &dims,
                        const std::string &var) {
      os << "    auto " << var << " = dlc::runtime::describe<"
         << descriptorName(type) << ">(" << pointer << ", std::array<int64_t, "
         << type.getRank() << ">{" << llvm::join(dims, ", ") << "});\n";
      callArgs.push_back("&" + var);
    };
    for (const EntryArg &arg : entry.args) {
      switch (arg.role) {
      case ArgRole::input:
        describe(arg.type,
                 "const_cast<" + cType(arg.type.getElementType()) + " *>(" +
                     arg.name + ")",
                 sizes.inputDims[arg.index], arg.name + "_");
        break;
      case ArgRole::param: {
        std::vector<std::string> dims;
        for (int64_t dim : arg.type.getShape())
          dims.push_back(std::to_string(dim));
        describe(arg.type,
                 "params_.at<" + cType(arg.type.getElementType()) +
                     ">(kParams[" + std::to_string(arg.index) + "])",
                 dims, "param" + std::to_string(arg.index) + "_");
        break;
      }
      case ArgRole::output:
        describe(arg.type, arg.name, sizes.outputDims[arg.index],
                 arg.name + "_");
        break;
      case ArgRole::scratch:
        os << "    auto scratch_ = dlc::runtime::describe<dlc_memref_i8_1d>("
              "static_cast<int8_t *>(scratch), std::array<int64_t, 1>{"
           << scratchFn << "(" << llvm::join(sizeParams, ", ")
           << ")});\n";
        callArgs.push_back("&scratch_");
        break;
      default:
        llvm_unreachable("inference entry points take no optimizer state");
      }
    }
    os << "    dlc_" << entry.function << "("
       << llvm::join(callArgs, ", ") << ");\n  }\n";

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

  os << "\n  // Parameters by name.\n";
  for (auto [index, param] : llvm::enumerate(interface.params)) {
    std::vector<std::string> dims;
    for (int64_t dim : param.type.getShape())
      dims.push_back(std::to_string(dim));
    std::string type = cType(param.type.getElementType());
    std::string accessor = "param" + toClassName(param.name) + "()";
    std::string at =
        "params_.at<" + type + ">(kParams[" + std::to_string(index) + "])";
    os << "  /// " << param.name << ": "
       << describeTensor(param.type, dims) << "\n"
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
     << "private:\n  dlc::runtime::ParamBlock params_;\n" << trainMembers
     << "  dlc::runtime::Scratch scratch_;\n"
     << "  std::vector<dlc::runtime::Scratch> threadScratch_;\n};\n\n"
     << "#endif  // __cplusplus\n#endif  // " << guard << "\n";
  return success();
}

} // namespace dlc
