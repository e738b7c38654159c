//===- dlc.cpp - The dlc driver -------------------------------------------===//
//
// The user's command line: `dlc check model.mlir` parses and verifies a model
// and prints its summary.
//
//===----------------------------------------------------------------------===//

#include "ABI/ModelInterface.h"
#include "Analysis/ModelSummary.h"
#include "JitTrainStep.h"
#include "Pipelines/Pipelines.h"
#include "Target/LLVM/Jit.h"
#include "Target/LLVM/Target.h"
#include "Translation/Cpp/Cpp.h"
#include "dlc/DLC.h"
#include "dlc/runtime/Idx.h"
#include "dlc/runtime/MemRef.h"
#include "dlc/runtime/Npy.h"
#include "dlc/runtime/Params.h"
#include "dlc/runtime/Progress.h"
#include "dlc/runtime/Train.h"

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
#include "llvm/ADT/SmallString.h"
#include "llvm/Config/llvm-config.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/InitLLVM.h"
#include "llvm/Support/SourceMgr.h"
#include "llvm/Support/ToolOutputFile.h"
#include "llvm/Support/WithColor.h"

#include <array>
#include <iostream>
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

enum class Emit { linalg, mlir, llvm, assembly, object, header, cpp };
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
        clEnumValN(Emit::header, "header", "the C/C++ header only"),
        clEnumValN(Emit::cpp, "cpp",
                   "portable C++ source with the object's symbols (scalar "
                   "code, for machines without LLVM; pair it with --header)")),
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

cl::SubCommand trainCommand(
    "train", "JIT-compile a model and train it with one of its training "
             "steps");
cl::opt<std::string> trainInput(cl::Positional, cl::desc("<model.mlir>"),
                                cl::Required, cl::sub(trainCommand));
cl::opt<std::string> trainEntry("entry", cl::desc("The training step"),
                                cl::value_desc("name"),
                                cl::init("train_step"), cl::sub(trainCommand));
cl::opt<std::string> trainData(
    "data",
    cl::desc("Training data: mnist:DIR (the IDX files; the test set "
             "validates), or npy:a.npy,b.npy,... (one file per input of the "
             "step, in its order)"),
    cl::value_desc("source"), cl::Required, cl::sub(trainCommand));
cl::opt<double> trainValidationSplit(
    "validation-split",
    cl::desc("Hold out this fraction of npy data for validation"),
    cl::init(0.0), cl::sub(trainCommand));
cl::opt<int64_t> trainEpochs("epochs", cl::desc("Epochs"), cl::init(1),
                             cl::sub(trainCommand));
cl::opt<int64_t> trainBatch("batch", cl::desc("Batch size"), cl::init(32),
                            cl::sub(trainCommand));
cl::opt<uint64_t> trainSeed("seed",
                            cl::desc("Seed of the initializers and of the "
                                     "shuffling"),
                            cl::init(0), cl::sub(trainCommand));
cl::opt<int64_t> trainMaxSteps("max-steps",
                               cl::desc("Stop after this many steps"),
                               cl::init(0), cl::sub(trainCommand));
cl::opt<int64_t> trainPatience(
    "patience", cl::desc("Stop when --monitor has not improved for this many "
                         "epochs"),
    cl::init(0), cl::sub(trainCommand));
cl::opt<std::string> trainMonitor("monitor",
                                  cl::desc("What early stopping watches"),
                                  cl::init("val_loss"), cl::sub(trainCommand));
cl::opt<std::string> trainSave("save",
                               cl::desc("Checkpoint written after every epoch"),
                               cl::value_desc("file"), cl::sub(trainCommand));
cl::opt<std::string> trainResume("resume",
                                 cl::desc("Resume from this checkpoint"),
                                 cl::value_desc("file"),
                                 cl::sub(trainCommand));
cl::opt<std::string> trainHistory("history",
                                  cl::desc("Per-epoch history as CSV"),
                                  cl::value_desc("file.csv"),
                                  cl::sub(trainCommand));
cl::opt<std::string> trainModel("model",
                                cl::desc("The dlc.model to train when the "
                                         "file has several"),
                                cl::value_desc("name"), cl::sub(trainCommand));

cl::SubCommand paramsCommand(
    "params", "Move parameters between checkpoints and NumPy .npy files:\n"
              "  dlc params export model.mlir CHECKPOINT -o DIR\n"
              "  dlc params import model.mlir DIR -o FILE");
