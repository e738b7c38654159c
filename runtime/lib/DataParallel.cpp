//===- DataParallel.cpp - Training steps on several threads and processes -===//

#include "dlc/runtime/DataParallel.h"
#include "dlc/runtime/ThreadPool.h"
#include "dlc/runtime/Train.h"

#include <algorithm>
#include <cassert>
#include <cstring>

namespace dlc::runtime {

namespace {

/// blocks[0] += blocks[1] + ... element by element, in block order, for
/// the gradients of `layout`, over elements [begin, end) of each.
template <typename T>
void addInOrder(std::span<ParamBlock> blocks, const GradientSpec &gradient,
                int64_t begin, int64_t end) {
  T *sum = reinterpret_cast<T *>(blocks[0].data() + gradient.offset);
  for (size_t b = 1; b < blocks.size(); ++b) {
    const T *part =
        reinterpret_cast<const T *>(blocks[b].data() + gradient.offset);
    for (int64_t i = begin; i < end; ++i)
      sum[i] += part[i];
  }
}

/// Elements summed per task: large enough that a task costs more than
/// waking a thread, small enough that every thread gets some.
constexpr int64_t kSumChunk = 16384;
/// Chunks times added blocks below which the calling thread sums alone.
constexpr int64_t kParallelSumChunks = 16;

} // namespace

DataParallelStep::DataParallelStep(TrainStep &step, ThreadPool *threads,
                                   Collective *processes)
    : trainStep(step), halves(step.halves()), threads(threads),
      processes(processes) {
  if (!halves) {
    whyNot = "training step " + std::string(step.stepName()) +
             " has no gradients/apply halves, which training on several " +
             "threads or processes runs (compile with --step-halves, the " +
             "default, a batch axis of dynamic size, and results that are " +
             "all losses and metrics)";
    return;
  }
  unsigned slices = threads ? threads->size() : 1;
  scratch.resize(slices);
  for (unsigned i = 0; i < slices; ++i) {
    grads.emplace_back(halves->gradientBytes());
    sliceResults.emplace_back(step.resultNames().size());
  }
}

std::string DataParallelStep::step(const Batch &batch,
                                   std::span<double> results) {
  if (!whyNot.empty())
    return whyNot;
  int64_t rows = batch.size;
  int64_t total = processes ? batch.globalSize : batch.size;
  // One slice per thread, none empty.
  int64_t slices = std::min<int64_t>(int64_t(grads.size()), rows);
  auto sliceTask = [&](int64_t slice) {
    halves->gradients(batch, rows * slice / slices, rows * (slice + 1) / slices,
                      total, sliceResults[slice], grads[slice].data(),
                      scratch[slice]);
  };
  if (slices > 1)
    threads->parallelFor(slices, sliceTask);
  else if (slices == 1)
    sliceTask(0);
  if (std::string error = trainStep.error(); !error.empty())
    return error;

  // The sums, in slice order, into the first block.
  std::span<const GradientSpec> layout = halves->gradients();
  std::span<ParamBlock> blocks(grads.data(), size_t(slices));
  if (slices == 0)
    std::memset(grads[0].data(), 0, size_t(grads[0].size()));
  if (slices > 1) {
    struct Chunk {
      const GradientSpec *gradient;
      int64_t begin, end;
    };
    std::vector<Chunk> chunks;
    for (const GradientSpec &gradient : layout)
      for (int64_t begin = 0; begin < gradient.elements; begin += kSumChunk)
        chunks.push_back(
            {&gradient, begin, std::min(gradient.elements, begin + kSumChunk)});
    auto sumChunk = [&](int64_t i) {
      const Chunk &chunk = chunks[size_t(i)];
      if (chunk.gradient->dtype == DType::f64)
        addInOrder<double>(blocks, *chunk.gradient, chunk.begin, chunk.end);
      else
        addInOrder<float>(blocks, *chunk.gradient, chunk.begin, chunk.end);
    };
    // A small block is summed sooner than the threads wake up.
    if (int64_t(chunks.size()) * (slices - 1) < kParallelSumChunks)
      for (int64_t i = 0; i < int64_t(chunks.size()); ++i)
        sumChunk(i);
    else
      threads->parallelFor(int64_t(chunks.size()), sumChunk);
  }
  std::fill(results.begin(), results.end(), 0.0);
  for (int64_t slice = 0; slice < slices; ++slice)
    for (size_t i = 0; i < results.size(); ++i)
      results[i] += sliceResults[size_t(slice)][i];

  if (processes)
    if (std::string error = processes->allreduce(layout, grads[0].data(),
                                                 grads[0].size(), results);
        !error.empty())
      return error;
  halves->apply(grads[0].data(), scratch[0]);
  return trainStep.error();
}

std::string DataParallelStep::evaluate(std::span<const Batch> batches,
                                       std::span<std::vector<double>> results) {
  if (!whyNot.empty())
    return whyNot;
  assert(batches.size() <= scratch.size() && "a batch per thread at most");
  auto task = [&](int64_t i) {
    halves->evaluate(batches[size_t(i)], results[size_t(i)],
                     scratch[size_t(i)]);
  };
  if (batches.size() > 1)
    threads->parallelFor(int64_t(batches.size()), task);
  else if (batches.size() == 1)
    task(0);
  return trainStep.error();
}

std::string DataParallelStep::broadcastState() {
  if (!processes)
    return "";
  std::vector<TensorSlot> slots = trainStep.stateSlots();
  if (std::string error = trainStep.error(); !error.empty())
    return error;
  for (const TensorSlot &slot : slots) {
    int64_t elements = 1;
    for (int64_t dim : slot.shape)
      elements *= dim;
    if (std::string error =
            processes->broadcast(static_cast<std::byte *>(slot.data),
                                 elements * int64_t(sizeOf(slot.dtype)));
        !error.empty())
      return error;
  }
  return trainStep.stateLoaded();
}

} // namespace dlc::runtime
