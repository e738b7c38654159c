//===- Dataset.h - In-memory data sets, batches and shuffling -------------===//
//
// Training feeds a compiled step function one batch at a time. A Dataset
// holds N samples as named tensors whose first axis is the sample axis
// (features [N, ...], labels [N] or [N, ...]); a BatchLoader cuts it into
// batches, in a new order every epoch drawn from a seeded Random whose state
// a checkpoint records, so that a resumed run sees the same batches as an
// uninterrupted one.
//
//===----------------------------------------------------------------------===//

#ifndef DLC_RUNTIME_DATASET_H
#define DLC_RUNTIME_DATASET_H

#include "dlc/runtime/Random.h"
#include "dlc/runtime/Tensor.h"

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace dlc::runtime {

/// N samples, stored as one or more tensors that share their first axis.
class Dataset {
public:
  /// Adds `tensor` (rank >= 1) under `name`. Fails when the name is taken or
  /// the tensor's first axis differs from the tensors already added.
  std::string add(std::string name, Tensor tensor);

  /// The number of samples (0 before the first add).
  int64_t size() const { return samples; }
  size_t numTensors() const { return tensors.size(); }
  const std::string &name(size_t i) const { return names[i]; }
  const Tensor &tensor(size_t i) const { return tensors[i]; }
  /// Mutable, for normalising in place.
  Tensor &tensor(size_t i) { return tensors[i]; }
  /// The tensor called `name`, or null.
  const Tensor *find(std::string_view name) const;
  Tensor *find(std::string_view name);

  /// The shape of one sample of tensor `i`: its shape without the first axis.
  std::vector<int64_t> sampleShape(size_t i) const;

  /// The samples at `indices` (each in [0, size()), repeats allowed), in
  /// that order.
  Dataset subset(std::span<const int64_t> indices) const;

private:
  std::vector<std::string> names;
  std::vector<Tensor> tensors;
  int64_t samples = 0;
};

/// Uniform on [0, bound) without modulo bias (bound >= 1).
uint64_t uniformIndex(Random &random, uint64_t bound);

/// A uniformly random permutation of 0..n-1 (Fisher-Yates).
std::vector<int64_t> permutation(int64_t n, Random &random);

/// Splits off the last `fraction` of the samples for validation, as Keras'
/// validation_split does (before any shuffling, so shuffle first with
/// subset(permutation(...)) when the data is ordered by class). Fails unless
/// 0 <= fraction < 1 and both parts keep at least one sample (the validation
/// part may be empty when fraction is 0).
std::string splitValidation(const Dataset &data, double fraction,
                            Dataset &train, Dataset &validation);

/// Replaces every element x of a float tensor by x * scale + offset (for
/// example 1/255 for pixels). Fails for integer tensors.
std::string scaleValues(Tensor &tensor, double scale, double offset = 0);

/// Per-feature statistics, a feature being one index of the last axis (a
/// column of [N, F] data, a channel of [N, H, W, C] images), as Keras'
/// Normalization layer computes them by default.
struct Standardization {
  std::vector<double> mean;
  /// Population standard deviation; 1 for constant features so that they
  /// map to 0 rather than to NaN.
  std::vector<double> stddev;
};

/// Computes the statistics of a float tensor of rank >= 2. Fit them on the
/// training part only and apply them to both parts.
std::string fitStandardization(const Tensor &tensor, Standardization &stats);

/// Replaces x by (x - mean) / stddev per feature. Fails when the tensor's
/// last axis does not match the statistics.
std::string standardize(Tensor &tensor, const Standardization &stats);

struct BatchOptions {
  int64_t batchSize = 32;
  /// Draw a new sample order at the start of every epoch.
  bool shuffle = true;
  /// Drop the last batch when it holds fewer than batchSize samples, for
  /// models compiled for one static batch size; otherwise it is yielded
  /// smaller.
  bool dropRemainder = false;
};

/// Checks `options` against `data`: a positive batch size, and at least one
/// batch per epoch.
std::string checkBatchOptions(const Dataset &data, const BatchOptions &options);

/// One batch: a tensor [size, sample shape...] per dataset tensor, in the
/// dataset's order.
struct Batch {
  /// The samples held here.
  int64_t size = 0;
  /// The samples of the whole batch, of which a sharded loader
  /// (BatchLoader::shard) gives each part some rows; `size` when unsharded.
  int64_t globalSize = 0;
  /// The batch's number within its epoch, from 0.
  int64_t index = 0;
  std::vector<Tensor> tensors;
};

/// Cuts a Dataset into batches, epoch after epoch:
///
///   BatchLoader loader(data, options, seed);
///   for (int64_t epoch = 0; epoch < epochs; ++epoch) {
///     loader.startEpoch();
///     while (loader.next(batch)) ...
///   }
///
/// The loader keeps a reference to `data`, which must outlive it. Its Random
/// advances only in startEpoch, so its state saved after an epoch and
/// restored into a new loader makes the following epochs identical to an
/// uninterrupted run.
class BatchLoader {
public:
  /// `options` must pass checkBatchOptions.
  BatchLoader(const Dataset &data, BatchOptions options, uint64_t seed);

  /// Batches per epoch.
  int64_t numBatches() const;
  /// Samples per epoch (fewer than the dataset's with dropRemainder).
  int64_t numSamples() const;

  /// Rewinds to the first batch and, when shuffling, draws a new order.
  void startEpoch();
  /// Fills `batch` with the next batch of the epoch, reusing its storage;
  /// false at the end of the epoch (or before the first startEpoch).
  bool next(Batch &batch);

  /// Makes next() give part `part` of `parts` (0 <= part < parts) of each
  /// batch: rows [size * part / parts, size * (part + 1) / parts) of the
  /// batch that next() gives unsharded, which may be none. Data-parallel
  /// processes that shard with the same seed see disjoint slices of the
  /// same global order.
  void shard(int64_t part, int64_t parts);

  /// The sample order of the current epoch.
  std::span<const int64_t> order() const { return indices; }

  /// The generator's state, for checkpoints.
  const Random &random() const { return generator; }
  void restoreRandom(uint64_t state, uint64_t increment) {
    generator.restore(state, increment);
  }

private:
  const Dataset &data;
  BatchOptions options;
  Random generator;
  std::vector<int64_t> indices;
  /// Index into `indices` of the next batch's first sample.
  int64_t position;
  int64_t batchIndex = 0;
  int64_t part = 0, parts = 1;
};

} // namespace dlc::runtime

#endif // DLC_RUNTIME_DATASET_H
