//===- DatasetTest.cpp - Data sets, batching, shuffling, normalisation ----===//

#include "RuntimeTestUtil.h"

#include "dlc/runtime/Dataset.h"

#include <algorithm>
#include <cmath>
#include <numeric>

using namespace dlc::runtime;

namespace {

/// Features [n, 3] with sample i holding i*10, i*10+1, i*10+2, and int32
/// labels [n] holding i: a batch's samples identify themselves.
Dataset numbered(int64_t n) {
  Tensor features(DType::f32, {n, 3});
  std::span<float> f = features.values<float>();
  for (int64_t i = 0; i < n * 3; ++i)
    f[size_t(i)] = float(i / 3 * 10 + i % 3);
  Tensor labels(DType::i32, {n});
  std::span<int32_t> l = labels.values<int32_t>();
  std::iota(l.begin(), l.end(), 0);
  Dataset data;
  EXPECT_EQ(data.add("x", std::move(features)), "");
  EXPECT_EQ(data.add("y", std::move(labels)), "");
  return data;
}

/// The label of each sample of the batch, checking that the features came
/// with it.
std::vector<int32_t> labelsOf(const Batch &batch) {
  std::span<const int32_t> labels = batch.tensors[1].values<int32_t>();
  std::span<const float> features = batch.tensors[0].values<float>();
  for (int64_t k = 0; k < batch.size; ++k)
    for (int64_t j = 0; j < 3; ++j)
      EXPECT_EQ(features[size_t(k * 3 + j)], float(labels[size_t(k)] * 10 + j));
  return {labels.begin(), labels.end()};
}

/// Every epoch's sample order, batch by batch.
std::vector<std::vector<int32_t>> runEpochs(BatchLoader &loader, int epochs) {
  std::vector<std::vector<int32_t>> orders;
  Batch batch;
  for (int epoch = 0; epoch < epochs; ++epoch) {
    loader.startEpoch();
    std::vector<int32_t> order;
    while (loader.next(batch)) {
      std::vector<int32_t> labels = labelsOf(batch);
      order.insert(order.end(), labels.begin(), labels.end());
    }
    orders.push_back(order);
  }
  return orders;
}

} // namespace

TEST(Tensor, IsAlignedZeroedAndCopiedDeeply) {
  Tensor a(DType::f64, {3, 5});
  EXPECT_EQ(reinterpret_cast<uintptr_t>(a.bytes()) % 64, 0u);
  EXPECT_EQ(a.numBytes(), 120u);
  for (double x : a.values<double>())
    EXPECT_EQ(x, 0.0);
  a.values<double>()[7] = 2.5;
  Tensor b = a;
  b.values<double>()[7] = -1;
  EXPECT_EQ(a.values<double>()[7], 2.5);
  EXPECT_EQ(formatShape(a.shape()), "[3, 5]");
  EXPECT_EQ(formatShape(std::vector<int64_t>{}), "[]");
}

TEST(Tensor, ResetKeepsLargeEnoughStorage) {
  Tensor t(DType::f32, {8, 4});
  const std::byte *storage = t.bytes();
  t.reset(DType::f32, {3, 4});
  EXPECT_EQ(t.bytes(), storage);
  EXPECT_EQ(t.numElements(), 12);
  t.reset(DType::i64, {4, 4});
  EXPECT_EQ(t.bytes(), storage);
  t.reset(DType::i64, {5, 4});
  EXPECT_EQ(t.numBytes(), 160u);
  EXPECT_EQ(reinterpret_cast<uintptr_t>(t.bytes()) % 64, 0u);
}

TEST(Tensor, ChecksShapesFromFiles) {
  EXPECT_EQ(checkedNumElements(std::vector<int64_t>{3, 0, 5}), 0);
  EXPECT_EQ(checkedNumElements(std::vector<int64_t>{3, -1}), -1);
  EXPECT_EQ(checkedNumElements(std::vector<int64_t>{1ll << 40, 1ll << 40}), -1);
}

TEST(Dataset, RejectsMismatchedTensors) {
  Dataset data = numbered(5);
  EXPECT_EQ(data.size(), 5);
  EXPECT_EQ(data.sampleShape(0), (std::vector<int64_t>{3}));
  EXPECT_EQ(data.add("z", Tensor(DType::f32, {4, 2})),
            "dataset: tensor 'z' has shape [4, 2], expected 5 samples along "
            "the first axis (as 'x' has)");
  EXPECT_EQ(data.add("x", Tensor(DType::f32, {5})),
            "dataset: a tensor named 'x' was already added");
  EXPECT_EQ(data.add("s", Tensor(DType::f32, {})),
            "dataset: tensor 's' is a scalar; expected a sample axis first");
  EXPECT_EQ(data.numTensors(), 2u);
  EXPECT_NE(data.find("y"), nullptr);
  EXPECT_EQ(data.find("z"), nullptr);
}