cl::list<std::string> paramsArgs(cl::Positional,
                                 cl::desc("export|import <model.mlir> <from>"),
                                 cl::OneOrMore, cl::sub(paramsCommand));
cl::opt<std::string> paramsOutput("o", cl::desc("Where to write"),
                                  cl::value_desc("path"), cl::Required,
                                  cl::sub(paramsCommand));
cl::opt<std::string> paramsModel("model",
                                 cl::desc("The dlc.model when the file has "
                                          "several"),
                                 cl::value_desc("name"),
                                 cl::sub(paramsCommand));

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
       << "; heap allocation sites: " << entry.heapAllocs << '\n';
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
  output->os().flush();
  if (std::error_code ec = output->os().error()) {
    // Cleared, or the stream's destructor would abort the program.
    output->os().clear_error();
    WithColor::error(errs(), "dlc")
        << "cannot write " << path << ": " << ec.message() << '\n';
    return false;
  }
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
  // C++ source is written from scalar code: vector types have no portable
  // C++ form. Its scratch plan differs, so its header comes from this run.
  bool vectorize = compileEmit != Emit::cpp;
  dlc::buildCPUBufferizePipeline(lower, vectorize);
  dlc::buildCPUToLLVMPipeline(lower, vectorize);
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
  if (compileEmit == Emit::cpp) {
    std::string text;
    raw_string_ostream os(text);
    if (failed(dlc::translateToCpp(*module, sys::path::filename(compileInput),
                                   os)))
      return 1;
    return writeFile(output, [&](raw_ostream &out) { out << text; }) ? 0 : 1;
  }

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

  // Object writers seek: emit into memory, so that `-o -` (a pipe) works.
  SmallString<0> code;
  raw_svector_ostream codeStream(code);
  if (!dlc::emitMachineCode(*llvmModule, *machine,
                            compileEmit == Emit::assembly, codeStream,
                            error)) {
    WithColor::error(errs(), "dlc") << error << '\n';
    return 1;
  }
  return writeFile(output, [&](raw_ostream &os) { os << code.str(); }) ? 0
                                                                        : 1;
}

using dlc::runtimeType;

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

std::unique_ptr<dlc::JitModule> compileForJit(mlir::MLIRContext &context,
                                              mlir::ModuleOp module,
                                              dlc::ModelInterface &interface);

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
  std::vector<dlc::runtime::ParamInfo> infos = dlc::runtimeParams(interface);
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
  // A copy: compiling drops the training steps it could not differentiate
  // from interface.entries.
  const dlc::EntrySpec entry = *entryIt;
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

  // Compile and call; the plan binds the entry's parameters and scratch.
  std::unique_ptr<dlc::JitModule> jit =
      compileForJit(context, *module, interface);
  if (!jit)
    return 1;
  const dlc::EntrySpec &compiled = *llvm::find_if(
      interface.entries,
      [&](const dlc::EntrySpec &other) { return other.name == entry.name; });

  std::vector<dlc::runtime::DynamicMemRef> descriptors;
  for (auto &array : inputs)
    descriptors.emplace_back(array.data.data(), array.shape);
  for (unsigned index : compiled.params)
    descriptors.emplace_back(params.data() + interface.params[index].offset,
                             interface.params[index].type.getShape());
  for (auto &array : outputs)
    descriptors.emplace_back(array.data.data(), array.shape);
  // Sizes of the compiled function's arguments: inputs, params, outputs.
  auto sizeOf = [&](unsigned arg, unsigned axis) -> int64_t {
    if (arg < inputs.size())
      return inputs[arg].shape[axis];
    arg -= inputs.size();
    if (arg < compiled.params.size())
      return interface.params[compiled.params[arg]].type.getDimSize(axis);
    return outputs[arg - compiled.params.size()].shape[axis];
  };
  int64_t scratchBytes = dlc::scratchBytes(compiled, sizeOf);
  dlc::runtime::Scratch scratch;
  std::array<int64_t, 1> scratchShape{scratchBytes};
  descriptors.emplace_back(scratch.reserve(scratchBytes), scratchShape);
  std::vector<void *> pointers;
  for (auto &descriptor : descriptors)
    pointers.push_back(descriptor.get());
  if (Error error = jit->call(compiled.function, pointers))
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

