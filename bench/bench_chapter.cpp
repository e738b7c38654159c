//===- bench_chapter.cpp - Speed of the chapter models end to end ---------===//
//
// Every chapter model through the class its generated header declares, as
// an application calls it: training steps and inference in samples per
// second. bench/pytorch_models.py times the same models, shapes and
// optimizers in PyTorch, and scripts/bench.sh puts both side by side. The
// names (model.entry/batch) are shared with that script.
//
// Each benchmark function takes the model as an argument so that the
// models' weights and optimizer state live across iterations, as in
// training; the inputs are fixed, so a step's cost does not depend on them.
//
//===----------------------------------------------------------------------===//

#include "autoencoder.h"
#include "data.h"
#include "mlp.h"
#include "mnist_cnn.h"
#include "mnist_gan.h"
#include "peak.h"
#include "perceptron.h"
#include "sine_rnn.h"

#include <benchmark/benchmark.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace {

using dlc::bench::peakGflops;
using dlc::bench::randomData;

/// FLOPs per image of the chapter CNN's forward pass (multiply-adds count
/// two): conv 3x3x1x32 on 26x26, conv 3x3x32x64 on 11x11, dense 1600x64,
/// dense 64x10. Pooling, activations and the loss are left out.
constexpr double kCnnForwardFlops =
    2.0 * (26 * 26 * 32 * 9 + 11 * 11 * 64 * 288 + 1600 * 64 + 64 * 10);
/// A training step: the forward pass, the weight gradients (as much again)
/// and the input gradients (as much again, but for the first convolution,
/// whose input is the image).
constexpr double kCnnTrainFlops =
    3.0 * kCnnForwardFlops - 2.0 * 26 * 26 * 32 * 9;

/// Counts `samples` per iteration as samples/s and, given `flops` per
/// sample, GFLOP/s and percent of the measured peak.
void setRates(benchmark::State &state, double samples, double flops = 0) {
  state.counters["samples/s"] = benchmark::Counter(
      samples, benchmark::Counter::kIsIterationInvariantRate);
  if (flops == 0)
    return;
  state.counters["GFLOP/s"] = benchmark::Counter(
      samples * flops * 1e-9, benchmark::Counter::kIsIterationInvariantRate);
  state.counters["%peak"] =
      benchmark::Counter(samples * flops * 1e-9 * 100.0 / peakGflops(),
                         benchmark::Counter::kIsIterationInvariantRate);
}

std::vector<int32_t> randomLabels(int64_t n, int32_t classes) {
  std::vector<float> draws = randomData(n, 0.0f, float(classes));
  return std::vector<int32_t>(draws.begin(), draws.end());
}

/// Windows of a sine wave and the sample after each, as the chapter's RNN
/// trains on: (batch, 50, 1) and (batch, 1).
struct SineWindows {
  explicit SineWindows(int64_t batch) : x(batch * 50), y(batch) {
    for (int64_t b = 0; b < batch; ++b) {
      for (int64_t t = 0; t <= 50; ++t) {
        float v = std::sin(0.1f * float(b * 7 + t));
        (t < 50 ? x[b * 50 + t] : y[b]) = v;
      }
    }
  }
  std::vector<float> x, y;
};

void cnnPredict(benchmark::State &state) {
  int64_t batch = state.range(0);
  MnistCnn model(1);
  std::vector<float> images = randomData(batch * 28 * 28, 0.0f, 1.0f);
  std::vector<float> probs(batch * 10);
  for (auto _ : state) {
    model.predict(images.data(), batch, probs.data());
    benchmark::DoNotOptimize(probs.data());
    benchmark::ClobberMemory();
  }
  setRates(state, double(batch), kCnnForwardFlops);
}

/// The batch cut into one slice per thread (range(1) threads).
void cnnPredictThreads(benchmark::State &state) {
  int64_t batch = state.range(0);
  MnistCnn model(1);
  dlc::runtime::ThreadPool pool(static_cast<unsigned>(state.range(1)));
  std::vector<float> images = randomData(batch * 28 * 28, 0.0f, 1.0f);
  std::vector<float> probs(batch * 10);
  for (auto _ : state) {
    model.predict(images.data(), batch, probs.data(), pool);
    benchmark::DoNotOptimize(probs.data());
    benchmark::ClobberMemory();
  }
  setRates(state, double(batch), kCnnForwardFlops);
}

