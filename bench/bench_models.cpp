//===- bench_models.cpp - Speed of compiled layers and models -------------===//
//
// Google Benchmark over the AOT-compiled objects, single-threaded: GFLOP/s
// and percent of peak per dense layer, images per second for the chapter
// CNN. The peak is measured here by an FMA chain (see bench_peak), so the
// percentages are against this machine, not a datasheet.
//
//===----------------------------------------------------------------------===//

#include "bench_conv.h"
#include "bench_dense.h"
#include "mnist_cnn.h"

#include <benchmark/benchmark.h>

#include <cstdint>
#include <vector>

namespace {

double peakGflops();

std::vector<float> randomData(size_t n) {
  std::vector<float> data(n);
  uint32_t state = 12345;
  for (float &v : data) {
    state = state * 1664525u + 1013904223u;
    v = float(state >> 8) / float(1u << 24) - 0.5f;
  }
  return data;
}

template <typename Call>
void runDense(benchmark::State &state, int64_t k, int64_t n, Call call) {
  int64_t m = state.range(0);
  BenchDense model(1);
  std::vector<float> x = randomData(m * k), y(m * n);
  for (auto _ : state) {
    call(model, x.data(), m, y.data());
    benchmark::DoNotOptimize(y.data());
    benchmark::ClobberMemory();
  }
  double flops = 2.0 * double(m) * double(k) * double(n);
  state.counters["GFLOP/s"] = benchmark::Counter(
      flops * 1e-9, benchmark::Counter::kIsIterationInvariantRate);
  state.counters["%peak"] = benchmark::Counter(
      flops * 1e-9 * 100.0 / peakGflops(),
      benchmark::Counter::kIsIterationInvariantRate);
}

void BM_Matmul512(benchmark::State &state) {
  runDense(state, 512, 512,
           [](BenchDense &m, const float *x, int64_t b, float *y) {
             m.matmul512(x, b, y);
           });
}
BENCHMARK(BM_Matmul512)->Arg(512)->Arg(509)->Unit(benchmark::kMillisecond);

void BM_Dense512Relu(benchmark::State &state) {
  runDense(state, 512, 512,
           [](BenchDense &m, const float *x, int64_t b, float *y) {
             m.dense512_relu(x, b, y);
           });
}
BENCHMARK(BM_Dense512Relu)->Arg(512)->Unit(benchmark::kMillisecond);

void BM_Dense37Sigmoid(benchmark::State &state) {
  runDense(state, 784, 37,
           [](BenchDense &m, const float *x, int64_t b, float *y) {
             m.dense37_sigmoid(x, b, y);
           });
}
BENCHMARK(BM_Dense37Sigmoid)->Arg(64)->Arg(1)->Unit(benchmark::kMicrosecond);

/// One layer of the CNN at batch 64: `flops` per image.
template <typename Call>
void runLayer(benchmark::State &state, int64_t in, int64_t out, double flops,
              Call call) {
  int64_t batch = 64;
  BenchConv model(1);
  std::vector<float> x = randomData(batch * in), y(batch * out);
  for (auto _ : state) {
    call(model, x.data(), batch, y.data());
    benchmark::DoNotOptimize(y.data());
    benchmark::ClobberMemory();
  }
  state.counters["GFLOP/s"] = benchmark::Counter(
      flops * batch * 1e-9, benchmark::Counter::kIsIterationInvariantRate);
  state.counters["%peak"] = benchmark::Counter(
      flops * batch * 1e-9 * 100.0 / peakGflops(),
      benchmark::Counter::kIsIterationInvariantRate);
}

void BM_CnnConv1(benchmark::State &state) {
  runLayer(state, 28 * 28, 26 * 26 * 32, 2.0 * 26 * 26 * 32 * 9,
           [](BenchConv &m, const float *x, int64_t b, float *y) {
             m.conv1(x, b, y);
           });
}
BENCHMARK(BM_CnnConv1)->Unit(benchmark::kMicrosecond);

void BM_CnnPool1(benchmark::State &state) {
  runLayer(state, 26 * 26 * 32, 13 * 13 * 32, 13 * 13 * 32 * 4,
           [](BenchConv &m, const float *x, int64_t b, float *y) {
             m.pool1(x, b, y);
           });
}
BENCHMARK(BM_CnnPool1)->Unit(benchmark::kMicrosecond);

void BM_CnnConv2(benchmark::State &state) {
  runLayer(state, 13 * 13 * 32, 11 * 11 * 64, 2.0 * 11 * 11 * 64 * 288,
           [](BenchConv &m, const float *x, int64_t b, float *y) {
             m.conv2(x, b, y);
           });
}
BENCHMARK(BM_CnnConv2)->Unit(benchmark::kMicrosecond);

void BM_MnistCnnPredict(benchmark::State &state) {
  int64_t batch = state.range(0);
  MnistCnn model(1);
  std::vector<float> images = randomData(batch * 28 * 28), probs(batch * 10);
  for (auto _ : state) {
    model.predict(images.data(), batch, probs.data());
    benchmark::DoNotOptimize(probs.data());
    benchmark::ClobberMemory();
  }
  state.counters["images/s"] = benchmark::Counter(
      double(batch), benchmark::Counter::kIsIterationInvariantRate);
}
BENCHMARK(BM_MnistCnnPredict)->Arg(64)->Arg(1)->Unit(benchmark::kMillisecond);

/// The batch cut into one slice per thread (range(1) threads).
void BM_MnistCnnPredictThreads(benchmark::State &state) {
  int64_t batch = state.range(0);
  MnistCnn model(1);
  dlc::runtime::ThreadPool pool(static_cast<unsigned>(state.range(1)));
  std::vector<float> images = randomData(batch * 28 * 28), probs(batch * 10);
  for (auto _ : state) {
    model.predict(images.data(), batch, probs.data(), pool);
    benchmark::DoNotOptimize(probs.data());
    benchmark::ClobberMemory();
  }
  state.counters["images/s"] = benchmark::Counter(
      double(batch), benchmark::Counter::kIsIterationInvariantRate);
}
BENCHMARK(BM_MnistCnnPredictThreads)
    ->Args({256, 1})
    ->Args({256, 2})
    ->UseRealTime()
    ->Unit(benchmark::kMillisecond);

} // namespace

#include "peak.h"
namespace {
double peakGflops() {
  static double peak = dlc::bench::measurePeakGflops();
  return peak;
}
} // namespace

BENCHMARK_MAIN();
