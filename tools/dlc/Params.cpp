//===- Params.cpp - dlc params: parameters to and from .npy files ---------===//

#include "Commands.h"

#include "Driver/JitTrainStep.h"
#include "dlc/runtime/Checkpoint.h"
#include "dlc/runtime/Npy.h"
#include "dlc/runtime/Params.h"

#include "llvm/ADT/SmallString.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"

#include <cstring>

using namespace llvm;

namespace dlc::tool {

cl::SubCommand paramsCommand(
    "params", "Move parameters between checkpoints and NumPy .npy files:\n"
              "  dlc params export model.mlir CHECKPOINT -o DIR\n"
              "  dlc params import model.mlir DIR -o FILE");

namespace {

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

} // namespace

int runParams() {
  if (paramsArgs.size() != 3 ||
      (paramsArgs[0] != "export" && paramsArgs[0] != "import"))
    return fail("usage: dlc params export model.mlir CHECKPOINT -o DIR, or "
                "dlc params import model.mlir DIR -o FILE");
  bool exporting = paramsArgs[0] == "export";
  const std::string &from = paramsArgs[2];
  CompileOptions options;
  // (The training steps' halves are for data parallelism, which this
  // command does not run: not compiled, to save their compile time.)
  options.stepHalves = false;
  options.model = paramsModel;
  Compilation compilation(options);
  if (mlir::failed(compilation.load(paramsArgs[1], "take parameters of")))
    return failed(compilation);
  const ModelInterface &interface = compilation.interface();
  std::vector<runtime::ParamInfo> infos = runtimeParams(interface);
  runtime::ParamBlock params(infos, interface.paramBytes, 0);

  if (exporting) {
    if (std::string error = runtime::loadParams(from, infos, params);
        !error.empty())
      return fail(error);
    if (std::error_code ec = sys::fs::create_directories(paramsOutput))
      return fail(paramsOutput + ": " + ec.message());
    for (const runtime::ParamInfo &info : infos) {
      runtime::NpyArray array;
      array.dtype = info.dtype;
      array.shape.assign(info.shape, info.shape + info.rank);
      const auto *bytes = reinterpret_cast<const unsigned char *>(
          params.data() + info.offset);
      array.data.assign(bytes, bytes + info.numBytes());
      SmallString<256> path(paramsOutput);
      sys::path::append(path, std::string(info.name) + ".npy");
      if (std::string error = runtime::writeNpy(path.str().str(), array);
          !error.empty())
        return fail(error);
      outs() << path << ": " << runtime::dtypeName(info.dtype)
             << shapeString(array.shape) << '\n';
    }
    return 0;
  }

  std::vector<std::string> missing;
  for (const runtime::ParamInfo &info : infos) {
    SmallString<256> path(from);
    sys::path::append(path, std::string(info.name) + ".npy");
    if (!sys::fs::exists(path)) {
      missing.push_back(std::string(info.name) + ".npy");
      continue;
    }
    runtime::NpyArray array;
    if (std::string error = runtime::readNpy(path.str().str(), array);
        !error.empty())
      return fail(error);
    ArrayRef<int64_t> expected(info.shape, info.rank);
    if (array.dtype != info.dtype || ArrayRef<int64_t>(array.shape) != expected)
      return fail(path + ": parameter " + info.name + " is " +
                  runtime::dtypeName(info.dtype) + shapeString(expected) +
                  ", the file holds " + runtime::dtypeName(array.dtype) +
                  shapeString(array.shape));
    std::memcpy(params.data() + info.offset, array.data.data(),
                array.data.size());
  }
  if (!missing.empty())
    return fail(from + " lacks " + llvm::join(missing, ", ") +
                " (one .npy file per parameter of @" + interface.name + ")");
  if (std::string error = runtime::saveParams(paramsOutput,
                                                   interface.name, infos,
                                                   params);
      !error.empty())
    return fail(error);
  outs() << "saved " << infos.size() << " parameters to " << paramsOutput
         << '\n';
  return 0;
}

} // namespace dlc::tool