/// Compiles `module` (one model, described by `interface`) for the JIT.
std::unique_ptr<dlc::JitModule> compileForJit(mlir::MLIRContext &context,
                                              mlir::ModuleOp module,
                                              dlc::ModelInterface &interface) {
  mlir::PassManager pm(&context);
  if (failed(mlir::applyPassManagerCLOptions(pm)))
    return nullptr;
  dlc::buildLowerToLinalgPipeline(pm);
  if (failed(pm.run(module)) || failed(dlc::bindEntryParams(interface, module)))
    return nullptr;
  mlir::PassManager lower(&context);
  dlc::buildCPUBufferizePipeline(lower);
  dlc::buildCPUToLLVMPipeline(lower);
  if (failed(lower.run(module)) ||
      failed(dlc::bindEntryScratch(interface, module)))
    return nullptr;
  auto jit = dlc::JitModule::create(module, dlc::CPUTarget());
  if (!jit) {
    fail(toString(jit.takeError()));
    return nullptr;
  }
  return std::move(*jit);
}

/// A tensor with the contents of a .npy array.
dlc::runtime::Tensor tensorOf(const dlc::runtime::NpyArray &array) {
  dlc::runtime::Tensor tensor(array.dtype, array.shape);
  std::memcpy(tensor.bytes(), array.data.data(), tensor.numBytes());
  return tensor;
}

/// The data set `step` trains on from --data: MNIST images (reshaped to
/// the step's float input of 784 values per sample) and labels (its integer
/// input), or one .npy file per input. `validation` gets MNIST's test set.
std::string loadTrainingData(const dlc::EntrySpec &step, StringRef source,
                             dlc::runtime::Dataset &train,
                             dlc::runtime::Dataset &validation) {
  auto [kind, rest] = source.split(':');
  if (kind == "mnist") {
    dlc::runtime::LabeledImages splits[2];
    const dlc::runtime::MnistSplit kinds[] = {dlc::runtime::MnistSplit::train,
                                              dlc::runtime::MnistSplit::test};
    for (int i = 0; i < 2; ++i)
      if (std::string error =
              dlc::runtime::loadMnist(rest.str(), kinds[i], splits[i]);
          !error.empty())
        return error;
    for (const dlc::TensorSpec &input : step.inputs) {
      std::vector<int64_t> sample(input.type.getShape().begin() + 1,
                                  input.type.getShape().end());
      int64_t elements = 1;
      for (int64_t dim : sample)
        elements *= dim;
      bool isFloat = isa<mlir::FloatType>(input.type.getElementType());
      bool isImages = isFloat && elements == 28 * 28 &&
                      input.type.getElementType().isF32();
      bool isLabels = input.type.getElementType().isInteger(32) &&
                      elements == 1;
      if (!isImages && !isLabels)
        return "input '" + input.name + "' of @" + step.name + " (" +
               dlc::runtime::dtypeName(runtimeType(
                   input.type.getElementType())) +
               shapeString(input.type.getShape()) +
               ") cannot be fed from MNIST, which has f32 images of 784 "
               "values and i32 labels; give its data with npy:";
      for (auto [i, data] :
           llvm::enumerate(std::array{&train, &validation})) {
        dlc::runtime::Tensor tensor =
            isImages ? splits[i].images : splits[i].labels;
        std::vector<int64_t> shape{tensor.shape()[0]};
        shape.insert(shape.end(), sample.begin(), sample.end());
        dlc::runtime::Tensor reshaped(tensor.dtype(), shape);
        std::memcpy(reshaped.bytes(), tensor.bytes(), tensor.numBytes());
        if (std::string error = data->add(input.name, std::move(reshaped));
            !error.empty())
          return error;
      }
    }
    return "";
  }
  if (kind == "npy") {
    SmallVector<StringRef> files;
    rest.split(files, ',');
    if (files.size() != step.inputs.size())
      return "@" + step.name + " takes " + std::to_string(step.inputs.size()) +
             " inputs; --data npy: names " + std::to_string(files.size()) +
             " files";
    dlc::runtime::Dataset all;
    for (auto [file, input] : llvm::zip(files, step.inputs)) {
      dlc::runtime::NpyArray array;
      if (std::string error = dlc::runtime::readNpy(file.str(), array);
          !error.empty())
        return error;
      if (std::string error = all.add(input.name, tensorOf(array));
          !error.empty())
        return file.str() + ": " + error;
    }
    if (trainValidationSplit <= 0) {
      train = std::move(all);
      return "";
    }
    return dlc::runtime::splitValidation(all, trainValidationSplit, train,
                                         validation);
  }
  return "--data expects mnist:DIR or npy:a.npy,b.npy,..., found '" +
         source.str() + "'";
}

