//===- Check.cpp - dlc check: verify and summarise a model ----------------===//

#include "Commands.h"

#include "Analysis/ModelSummary.h"
#include "dlc/DLC.h"

#include "mlir/Support/FileUtilities.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/ToolOutputFile.h"

using namespace llvm;

namespace dlc::tool {

cl::SubCommand checkCommand(
    "check", "Parse and verify a model and print a summary of its entry "
             "points, layers and parameters");

namespace {

cl::opt<std::string> checkInput(cl::Positional, cl::desc("<model.mlir>"),
                                cl::Required, cl::sub(checkCommand));
cl::opt<std::string> checkOutput("o", cl::desc("Write the summary here"),
                                 cl::value_desc("file"), cl::init("-"),
                                 cl::sub(checkCommand));
cl::opt<std::string>
    checkModel("model",
               cl::desc("Summarise only this dlc.model (by default all)"),
               cl::value_desc("name"), cl::sub(checkCommand));

/// Compiles model `name` of the input up to the memory plan and prints
/// each entry point's scratch size and heap allocations.
void printMemoryPlan(StringRef name, raw_ostream &os) {
  CompileOptions options;
  options.model = name.str();
  Compilation compilation(options);
  if (mlir::failed(compilation.load(checkInput, "check")) ||
      compilation.interface().entries.empty() ||
      mlir::failed(compilation.lowerToBuffers()))
    return;
  os << "\nMemory plan (scratch per call, planned at compile time):\n";
  for (const EntrySpec &entry : compilation.interface().entries) {
    std::vector<std::string> terms;
    for (const ScratchTerm &term : entry.scratch) {
      std::string text = formatCount(term.bytes) + " B";
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

} // namespace

int runCheck() {
  Compilation compilation;
  if (mlir::failed(compilation.parse(checkInput)))
    return failed(compilation);
  SmallVector<ModelOp> models;
  for (auto model : compilation.module().getOps<ModelOp>())
    if (checkModel.empty() || model.getSymName() == checkModel)
      models.push_back(model);
  if (models.empty())
    return fail(checkInput + ": " +
                (checkModel.empty()
                     ? std::string("no dlc.model in this file")
                     : "no dlc.model named '" + checkModel + "'"));

  std::string error;
  std::unique_ptr<ToolOutputFile> output =
      mlir::openOutputFile(checkOutput, &error);
  if (!output)
    return fail(error);
  for (auto [index, model] : llvm::enumerate(models)) {
    if (index)
      output->os() << '\n';
    printSummary(summarize(model), output->os());
    printMemoryPlan(model.getSymName(), output->os());
  }
  output->keep();
  return 0;
}

} // namespace dlc::tool
