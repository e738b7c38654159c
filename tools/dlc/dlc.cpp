//===- dlc.cpp - The dlc driver -------------------------------------------===//
//
// The user's command line: `dlc check model.mlir` parses and verifies a model
// and prints its summary.
//
//===----------------------------------------------------------------------===//

#include "Analysis/ModelSummary.h"
#include "dlc/DLC.h"

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

} // namespace

int main(int argc, char **argv) {
  InitLLVM init(argc, argv);
  cl::SetVersionPrinter(printVersion);
  cl::ParseCommandLineOptions(
      argc, argv,
      "dlc: an ahead-of-time compiler for trainable deep-learning models\n\n"
      "  dlc check model.mlir     parse, verify and summarise a model\n");
  if (checkCommand)
    return runCheck();
  WithColor::error(errs(), "dlc")
      << "no command given; see 'dlc --help'\n";
  return 1;
}
