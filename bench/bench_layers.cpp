//===- bench_layers.cpp - Speed of compiled layers
//-------------------------===//
//
// Google Benchmark over AOT-compiled layers, single-threaded: GFLOP/s and
// percent of peak per dense, convolution and pooling layer. The peak is
// measured here by an FMA chain (see peak.h), so the percentages are
// against this machine, not a datasheet.
//
//===----------------------------------------------------------------------===//

#include "bench_conv.h"
#include "bench_dense.h"
#include "data.h"
#include "peak.h"

#include <benchmark/benchmark.h>

#include <cstdint>
#include <vector>

namespace {

using dlc::bench::peakGflops;
using dlc::bench::randomData;

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
  state.counters["%peak"] =
      benchmark::Counter(flops * 1e-9 * 100.0 / peakGflops(),
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

void BM_Dense50Relu(benchmark::State &state) {
  runDense(state, 50, 50,
           [](BenchDense &m, const float *x, int64_t b, float *y) {
             m.dense50_relu(x, b, y);
           });
}
BENCHMARK(BM_Dense50Relu)
    ->Arg(32)
    ->Arg(17)
    ->Arg(1)
    ->Unit(benchmark::kMicrosecond);

void BM_Matmul50x200(benchmark::State &state) {
  runDense(state, 50, 200,
           [](BenchDense &m, const float *x, int64_t b, float *y) {
             m.matmul50x200(x, b, y);
           });
}
BENCHMARK(BM_Matmul50x200)->Arg(32)->Arg(1)->Unit(benchmark::kMicrosecond);

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
  state.counters["%peak"] =
      benchmark::Counter(flops * batch * 1e-9 * 100.0 / peakGflops(),
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

} // namespace
