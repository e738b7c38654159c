//===- dlc.cpp - The dlc driver -------------------------------------------===//
//
// The user's command line: `dlc check model.mlir` parses and verifies a model
// and prints its summary.
//
//===----------------------------------------------------------------------===//

#include "Analysis/ModelSummary.h"
#include "Codegen/ModelInterface.h"
#include "Codegen/Target.h"
#include "Pipelines/Pipelines.h"
#include "dlc/DLC.h"

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
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/InitLLVM.h"
#include "llvm/Support/SourceMgr.h"
#include "llvm/Support/ToolOutputFile.h"
#include "llvm/Support/WithColor.h"

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

int runCheck() {
  mlir::MLIRContext context;
  context.loadDialect<dlc::DLCDialect>();
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

int runCompile() {
  mlir::DialectRegistry registry;
  mlir::registerAllDialects(registry);
  registry.insert<dlc::DLCDialect>();
  mlir::registerBuiltinDialectTranslation(registry);
  mlir::registerLLVMDialectTranslation(registry);
  mlir::MLIRContext context(registry);
  context.loadDialect<dlc::DLCDialect>();
  SourceMgr sourceMgr;
  mlir::SourceMgrDiagnosticHandler diagnostics(sourceMgr, &context);
  mlir::OwningOpRef<mlir::ModuleOp> module =
      loadModel(context, sourceMgr, compileInput);
  if (!module)
    return 1;

  SmallVector<dlc::ModelOp> models;
  for (auto model : module->getOps<dlc::ModelOp>())
    if (compileModel.empty() || model.getSymName() == compileModel)
      models.push_back(model);
  if (models.size() != 1) {
    WithColor::error(errs(), "dlc")
        << compileInput << ": "
        << (models.empty() ? "no dlc.model to compile"
                           : "several dlc.models; choose one with --model")
        << '\n';
    return 1;
  }
  dlc::ModelOp model = models.front();
  for (dlc::TrainOp step : model.getTrainSteps())
    WithColor::warning(errs(), "dlc")
        << "training step @" << step.getSymName()
        << " is not compiled: dlc compile emits inference entry points only "
           "for now\n";
  // Compile this model alone.
  for (auto other : llvm::make_early_inc_range(module->getOps<dlc::ModelOp>()))
    if (other != model)
      other.erase();

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
      "      [--header model.h] [--emit=linalg|mlir|llvm|asm|obj|header]\n");
  if (checkCommand)
    return runCheck();
  if (compileCommand)
    return runCompile();
  WithColor::error(errs(), "dlc")
      << "no command given; see 'dlc --help'\n";
  return 1;
}
