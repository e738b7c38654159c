//===- dlc.cpp - The dlc driver -------------------------------------------===//
//
// The user's command line: `dlc check model.mlir` parses and verifies a model
// and prints its summary.
//
//===----------------------------------------------------------------------===//

#include "Analysis/ModelSummary.h"
#include "Codegen/Jit.h"
#include "Codegen/ModelInterface.h"
#include "Codegen/Target.h"
#include "Pipelines/Pipelines.h"
#include "dlc/DLC.h"
#include "dlc/runtime/MemRef.h"
#include "dlc/runtime/Npy.h"
#include "dlc/runtime/Params.h"

#include "mlir/IR/AsmState.h"
#include "mlir/InitAllDialects.h"
#include "mlir/Pass/PassManager.h"
#include "mlir/Target/LLVMIR/Dialect/Builtin/BuiltinToLLVMIRTranslation.h"
#include "mlir/Target/LLVMIR/Dialect/LLVMIR/LLVMToLLVMIRTranslation.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"

#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/Parser/Parser.h"
#include "mlir/Support/FileUtilities.h"
#include "llvm/Config/llvm-config.h"
#include "llvm/ADT/SmallString.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/InitLLVM.h"
#include "llvm/Support/SourceMgr.h"
#include "llvm/Support/ToolOutputFile.h"
#include "llvm/Support/WithColor.h"

#include <array>
#include <cstring>
#include <map>

using namespace llvm;