TEST(Dataset, TakesSubsetsInOrder) {
  Dataset data = numbered(6);
  std::vector<int64_t> indices = {4, 0, 4, 5};
  Dataset subset = data.subset(indices);
  EXPECT_EQ(subset.size(), 4);
  Batch batch{4, 4, 0, {subset.tensor(0), subset.tensor(1)}};
  EXPECT_EQ(labelsOf(batch), (std::vector<int32_t>{4, 0, 4, 5}));
}

TEST(Dataset, BatchesInOrderWithThePartialBatch) {
  Dataset data = numbered(11);
  BatchLoader loader(data, {4, false, false}, 1);
  EXPECT_EQ(loader.numBatches(), 3);
  EXPECT_EQ(loader.numSamples(), 11);
  Batch batch;
  EXPECT_FALSE(loader.next(batch)) << "no batch before startEpoch";
  loader.startEpoch();
  std::vector<int64_t> sizes;
  std::vector<int32_t> order;
  while (loader.next(batch)) {
    EXPECT_EQ(batch.index, int64_t(sizes.size()));
    EXPECT_EQ(batch.tensors[0].shape(), (std::vector<int64_t>{batch.size, 3}));
    EXPECT_EQ(batch.tensors[1].shape(), (std::vector<int64_t>{batch.size}));
    sizes.push_back(batch.size);
    std::vector<int32_t> labels = labelsOf(batch);
    order.insert(order.end(), labels.begin(), labels.end());
  }
  EXPECT_EQ(sizes, (std::vector<int64_t>{4, 4, 3}));
  std::vector<int32_t> expected(11);
  std::iota(expected.begin(), expected.end(), 0);
  EXPECT_EQ(order, expected);
}

TEST(Dataset, DropsThePartialBatchWhenAsked) {
  Dataset data = numbered(11);
  BatchLoader loader(data, {4, true, true}, 1);
  EXPECT_EQ(loader.numBatches(), 2);
  EXPECT_EQ(loader.numSamples(), 8);
  Batch batch;
  loader.startEpoch();
  int64_t batches = 0;
  while (loader.next(batch)) {
    EXPECT_EQ(batch.size, 4);
    ++batches;
  }
  EXPECT_EQ(batches, 2);
}

TEST(Dataset, ChecksBatchOptions) {
  Dataset data = numbered(5);
  EXPECT_EQ(checkBatchOptions(data, {4, true, false}), "");
  EXPECT_EQ(checkBatchOptions(data, {0, true, false}),
            "batch size 0 is invalid; expected at least 1");
  EXPECT_EQ(checkBatchOptions(data, {8, true, true}),
            "the dataset's 5 samples do not fill one batch of 8 and the "
            "partial batch is dropped");
  EXPECT_EQ(checkBatchOptions(Dataset(), {8, true, false}),
            "the dataset has no samples");
}

TEST(Dataset, ShufflesEveryEpochDeterministically) {
  Dataset data = numbered(13);
  BatchLoader a(data, {5, true, false}, 42);
  BatchLoader b(data, {5, true, false}, 42);
  BatchLoader c(data, {5, true, false}, 43);
  std::vector<std::vector<int32_t>> orders = runEpochs(a, 3);
  EXPECT_EQ(orders, runEpochs(b, 3));
  EXPECT_NE(orders, runEpochs(c, 3));
  EXPECT_NE(orders[0], orders[1]);
  EXPECT_NE(orders[1], orders[2]);
  for (std::vector<int32_t> order : orders) {
    std::sort(order.begin(), order.end());
    std::vector<int32_t> all(13);
    std::iota(all.begin(), all.end(), 0);
    EXPECT_EQ(order, all) << "an epoch visits every sample once";
  }
}

TEST(Dataset, ResumesTheSameOrderFromASavedState) {
  Dataset data = numbered(17);
  BatchLoader uninterrupted(data, {4, true, true}, 7);
  std::vector<std::vector<int32_t>> expected = runEpochs(uninterrupted, 4);

  BatchLoader first(data, {4, true, true}, 7);
  std::vector<std::vector<int32_t>> orders = runEpochs(first, 2);
  uint64_t state = first.random().state();
  uint64_t increment = first.random().increment();

  // A new process: another seed, then the checkpoint's state.
  BatchLoader resumed(data, {4, true, true}, 12345);
  resumed.restoreRandom(state, increment);
  std::vector<std::vector<int32_t>> rest = runEpochs(resumed, 2);
  orders.insert(orders.end(), rest.begin(), rest.end());
  EXPECT_EQ(orders, expected);
}

TEST(Dataset, DrawsUniformIndices) {
  Random random(3);
  std::vector<int64_t> counts(3);
  const int draws = 30000;
  for (int i = 0; i < draws; ++i)
    ++counts[uniformIndex(random, 3)];
  for (int64_t count : counts)
    EXPECT_NEAR(double(count), draws / 3.0, 300.0);
  // Bounds above 2^32 take the 64-bit path.
  uint64_t big = (uint64_t(1) << 40) + 7;
  for (int i = 0; i < 100; ++i)
    EXPECT_LT(uniformIndex(random, big), big);
  EXPECT_EQ(uniformIndex(random, 1), 0u);
}

