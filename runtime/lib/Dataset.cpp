//===- Dataset.cpp - In-memory data sets, batches and shuffling -----------===//

#include "dlc/runtime/Dataset.h"
#include "dlc/runtime/Npy.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <numeric>
#include <utility>

namespace dlc::runtime {

std::string Dataset::add(std::string name, Tensor tensor) {
  if (std::find(names.begin(), names.end(), name) != names.end())
    return "dataset: a tensor named '" + name + "' was already added";
  if (tensor.rank() == 0)
    return "dataset: tensor '" + name +
           "' is a scalar; expected a sample axis first";
  int64_t count = tensor.shape()[0];
  if (!tensors.empty() && count != samples)
    return "dataset: tensor '" + name + "' has shape " +
           formatShape(tensor.shape()) + ", expected " +
           std::to_string(samples) + " samples along the first axis (as '" +
           names[0] + "' has)";
  samples = count;
  names.push_back(std::move(name));
  tensors.push_back(std::move(tensor));
  return "";
}

const Tensor *Dataset::find(std::string_view name) const {
  for (size_t i = 0; i < names.size(); ++i)
    if (names[i] == name)
      return &tensors[i];
  return nullptr;
}

Tensor *Dataset::find(std::string_view name) {
  return const_cast<Tensor *>(std::as_const(*this).find(name));
}

std::vector<int64_t> Dataset::sampleShape(size_t i) const {
  const std::vector<int64_t> &shape = tensors[i].shape();
  return {shape.begin() + 1, shape.end()};
}

namespace {

/// Copies samples `indices` of `source` into `target`, shaped
/// [indices.size(), sample shape...].
void gather(const Tensor &source, std::span<const int64_t> indices,
            Tensor &target) {
  std::vector<int64_t> shape = source.shape();
  int64_t samples = shape[0];
  shape[0] = int64_t(indices.size());
  target.reset(source.dtype(), std::move(shape));
  size_t sampleBytes = samples ? source.numBytes() / size_t(samples) : 0;
  for (size_t k = 0; k < indices.size(); ++k) {
    assert(indices[k] >= 0 && indices[k] < samples && "index out of range");
    std::memcpy(target.bytes() + k * sampleBytes,
                source.bytes() + size_t(indices[k]) * sampleBytes, sampleBytes);
  }
}

} // namespace

Dataset Dataset::subset(std::span<const int64_t> indices) const {
  Dataset result;
  result.names = names;
  result.samples = int64_t(indices.size());
  result.tensors.resize(tensors.size());
  for (size_t i = 0; i < tensors.size(); ++i)
    gather(tensors[i], indices, result.tensors[i]);
  return result;
}

uint64_t uniformIndex(Random &random, uint64_t bound) {
  assert(bound >= 1 && "empty range");
  // Rejecting the lowest (2^k mod bound) draws leaves a multiple of `bound`
  // equally likely values, so the remainder is exactly uniform.
  if (bound <= (uint64_t(1) << 32)) {
    uint64_t threshold = ((uint64_t(1) << 32) - bound) % bound;
    while (true) {
      uint64_t r = random.next();
      if (r >= threshold)
        return r % bound;
    }
  }
  uint64_t threshold = (0 - bound) % bound;
  while (true) {
    uint64_t r = (uint64_t(random.next()) << 32) | random.next();
    if (r >= threshold)
      return r % bound;
  }
}

std::vector<int64_t> permutation(int64_t n, Random &random) {
  std::vector<int64_t> order(size_t(std::max<int64_t>(n, 0)));
  std::iota(order.begin(), order.end(), int64_t(0));
  for (size_t i = order.size(); i > 1; --i)
    std::swap(order[i - 1], order[uniformIndex(random, i)]);
  return order;
}

std::string splitValidation(const Dataset &data, double fraction,
                            Dataset &train, Dataset &validation) {
  char fractionText[32];
  std::snprintf(fractionText, sizeof(fractionText), "%g", fraction);
  std::string what = std::string("validation split ") + fractionText;
  if (!(fraction >= 0 && fraction < 1))
    return what + " is out of range; expected a fraction in [0, 1)";
  // Keras: split_at = int(n * (1 - validation_split)).
  int64_t n = data.size();
  auto trainCount = static_cast<int64_t>(double(n) * (1.0 - fraction));
  if (trainCount < 1)
    return what + " of " + std::to_string(n) +
           " samples leaves no training samples";
  if (fraction > 0 && trainCount == n)
    return what + " of " + std::to_string(n) +
           " samples leaves no validation samples";
  std::vector<int64_t> indices(static_cast<size_t>(n));
  std::iota(indices.begin(), indices.end(), int64_t(0));
  std::span<const int64_t> all = indices;
  train = data.subset(all.first(size_t(trainCount)));
  validation = data.subset(all.subspan(size_t(trainCount)));
  return "";
}

namespace {

bool isFloat(DType dtype) { return dtype == DType::f32 || dtype == DType::f64; }

/// Calls `f` with the tensor's elements as a span of float or double.
template <typename Tensor_, typename F>
void withFloats(Tensor_ &tensor, F f) {
  if (tensor.dtype() == DType::f32)
    f(tensor.template values<float>());
  else
    f(tensor.template values<double>());
}

int64_t numFeatures(const Tensor &tensor) {
  return tensor.rank() >= 2 ? tensor.shape().back() : 1;
}

} // namespace

std::string scaleValues(Tensor &tensor, double scale, double offset) {
  if (!isFloat(tensor.dtype()))
    return std::string("cannot scale a tensor of ") +
           dtypeName(tensor.dtype()) + "; expected float32 or float64";
  withFloats(tensor, [&](auto values) {
    using T = typename decltype(values)::value_type;
    for (T &x : values)
      x = static_cast<T>(double(x) * scale + offset);
  });
  return "";
}

std::string fitStandardization(const Tensor &tensor, Standardization &stats) {
  if (!isFloat(tensor.dtype()))
    return std::string("cannot standardize a tensor of ") +
           dtypeName(tensor.dtype()) + "; expected float32 or float64";
  if (tensor.numElements() == 0)
    return "cannot fit standardization statistics to an empty tensor of "
           "shape " +
           formatShape(tensor.shape());
  auto features = size_t(numFeatures(tensor));
  Standardization result;
  result.mean.assign(features, 0.0);
  result.stddev.assign(features, 0.0);
  double count = double(tensor.numElements() / int64_t(features));
  // Two passes (mean, then squared deviations) in double: one pass of sums
  // of squares loses the variance of features with a large mean.
  withFloats(tensor, [&](auto values) {
    for (size_t i = 0; i < values.size(); ++i)
      result.mean[i % features] += double(values[i]);
    for (double &mean : result.mean)
      mean /= count;
    for (size_t i = 0; i < values.size(); ++i) {
      double d = double(values[i]) - result.mean[i % features];
      result.stddev[i % features] += d * d;
    }
  });
  for (double &stddev : result.stddev) {
    stddev = std::sqrt(stddev / count);
    if (stddev == 0)
      stddev = 1;
  }
  stats = std::move(result);
  return "";
}

std::string standardize(Tensor &tensor, const Standardization &stats) {
  if (!isFloat(tensor.dtype()))
    return std::string("cannot standardize a tensor of ") +
           dtypeName(tensor.dtype()) + "; expected float32 or float64";
  auto features = size_t(numFeatures(tensor));
  if (stats.mean.size() != features || stats.stddev.size() != features)
    return "standardization statistics for " +
           std::to_string(stats.mean.size()) +
           " features do not fit a tensor of shape " +
           formatShape(tensor.shape()) + " (" + std::to_string(features) +
           " features along the last axis)";
  withFloats(tensor, [&](auto values) {
    using T = typename decltype(values)::value_type;
    for (size_t i = 0; i < values.size(); ++i)
      values[i] =
          static_cast<T>((double(values[i]) - stats.mean[i % features]) /
                         stats.stddev[i % features]);
  });
  return "";
}

std::string checkBatchOptions(const Dataset &data,
                              const BatchOptions &options) {
  if (options.batchSize < 1)
    return "batch size " + std::to_string(options.batchSize) +
           " is invalid; expected at least 1";
  if (data.size() == 0)
    return "the dataset has no samples";
  if (options.dropRemainder && data.size() < options.batchSize)
    return "the dataset's " + std::to_string(data.size()) +
           " samples do not fill one batch of " +
           std::to_string(options.batchSize) +
           " and the partial batch is dropped";
  return "";
}

BatchLoader::BatchLoader(const Dataset &data, BatchOptions options,
                         uint64_t seed)
    : data(data), options(options), generator(seed),
      indices(size_t(data.size())), position(data.size()) {
  assert(checkBatchOptions(data, options).empty() && "invalid options");
  std::iota(indices.begin(), indices.end(), int64_t(0));
}

int64_t BatchLoader::numSamples() const {
  int64_t n = data.size();
  return options.dropRemainder ? n / options.batchSize * options.batchSize : n;
}

int64_t BatchLoader::numBatches() const {
  return (numSamples() + options.batchSize - 1) / options.batchSize;
}

void BatchLoader::startEpoch() {
  position = 0;
  batchIndex = 0;
  // Each epoch's order is a function of the generator's state alone (not of
  // the previous order), which is what makes restoring the state enough.
  if (options.shuffle)
    indices = permutation(data.size(), generator);
}

void BatchLoader::shard(int64_t part, int64_t parts) {
  assert(parts >= 1 && part >= 0 && part < parts && "invalid shard");
  this->part = part;
  this->parts = parts;
}

bool BatchLoader::next(Batch &batch) {
  int64_t end = numSamples();
  if (position >= end)
    return false;
  int64_t size = std::min(options.batchSize, end - position);
  // This part's rows of the batch.
  int64_t first = size * part / parts, last = size * (part + 1) / parts;
  std::span<const int64_t> chosen = std::span<const int64_t>(indices).subspan(
      size_t(position + first), size_t(last - first));
  batch.tensors.resize(data.numTensors());
  for (size_t i = 0; i < data.numTensors(); ++i)
    gather(data.tensor(i), chosen, batch.tensors[i]);
  batch.size = last - first;
  batch.globalSize = size;
  batch.index = batchIndex++;
  position += size;
  return true;
}

} // namespace dlc::runtime