void cnnTrain(benchmark::State &state) {
  int64_t batch = state.range(0);
  MnistCnn model(1);
  std::vector<float> images = randomData(batch * 28 * 28, 0.0f, 1.0f);
  std::vector<int32_t> labels = randomLabels(batch, 10);
  for (auto _ : state)
    benchmark::DoNotOptimize(
        model.train_step(images.data(), labels.data(), batch));
  setRates(state, double(batch), kCnnTrainFlops);
}

/// A tensor of `shape` holding `values`.
template <typename T>
dlc::runtime::Tensor tensorOf(std::vector<int64_t> shape,
                              const std::vector<T> &values) {
  dlc::runtime::Tensor tensor(dlc::runtime::dtypeOf<T>(), std::move(shape));
  std::copy(values.begin(), values.end(), tensor.values<T>().begin());
  return tensor;
}

/// Training as dlc::runtime::fit runs it with range(1) threads: the fused
/// step on the calling thread for one, data-parallel on the step's halves
/// (DataParallelStep: a slice of the batch per thread, the gradients
/// summed, one update) for more.
template <typename Model>
void trainThreads(benchmark::State &state, dlc::runtime::Batch batch,
                  double flops) {
  Model model(1);
  typename Model::TrainStepTrainer trainer(model);
  unsigned threads = static_cast<unsigned>(state.range(1));
  dlc::runtime::ThreadPool pool(threads);
  dlc::runtime::DataParallelStep parallel(trainer, &pool, nullptr);
  if (!parallel.error().empty()) {
    state.SkipWithError(parallel.error().c_str());
    return;
  }
  std::vector<double> results(trainer.resultNames().size());
  for (auto _ : state) {
    if (threads == 1) {
      trainer.step(batch, results);
    } else if (std::string error = parallel.step(batch, results);
               !error.empty()) {
      state.SkipWithError(error.c_str());
      break;
    }
    benchmark::DoNotOptimize(results.data());
  }
  setRates(state, double(batch.size), flops);
}

void cnnTrainThreads(benchmark::State &state) {
  int64_t n = state.range(0);
  dlc::runtime::Batch batch{n, n, 0, {}};
  batch.tensors.push_back(
      tensorOf({n, 28, 28, 1}, randomData(n * 28 * 28, 0.0f, 1.0f)));
  batch.tensors.push_back(tensorOf({n}, randomLabels(n, 10)));
  trainThreads<MnistCnn>(state, std::move(batch), kCnnTrainFlops);
}

void autoencoderTrainThreads(benchmark::State &state) {
  int64_t n = state.range(0);
  dlc::runtime::Batch batch{n, n, 0, {}};
  batch.tensors.push_back(tensorOf({n, 784}, randomData(n * 784, 0.0f, 1.0f)));
  trainThreads<Autoencoder>(state, std::move(batch),
                            3 * 2.0 * (784 * 32 + 32 * 784));
}

void autoencoderTrain(benchmark::State &state) {
  int64_t batch = state.range(0);
  Autoencoder model(1);
  std::vector<float> images = randomData(batch * 784, 0.0f, 1.0f);
  for (auto _ : state)
    benchmark::DoNotOptimize(model.train_step(images.data(), batch));
  setRates(state, double(batch), 3 * 2.0 * (784 * 32 + 32 * 784));
}

void autoencoderReconstruct(benchmark::State &state) {
  int64_t batch = state.range(0);
  Autoencoder model(1);
  std::vector<float> images = randomData(batch * 784, 0.0f, 1.0f);
  std::vector<float> out(batch * 784);
  for (auto _ : state) {
    model.reconstruct(images.data(), batch, out.data());
    benchmark::DoNotOptimize(out.data());
    benchmark::ClobberMemory();
  }
  setRates(state, double(batch), 2.0 * (784 * 32 + 32 * 784));
}

/// One iteration of the chapter's GAN loop: generate a batch, a
/// discriminator step on real and one on generated images, a generator
/// step through the frozen discriminator. Samples are real images.
void ganIteration(benchmark::State &state) {
  int64_t batch = state.range(0);
  MnistGan gan(1);
  std::vector<float> real = randomData(batch * 784, 0.0f, 1.0f);
  std::vector<float> z = randomData(batch * 100, -1.0f, 1.0f);
  std::vector<float> fake(batch * 784), ones(batch, 1.0f), zeros(batch, 0.0f);
  for (auto _ : state) {
    gan.generate(z.data(), batch, fake.data());
    benchmark::DoNotOptimize(
        gan.discriminator_step(real.data(), ones.data(), batch));
    benchmark::DoNotOptimize(
        gan.discriminator_step(fake.data(), zeros.data(), batch));
    benchmark::DoNotOptimize(gan.generator_step(z.data(), ones.data(), batch));
  }
  setRates(state, double(batch));
}

