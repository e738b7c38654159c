//===- Train.cpp - The training loop --------------------------------------===//

#include "dlc/runtime/Train.h"
#include "dlc/runtime/Csv.h"
#include "dlc/runtime/DataParallel.h"
#include "dlc/runtime/Progress.h"
#include "dlc/runtime/ThreadPool.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <limits>
#include <optional>
#include <ostream>

namespace dlc::runtime {

namespace {

/// Element types as MLIR spells them. The fingerprint's text uses these
/// names, so they must never change.
const char *shortName(DType dtype) {
  switch (dtype) {
  case DType::f32:
    return "f32";
  case DType::f64:
    return "f64";
  case DType::i32:
    return "i32";
  case DType::i64:
    return "i64";
  }
  return "?";
}

template <typename Range> std::string join(const Range &names) {
  std::string text;
  for (const auto &name : names) {
    if (!text.empty())
      text += ", ";
    text += name;
  }
  return text;
}

std::string countOf(size_t n, const char *noun) {
  return std::to_string(n) + " " + noun + (n == 1 ? "" : "s");
}

std::string formatValue(double value) {
  char text[32];
  std::snprintf(text, sizeof(text), "%.6g", value);
  return text;
}

/// Checks that the tensors of `data` (`what`: "the data set", ...) are the
/// inputs of `step`, position by position; their names may differ.
std::string checkInputs(const TrainStep &step, const Dataset &data,
                        const std::string &what) {
  std::span<const InputSpec> inputs = step.inputs();
  std::vector<std::string_view> inputNames, tensorNames;
  for (const InputSpec &input : inputs)
    inputNames.push_back(input.name);
  for (size_t i = 0; i < data.numTensors(); ++i)
    tensorNames.push_back(data.name(i));
  std::string stepName(step.stepName());
  if (inputs.size() != data.numTensors())
    return stepName + " takes " + countOf(inputs.size(), "input") + " (" +
           join(inputNames) + "); " + what + " has " +
           countOf(data.numTensors(), "tensor") + " (" + join(tensorNames) +
           ")";
  for (size_t i = 0; i < inputs.size(); ++i) {
    const InputSpec &input = inputs[i];
    DType dtype = data.tensor(i).dtype();
    std::vector<int64_t> shape = data.sampleShape(i);
    bool dtypeDiffers = dtype != input.dtype;
    bool shapeDiffers = !std::ranges::equal(shape, input.sampleShape);
    if (!dtypeDiffers && !shapeDiffers)
      continue;
    std::string found;
    if (dtypeDiffers)
      found = std::string(shortName(dtype)) + " samples" +
              (shapeDiffers ? " of shape " : "");
    if (shapeDiffers)
      found += formatShape(shape);
    std::string message = "input '" + std::string(input.name) + "' of " +
                          stepName + " expects " + shortName(input.dtype) +
                          " samples of shape " +
                          formatShape(input.sampleShape) + "; " + what +
                          "'s tensor '" + data.name(i) + "' has " + found;
    // Tensors are matched by position, so a data set that names them after
    // the inputs in another order is the likely mistake.
    bool reordered = std::ranges::is_permutation(inputNames, tensorNames) &&
                     !std::ranges::equal(inputNames, tensorNames);
    if (reordered)
      message += " (" + what + " holds " + join(tensorNames) + " in this " +
                 "order; " + stepName + " takes " + join(inputNames) + ")";
    return message;
  }
  return "";
}

/// Whether a smaller value of the metric or loss called `name` is better.
bool isMinimised(std::string_view name) {
  if (name.starts_with("val_"))
    name.remove_prefix(4);
  for (std::string_view word : {"loss", "error", "crossentropy"})
    if (name.find(word) != std::string_view::npos)
      return true;
  for (std::string_view abbreviation : {"mae", "mse", "rmse", "mape", "msle"})
    if (name == abbreviation)
      return true;
  return false;
}

/// Keras' EarlyStopping: counts the epochs since the monitored value last
/// improved by more than minDelta.
class EarlyStopping {
public:
  explicit EarlyStopping(const FitOptions &options)
      : monitor(options.monitor), minimise(isMinimised(options.monitor)),
        minDelta(options.minDelta), patience(options.patience) {}

