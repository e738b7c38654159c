//===- Common.cpp - What the dlc subcommands share ------------------------===//

#include "Commands.h"

#include "mlir/IR/BuiltinTypes.h"
#include "mlir/Support/FileUtilities.h"
#include "llvm/Support/ToolOutputFile.h"
#include "llvm/Support/WithColor.h"

using namespace llvm;

namespace dlc::tool {

int fail(const Twine &message) {
  WithColor::error(errs(), "dlc") << message << '\n';
  return 1;
}

int failed(const Compilation &compilation) {
  if (!compilation.error().empty())
    fail(compilation.error());
  return 1;
}

bool writeFile(StringRef path, function_ref<void(raw_ostream &)> write) {
  std::string error;
  std::unique_ptr<ToolOutputFile> output = mlir::openOutputFile(path, &error);
  if (!output) {
    fail(error);
    return false;
  }
  write(output->os());
  output->os().flush();
  if (std::error_code ec = output->os().error()) {
    // Cleared, or the stream's destructor would abort the program.
    output->os().clear_error();
    fail("cannot write " + path + ": " + ec.message());
    return false;
  }
  output->keep();
  return true;
}

std::string shapeString(ArrayRef<int64_t> shape) {
  std::string text = "[";
  for (auto [i, dim] : llvm::enumerate(shape))
    text += (i ? ", " : "") +
            (mlir::ShapedType::isDynamic(dim) ? std::string("?")
                                              : std::to_string(dim));
  return text + "]";
}

} // namespace dlc::tool