/// The recurrent layer of SineRnn's three variants.
enum class Cell { SimpleRnn, Lstm, Gru };

void rnnTrain(benchmark::State &state, Cell cell) {
  int64_t batch = state.range(0);
  SineRnn model(1);
  SineWindows data(batch);
  const float *x = data.x.data(), *y = data.y.data();
  for (auto _ : state) {
    switch (cell) {
    case Cell::SimpleRnn:
      benchmark::DoNotOptimize(model.train_step(x, y, batch));
      break;
    case Cell::Lstm:
      benchmark::DoNotOptimize(model.train_lstm(x, y, batch));
      break;
    case Cell::Gru:
      benchmark::DoNotOptimize(model.train_gru(x, y, batch));
      break;
    }
  }
  setRates(state, double(batch));
}

void rnnPredict(benchmark::State &state, Cell cell) {
  int64_t batch = state.range(0);
  SineRnn model(1);
  SineWindows data(batch);
  std::vector<float> out(batch);
  for (auto _ : state) {
    switch (cell) {
    case Cell::SimpleRnn:
      model.predict(data.x.data(), batch, out.data());
      break;
    case Cell::Lstm:
      model.predict_lstm(data.x.data(), batch, out.data());
      break;
    case Cell::Gru:
      model.predict_gru(data.x.data(), batch, out.data());
      break;
    }
    benchmark::DoNotOptimize(out.data());
    benchmark::ClobberMemory();
  }
  setRates(state, double(batch));
}

/// The perceptron's and the MLP's whole runs: 10000 epochs of one step on
/// the four rows of a truth table (XOR's; the timing does not depend on
/// it). A sample is one row of one epoch.
template <typename Model> void xorRun(benchmark::State &state) {
  constexpr int64_t kEpochs = 10000;
  int64_t rows = state.range(0);
  const float x[8] = {0, 0, 0, 1, 1, 0, 1, 1};
  const float y[4] = {0, 1, 1, 0};
  for (auto _ : state) {
    Model model(1);
    for (int64_t epoch = 0; epoch < kEpochs; ++epoch)
      benchmark::DoNotOptimize(model.train_step(x, y, rows));
  }
  setRates(state, double(rows * kEpochs));
}

template <typename Function, typename... Args>
void add(const char *name, std::vector<int64_t> batches,
         benchmark::TimeUnit unit, Function function, Args... args) {
  for (int64_t batch : batches)
    benchmark::RegisterBenchmark(name, function, args...)
        ->Arg(batch)
        ->Unit(unit);
}

const bool registered = [] {
  using benchmark::kMicrosecond;
  using benchmark::kMillisecond;
  add("cnn.predict", {1, 64}, kMicrosecond, cnnPredict);
  add("cnn.train", {64}, kMillisecond, cnnTrain);
  add("autoencoder.reconstruct", {64}, kMicrosecond, autoencoderReconstruct);
  add("autoencoder.train", {256}, kMillisecond, autoencoderTrain);
  add("gan.iteration", {64}, kMillisecond, ganIteration);
  const std::pair<const char *, Cell> cells[] = {
      {"rnn", Cell::SimpleRnn}, {"lstm", Cell::Lstm}, {"gru", Cell::Gru}};
  for (auto [name, cell] : cells) {
    add((std::string(name) + ".predict").c_str(), {1, 32}, kMicrosecond,
        rnnPredict, cell);
    add((std::string(name) + ".train").c_str(), {32}, kMicrosecond, rnnTrain,
        cell);
  }
  add("perceptron.gate", {4}, kMillisecond, xorRun<Perceptron>);
  add("mlp.xor", {4}, kMillisecond, xorRun<Mlp>);
  // The thread pool's rows: scripts/bench.sh runs them on two cores.
  benchmark::RegisterBenchmark("cnn.predict.threads", cnnPredictThreads)
      ->Args({256, 1})
      ->Args({256, 2})
      ->UseRealTime()
      ->Unit(kMillisecond);
  benchmark::RegisterBenchmark("cnn.train.threads", cnnTrainThreads)
      ->Args({64, 1})
      ->Args({64, 2})
      ->Args({256, 1})
      ->Args({256, 2})
      ->UseRealTime()
      ->Unit(kMillisecond);
  benchmark::RegisterBenchmark("autoencoder.train.threads",
                               autoencoderTrainThreads)
      ->Args({256, 1})
      ->Args({256, 2})
      ->UseRealTime()
      ->Unit(kMillisecond);
  return true;
}();

} // namespace

BENCHMARK_MAIN();