TEST(Dataset, PermutesEveryElementOnce) {
  Random random(9);
  std::vector<int64_t> order = permutation(101, random);
  std::vector<int64_t> sorted = order;
  std::sort(sorted.begin(), sorted.end());
  std::vector<int64_t> all(101);
  std::iota(all.begin(), all.end(), 0);
  EXPECT_EQ(sorted, all);
  EXPECT_NE(order, all);
  EXPECT_TRUE(permutation(0, random).empty());
}

TEST(Dataset, SplitsOffTheLastSamplesForValidation) {
  Dataset data = numbered(10);
  Dataset train, validation;
  // Keras: split_at = int(10 * (1 - 0.25)) = 7.
  ASSERT_EQ(splitValidation(data, 0.25, train, validation), "");
  EXPECT_EQ(train.size(), 7);
  EXPECT_EQ(validation.size(), 3);
  EXPECT_EQ(validation.tensor(1).values<int32_t>()[0], 7);
  EXPECT_EQ(validation.tensor(0).values<float>()[0], 70.0f);
  EXPECT_EQ(validation.name(0), "x");

  ASSERT_EQ(splitValidation(data, 0, train, validation), "");
  EXPECT_EQ(train.size(), 10);
  EXPECT_EQ(validation.size(), 0);

  EXPECT_EQ(splitValidation(data, 1, train, validation),
            "validation split 1 is out of range; expected a fraction in [0, "
            "1)");
  EXPECT_EQ(splitValidation(numbered(1), 0.5, train, validation),
            "validation split 0.5 of 1 samples leaves no training samples");
  // 1 - 1e-18 rounds to 1.
  EXPECT_EQ(splitValidation(numbered(3), 1e-18, train, validation),
            "validation split 1e-18 of 3 samples leaves no validation "
            "samples");
}

TEST(Dataset, ScalesValues) {
  Tensor pixels(DType::f32, {2, 3});
  std::span<float> p = pixels.values<float>();
  std::iota(p.begin(), p.end(), 0.0f);
  ASSERT_EQ(scaleValues(pixels, 0.5, 1), "");
  EXPECT_EQ(std::vector<float>(p.begin(), p.end()),
            (std::vector<float>{1, 1.5f, 2, 2.5f, 3, 3.5f}));
  Tensor labels(DType::i32, {2});
  EXPECT_EQ(scaleValues(labels, 2),
            "cannot scale a tensor of int32; expected float32 or float64");
}

TEST(Dataset, StandardizesEachFeature) {
  // Five samples of three features; the last one is constant.
  Tensor x(DType::f64, {5, 3});
  std::span<double> v = x.values<double>();
  for (int i = 0; i < 5; ++i) {
    v[size_t(i * 3)] = 1000 + i;
    v[size_t(i * 3 + 1)] = -2.0 * i * i;
    v[size_t(i * 3 + 2)] = 7;
  }
  Standardization stats;
  ASSERT_EQ(fitStandardization(x, stats), "");
  EXPECT_NEAR(stats.mean[0], 1002, 1e-12);
  EXPECT_NEAR(stats.stddev[0], std::sqrt(2.0), 1e-12);
  EXPECT_NEAR(stats.mean[1], -12, 1e-12);
  EXPECT_EQ(stats.mean[2], 7);
  EXPECT_EQ(stats.stddev[2], 1) << "a constant feature maps to 0, not NaN";

  ASSERT_EQ(standardize(x, stats), "");
  Standardization after;
  ASSERT_EQ(fitStandardization(x, after), "");
  EXPECT_NEAR(after.mean[0], 0, 1e-12);
  EXPECT_NEAR(after.mean[1], 0, 1e-12);
  EXPECT_NEAR(after.stddev[0], 1, 1e-12);
  EXPECT_NEAR(after.stddev[1], 1, 1e-12);
  EXPECT_EQ(v[2], 0);

  Tensor other(DType::f32, {2, 4});
  EXPECT_EQ(standardize(other, stats),
            "standardization statistics for 3 features do not fit a tensor "
            "of shape [2, 4] (4 features along the last axis)");
  EXPECT_EQ(fitStandardization(Tensor(DType::f32, {0, 3}), stats),
            "cannot fit standardization statistics to an empty tensor of "
            "shape [0, 3]");
}

TEST(Dataset, StandardizesImageChannels) {
  // [2, 2, 2, 2] NHWC: channel 0 holds 0..7, channel 1 holds 10.
  Tensor images(DType::f32, {2, 2, 2, 2});
  std::span<float> v = images.values<float>();
  for (size_t i = 0; i < v.size(); ++i)
    v[i] = i % 2 ? 10.0f : float(i / 2);
  Standardization stats;
  ASSERT_EQ(fitStandardization(images, stats), "");
  ASSERT_EQ(stats.mean.size(), 2u);
  EXPECT_NEAR(stats.mean[0], 3.5, 1e-12);
  EXPECT_NEAR(stats.stddev[0], std::sqrt(5.25), 1e-12);
  EXPECT_EQ(stats.mean[1], 10);
}