int runTrain() {
  mlir::MLIRContext context(compilerRegistry());
  prepareContext(context);
  SourceMgr sourceMgr;
  mlir::SourceMgrDiagnosticHandler diagnostics(sourceMgr, &context);
  mlir::OwningOpRef<mlir::ModuleOp> module =
      loadModel(context, sourceMgr, trainInput);
  if (!module)
    return 1;
  dlc::ModelOp model = selectModel(*module, trainModel, trainInput, "train");
  if (!model)
    return 1;
  dlc::ModelInterface interface = dlc::describeModel(model);
  auto find = [&](auto predicate) -> const dlc::EntrySpec * {
    auto it = llvm::find_if(interface.entries, predicate);
    return it == interface.entries.end() ? nullptr : &*it;
  };
  if (!find([](const dlc::EntrySpec &entry) {
        return entry.isTrainStep && entry.name == trainEntry;
      })) {
    std::string names;
    for (const dlc::EntrySpec &entry : interface.entries)
      if (entry.isTrainStep)
        names += (names.empty() ? "" : ", ") + entry.name;
    return fail("model @" + interface.name + " has no training step '" +
                trainEntry + "' (it has: " +
                (names.empty() ? std::string("none") : names) + ")");
  }
  for (const dlc::TensorSpec &input :
       find([](const dlc::EntrySpec &e) { return e.name == trainEntry; })
           ->inputs) {
    ArrayRef<int64_t> shape = input.type.getShape();
    if (shape.empty() || !mlir::ShapedType::isDynamic(shape.front()) ||
        llvm::any_of(shape.drop_front(), mlir::ShapedType::isDynamic))
      return fail("@" + trainEntry + ": dlc train needs inputs of shape "
                  "[batch, static sizes...]; '" + input.name + "' is " +
                  shapeString(shape));
  }

  std::unique_ptr<dlc::JitModule> jit =
      compileForJit(context, *module, interface);
  if (!jit)
    return 1;
  // bindEntryParams dropped steps that could not be compiled.
  const dlc::EntrySpec *step = find([](const dlc::EntrySpec &entry) {
    return entry.isTrainStep && entry.name == trainEntry;
  });
  const dlc::EntrySpec *evaluation = find([](const dlc::EntrySpec &entry) {
    return entry.evaluates == trainEntry;
  });
  if (!step || !evaluation)
    return fail("@" + trainEntry + " could not be compiled (see the "
                "warning above)");

  dlc::runtime::Dataset train, validation;
  if (std::string error =
          loadTrainingData(*step, trainData, train, validation);
      !error.empty())
    return fail(error);

  std::vector<dlc::runtime::ParamInfo> infos = dlc::runtimeParams(interface);
  dlc::runtime::ParamBlock params(infos, interface.paramBytes, trainSeed);
  dlc::JitTrainStep trainer(*jit, interface, *step, *evaluation, infos,
                            params);
  dlc::runtime::FitOptions options;
  options.epochs = trainEpochs;
  options.batch.batchSize = trainBatch;
  options.seed = trainSeed;
  options.validation = validation.size() ? &validation : nullptr;
  options.patience = trainPatience;
  options.monitor = trainMonitor;
  options.maxSteps = trainMaxSteps;
  options.historyPath = trainHistory;
  options.checkpointPath = trainSave;
  options.resumePath = trainResume;
  options.out = &std::cout;
  options.terminal = dlc::runtime::stdoutIsTerminal();
  dlc::runtime::History history;
  std::string error = dlc::runtime::fit(trainer, train, options, history);
  std::cout.flush();
  if (!trainer.error().empty())
    return fail(trainer.error());
  if (!error.empty())
    return fail(error);
  if (!trainSave.empty())
    outs() << "saved " << trainSave << "\n";
  return 0;
}

