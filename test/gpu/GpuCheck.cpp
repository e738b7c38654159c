//===- GpuCheck.cpp - Every chapter model on the GPU against the CPU ------===//
//
// dlc-gpu-check [--bench]
//
// Each chapter model is linked twice, compiled for the CPU (the class
// <Model>) and for CUDA (<Model>Cuda). Both start from the same parameters;
// every entry point runs on both with the same random inputs at batch
// sizes 1, 3 and 64, and its outputs (for a training step also the
// parameters after it) must agree within 1e-4, normwise relative. Prints a
// line per entry point and batch, and exits 1 when any differs.
//
// --bench then times the CNN: training steps at batch 64 and 256 and
// inference at batch 1 and 256, through the classes' host-memory calls
// (copies in and out included, CUDA graphs replayed), on the GPU and the
// CPU.
//
//===----------------------------------------------------------------------===//

#include "autoencoder.h"
#include "autoencoder_cuda.h"
#include "mlp.h"
#include "mlp_cuda.h"
#include "mnist_cnn.h"
#include "mnist_cnn_cuda.h"
#include "mnist_gan.h"
#include "mnist_gan_cuda.h"
#include "perceptron.h"
#include "perceptron_cuda.h"
#include "sine_rnn.h"
#include "sine_rnn_cuda.h"

#include "dlc/runtime/Random.h"

#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <string>
#include <string_view>
#include <vector>

using namespace dlc;

namespace {

constexpr double kTolerance = 1e-4;

size_t elementBytes(runtime::DType dtype) {
  switch (dtype) {
  case runtime::DType::f32:
  case runtime::DType::i32:
    return 4;
  case runtime::DType::f64:
  case runtime::DType::i64:
    return 8;
  }
  return 0;
}

int64_t elementsOf(const runtime::EntryTensor &tensor, int64_t batch) {
  int64_t count = 1;
  for (int64_t dim : tensor.shape)
    count *= dim < 0 ? batch : dim;
  return count;
}

/// Host buffers for the tensors of an entry point at one batch size.
struct Buffers {
  std::vector<std::vector<std::byte>> storage;
  std::vector<void *> pointers;