  /// Records the value after epoch `epoch` (from 1).
  void record(double value, int64_t epoch) {
    bool improved = !std::isnan(value) &&
                    (bestEpoch == 0 || (minimise ? value < best - minDelta
                                                 : value > best + minDelta));
    if (improved) {
      best = value;
      bestEpoch = epoch;
      wait = 0;
    } else {
      ++wait;
    }
  }

  bool shouldStop() const { return wait >= patience; }

  std::string report(int64_t epoch) const {
    std::string text = "Early stopping after epoch " + std::to_string(epoch) +
                       ": " + monitor + " has not improved by more than " +
                       formatValue(minDelta) + " for " +
                       countOf(size_t(wait), "epoch");
    if (bestEpoch)
      text += " (best " + formatValue(best) + " after epoch " +
              std::to_string(bestEpoch) + ")";
    return text + "\n";
  }

private:
  std::string monitor;
  bool minimise;
  double minDelta;
  int64_t patience;
  double best = 0;
  /// 0 before the first value that is not NaN.
  int64_t bestEpoch = 0;
  int64_t wait = 0;
};

/// Loss and metrics averaged over the samples of the batches added.
class RunningMeans {
public:
  explicit RunningMeans(size_t n) : sums(n, 0.0) {}

  void add(std::span<const double> results, int64_t batchSize) {
    for (size_t i = 0; i < sums.size(); ++i)
      sums[i] += results[i] * double(batchSize);
    samples += batchSize;
  }

  int64_t numSamples() const { return samples; }