int runParamsCommand() {
  if (paramsArgs.size() != 3 ||
      (paramsArgs[0] != "export" && paramsArgs[0] != "import"))
    return fail("usage: dlc params export model.mlir CHECKPOINT -o DIR, or "
                "dlc params import model.mlir DIR -o FILE");
  bool exporting = paramsArgs[0] == "export";
  const std::string &from = paramsArgs[2];
  mlir::MLIRContext context(compilerRegistry());
  prepareContext(context);
  SourceMgr sourceMgr;
  mlir::SourceMgrDiagnosticHandler diagnostics(sourceMgr, &context);
  mlir::OwningOpRef<mlir::ModuleOp> module =
      loadModel(context, sourceMgr, paramsArgs[1]);
  if (!module)
    return 1;
  dlc::ModelOp model =
      selectModel(*module, paramsModel, paramsArgs[1], "take parameters of");
  if (!model)
    return 1;
  dlc::ModelInterface interface = dlc::describeModel(model);
  std::vector<dlc::runtime::ParamInfo> infos = dlc::runtimeParams(interface);
  dlc::runtime::ParamBlock params(infos, interface.paramBytes, 0);

  if (exporting) {
    if (std::string error = dlc::runtime::loadParams(from, infos, params);
        !error.empty())
      return fail(error);
    if (std::error_code ec = sys::fs::create_directories(paramsOutput))
      return fail(paramsOutput + ": " + ec.message());
    for (const dlc::runtime::ParamInfo &info : infos) {
      dlc::runtime::NpyArray array;
      array.dtype = info.dtype;
      array.shape.assign(info.shape, info.shape + info.rank);
      const auto *bytes = reinterpret_cast<const unsigned char *>(
          params.data() + info.offset);
      array.data.assign(bytes, bytes + info.numBytes());
      SmallString<256> path(paramsOutput);
      sys::path::append(path, std::string(info.name) + ".npy");
      if (std::string error = dlc::runtime::writeNpy(path.str().str(), array);
          !error.empty())
        return fail(error);
      outs() << path << ": " << dlc::runtime::dtypeName(info.dtype)
             << shapeString(array.shape) << '\n';
    }
    return 0;
  }

  std::vector<std::string> missing;
  for (const dlc::runtime::ParamInfo &info : infos) {
    SmallString<256> path(from);
    sys::path::append(path, std::string(info.name) + ".npy");
    if (!sys::fs::exists(path)) {
      missing.push_back(std::string(info.name) + ".npy");
      continue;
    }
    dlc::runtime::NpyArray array;
    if (std::string error = dlc::runtime::readNpy(path.str().str(), array);
        !error.empty())
      return fail(error);
    ArrayRef<int64_t> expected(info.shape, info.rank);
    if (array.dtype != info.dtype || ArrayRef<int64_t>(array.shape) != expected)
      return fail(path + ": parameter " + info.name + " is " +
                  dlc::runtime::dtypeName(info.dtype) + shapeString(expected) +
                  ", the file holds " + dlc::runtime::dtypeName(array.dtype) +
                  shapeString(array.shape));
    std::memcpy(params.data() + info.offset, array.data.data(),
                array.data.size());
  }
  if (!missing.empty())
    return fail(from + " lacks " + llvm::join(missing, ", ") +
                " (one .npy file per parameter of @" + interface.name + ")");
  if (std::string error = dlc::runtime::saveParams(paramsOutput,
                                                   interface.name, infos,
                                                   params);
      !error.empty())
    return fail(error);
  outs() << "saved " << infos.size() << " parameters to " << paramsOutput
         << '\n';
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
      "      [--header model.h] [--emit=linalg|mlir|llvm|asm|obj|header|cpp]\n"
      "  dlc run model.mlir --entry NAME --input x.npy [--param NAME=f.npy] "
      "--output DIR\n"
      "                                        run one entry point (JIT)\n"
      "  dlc train model.mlir --entry STEP --data mnist:DIR --epochs N "
      "--batch B --save ckpt\n"
      "                                        train it (JIT)\n"
      "  dlc params export|import model.mlir FROM -o TO\n"
      "                                        parameters to/from .npy "
      "files\n");
  if (checkCommand)
    return runCheck();
  if (compileCommand)
    return runCompile();
  if (runCommand)
    return runRun();
  if (trainCommand)
    return runTrain();
  if (paramsCommand)
    return runParamsCommand();
  WithColor::error(errs(), "dlc")
      << "no command given; see 'dlc --help'\n";
  return 1;
}
