//===- DataParallel.h - Training steps on several threads and processes ---===//
//
// Data parallelism on a training step's two halves, which `dlc compile`
// builds beside every fused step: `<step>_gradients` gives a slice of a
// batch's share of the loss, the metrics and the gradients (shares that
// add up to the batch's), and `<step>_apply` the optimizer step from a
// gradient block. One data-parallel step cuts this process's rows of the
// batch into one slice per thread, runs the gradients of each slice with its
// own scratch and gradient block, sums the blocks in thread order (the same
// result run after run for a given thread count), sums them over the
// processes (Collective: MPI in dlc/runtime/Mpi.h, its own library), and
// applies the update, on every process, to parameters that stay identical.
//
//===----------------------------------------------------------------------===//

#ifndef DLC_RUNTIME_DATAPARALLEL_H
#define DLC_RUNTIME_DATAPARALLEL_H

#include "dlc/runtime/Dataset.h"
#include "dlc/runtime/Params.h"
#include "dlc/runtime/Tensor.h"

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace dlc::runtime {

class ThreadPool;
class TrainStep;

/// One gradient in a step's gradient block: of the parameter `name`, at
/// byte `offset` (64-byte aligned), `elements` values of `dtype`.
struct GradientSpec {
  std::string_view name;
  DType dtype;
  int64_t offset;
  int64_t elements;
};

/// The halves of a training step (TrainStep::halves()).
class StepHalves {
public:
  virtual ~StepHalves() = default;
  /// The gradient block's gradients, in order, and its size in bytes.
  virtual std::span<const GradientSpec> gradients() const = 0;
  virtual int64_t gradientBytes() const = 0;
  /// `<step>_gradients` on rows [begin, end) of `batch` (begin < end), a
  /// part of a batch of `total` samples: writes the rows' share of the
  /// loss and metrics to `results` and of the gradients to `grads`
  /// (gradientBytes(), 64-byte aligned). Reads the parameters and writes
  /// nothing else: calls on several threads at once are safe, each with
  /// its own `scratch` and `grads`.
  virtual void gradients(const Batch &batch, int64_t begin, int64_t end,
                         int64_t total, std::span<double> results,
                         std::byte *grads, Scratch &scratch) = 0;
  /// `<step>_apply`: the optimizer step from the gradient block `grads`
  /// (the batch's), on the parameters and the step's state.
  virtual void apply(const std::byte *grads, Scratch &scratch) = 0;
  /// `<step>_evaluate` (the loss and metrics without an update) on all of
  /// `batch`, as TrainStep::evaluate, but with `scratch`: calls on several
  /// threads at once are safe.
  virtual void evaluate(const Batch &batch, std::span<double> results,
                        Scratch &scratch) = 0;
};

/// The processes of a data-parallel run, as the training loop sees them.
/// Every process calls the same functions in the same order.
class Collective {
public:
  virtual ~Collective() = default;
  virtual int rank() const = 0;
  virtual int size() const = 0;
  /// Sums the gradient block `grads` (`bytes` bytes laid out as `layout`)
  /// and `results` over the processes, in place: every process gets the
  /// same sums. "" or an error (a process that died or stopped answering).
  virtual std::string allreduce(std::span<const GradientSpec> layout,
                                std::byte *grads, int64_t bytes,
                                std::span<double> results) = 0;
  /// Copies rank 0's `bytes` bytes at `data` to every process.
  virtual std::string broadcast(std::byte *data, int64_t bytes) = 0;
};

/// Runs a training step's optimizer steps data-parallel on the threads of
/// `threads` (null: the calling thread alone) and the processes of
/// `processes` (null: this process alone). The step, the pool and the
/// collective must outlive it.
class DataParallelStep {
public:
  DataParallelStep(TrainStep &step, ThreadPool *threads, Collective *processes);

  /// "" or why the step cannot run data-parallel (it has no halves).
  const std::string &error() const { return whyNot; }

  /// One optimizer step on a batch: with processes, this process's rows of
  /// the global batch (batch.globalSize samples in all: a loader sharded
  /// by rank); alone, the whole batch. Writes the batch's loss and metrics,
  /// computed before the update, to `results`. "" or an error.
  std::string step(const Batch &batch, std::span<double> results);

  /// The loss and metrics of each of `batches` (at most one per thread),
  /// evaluated on the threads at once, into `results` (one per batch).
  /// "" or an error.
  std::string evaluate(std::span<const Batch> batches,
                       std::span<std::vector<double>> results);

  /// Threads that evaluate batches at once (evaluate()).
  size_t numThreads() const { return scratch.size(); }

  /// Copies rank 0's state (parameters, optimizer state, step count) to
  /// every process: at the start of a run, so that all start alike.
  std::string broadcastState();

private:
  TrainStep &trainStep;
  StepHalves *halves;
  ThreadPool *threads;
  Collective *processes;
  std::string whyNot;
  /// Per slice: its scratch, its gradient block and its results.
  std::vector<Scratch> scratch;
  std::vector<ParamBlock> grads;
  std::vector<std::vector<double>> sliceResults;
};

} // namespace dlc::runtime

#endif // DLC_RUNTIME_DATAPARALLEL_H