  std::vector<double> means() const {
    std::vector<double> values = sums;
    for (double &value : values)
      value /= double(samples);
    return values;
  }

private:
  std::vector<double> sums;
  int64_t samples = 0;
};

/// The mean loss and metrics of `step` over `data`; with `parallel`, a
/// batch per thread at once (the same means: each batch's results are
/// added in order).
void evaluateBatches(TrainStep &step, const Dataset &data,
                     const BatchOptions &options, std::vector<double> &results,
                     DataParallelStep *parallel = nullptr) {
  BatchLoader loader(data, options, /*seed=*/0);
  loader.startEpoch();
  size_t numResults = step.resultNames().size();
  size_t group = parallel ? parallel->numThreads() : 1;
  RunningMeans means(numResults);
  std::vector<Batch> batches(group);
  std::vector<std::vector<double>> batchResults(
      group, std::vector<double>(numResults));
  for (bool more = true; more;) {
    size_t filled = 0;
    while (filled < group && (more = loader.next(batches[filled])))
      ++filled;
    if (parallel)
      parallel->evaluate(std::span<const Batch>(batches.data(), filled),
                         batchResults);
    else if (filled)
      step.evaluate(batches[0], batchResults[0]);
    for (size_t i = 0; i < filled; ++i)
      means.add(batchResults[i], batches[i].size);
  }
  results = means.means();
}

/// Reads a history written by fit with `columns`, for a resumed run.
std::string readHistory(const std::string &path,
                        const std::vector<std::string> &columns,
                        std::vector<std::vector<double>> &rows) {
  NumericTable table;
  if (std::string error =
          readNumericCsv(path, table, {',', CsvHeader::present});
      !error.empty())
    return error;
  if (table.columns != columns)
    return "history " + path + " has columns " + join(table.columns) +
           "; this run records " + join(columns) +
           " (resume with the same metrics and validation, or write the "
           "history elsewhere)";
  rows.clear();
  for (int64_t row = 0; row < table.numRows; ++row) {
    auto begin = table.values.begin() + row * table.numColumns;
    rows.emplace_back(begin, begin + table.numColumns);
  }
  return "";
}

/// Why a checkpoint whose fingerprint differs from `step`'s does not fit
/// it, as ": <reason>", or "" when that cannot be told.
std::string explainMismatch(const std::string &path, const TrainStep &step,
                            uint64_t fingerprint) {
  CheckpointInfo saved;
  std::vector<NamedTensor> tensors;
  if (!readCheckpoint(path, saved, tensors).empty() ||
      saved.fingerprint == fingerprint)
    return "";
  std::vector<TensorView> state = step.state();
  auto describe = [](DType dtype, std::span<const int64_t> shape) {
    return std::string(shortName(dtype)) + " " + formatShape(shape);
  };
  for (const TensorView &view : state) {
    auto found = std::ranges::find_if(
        tensors, [&](const NamedTensor &t) { return t.name == view.name; });
    std::string name = "tensor '" + std::string(view.name) + "'";
    if (found == tensors.end())
      return ": it lacks " + name;
    const Tensor &tensor = found->tensor;
    if (tensor.dtype() != view.dtype ||
        !std::ranges::equal(tensor.shape(), view.shape))
      return ": its " + name + " is " +
             describe(tensor.dtype(), tensor.shape()) + ", this step's is " +
             describe(view.dtype, view.shape);
  }
  for (const NamedTensor &tensor : tensors)
    if (std::ranges::none_of(state, [&](const TensorView &view) {
          return view.name == tensor.name;
        }))
      return ": it holds tensor '" + tensor.name +
             "', which this step does not have";
  if (saved.model == step.modelName())
    return ": its tensors match, so another training step of '" + saved.model +
           "' saved it";
  return "";
}

double secondsNow() {
  return std::chrono::duration<double>(
             std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

/// Loads a checkpoint to resume from into `step` and `info`, and the rows
/// of the history that it includes into `rows`. On error nothing changes.
std::string resume(const FitOptions &options, TrainStep &step,
                   const std::vector<std::string> &columns,
                   CheckpointInfo &info,
                   std::vector<std::vector<double>> &rows) {
  // Everything that can fail is read before the checkpoint is loaded, so
  // that a failed resume leaves the step as it was.
  std::vector<std::vector<double>> previous;
  std::error_code ignored;
  if (!options.historyPath.empty() &&
      std::filesystem::exists(options.historyPath, ignored))
    if (std::string error = readHistory(options.historyPath, columns, previous);
        !error.empty())
      return error;
  if (std::string error = loadCheckpoint(options.resumePath, step, info);
      !error.empty())
    return error;
  // Epochs the checkpoint does not include (the history is written
  // before the checkpoint) are trained again.
  for (std::vector<double> &row : previous)
    if (row[0] >= 1 && row[0] <= double(info.epoch))
      rows.push_back(std::move(row));
  return "";
}

/// Hands rank 0's outcome of resume() to every process: its error, or the
/// checkpoint's epoch, step and shuffling state and the history's rows.
/// (The state tensors follow in DataParallelStep::broadcastState.)
std::string shareResume(Collective &processes, std::string &error,
                        CheckpointInfo &info,
                        std::vector<std::vector<double>> &rows) {
  auto share = [&](void *data, size_t bytes) {
    return processes.broadcast(static_cast<std::byte *>(data), int64_t(bytes));
  };
  uint64_t header[6] = {error.size(),         uint64_t(info.epoch),
                        uint64_t(info.step),  info.randomState,
                        info.randomIncrement, rows.size()};
  if (std::string failure = share(header, sizeof(header)); !failure.empty())
    return failure;
  error.resize(header[0]);
  if (std::string failure = share(error.data(), error.size()); !failure.empty())
    return failure;
  if (!error.empty())
    return processes.rank() == 0 ? error : "rank 0: " + error;
  info.epoch = int64_t(header[1]);
  info.step = int64_t(header[2]);
  info.randomState = header[3];
  info.randomIncrement = header[4];
  rows.resize(header[5]);
  for (std::vector<double> &row : rows) {
    uint64_t size = row.size();
    if (std::string failure = share(&size, sizeof(size)); !failure.empty())
      return failure;
    row.resize(size);
    if (std::string failure = share(row.data(), size * sizeof(double));
        !failure.empty())
      return failure;
  }
  return "";
}

} // namespace

uint64_t fingerprintOf(const TrainStep &step) {
  std::string text = std::string(step.modelName()) + "\n" +
                     std::string(step.stepName()) + "\n";
  for (const TensorView &tensor : step.state())
    text += std::string(tensor.name) + " " + shortName(tensor.dtype) + " " +
            formatShape(tensor.shape) + "\n";
  return fingerprintOf(std::string_view(text));
}

std::string saveCheckpoint(const std::string &path, TrainStep &step,
                           CheckpointInfo info) {
  info.model = std::string(step.modelName());
  info.fingerprint = fingerprintOf(step);
  std::vector<TensorView> state = step.state();
  if (std::string error = step.error(); !error.empty())
    return error;
  return saveCheckpoint(path, info, std::span<const TensorView>(state));
}

std::string loadCheckpoint(const std::string &path, TrainStep &step,
                           CheckpointInfo &info) {
  uint64_t fingerprint = fingerprintOf(step);
  std::vector<TensorSlot> slots = step.stateSlots();
  if (std::string error = step.error(); !error.empty())
    return error;
  CheckpointInfo loaded;
  if (std::string error = loadCheckpoint(path, fingerprint, slots, loaded);
      !error.empty())
    return error + explainMismatch(path, step, fingerprint);
  if (std::string error = step.stateLoaded(); !error.empty())
    return error;
  info = std::move(loaded);
  return "";
}

int History::column(std::string_view name) const {
  auto found = std::ranges::find(columns, name);
  return found == columns.end() ? -1 : int(found - columns.begin());
}

std::string History::writeCsv(const std::string &path) const {
  CsvTable table;
  table.header = columns;
  for (const std::vector<double> &row : rows)
    table.rows.emplace_back(row.begin(), row.end());
  return runtime::writeCsv(path, table);
}

std::string evaluate(TrainStep &step, const Dataset &data, int64_t batchSize,
                     std::vector<double> &results) {
  BatchOptions options{batchSize, /*shuffle=*/false, /*dropRemainder=*/false};
  if (std::string error = checkBatchOptions(data, options); !error.empty())
    return error;
  if (std::string error = checkInputs(step, data, "the data set");
      !error.empty())
    return error;
  evaluateBatches(step, data, options, results);
  return step.error();
}

std::string fit(TrainStep &step, const Dataset &train,
                const FitOptions &options, History &history) {
  history = History();
  if (options.epochs < 1)
    return "epochs " + std::to_string(options.epochs) +
           " is invalid; expected at least 1";
  if (options.maxSteps < 0)
    return "maxSteps " + std::to_string(options.maxSteps) +
           " is invalid; expected 0 (no limit) or more";
  if (options.patience < 0)
    return "patience " + std::to_string(options.patience) +
           " is invalid; expected 0 (no early stopping) or more";
  if (!(options.minDelta >= 0))
    return "minDelta " + formatValue(options.minDelta) +
           " is invalid; expected 0 or more";
  if (std::string error = checkBatchOptions(train, options.batch);
      !error.empty())
    return error;
  if (std::string error = checkInputs(step, train, "the data set");
      !error.empty())
    return error;
  // Validation batches are never shuffled, and drop their remainder when
  // training does: a model compiled for one batch size takes no other.
  BatchOptions validationBatches{options.batch.batchSize, /*shuffle=*/false,
                                 options.batch.dropRemainder};
  if (options.validation) {
    if (std::string error =
            checkBatchOptions(*options.validation, validationBatches);
        !error.empty())
      return "validation: " + error;
    if (std::string error =
            checkInputs(step, *options.validation, "the validation set");
        !error.empty())
      return error;
  }

  std::span<const std::string_view> resultNames = step.resultNames();
  size_t numResults = resultNames.size();
  std::vector<std::string> columns = {"epoch"};
  for (std::string_view name : resultNames)
    columns.emplace_back(name);
  if (options.validation)
    for (std::string_view name : resultNames)
      columns.push_back("val_" + std::string(name));
  columns.emplace_back("seconds");
  history.columns = columns;

  std::optional<EarlyStopping> stopping;
  int monitor = -1;
  if (options.patience > 0) {
    monitor = history.column(options.monitor);
    if (monitor <= 0 || monitor == int(columns.size()) - 1) {
      std::vector<std::string> recorded(columns.begin() + 1, columns.end() - 1);
      return "early stopping monitors '" + options.monitor +
             "', which this run does not record (it records " + join(recorded) +
             ")" +
             (!options.validation && options.monitor.starts_with("val_")
                  ? "; the validation metrics need a validation set"
                  : "");
    }
    stopping.emplace(options);
  }

  // With processes, rank 0 alone prints and writes files.
  Collective *processes = options.processes;
  bool leader = !processes || processes->rank() == 0;
  std::ostream *out = leader ? options.out : nullptr;
  std::string historyPath = leader ? options.historyPath : "";
  std::string checkpointPath = leader ? options.checkpointPath : "";
  std::optional<DataParallelStep> parallel;
  if (processes || (options.threads && options.threads->size() > 1)) {
    parallel.emplace(step, options.threads, processes);
    if (!parallel->error().empty())
      return parallel->error();
  }

  BatchLoader loader(train, options.batch, options.seed);
  if (processes)
    loader.shard(processes->rank(), processes->size());
  int64_t firstEpoch = 0;
  int64_t steps = 0;
  if (!options.resumePath.empty()) {
    CheckpointInfo info;
    std::string error;
    if (leader)
      error = resume(options, step, columns, info, history.rows);
    if (processes)
      if (std::string shareError =
              shareResume(*processes, error, info, history.rows);
          !shareError.empty())
        error = shareError;
    if (!error.empty())
      return error;
    loader.restoreRandom(info.randomState, info.randomIncrement);
    firstEpoch = info.epoch;
    steps = info.step;
    if (out)
      *out << "Resuming from " << options.resumePath << " after epoch "
           << info.epoch << " (step " << info.step << ")\n";
  }
  if (processes)
    if (std::string error = parallel->broadcastState(); !error.empty())
      return "sharing rank 0's state: " + error;
  if (stopping) {
    // The count goes on from the epochs before the checkpoint; a run that
    // had already stopped stays stopped, as it would have without the break.
    for (const std::vector<double> &row : history.rows)
      stopping->record(row[size_t(monitor)], int64_t(row[0]));
    if (!history.rows.empty() && stopping->shouldStop()) {
      if (out)
        *out << stopping->report(int64_t(history.rows.back()[0]));
      return "";
    }
  }

  std::optional<Progress> progress;
  if (out)
    progress.emplace(*out, options.terminal, options.epochs,
                     loader.numSamples());
  std::vector<Metric> metrics;
  std::vector<double> results(numResults);
  Batch batch;
  auto limitReached = [&] {
    return options.maxSteps > 0 && steps >= options.maxSteps;
  };
  for (int64_t epoch = firstEpoch; epoch < options.epochs && !limitReached();
       ++epoch) {
    double start = secondsNow();
    if (progress)
      progress->startEpoch(epoch);
    loader.startEpoch();
    RunningMeans means(numResults);
    while (!limitReached() && loader.next(batch)) {
      std::string error;
      if (parallel) {
        error = parallel->step(batch, results);
      } else {
        step.step(batch, results);
        error = step.error();
      }
      if (!error.empty())
        return "step " + std::to_string(steps + 1) + ": " + error;
      ++steps;
      if (options.onStep)
        options.onStep(steps, results);
      means.add(results, batch.globalSize);
      if (progress) {
        std::vector<double> values = means.means();
        metrics.clear();
        for (size_t i = 0; i < numResults; ++i)
          metrics.push_back({resultNames[i], values[i]});
        progress->update(means.numSamples(), metrics);
      }
    }

    std::vector<double> row = {double(epoch + 1)};
    std::vector<double> trained = means.means();
    row.insert(row.end(), trained.begin(), trained.end());
    if (options.validation) {
      std::vector<double> validated;
      evaluateBatches(step, *options.validation, validationBatches, validated,
                      parallel && options.threads ? &*parallel : nullptr);
      if (std::string error = step.error(); !error.empty())
        return "validation after epoch " + std::to_string(epoch + 1) + ": " +
               error;
      row.insert(row.end(), validated.begin(), validated.end());
    }
    row.push_back(secondsNow() - start);
    history.rows.push_back(row);
    if (progress) {
      metrics.clear();
      for (size_t i = 1; i + 1 < columns.size(); ++i)
        metrics.push_back({columns[i], row[i]});
      progress->endEpoch(metrics);
    }

    // The history first: a crash between the two writes leaves a row the
    // checkpoint lacks, which a resumed run drops and trains again.
    if (!historyPath.empty())
      if (std::string error = history.writeCsv(historyPath); !error.empty())
        return error;
    if (!checkpointPath.empty()) {
      CheckpointInfo info;
      info.step = steps;
      info.epoch = epoch + 1;
      info.randomState = loader.random().state();
      info.randomIncrement = loader.random().increment();
      if (std::string error = saveCheckpoint(checkpointPath, step, info);
          !error.empty())
        return error;
    }

    if (stopping) {
      stopping->record(row[size_t(monitor)], epoch + 1);
      if (stopping->shouldStop()) {
        if (out)
          *out << stopping->report(epoch + 1);
        break;
      }
    }
    bool cutShort =
        means.numSamples() < loader.numSamples() || epoch + 1 < options.epochs;
    if (limitReached() && cutShort && out)
      *out << "Stopping at the step limit (" << options.maxSteps
           << " steps) in epoch " << epoch + 1 << "\n";
  }
  return "";
}

} // namespace dlc::runtime
