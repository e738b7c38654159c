//===- layers.h - The chapter models' layer shapes ------------------------===//
//
// Every dense, convolution, pooling and recurrent layer shape of the
// chapter models, at the batch its model trains with.
// bench/models/layers.mlir compiles the same layers with dlc; bench_layers.cpp
// times them and bench_peers.cpp times oneDNN and OpenBLAS on the same shapes,
// under names the report (bench/report.py) pairs up:
// `layer.<name>.<forward|train>/<dlc|onednn| openblas>`.
//
// "train" is a whole SGD step of the layer alone, as in the middle of a
// network: its forward pass, the mean squared error's gradient against a
// target, the gradients of its input, weights and bias, and the update of
// all three (the input is a parameter of dlc's step, so that the step
// computes its gradient).
//
//===----------------------------------------------------------------------===//

#ifndef DLC_BENCH_LAYERS_H
#define DLC_BENCH_LAYERS_H

#include "peak.h"

#include <benchmark/benchmark.h>

#include <cstdint>
#include <string>
#include <string_view>

namespace dlc::bench {

enum class Activation { Relu, Sigmoid, Softmax };

struct DenseLayer {
  const char *name;
  int64_t batch, in, out;
  Activation activation;
  double forwardFlops() const { return 2.0 * double(batch * in * out); }
};

inline constexpr DenseLayer kDenseLayers[] = {
    {"cnn_dense1", 64, 1600, 64, Activation::Relu},
    {"cnn_dense2", 64, 64, 10, Activation::Softmax},
    {"ae_encoder", 256, 784, 32, Activation::Relu},
    {"ae_decoder", 256, 32, 784, Activation::Sigmoid},
    {"gan_gen1", 64, 100, 128, Activation::Relu},
    {"gan_gen2", 64, 128, 784, Activation::Sigmoid},
    {"gan_disc1", 64, 784, 128, Activation::Relu},
    {"gan_disc2", 64, 128, 1, Activation::Sigmoid},
};

/// A 3x3 convolution, stride 1, no padding, relu, NHWC.
struct ConvLayer {
  const char *name;
  int64_t batch, size, channels, filters;
  int64_t outSize() const { return size - 2; }
  double forwardFlops() const {
    return 2.0 * double(batch * outSize() * outSize() * 9 * channels * filters);
  }
};

inline constexpr ConvLayer kConvLayers[] = {
    {"cnn_conv1", 64, 28, 1, 32},
    {"cnn_conv2", 64, 13, 32, 64},
};

/// A 2x2 max pooling, stride 2, NHWC.
struct PoolLayer {
  const char *name;
  int64_t batch, size, channels;
  int64_t outSize() const { return size / 2; }
};

inline constexpr PoolLayer kPoolLayers[] = {
    {"cnn_pool1", 64, 26, 32},
    {"cnn_pool2", 64, 11, 64},
};

/// A recurrent layer over a window of `steps` (Keras' default
/// return_sequences=False): SimpleRNN has one gate, LSTM four, GRU three.
struct RecurrentLayer {
  const char *name;
  int64_t batch, steps, in, units, gates;
  double forwardFlops() const {
    return 2.0 * double(batch * steps * (in + units) * gates * units);
  }
};

inline constexpr RecurrentLayer kRecurrentLayers[] = {
    {"simple_rnn", 32, 50, 1, 50, 1},
    {"lstm", 32, 50, 1, 50, 4},
    {"gru", 32, 50, 1, 50, 3},
};

/// The forward FLOPs of the layer called `name` in the tables above, 0 for
/// pooling (and names not there).
inline double forwardFlops(std::string_view name) {
  for (const DenseLayer &l : kDenseLayers)
    if (name == l.name)
      return l.forwardFlops();
  for (const ConvLayer &l : kConvLayers)
    if (name == l.name)
      return l.forwardFlops();
  for (const RecurrentLayer &l : kRecurrentLayers)
    if (name == l.name)
      return l.forwardFlops();
  return 0;
}

/// FLOPs of a training step's share of a layer whose forward pass takes
/// `forward`: the forward pass, the input gradient and the weight gradient.
inline double trainFlops(double forward) { return 3.0 * forward; }

/// Counts `flops` an iteration as GFLOP/s and percent of the measured peak.
inline void setFlops(benchmark::State &state, double flops) {
  state.counters["GFLOP/s"] = benchmark::Counter(
      flops * 1e-9, benchmark::Counter::kIsIterationInvariantRate);
  state.counters["%peak"] =
      benchmark::Counter(flops * 1e-9 * 100.0 / peakGflops(),
                         benchmark::Counter::kIsIterationInvariantRate);
}

/// Registers `run` as layer.<layer>.<pass>/<impl>, timed in microseconds.
template <typename Run>
void registerLayer(const char *layer, const char *pass, const char *impl,
                   Run run) {
  std::string name = std::string("layer.") + layer + "." + pass + "/" + impl;
  benchmark::RegisterBenchmark(name.c_str(), run)
      ->Unit(benchmark::kMicrosecond);
}

} // namespace dlc::bench

#endif