namespace {

cl::SubCommand checkCommand(
    "check", "Parse and verify a model and print a summary of its entry "
             "points, layers and parameters");

cl::opt<std::string> checkInput(cl::Positional, cl::desc("<model.mlir>"),
                                cl::Required, cl::sub(checkCommand));
cl::opt<std::string> checkOutput("o", cl::desc("Write the summary here"),
                                 cl::value_desc("file"), cl::init("-"),
                                 cl::sub(checkCommand));
cl::opt<std::string>
    checkModel("model",
               cl::desc("Summarise only this dlc.model (by default all)"),
               cl::value_desc("name"), cl::sub(checkCommand));

cl::SubCommand compileCommand(
    "compile", "Compile a model's entry points to an object file (and a C++ "
               "header with --header)");
cl::opt<std::string> compileInput(cl::Positional, cl::desc("<model.mlir>"),
                                  cl::Required, cl::sub(compileCommand));
cl::opt<std::string> compileOutput(
    "o", cl::desc("Output file (default: <model>.o, or stdout for text)"),
    cl::value_desc("file"), cl::sub(compileCommand));
cl::opt<std::string> compileHeader(
    "header", cl::desc("Also write the C/C++ header of the compiled model"),
    cl::value_desc("file"), cl::sub(compileCommand));
cl::opt<std::string>
    compileModel("model", cl::desc("The dlc.model to compile when the file "
                                   "has several"),
                 cl::value_desc("name"), cl::sub(compileCommand));

enum class Emit { linalg, mlir, llvm, assembly, object, header };
cl::opt<Emit> compileEmit(
    "emit", cl::desc("Stop after this stage and write it"),
    cl::values(
        clEnumValN(Emit::linalg, "linalg",
                   "entry points on linalg and tensors (dlc-lower-to-linalg)"),
        clEnumValN(Emit::mlir, "mlir",
                   "the end of the MLIR pipeline (LLVM dialect)"),
        clEnumValN(Emit::llvm, "llvm", "optimised LLVM IR"),
        clEnumValN(Emit::assembly, "asm", "assembly"),
        clEnumValN(Emit::object, "obj", "an object file (default)"),
        clEnumValN(Emit::header, "header", "the C/C++ header only")),
    cl::init(Emit::object), cl::sub(compileCommand));
cl::opt<std::string> compileCPU(
    "mcpu",
    cl::desc("Target CPU: native (the host, default), portable (the "
             "architecture's baseline), or an LLVM CPU name like skylake"),
    cl::value_desc("cpu"), cl::init("native"), cl::sub(compileCommand));
cl::opt<std::string> compileFeatures(
    "mattr", cl::desc("Target features to add or remove: +avx2,-avx512f"),
    cl::value_desc("features"), cl::sub(compileCommand));
cl::opt<std::string> compileTriple("mtriple",
                                   cl::desc("Target triple (default: host)"),
                                   cl::value_desc("triple"),
                                   cl::sub(compileCommand));
cl::opt<unsigned> compileOptLevel("O", cl::desc("LLVM optimisation level"),
                                  cl::Prefix, cl::init(3),
                                  cl::sub(compileCommand));

cl::SubCommand runCommand(
    "run", "JIT-compile a model and run one entry point on .npy inputs");
cl::opt<std::string> runInput(cl::Positional, cl::desc("<model.mlir>"),
                              cl::Required, cl::sub(runCommand));
cl::opt<std::string> runEntry("entry", cl::desc("The entry point to run"),
                              cl::value_desc("name"), cl::Required,
                              cl::sub(runCommand));
cl::list<std::string> runInputs("input",
                                cl::desc("An input, in the entry point's "
                                         "argument order"),
                                cl::value_desc("file.npy"),
                                cl::sub(runCommand));
cl::list<std::string>
    runParams("param",
              cl::desc("Set a parameter from a file (the others come from "
                       "their initializers)"),
              cl::value_desc("name=file.npy"), cl::sub(runCommand));
cl::opt<std::string> runOutput("output",
                               cl::desc("Folder for the results, one "
                                        "<name>.npy per result"),
                               cl::value_desc("dir"), cl::init("."),
                               cl::sub(runCommand));
cl::opt<uint64_t> runSeed("seed",
                          cl::desc("Seed of the parameters' initializers"),
                          cl::init(0), cl::sub(runCommand));
cl::opt<std::string> runModel("model",
                              cl::desc("The dlc.model to run when the file "
                                       "has several"),
                              cl::value_desc("name"), cl::sub(runCommand));

void printVersion(raw_ostream &os) {
  os << "dlc " << DLC_VERSION << " (LLVM/MLIR " << LLVM_VERSION_STRING
     << ")\n";
}

/// Parses and verifies `path`; diagnostics go to stderr with their location.
mlir::OwningOpRef<mlir::ModuleOp> loadModel(mlir::MLIRContext &context,
                                            SourceMgr &sourceMgr,
                                            StringRef path) {
  std::string error;
  std::unique_ptr<MemoryBuffer> file = mlir::openInputFile(path, &error);
  if (!file) {
    WithColor::error(errs(), "dlc") << error << '\n';
    return nullptr;
  }
  sourceMgr.AddNewSourceBuffer(std::move(file), SMLoc());
  return mlir::parseSourceFile<mlir::ModuleOp>(sourceMgr, &context);
}

/// Runs the CPU pipeline up to the memory plan on a copy of `model` and
/// prints each inference entry point's scratch size and heap allocations.
void printMemoryPlan(dlc::ModelOp model, raw_ostream &os) {
  mlir::OwningOpRef<mlir::ModuleOp> copy =
      mlir::ModuleOp::create(model.getLoc());
  copy->getBody()->push_back(model.clone());
  dlc::ModelInterface interface = dlc::describeModel(model);
  if (interface.entries.empty())
    return;
  mlir::PassManager pm(model.getContext());
  dlc::buildLowerToLinalgPipeline(pm);
  dlc::buildCPUBufferizePipeline(pm);
  if (failed(pm.run(*copy)) || failed(dlc::bindEntryScratch(interface, *copy)))
    return;
  os << "\nMemory plan (scratch per call, planned at compile time):\n";
  for (const dlc::EntrySpec &entry : interface.entries) {
    std::vector<std::string> terms;
    for (const dlc::ScratchTerm &term : entry.scratch) {
      std::string text = dlc::formatCount(term.bytes) + " B";
      for (auto [arg, axis] : term.dims) {
        if (arg < entry.inputs.size())
          text += axis == 0 ? " x batch"
                            : " x " + entry.inputs[arg].name + ".shape[" +
                                  std::to_string(axis) + "]";
        else
          text += " x dim";
      }
      terms.push_back(text);
    }
    os << "  @" << entry.name << ": "
       << (terms.empty() ? std::string("0 B") : llvm::join(terms, " + "))
       << "; heap allocations per call: " << entry.heapAllocs << '\n';
  }
}

int runCheck() {
  mlir::DialectRegistry registry;
  mlir::registerAllDialects(registry);
  registry.insert<dlc::DLCDialect>();
  mlir::MLIRContext context(registry);
  context.loadDialect<dlc::DLCDialect>();
  // Diagnostics point at the source line; the op's IR is noise there.
  context.printOpOnDiagnostic(false);
  SourceMgr sourceMgr;
  mlir::SourceMgrDiagnosticHandler diagnostics(sourceMgr, &context);
  mlir::OwningOpRef<mlir::ModuleOp> module =
      loadModel(context, sourceMgr, checkInput);
  if (!module)
    return 1;

  SmallVector<dlc::ModelOp> models;
  for (auto model : module->getOps<dlc::ModelOp>())
    if (checkModel.empty() || model.getSymName() == checkModel)
      models.push_back(model);
  if (models.empty()) {
    if (checkModel.empty())
      WithColor::error(errs(), "dlc")
          << checkInput << ": no dlc.model in this file\n";
    else
      WithColor::error(errs(), "dlc")
          << checkInput << ": no dlc.model named '" << checkModel << "'\n";
    return 1;
  }

  std::string error;
  std::unique_ptr<ToolOutputFile> output =
      mlir::openOutputFile(checkOutput, &error);
  if (!output) {
    WithColor::error(errs(), "dlc") << error << '\n';
    return 1;
  }
  for (auto [index, model] : llvm::enumerate(models)) {
    if (index)
      output->os() << '\n';
    dlc::printSummary(dlc::summarize(model), output->os());
    printMemoryPlan(model, output->os());
  }
  output->keep();
  return 0;
}

/// Writes `text` to `path` ("-" for stdout).
bool writeFile(StringRef path, function_ref<void(raw_ostream &)> write) {
  std::string error;
  std::unique_ptr<ToolOutputFile> output = mlir::openOutputFile(path, &error);
  if (!output) {
    WithColor::error(errs(), "dlc") << error << '\n';
    return false;
  }
  write(output->os());
  output->keep();
  return true;
}

/// The dialects and translations every command that compiles needs.
mlir::DialectRegistry compilerRegistry() {
  mlir::DialectRegistry registry;
  mlir::registerAllDialects(registry);
  registry.insert<dlc::DLCDialect>();
  mlir::registerBuiltinDialectTranslation(registry);
  mlir::registerLLVMDialectTranslation(registry);
  return registry;
}

/// Loads the dlc dialect; diagnostics point at the source line, so the
/// op's IR would be noise in them.
void prepareContext(mlir::MLIRContext &context) {
  context.loadDialect<dlc::DLCDialect>();
  context.printOpOnDiagnostic(false);
}

/// The model to `verb` (compile, run): the one named `name`, or the only
/// one. Erases the others from `module`; reports and returns null when there
/// is none or the choice is ambiguous.
dlc::ModelOp selectModel(mlir::ModuleOp module, StringRef name,
                         StringRef path, StringRef verb) {
  SmallVector<dlc::ModelOp> models;
  for (auto model : module.getOps<dlc::ModelOp>())
    if (name.empty() || model.getSymName() == name)
      models.push_back(model);
  if (models.size() != 1) {
    WithColor::error(errs(), "dlc")
        << path << ": "
        << (models.empty() ? ("no dlc.model to " + verb).str()
                           : "several dlc.models; choose one with --model")
        << '\n';
    return {};
  }
  for (auto other : llvm::make_early_inc_range(module.getOps<dlc::ModelOp>()))
    if (other != models.front())
      other.erase();
  return models.front();
}

int runCompile() {
  mlir::MLIRContext context(compilerRegistry());
  prepareContext(context);
  SourceMgr sourceMgr;
  mlir::SourceMgrDiagnosticHandler diagnostics(sourceMgr, &context);
  mlir::OwningOpRef<mlir::ModuleOp> module =
      loadModel(context, sourceMgr, compileInput);
  if (!module)
    return 1;
  dlc::ModelOp model = selectModel(*module, compileModel, compileInput,
                                   "compile");
  if (!model)
    return 1;

  dlc::ModelInterface interface = dlc::describeModel(model);
  std::string modelName = interface.name;
  std::string output = compileOutput;
  bool textOutput = compileEmit != Emit::object;
  if (output.empty())
    output = textOutput ? "-" : modelName + ".o";

  mlir::PassManager pm(&context);
  if (failed(mlir::applyPassManagerCLOptions(pm)))
    return 1;
  dlc::buildLowerToLinalgPipeline(pm);
  if (failed(pm.run(*module)))
    return 1;
  if (failed(dlc::bindEntryParams(interface, *module)))
    return 1;

  if (compileEmit == Emit::linalg)
    return writeFile(output, [&](raw_ostream &os) { module->print(os); }) ? 0
                                                                          : 1;

  mlir::PassManager lower(&context);
  if (failed(mlir::applyPassManagerCLOptions(lower)))
    return 1;
  dlc::buildCPUBufferizePipeline(lower);
  dlc::buildCPUToLLVMPipeline(lower);
  if (failed(lower.run(*module)))
    return 1;
  if (failed(dlc::bindEntryScratch(interface, *module)))
    return 1;

  // The header needs the scratch plan, known only now.
  std::string headerPath = compileEmit == Emit::header ? output : compileHeader;
  if (!headerPath.empty()) {
    std::string error, text;
    raw_string_ostream os(text);
    if (failed(dlc::writeHeader(interface,
                                sys::path::filename(compileInput), os,
                                error))) {
      WithColor::error(errs(), "dlc") << error << '\n';
      return 1;
    }
    if (!writeFile(headerPath, [&](raw_ostream &out) { out << text; }))
      return 1;
  }
  if (compileEmit == Emit::header)
    return 0;
  if (compileEmit == Emit::mlir)
    return writeFile(output, [&](raw_ostream &os) { module->print(os); }) ? 0
                                                                          : 1;

  dlc::CPUTarget target;
  target.triple = compileTriple;
  target.cpu = compileCPU;
  target.features = compileFeatures;
  target.optLevel = compileOptLevel;
  std::string error;
  std::unique_ptr<TargetMachine> machine =
      dlc::createTargetMachine(target, error);
  if (!machine) {
    WithColor::error(errs(), "dlc") << error << '\n';
    return 1;
  }
  LLVMContext llvmContext;
  std::unique_ptr<Module> llvmModule = dlc::translateAndOptimize(
      *module, llvmContext, *machine, target.optLevel);
  if (!llvmModule) {
    WithColor::error(errs(), "dlc") << "cannot translate to LLVM IR\n";
    return 1;
  }
  if (compileEmit == Emit::llvm)
    return writeFile(output, [&](raw_ostream &os) { llvmModule->print(os, nullptr); })
               ? 0
               : 1;

  std::error_code ec;
  ToolOutputFile file(output, ec,
                      textOutput ? sys::fs::OF_Text : sys::fs::OF_None);
  if (ec) {
    WithColor::error(errs(), "dlc") << output << ": " << ec.message() << '\n';
    return 1;
  }
  if (!dlc::emitMachineCode(*llvmModule, *machine,
                            compileEmit == Emit::assembly, file.os(), error)) {
    WithColor::error(errs(), "dlc") << error << '\n';
    return 1;
  }
  file.keep();
  return 0;
}

dlc::runtime::DType runtimeType(mlir::Type type) {
  if (type.isF64())
    return dlc::runtime::DType::f64;
  if (type.isInteger(32))
    return dlc::runtime::DType::i32;
  if (type.isInteger(64))
    return dlc::runtime::DType::i64;
  return dlc::runtime::DType::f32;
}

std::string shapeString(ArrayRef<int64_t> shape) {
  std::string text = "[";
  for (auto [i, dim] : llvm::enumerate(shape))
    text += (i ? ", " : "") +
            (mlir::ShapedType::isDynamic(dim) ? std::string("?")
                                              : std::to_string(dim));
  return text + "]";
}

int fail(const Twine &message) {
  WithColor::error(errs(), "dlc") << message << '\n';
  return 1;
}

int runRun() {
  mlir::MLIRContext context(compilerRegistry());
  prepareContext(context);
  SourceMgr sourceMgr;
  mlir::SourceMgrDiagnosticHandler diagnostics(sourceMgr, &context);
  mlir::OwningOpRef<mlir::ModuleOp> module =
      loadModel(context, sourceMgr, runInput);
  if (!module)
    return 1;
  dlc::ModelOp model = selectModel(*module, runModel, runInput, "run");
  if (!model)
    return 1;

  dlc::ModelInterface interface = dlc::describeModel(model);
  auto entryIt = llvm::find_if(interface.entries, [](const auto &entry) {
    return entry.name == runEntry;
  });
  if (entryIt != interface.entries.end() && entryIt->isTrainStep)
    return fail("@" + runEntry + " is a training step; dlc run runs "
                "inference entry points (train through the generated class)");
  if (entryIt == interface.entries.end()) {
    std::string names;
    for (const auto &entry : interface.entries)
      if (!entry.isTrainStep)
        names += (names.empty() ? "" : ", ") + entry.name;
    return fail("model @" + interface.name + " has no entry point '" +
                runEntry + "' (it has: " + names + ")");
  }

  // Parameters: initializers, then the files given.
  std::vector<dlc::runtime::ParamInfo> infos;
  for (const dlc::ParamSpec &param : interface.params) {
    dlc::runtime::ParamInfo info{};
    info.name = param.name;
    info.dtype = runtimeType(param.type.getElementType());
    info.rank = static_cast<int>(param.type.getRank());
    for (int i = 0; i < info.rank; ++i)
      info.shape[i] = param.type.getDimSize(i);
    info.offset = param.offset;
    double a, b;
    std::string init = dlc::initializerName(param.init, a, b);
    static const std::pair<const char *, dlc::runtime::Init> kinds[] = {
        {"zeros", dlc::runtime::Init::zeros},
        {"ones", dlc::runtime::Init::ones},
        {"constant", dlc::runtime::Init::constant},
        {"uniform", dlc::runtime::Init::uniform},
        {"normal", dlc::runtime::Init::normal},
        {"glorot_uniform", dlc::runtime::Init::glorot_uniform},
        {"he_uniform", dlc::runtime::Init::he_uniform},
        {"orthogonal", dlc::runtime::Init::orthogonal}};
    for (const auto &[name, kind] : kinds)
      if (init == name)
        info.init = kind;
    info.a = a;
    info.b = b;
    infos.push_back(info);
  }
  dlc::runtime::ParamBlock params(infos, interface.paramBytes, runSeed);
  for (const std::string &assignment : runParams) {
    auto [name, path] = StringRef(assignment).split('=');
    if (path.empty())
      return fail("--param expects name=file.npy, found '" + assignment + "'");
    int index = interface.findParam(name);
    if (index < 0)
      return fail("model @" + interface.name + " has no parameter '" + name +
                  "'");
    dlc::runtime::NpyArray array;
    std::string error = dlc::runtime::readNpy(path.str(), array);
    if (!error.empty())
      return fail(error);
    const dlc::ParamSpec &param = interface.params[index];
    if (array.dtype != infos[index].dtype ||
        ArrayRef<int64_t>(array.shape) != param.type.getShape())
      return fail(path + ": parameter " + name + " is " +
                  dlc::runtime::dtypeName(infos[index].dtype) +
                  shapeString(param.type.getShape()) + ", the file holds " +
                  dlc::runtime::dtypeName(array.dtype) +
                  shapeString(array.shape));
    std::memcpy(params.data() + param.offset, array.data.data(),
                array.data.size());
  }

  // Inputs, with the sizes of their dynamic axes.
  const dlc::EntrySpec &entry = *entryIt;
  if (runInputs.size() != entry.inputs.size())
    return fail("@" + entry.name + " takes " +
                Twine(entry.inputs.size()) + " inputs, " +
                Twine(runInputs.size()) + " given with --input");
  std::vector<dlc::runtime::NpyArray> inputs(entry.inputs.size());
  std::map<int64_t, int64_t> axisSizes;
  for (auto [index, spec] : llvm::enumerate(entry.inputs)) {
    std::string error = dlc::runtime::readNpy(runInputs[index], inputs[index]);
    if (!error.empty())
      return fail(error);
    const dlc::runtime::NpyArray &array = inputs[index];
    dlc::runtime::DType expected = runtimeType(spec.type.getElementType());
    ArrayRef<int64_t> shape = spec.type.getShape();
    bool ok = array.dtype == expected && array.shape.size() == shape.size();
    for (size_t axis = 0; ok && axis < shape.size(); ++axis) {
      if (!mlir::ShapedType::isDynamic(shape[axis])) {
        ok = array.shape[axis] == shape[axis];
        continue;
      }
      auto [it, inserted] = axisSizes.try_emplace(axis, array.shape[axis]);
      if (!inserted && it->second != array.shape[axis])
        return fail(runInputs[index] + ": axis " + Twine(axis) + " has " +
                    Twine(array.shape[axis]) + " entries, but an earlier "
                    "input has " + Twine(it->second));
    }
    if (!ok)
      return fail(runInputs[index] + ": input '" + spec.name + "' of @" +
                  entry.name + " is " + dlc::runtime::dtypeName(expected) +
                  shapeString(shape) + ", the file holds " +
                  dlc::runtime::dtypeName(array.dtype) +
                  shapeString(array.shape));
  }
  std::vector<dlc::runtime::NpyArray> outputs(entry.outputs.size());
  for (auto [index, spec] : llvm::enumerate(entry.outputs)) {
    dlc::runtime::NpyArray &array = outputs[index];
    array.dtype = runtimeType(spec.type.getElementType());
    for (auto [axis, dim] : llvm::enumerate(spec.type.getShape())) {
      if (!mlir::ShapedType::isDynamic(dim)) {
        array.shape.push_back(dim);
        continue;
      }
      auto it = axisSizes.find(axis);
      if (it == axisSizes.end())
        return fail("@" + entry.name + ": the size of axis " + Twine(axis) +
                    " of result '" + spec.name +
                    "' does not follow from the inputs");
      array.shape.push_back(it->second);
    }
    array.data.resize(array.numElements() *
                      dlc::runtime::sizeOf(array.dtype));
  }

  // Compile and call.
  mlir::PassManager pm(&context);
  if (failed(mlir::applyPassManagerCLOptions(pm)))
    return 1;
  dlc::buildLowerToLinalgPipeline(pm);
  if (failed(pm.run(*module)) || failed(dlc::bindEntryParams(interface, *module)))
    return 1;
  mlir::PassManager lower(&context);
  dlc::buildCPUBufferizePipeline(lower);
  dlc::buildCPUToLLVMPipeline(lower);
  if (failed(lower.run(*module)) ||
      failed(dlc::bindEntryScratch(interface, *module)))
    return 1;
  auto jit = dlc::JitModule::create(*module, dlc::CPUTarget());
  if (!jit)
    return fail(toString(jit.takeError()));

  std::vector<dlc::runtime::DynamicMemRef> descriptors;
  for (auto &array : inputs)
    descriptors.emplace_back(array.data.data(), array.shape);
  for (unsigned index : entry.params)
    descriptors.emplace_back(params.data() + interface.params[index].offset,
                             interface.params[index].type.getShape());
  for (auto &array : outputs)
    descriptors.emplace_back(array.data.data(), array.shape);
  // Sizes of the compiled function's arguments: inputs, params, outputs.
  auto sizeOf = [&](unsigned arg, unsigned axis) -> int64_t {
    if (arg < inputs.size())
      return inputs[arg].shape[axis];
    arg -= inputs.size();
    if (arg < entry.params.size())
      return interface.params[entry.params[arg]].type.getDimSize(axis);
    return outputs[arg - entry.params.size()].shape[axis];
  };
  int64_t scratchBytes = dlc::scratchBytes(entry, sizeOf);
  dlc::runtime::Scratch scratch;
  std::array<int64_t, 1> scratchShape{scratchBytes};
  descriptors.emplace_back(scratch.reserve(scratchBytes), scratchShape);
  std::vector<void *> pointers;
  for (auto &descriptor : descriptors)
    pointers.push_back(descriptor.get());
  if (Error error = (*jit)->call(entry.function, pointers))
    return fail(toString(std::move(error)));

  if (std::error_code ec = sys::fs::create_directories(runOutput))
    return fail(runOutput + ": " + ec.message());
  for (auto [index, spec] : llvm::enumerate(entry.outputs)) {
    SmallString<256> path(runOutput);
    sys::path::append(path, spec.name + ".npy");
    std::string error = dlc::runtime::writeNpy(path.str().str(),
                                               outputs[index]);
    if (!error.empty())
      return fail(error);
    outs() << path << ": " << dlc::runtime::dtypeName(outputs[index].dtype)
           << shapeString(outputs[index].shape) << '\n';
  }
  return 0;
}

/// MLIR's pass-manager and printing options (--mlir-print-ir-after-all,
/// --mlir-timing, ...) belong to `dlc compile` too.
void shareMLIROptionsWithCompile() {
  mlir::registerPassManagerCLOptions();
  mlir::registerAsmPrinterCLOptions();
  mlir::registerMLIRContextCLOptions();
  for (auto &entry : cl::getRegisteredOptions(cl::SubCommand::getTopLevel())) {
    StringRef name = entry.first;
    if (name.starts_with("mlir-"))
      entry.second->addSubCommand(compileCommand);
  }
}

} // namespace

int main(int argc, char **argv) {
  InitLLVM init(argc, argv);
  cl::SetVersionPrinter(printVersion);
  shareMLIROptionsWithCompile();
  cl::ParseCommandLineOptions(
      argc, argv,
      "dlc: an ahead-of-time compiler for trainable deep-learning models\n\n"
      "  dlc check model.mlir                  parse, verify and summarise a "
      "model\n"
      "  dlc compile model.mlir -o model.o     compile its entry points for "
      "this CPU\n"
      "      [--header model.h] [--emit=linalg|mlir|llvm|asm|obj|header]\n"
      "  dlc run model.mlir --entry NAME --input x.npy [--param NAME=f.npy] "
      "--output DIR\n"
      "                                        run one entry point (JIT)\n");
  if (checkCommand)
    return runCheck();
  if (compileCommand)
    return runCompile();
  if (runCommand)
    return runRun();
  WithColor::error(errs(), "dlc")
      << "no command given; see 'dlc --help'\n";
  return 1;
}
