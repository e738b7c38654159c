//===- Run.cpp - dlc run: one entry point on .npy files (JIT) -------------===//

#include "Commands.h"

#include "Driver/JitTrainStep.h"
#include "dlc/runtime/MemRef.h"
#include "dlc/runtime/Npy.h"
#include "dlc/runtime/Params.h"

#include "llvm/ADT/SmallString.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"

#include <array>
#include <cstring>
#include <map>

using namespace llvm;

namespace dlc::tool {

cl::SubCommand
    runCommand("run",
               "JIT-compile a model and run one entry point on .npy inputs");

namespace {

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
    runParamFiles("param",
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

} // namespace

int runRun() {
  CompileOptions options;
  // (The training steps' halves are for data parallelism, which this
  // command does not run: not compiled, to save their compile time.)
  options.stepHalves = false;
  options.model = runModel;
  Compilation compilation(options);
  if (mlir::failed(compilation.load(runInput, "run")))
    return failed(compilation);
  const ModelInterface &interface = compilation.interface();
  auto entryIt = llvm::find_if(interface.entries, [](const auto &entry) {
    return entry.name == runEntry;
  });
  if (entryIt != interface.entries.end() &&
      (entryIt->isTrainStep || entryIt->half != EntrySpec::Half::none))
    return fail("@" + runEntry +
                " is a training step or one of its halves; dlc run runs "
                "inference entry points (train through the generated class)");
  if (entryIt == interface.entries.end()) {
    std::string names;
    for (const auto &entry : interface.entries)
      if (!entry.isTrainStep && entry.half == EntrySpec::Half::none)
        names += (names.empty() ? "" : ", ") + entry.name;
    return fail("model @" + interface.name + " has no entry point '" +
                runEntry + "' (it has: " + names + ")");
  }

  // Parameters: initializers, then the files given.
  std::vector<runtime::ParamInfo> infos = runtimeParams(interface);
  runtime::ParamBlock params(infos, interface.paramBytes, runSeed);
  for (const std::string &assignment : runParamFiles) {
    auto [name, path] = StringRef(assignment).split('=');
    if (path.empty())
      return fail("--param expects name=file.npy, found '" + assignment + "'");
    int index = interface.findParam(name);
    if (index < 0)
      return fail("model @" + interface.name + " has no parameter '" + name +
                  "'");
    runtime::NpyArray array;
    std::string error = runtime::readNpy(path.str(), array);
    if (!error.empty())
      return fail(error);
    const ParamSpec &param = interface.params[index];
    if (array.dtype != infos[index].dtype ||
        ArrayRef<int64_t>(array.shape) != param.type.getShape())
      return fail(path + ": parameter " + name + " is " +
                  runtime::dtypeName(infos[index].dtype) +
                  shapeString(param.type.getShape()) + ", the file holds " +
                  runtime::dtypeName(array.dtype) + shapeString(array.shape));
    std::memcpy(params.data() + param.offset, array.data.data(),
                array.data.size());
  }

  // Inputs, with the sizes of their dynamic axes.
  // A copy: compiling drops the training steps it could not differentiate
  // from interface.entries.
  const EntrySpec entry = *entryIt;
  if (runInputs.size() != entry.inputs.size())
    return fail("@" + entry.name + " takes " + Twine(entry.inputs.size()) +
                " inputs, " + Twine(runInputs.size()) + " given with --input");
  std::vector<runtime::NpyArray> inputs(entry.inputs.size());
  std::map<int64_t, int64_t> axisSizes;
  for (auto [index, spec] : llvm::enumerate(entry.inputs)) {
    std::string error = runtime::readNpy(runInputs[index], inputs[index]);
    if (!error.empty())
      return fail(error);
    const runtime::NpyArray &array = inputs[index];
    runtime::DType expected = runtimeType(spec.type.getElementType());
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
                    Twine(array.shape[axis]) +
                    " entries, but an earlier "
                    "input has " +
                    Twine(it->second));
    }
    if (!ok)
      return fail(runInputs[index] + ": input '" + spec.name + "' of @" +
                  entry.name + " is " + runtime::dtypeName(expected) +
                  shapeString(shape) + ", the file holds " +
                  runtime::dtypeName(array.dtype) + shapeString(array.shape));
  }
  std::vector<runtime::NpyArray> outputs(entry.outputs.size());
  for (auto [index, spec] : llvm::enumerate(entry.outputs)) {
    runtime::NpyArray &array = outputs[index];
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
    array.data.resize(array.numElements() * runtime::sizeOf(array.dtype));
  }

  // Compile and call; the plan binds the entry's parameters and scratch.
  std::unique_ptr<JitModule> jit = compilation.jit();
  if (!jit)
    return failed(compilation);
  const EntrySpec &compiled =
      *llvm::find_if(interface.entries, [&](const EntrySpec &other) {
        return other.name == entry.name;
      });

  std::vector<runtime::DynamicMemRef> descriptors;
  runtime::Scratch scratch;
  for (const EntryArg &arg : compiled.args) {
    switch (arg.role) {
    case ArgRole::input:
      descriptors.emplace_back(inputs[arg.index].data.data(),
                               inputs[arg.index].shape);
      break;
    case ArgRole::param:
      descriptors.emplace_back(params.data() +
                                   interface.params[arg.index].offset,
                               arg.type.getShape());
      break;
    case ArgRole::output:
      descriptors.emplace_back(outputs[arg.index].data.data(),
                               outputs[arg.index].shape);
      break;
    case ArgRole::scratch: {
      int64_t bytes =
          dlc::scratchBytes(compiled, [&](unsigned arg, unsigned axis) {
            return descriptors[arg].sizes()[axis];
          });
      std::array<int64_t, 1> scratchShape{bytes};
      descriptors.emplace_back(scratch.reserve(bytes), scratchShape);
      break;
    }
    default:
      return fail("@" + entry.name +
                  " takes optimizer state: it is a "
                  "training step");
    }
  }
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
    std::string error = runtime::writeNpy(path.str().str(), outputs[index]);
    if (!error.empty())
      return fail(error);
    outs() << path << ": " << runtime::dtypeName(outputs[index].dtype)
           << shapeString(outputs[index].shape) << '\n';
  }
  return 0;
}

} // namespace dlc::tool
