//===- Train.cpp - dlc train: fit a model with a JIT-compiled step --------===//

#include "Commands.h"

#include "Driver/JitTrainStep.h"
#include "dlc/runtime/DataSource.h"
#ifdef DLC_HAVE_MPI
#include "dlc/runtime/Mpi.h"
#endif
#include "dlc/runtime/Params.h"
#include "dlc/runtime/Progress.h"
#include "dlc/runtime/ThreadPool.h"
#include "dlc/runtime/Train.h"

#include <cstdlib>
#include <iostream>
#include <optional>
#include <thread>

using namespace llvm;

namespace dlc::tool {

cl::SubCommand
    trainCommand("train",
                 "JIT-compile a model and train it with one of its training "
                 "steps");

namespace {

cl::opt<std::string> trainInput(cl::Positional, cl::desc("<model.mlir>"),
                                cl::Required, cl::sub(trainCommand));
cl::opt<std::string> trainEntry("entry", cl::desc("The training step"),
                                cl::value_desc("name"), cl::init("train_step"),
                                cl::sub(trainCommand));
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
cl::opt<int64_t>
    trainPatience("patience",
                  cl::desc("Stop when --monitor has not improved for this many "
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
                                 cl::value_desc("file"), cl::sub(trainCommand));
cl::opt<std::string> trainHistory("history",
                                  cl::desc("Per-epoch history as CSV"),
                                  cl::value_desc("file.csv"),
                                  cl::sub(trainCommand));
cl::opt<unsigned> trainThreads(
    "threads",
    cl::desc("Threads that train data-parallel, each on a slice of every "
             "batch (0: one per core); more than 1 compiles the step's "
             "gradients/apply halves"),
    cl::init(1), cl::sub(trainCommand));
cl::opt<double> trainMpiTimeout(
    "mpi-timeout",
    cl::desc("Under mpirun: seconds a process waits for the others in a "
             "collective operation before the job fails"),
    cl::init(300), cl::sub(trainCommand));
cl::opt<std::string> trainModel("model",
                                cl::desc("The dlc.model to train when the "
                                         "file has several"),
                                cl::value_desc("name"), cl::sub(trainCommand));

} // namespace

int runTrain() {
  // Under mpirun, every process trains on its shard of each batch.
#ifdef DLC_HAVE_MPI
  std::optional<runtime::mpi::Session> session;
  std::optional<runtime::mpi::Collective> processes;
  if (runtime::mpi::launchedByMpirun()) {
    session.emplace(nullptr, nullptr);
    processes.emplace(trainMpiTimeout);
  }
#else
  if (std::getenv("OMPI_COMM_WORLD_SIZE") || std::getenv("PMI_SIZE"))
    return fail("this dlc was built without MPI, so it cannot train across "
                "the processes mpirun started (build it where "
                "libopenmpi-dev is installed: scripts/setup.sh)");
#endif
  CompileOptions compileOptions;
  // The training steps' halves are for data parallelism alone: not
  // compiled without it, to save their compile time.
  unsigned threads = trainThreads
                         ? trainThreads
                         : std::max(1u, std::thread::hardware_concurrency());
  bool parallel = threads > 1;
#ifdef DLC_HAVE_MPI
  parallel |= processes.has_value();
#endif
  compileOptions.stepHalves = parallel;
  compileOptions.model = trainModel;
  Compilation compilation(compileOptions);
  if (mlir::failed(compilation.load(trainInput, "train")))
    return failed(compilation);
  const ModelInterface &interface = compilation.interface();
  auto find = [&](auto predicate) -> const EntrySpec * {
    auto it = llvm::find_if(interface.entries, predicate);
    return it == interface.entries.end() ? nullptr : &*it;
  };
  if (!find([](const EntrySpec &entry) {
        return entry.isTrainStep && entry.half == EntrySpec::Half::none &&
               entry.name == trainEntry;
      })) {
    std::string names;
    for (const EntrySpec &entry : interface.entries)
      if (entry.isTrainStep && entry.half == EntrySpec::Half::none)
        names += (names.empty() ? "" : ", ") + entry.name;
    return fail(
        "model @" + interface.name + " has no training step '" + trainEntry +
        "' (it has: " + (names.empty() ? std::string("none") : names) + ")");
  }
  for (const TensorSpec &input :
       find([](const EntrySpec &e) { return e.name == trainEntry; })->inputs) {
    ArrayRef<int64_t> shape = input.type.getShape();
    if (shape.empty() || !mlir::ShapedType::isDynamic(shape.front()) ||
        llvm::any_of(shape.drop_front(), mlir::ShapedType::isDynamic))
      return fail("@" + trainEntry +
                  ": dlc train needs inputs of shape "
                  "[batch, static sizes...]; '" +
                  input.name + "' is " + shapeString(shape));
  }

  std::unique_ptr<JitModule> jit = compilation.jit();
  if (!jit)
    return failed(compilation);
  // bindEntryParams dropped steps that could not be compiled.
  const EntrySpec *step = find([](const EntrySpec &entry) {
    return entry.isTrainStep && entry.name == trainEntry;
  });
  const EntrySpec *evaluation = find(
      [](const EntrySpec &entry) { return entry.evaluates == trainEntry; });
  if (!step || !evaluation)
    return fail("@" + trainEntry +
                " could not be compiled (see the "
                "warning above)");

  std::vector<runtime::ParamInfo> infos = runtimeParams(interface);
  runtime::ParamBlock params(infos, interface.paramBytes, trainSeed);
  JitTrainStep trainer(*jit, interface, *step, *evaluation, infos, params);

  runtime::Dataset train, validation;
  if (std::string error =
          runtime::loadDataSource(trainData, step->name, trainer.inputs(),
                                  trainValidationSplit, train, validation);
      !error.empty())
    return fail(error);

  runtime::FitOptions options;
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
  std::optional<runtime::ThreadPool> pool;
  if (threads > 1) {
    pool.emplace(threads);
    options.threads = &*pool;
  }
  options.out = &std::cout;
  options.terminal = runtime::stdoutIsTerminal();
  bool leader = true;
#ifdef DLC_HAVE_MPI
  if (processes) {
    options.processes = &*processes;
    leader = processes->rank() == 0;
  }
#endif
  runtime::History history;
  std::string error = runtime::fit(trainer, train, options, history);
  std::cout.flush();
  if (!error.empty()) {
#ifdef DLC_HAVE_MPI
    // The others would wait for this process: end them all.
    if (processes && processes->size() > 1)
      processes->abort(error);
#endif
    return fail(error);
  }
  if (!trainSave.empty() && leader)
    outs() << "saved " << trainSave << "\n";
  return 0;
}

} // namespace dlc::tool
