//===- Train.h - The training loop ----------------------------------------===//
//
// Keras' fit for compiled models: epochs of shuffled batches through a
// compiled training step, the loss and metrics per epoch, a validation set,
// early stopping, a progress bar, the history as CSV, and a checkpoint after
// every epoch from which training resumes exactly (the same batches, the
// same parameters, bit for bit, as a run that never stopped).
//
// The loop sees a model through TrainStep. The header `dlc compile
// --header` generates implements it for every training step of a model
// (`Model::TrainStepTrainer`), and `dlc train` implements it over the JIT.
//
//===----------------------------------------------------------------------===//

#ifndef DLC_RUNTIME_TRAIN_H
#define DLC_RUNTIME_TRAIN_H

#include "dlc/runtime/Checkpoint.h"
#include "dlc/runtime/Dataset.h"

#include <cstdint>
#include <functional>
#include <iosfwd>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace dlc::runtime {

class Collective;
class StepHalves;
class ThreadPool;

/// An input of a training step: one sample's shape (the batch axis
/// dropped) and its element type.
struct InputSpec {
  std::string_view name;
  DType dtype;
  std::span<const int64_t> sampleShape;
};

/// One training entry point of a compiled model.
class TrainStep {
public:
  virtual ~TrainStep() = default;
  /// "mnist_cnn", "train_step".
  virtual std::string_view modelName() const = 0;
  virtual std::string_view stepName() const = 0;
  /// The step's inputs, in the order its batches hold them.
  virtual std::span<const InputSpec> inputs() const = 0;
  /// What a step returns: "loss", then its metrics ("accuracy", ...).
  virtual std::span<const std::string_view> resultNames() const = 0;
  /// One optimizer step on `batch` (its tensors in inputs() order, each
  /// [batch.size, sample shape...]); writes the batch's loss and metrics,
  /// computed before the update, to `results` (resultNames().size()).
  virtual void step(const Batch &batch, std::span<double> results) = 0;
  /// The loss and metrics of `batch` without changing anything.
  virtual void evaluate(const Batch &batch, std::span<double> results) = 0;
  /// Every tensor a checkpoint must hold to resume: the model's parameters
  /// under their names, the optimizer's state ("<step>/m/<param>",
  /// ...) and the step counter ("<step>/step", i64, shape []).
  virtual std::vector<TensorView> state() const = 0;
  /// The same tensors, writable, in the same order.
  virtual std::vector<TensorSlot> stateSlots() = 0;
  /// Called once a checkpoint has been written into stateSlots(): a step
  /// whose state lives elsewhere (a GPU's memory) and hands out host copies
  /// puts them back there. Returns "" or an error.
  virtual std::string stateLoaded() { return ""; }
  /// The first error a step, an evaluation or a copy of the state hit, ""
  /// when none: for steps whose work can fail (on a GPU). fit, evaluate and
  /// the checkpoint functions stop with it.
  virtual std::string error() const { return ""; }
  /// The step's gradients/apply halves, for data parallelism; null when
  /// the step was compiled without them.
  virtual StepHalves *halves() { return nullptr; }
};

/// The fingerprint checkpoints of `step` carry: fingerprintOf(string_view)
/// of the model name and the step name, each on a line, then a line
/// "<name> <dtype> <shape>" ("w f32 [2, 3]") per state tensor in order.
uint64_t fingerprintOf(const TrainStep &step);

/// Saves `step`'s state with `info` (its model and fingerprint filled in
/// here). Returns an error message or "".
std::string saveCheckpoint(const std::string &path, TrainStep &step,
                           CheckpointInfo info);
/// Loads a checkpoint of `step` into it; on error nothing changes. When the
/// checkpoint belongs to another step, the error says which tensor differs.
std::string loadCheckpoint(const std::string &path, TrainStep &step,
                           CheckpointInfo &info);

struct FitOptions {
  int64_t epochs = 1;
  BatchOptions batch;
  /// Seeds the shuffling.
  uint64_t seed = 0;
  /// Evaluated after every epoch (val_loss, val_<metric>) in unshuffled
  /// batches of batch.batchSize, dropping the remainder when
  /// batch.dropRemainder does; null for none.
  const Dataset *validation = nullptr;
  /// Early stopping: stop when `monitor` ("val_loss", "loss",
  /// "val_accuracy", ...) has not improved by more than `minDelta` for
  /// `patience` epochs (0: never stop early). Names containing "loss",
  /// "error" or "crossentropy", and "mae", "mse", "rmse", "mape", "msle"
  /// (after any "val_") are minimised, the others maximised. Naming a
  /// column the run does not record is an error when patience > 0.
  int64_t patience = 0;
  std::string monitor = "val_loss";
  double minDelta = 0;
  /// Stop after this many optimizer steps in total (0: no limit), for short
  /// runs; the epoch in progress ends there and is recorded. A resumed run
  /// counts the checkpoint's steps too, as an uninterrupted one would.
  int64_t maxSteps = 0;
  /// The history as CSV, rewritten after every epoch ("" for none).
  std::string historyPath;
  /// A checkpoint written after every epoch ("" for none).
  std::string checkpointPath;
  /// A checkpoint to resume from ("" to start afresh): its parameters,
  /// optimizer state, epoch and shuffling state. The rows of an existing
  /// history at historyPath up to the checkpoint's epoch are kept (its
  /// columns must be this run's), and early stopping counts from them, so
  /// that a run that had stopped early stays stopped.
  std::string resumePath;
  /// Data parallelism (DataParallelStep): each step's batch cut into one
  /// slice per thread of `threads`, and, with `processes`, each global
  /// batch sharded over the processes, which all run fit alike (the same
  /// data, seed and options). Only rank 0 prints progress and writes the
  /// history and checkpoints; a resumed run reads them on rank 0 alone and
  /// hands them to the others, and rank 0's state is every process's at
  /// the start. Null for the fused step on the calling thread.
  ThreadPool *threads = nullptr;
  Collective *processes = nullptr;
  /// Called after every optimizer step with its number (from 1, counting
  /// a resumed run's steps) and the batch's loss and metrics, in
  /// resultNames() order; on every process. Empty for none.
  std::function<void(int64_t step, std::span<const double> results)> onStep;
  /// Progress display; null for none.
  std::ostream *out = nullptr;
  /// The bar (true) or a line per epoch (false); see stdoutIsTerminal.
  bool terminal = false;
};

/// Per-epoch records: columns "epoch", "loss", the metrics, "val_loss", the
/// validation metrics, "seconds"; one row per epoch (epochs counted from 1).
struct History {
  std::vector<std::string> columns;
  std::vector<std::vector<double>> rows;
  /// The column called `name`, or -1.
  int column(std::string_view name) const;
  std::string writeCsv(const std::string &path) const;
};

/// Trains `step` on `train`. The dataset's tensors must match the step's
/// inputs in order, dtype and sample shape (validation likewise); their
/// names may differ. Returns an error message or ""; `history` holds every
/// epoch completed, including those of the run a resumed checkpoint came
/// from. The history is written before the checkpoint, so that a crash
/// between the two leaves an epoch that a resumed run trains again.
std::string fit(TrainStep &step, const Dataset &train,
                const FitOptions &options, History &history);

/// The mean loss and metrics of `step` over `data` in batches of
/// `batchSize` (each batch weighted by its size), in resultNames() order.
std::string evaluate(TrainStep &step, const Dataset &data, int64_t batchSize,
                     std::vector<double> &results);

} // namespace dlc::runtime

#endif // DLC_RUNTIME_TRAIN_H
