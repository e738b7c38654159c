//===- bench_layers.cpp - Speed of compiled layers
//-------------------------===//
//
// Google Benchmark over AOT-compiled layers, single-threaded: GFLOP/s and
// percent of peak per dense, convolution and pooling layer. The peak is
// measured here by an FMA chain (see peak.h), so the percentages are
// against this machine, not a datasheet.
//
//===----------------------------------------------------------------------===//

#include "bench_layers.h"
#include "bench_conv.h"
#include "bench_dense.h"
#include "data.h"
#include "layers.h"

#include <benchmark/benchmark.h>

#include <cstdint>
#include <string>
#include <vector>

namespace {

using dlc::bench::randomData;
using dlc::bench::setFlops;

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
  setFlops(state, 2.0 * double(m) * double(k) * double(n));
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
  setFlops(state, flops * double(batch));
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

/// The core's memory bandwidth, STREAM's triad a[i] = b[i] + s * c[i] over
/// arrays well beyond the last-level cache (these VMs report hundreds of
/// MiB of L3): GB/s counting the three arrays once, as STREAM does.
void BM_Triad(benchmark::State &state) {
  const size_t n = size_t(1) << 27; // 512 MiB an array
  std::vector<float> a(n), b(n, 1.0f), c(n, 2.0f);
  for (auto _ : state) {
    for (size_t i = 0; i < n; ++i)
      a[i] = b[i] + 3.0f * c[i];
    benchmark::DoNotOptimize(a.data());
    benchmark::ClobberMemory();
  }
  state.counters["GB/s"] =
      benchmark::Counter(3.0 * sizeof(float) * double(n) * 1e-9,
                         benchmark::Counter::kIsIterationInvariantRate);
}
BENCHMARK(BM_Triad)->Unit(benchmark::kMillisecond);

/// Elements of a tensor whose batch size (-1) is `batch`.
int64_t elements(const dlc::runtime::EntryTensor &tensor, int64_t batch) {
  int64_t n = 1;
  for (int64_t d : tensor.shape)
    n *= d < 0 ? batch : d;
  return n;
}

/// Every layer of bench/models/layers.mlir (see layers.h), called through
/// the generated class's entry-point table: `<layer>` as
/// layer.<layer>.forward/dlc at the batch of `<layer>_train`, which is
/// layer.<layer>.train/dlc.
void registerDlcLayers() {
  using EntryPoint = BenchLayers::EntryPoint;
  // The benchmarks keep pointers into it.
  static const std::vector<EntryPoint> entries = BenchLayers::entryPoints();
  auto find = [&](const std::string &name) -> const EntryPoint * {
    for (const EntryPoint &e : entries)
      if (e.name == name)
        return &e;
    return nullptr;
  };
  for (const EntryPoint &forward : entries) {
    const EntryPoint *train = find(std::string(forward.name) + "_train");
    if (!train)
      continue;
    int64_t batch = train->inputs[0].shape[0];
    double flops = dlc::bench::forwardFlops(forward.name);
    std::string layer(forward.name);
    for (const EntryPoint *entry : {&forward, train}) {
      bool trains = entry == train;
      dlc::bench::registerLayer(
          layer.c_str(), trains ? "train" : "forward", "dlc",
          [entry, batch, flops, trains](benchmark::State &state) {
            BenchLayers model(1);
            std::vector<std::vector<float>> inputs, outputs;
            std::vector<const void *> in;
            std::vector<void *> out;
            for (const auto &t : entry->inputs)
              in.push_back(
                  inputs.emplace_back(randomData(elements(t, batch))).data());
            for (const auto &t : entry->outputs)
              out.push_back(outputs.emplace_back(elements(t, batch)).data());
            for (auto _ : state) {
              std::string error =
                  entry->call(model, in.data(), batch, out.data());
              if (!error.empty()) {
                state.SkipWithError(error.c_str());
                break;
              }
              benchmark::ClobberMemory();
            }
            setFlops(state, trains ? dlc::bench::trainFlops(flops) : flops);
          });
    }
  }
}

[[maybe_unused]] const bool registered = (registerDlcLayers(), true);

} // namespace
