//===- dlc.cpp - The dlc driver -------------------------------------------===//
//
// The user's command line: `dlc check|compile|run|train|params`, one file
// per subcommand (Commands.h).
//
//===----------------------------------------------------------------------===//

#include "Commands.h"

#include "mlir/IR/AsmState.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/Pass/PassManager.h"
#include "llvm/Config/llvm-config.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/InitLLVM.h"

using namespace llvm;

namespace {

/// MLIR's pass-manager and printing options (--mlir-print-ir-after-all,
/// --mlir-timing, ...) belong to `dlc compile` too.
void shareMLIROptionsWithCompile() {
  mlir::registerPassManagerCLOptions();
  mlir::registerAsmPrinterCLOptions();
  mlir::registerMLIRContextCLOptions();
  for (auto &entry : cl::getRegisteredOptions(cl::SubCommand::getTopLevel())) {
    StringRef name = entry.first;
    if (name.starts_with("mlir-"))
      entry.second->addSubCommand(dlc::tool::compileCommand);
  }
}

void printVersion(raw_ostream &os) {
  os << "dlc " << DLC_VERSION << " (LLVM/MLIR " << LLVM_VERSION_STRING
     << ")\n";
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
  using namespace dlc::tool;
  if (checkCommand)
    return runCheck();
  if (compileCommand)
    return runCompile();
  if (runCommand)
    return runRun();
  if (trainCommand)
    return runTrain();
  if (paramsCommand)
    return runParams();
  return fail("no command given; see 'dlc --help'");
}