  Buffers(const std::vector<runtime::EntryTensor> &tensors, int64_t batch) {
    for (const runtime::EntryTensor &tensor : tensors)
      storage.emplace_back(size_t(elementsOf(tensor, batch)) *
                           elementBytes(tensor.dtype));
    for (std::vector<std::byte> &bytes : storage)
      pointers.push_back(bytes.data());
  }
};

/// Random values: floats in [-1, 1), integers (class labels) in [0, 10).
void fill(const runtime::EntryTensor &tensor, std::vector<std::byte> &bytes,
          runtime::Random &random) {
  size_t count = bytes.size() / elementBytes(tensor.dtype);
  for (size_t i = 0; i < count; ++i) {
    double value = random.uniform(-1, 1);
    switch (tensor.dtype) {
    case runtime::DType::f32:
      reinterpret_cast<float *>(bytes.data())[i] = float(value);
      break;
    case runtime::DType::f64:
      reinterpret_cast<double *>(bytes.data())[i] = value;
      break;
    case runtime::DType::i32:
      reinterpret_cast<int32_t *>(bytes.data())[i] =
          int32_t(random.uniform(0, 10));
      break;
    case runtime::DType::i64:
      reinterpret_cast<int64_t *>(bytes.data())[i] =
          int64_t(random.uniform(0, 10));
      break;
    }
  }
}

/// ||a - b|| / ||a|| over the floats of a tensor (0 for integers that
/// agree, 1 for integers that do not).
double relativeError(runtime::DType dtype, const std::vector<std::byte> &a,
                     const std::vector<std::byte> &b) {
  if (dtype == runtime::DType::i32 || dtype == runtime::DType::i64)
    return std::memcmp(a.data(), b.data(), a.size()) == 0 ? 0 : 1;
  double difference = 0, norm = 0;
  size_t count = a.size() / elementBytes(dtype);
  for (size_t i = 0; i < count; ++i) {
    double x = dtype == runtime::DType::f32
                   ? reinterpret_cast<const float *>(a.data())[i]
                   : reinterpret_cast<const double *>(a.data())[i];
    double y = dtype == runtime::DType::f32
                   ? reinterpret_cast<const float *>(b.data())[i]
                   : reinterpret_cast<const double *>(b.data())[i];
    difference += (x - y) * (x - y);
    norm += x * x;
  }
  return std::sqrt(difference) / std::max(std::sqrt(norm), 1e-30);
}

/// The parameter block as one f32 tensor (every chapter model is f32).
double paramError(const std::byte *cpu, const std::vector<std::byte> &gpu) {
  std::vector<std::byte> host(cpu, cpu + gpu.size());
  return relativeError(runtime::DType::f32, host, gpu);
}

/// Compares every entry point of one model; returns the mismatches, or -1
/// when the GPU cannot be used.
template <typename Cpu, typename Gpu> int compareModel() {
  Cpu cpu(/*seed=*/1);
  Gpu gpu;
  if (std::string error = gpu.open(0, /*seed=*/1); !error.empty()) {
    std::fprintf(stderr, "dlc-gpu-check: %s\n", error.c_str());
    return -1;
  }
  std::vector<std::byte> gpuParams(Cpu::kParamBytes);
  int mismatches = 0;
  runtime::Random random(7);
  auto cpuEntries = Cpu::entryPoints();
  auto gpuEntries = Gpu::entryPoints();
  for (size_t e = 0; e < cpuEntries.size(); ++e) {
    const auto &cpuEntry = cpuEntries[e];
    const auto &gpuEntry = gpuEntries[e];
    for (int64_t batch : {1, 3, 64}) {
      // The same parameters on both (a training step moved them).
      if (std::string error = gpu.uploadParams(cpu.paramData());
          !error.empty()) {
        std::fprintf(stderr, "dlc-gpu-check: %s\n", error.c_str());
        return -1;
      }
      Buffers inputs(cpuEntry.inputs, batch);
      for (size_t i = 0; i < inputs.storage.size(); ++i)
        fill(cpuEntry.inputs[i], inputs.storage[i], random);
      Buffers cpuOut(cpuEntry.outputs, batch), gpuOut(gpuEntry.outputs, batch);
      std::string error = cpuEntry.call(cpu, inputs.pointers.data(), batch,
                                        cpuOut.pointers.data());
      if (error.empty())
        error = gpuEntry.call(gpu, inputs.pointers.data(), batch,
                              gpuOut.pointers.data());
      double worst = 0;
      for (size_t o = 0; o < cpuOut.storage.size(); ++o)
        worst = std::max(worst,
                         relativeError(cpuEntry.outputs[o].dtype,
                                       cpuOut.storage[o], gpuOut.storage[o]));
      double params = 0;
      if (error.empty() && cpuEntry.trains) {
        error = gpu.downloadParams(gpuParams.data());
        params = paramError(cpu.paramData(), gpuParams);
      }
      bool ok = error.empty() && worst <= kTolerance && params <= kTolerance;
      mismatches += !ok;
      std::printf("%-4s %-12s %-24s batch %3lld  outputs %.2e%s%s%s\n",
                  ok ? "ok" : "FAIL", std::string(Cpu::kModelName).c_str(),
                  std::string(cpuEntry.name).c_str(),
                  static_cast<long long>(batch), worst,
                  cpuEntry.trains ? "  parameters " : "",
                  cpuEntry.trains ? std::to_string(params).c_str() : "",
                  error.empty() ? "" : ("  " + error).c_str());
    }
  }
  return mismatches;
}

/// Seconds per call of `call`, after a warm-up, over at least 0.5 s.
template <typename Call> double secondsPerCall(Call &&call) {
  for (int i = 0; i < 3; ++i)
    call();
  using Clock = std::chrono::steady_clock;
  auto start = Clock::now();
  int64_t calls = 0;
  double elapsed = 0;
  do {
    call();
    ++calls;
    elapsed = std::chrono::duration<double>(Clock::now() - start).count();
  } while (elapsed < 0.5);
  return elapsed / double(calls);
}

/// The CNN's throughput on the GPU and the CPU.
template <typename Model> void benchCnn(Model &model, const char *device) {
  runtime::Random random(3);
  for (int64_t batch : {64, 256}) {
    std::vector<float> images(static_cast<size_t>(batch) * 784);
    std::vector<int32_t> labels(static_cast<size_t>(batch));
    for (float &pixel : images)
      pixel = float(random.uniform());
    for (int32_t &label : labels)
      label = int32_t(random.uniform(0, 10));
    // The first call at a batch size captures its CUDA graph: the kernels
    // it launches are one step's.
    uint64_t launchesBefore = 0;
    if constexpr (requires { model.stream(); })
      launchesBefore = model.stream().launches();
    double seconds = secondsPerCall([&] {
      if constexpr (requires { model.open(); }) {
        typename Model::TrainStepResult result;
        (void)model.train_step(images.data(), labels.data(), batch, result);
      } else {
        (void)model.train_step(images.data(), labels.data(), batch);
      }
    });
    std::printf("bench %-4s cnn train_step batch %3lld: %9.1f us/step, %10.0f "
                "images/s\n",
                device, static_cast<long long>(batch), seconds * 1e6,
                double(batch) / seconds);
    if constexpr (requires { model.stream(); })
      std::printf("launches %s cnn train_step batch %3lld: %llu\n", device,
                  static_cast<long long>(batch),
                  static_cast<unsigned long long>(model.stream().launches() -
                                                  launchesBefore));
  }
  for (int64_t batch : {1, 256}) {
    std::vector<float> images(size_t(batch) * 784),
        probabilities(size_t(batch) * 10);
    for (float &pixel : images)
      pixel = float(random.uniform());
    double seconds = secondsPerCall([&] {
      (void)model.predict(images.data(), batch, probabilities.data());
    });
    std::printf("bench %-4s cnn predict    batch %3lld: %9.1f us/call, %10.0f "
                "images/s\n",
                device, static_cast<long long>(batch), seconds * 1e6,
                double(batch) / seconds);
  }
}

} // namespace

int main(int argc, char **argv) {
  std::string_view option = argc > 1 ? argv[1] : "";
  if (option == "--help") {
    std::printf("usage: dlc-gpu-check [--bench]\nRuns every chapter model's "
                "entry points on the GPU and the CPU and compares them; "
                "--bench times the CNN.\n");
    return 0;
  }
  bool bench = option == "--bench";
  int mismatches = 0;
  for (int (*compare)() :
       {compareModel<Perceptron, PerceptronCuda>, compareModel<Mlp, MlpCuda>,
        compareModel<MnistCnn, MnistCnnCuda>,
        compareModel<SineRnn, SineRnnCuda>,
        compareModel<MnistGan, MnistGanCuda>,
        compareModel<Autoencoder, AutoencoderCuda>}) {
    int result = compare();
    if (result < 0)
      return 1;
    mismatches += result;
  }
  std::printf("%d mismatches\n", mismatches);
  if (bench) {
    MnistCnnCuda gpu;
    if (std::string error = gpu.open(0, 1); !error.empty())
      return 1;
    benchCnn(gpu, "gpu");
    MnistCnn cpu(1);
    benchCnn(cpu, "cpu");
  }
  return mismatches == 0 ? 0 : 1;
}
