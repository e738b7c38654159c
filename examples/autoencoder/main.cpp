//===- main.cpp - The chapter autoencoder on MNIST ------------------------===//
//
// Trains the 784-32-784 autoencoder compiled ahead of time from model.mlir
// (Adam, binary cross-entropy of each image against itself) and measures
// the validation cross-entropy per pixel on MNIST's test set. Writes the
// loss history (CSV and SVG), a training checkpoint, which it reloads into a
// fresh model to check that the reconstructions come back identical, and a
// PNG of test digits above their reconstructions, made through the
// separate encoder and decoder entry points.
//
//===----------------------------------------------------------------------===//

#include "autoencoder.h"
#ifdef DLC_EXAMPLES_CUDA
#include "autoencoder_cuda.h"
#endif

#include "dlc/examples/Device.h"
#include "dlc/examples/Image.h"
#include "dlc/examples/Options.h"
#include "dlc/examples/Plot.h"
#include "dlc/runtime/Idx.h"
#include "dlc/runtime/Progress.h"
#include "dlc/runtime/ThreadPool.h"
#include "dlc/runtime/Train.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <iostream>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace rt = dlc::runtime;
namespace ex = dlc::examples;

namespace {

constexpr int64_t kPixels = 28 * 28;
constexpr int64_t kCode = 32;

int fail(const std::string &message) {
  std::fprintf(stderr, "dlc-example-autoencoder: %s\n", message.c_str());
  return 1;
}

/// MNIST's images of `split` flattened to [N, 784].
std::string loadImages(const std::string &dir, rt::MnistSplit split,
                       rt::Tensor &images) {
  rt::LabeledImages mnist;
  if (std::string error = rt::loadMnist(dir, split, mnist); !error.empty())
    return error;
  images = rt::Tensor(rt::DType::f32, {mnist.images.shape()[0], kPixels});
  std::memcpy(images.bytes(), mnist.images.bytes(), images.numBytes());
  return "";
}

/// The binary cross-entropy per pixel of `reconstructions` against
/// `images`, computed here in double precision as a check on the compiled
/// loss (Keras clips probabilities to [1e-7, 1 - 1e-7]).
double crossEntropy(std::span<const float> reconstructions,
                    std::span<const float> images) {
  double sum = 0;
  for (size_t i = 0; i < images.size(); ++i) {
    double p = std::clamp(double(reconstructions[i]), 1e-7, 1 - 1e-7);
    double x = images[i];
    sum -= x * std::log(p) + (1 - x) * std::log(1 - p);
  }
  return sum / double(images.size());
}

/// Trains, checks and reloads a `Model` (Autoencoder or AutoencoderCuda);
/// returns the exit status.
template <typename Model>
int trainOn(const ex::Options &options, const std::string &out, int64_t epochs,
            int64_t batch, double bar, const rt::Tensor &testImages,
            const rt::Dataset &train, const rt::Dataset &test) {
  std::unique_ptr<Model> created;
  if (std::string error = ex::makeModel(options.seed, created); !error.empty())
    return fail(error);
  Model &model = *created;
  typename Model::TrainStepTrainer trainer(model);
  rt::FitOptions fit;
  fit.epochs = epochs;
  fit.batch.batchSize = batch;
  fit.seed = options.seed;
  fit.validation = &test;
  fit.historyPath = out + "autoencoder_history.csv";
  fit.checkpointPath = out + "autoencoder.ckpt";
  fit.out = &std::cout;
  fit.terminal = rt::stdoutIsTerminal();
  std::optional<rt::ThreadPool> pool;
  if (options.threadCount() > 1)
    fit.threads = &pool.emplace(options.threadCount());
  rt::History history;
  auto start = std::chrono::steady_clock::now();
  if (std::string error = rt::fit(trainer, train, fit, history); !error.empty())
    return fail(error);
  double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start)
          .count();
  if (std::string error = ex::plotHistory(
          fit.historyPath, out + "autoencoder_loss.svg",
          "Autoencoder 784-32-784: binary cross-entropy per pixel");
      !error.empty())
    return fail(error);

  std::vector<double> results;
  if (std::string error = rt::evaluate(trainer, test, batch, results);
      !error.empty())
    return fail(error);
  const int64_t n = test.size();
  std::span<const float> x = testImages.values<float>();
  std::vector<float> reconstructions(static_cast<size_t>(n * kPixels));
  if (std::string error = ex::check([&] {
        return model.reconstruct(x.data(), n, reconstructions.data());
      });
      !error.empty())
    return fail(error);
  double checked = crossEntropy(reconstructions, x);
  bool passed = results[0] <= bar && std::abs(checked - results[0]) < 1e-3;
  std::printf("validation cross-entropy per pixel %.4f (recomputed: %.4f; "
              "bar: %.2f) %s; %.1f s training\n",
              results[0], checked, bar, passed ? "PASS" : "FAIL", seconds);

  // The checkpoint fit wrote after the last epoch, loaded into a fresh
  // model, must reconstruct exactly as the model that trained.
  std::unique_ptr<Model> reloaded;
  if (std::string error = ex::makeModel(options.seed + 1, reloaded);
      !error.empty())
    return fail(error);
  if (std::string error = reloaded->loadParams(fit.checkpointPath);
      !error.empty())
    return fail(error);
  std::vector<float> again(reconstructions.size());
  if (std::string error = ex::check(
          [&] { return reloaded->reconstruct(x.data(), n, again.data()); });
      !error.empty())
    return fail(error);
  bool same = std::memcmp(again.data(), reconstructions.data(),
                          again.size() * sizeof(float)) == 0;
  passed &= same;
  std::printf("reloaded from %s: %s reconstructions\n",
              fit.checkpointPath.c_str(), same ? "identical" : "DIFFERENT");

  // Test digits through the encoder and the decoder as two programs would
  // use them: the 32 numbers of each code are all that passes between them.
  constexpr int64_t kColumns = 10, kShown = 20;
  std::vector<float> codes(static_cast<size_t>(kShown * kCode));
  if (std::string error = ex::check(
          [&] { return reloaded->encode(x.data(), kShown, codes.data()); });
      !error.empty())
    return fail(error);
  rt::Tensor grid(rt::DType::f32, {4 * kColumns, 28, 28});
  std::span<float> tiles = grid.values<float>();
  for (int64_t half = 0; half < kShown / kColumns; ++half) {
    std::vector<float> decoded(static_cast<size_t>(kColumns * kPixels));
    if (std::string error = ex::check([&] {
          return reloaded->decode(codes.data() + half * kColumns * kCode,
                                  kColumns, decoded.data());
        });
        !error.empty())
      return fail(error);
    size_t first = size_t(half * kColumns * kPixels);
    std::copy_n(x.begin() + first, kColumns * kPixels,
                tiles.begin() + 2 * first);
    std::copy(decoded.begin(), decoded.end(),
              tiles.begin() + 2 * first + kColumns * kPixels);
    double largest = 0;
    for (size_t i = 0; i < decoded.size(); ++i)
      largest = std::max(
          largest, std::abs(double(decoded[i]) - reconstructions[first + i]));
    // Encoding and decoding apart must agree with reconstruct, up to the
    // rounding of a differently fused computation.
    if (largest > 1e-4) {
      std::printf("encode + decode differ from reconstruct by %g\n", largest);
      passed = false;
    }
  }
  ex::GridOptions look;
  look.scale = 2;
  const std::string picture = out + "autoencoder_reconstructions.png";
  if (std::string error =
          ex::writeImageGrid(picture, grid, 4, int(kColumns), {}, look);
      !error.empty())
    return fail(error);
  std::printf("wrote %s (rows 1 and 3: test digits; rows 2 and 4: their "
              "reconstructions), %s, %sautoencoder_loss.svg\n%s\n",
              picture.c_str(), fit.historyPath.c_str(), out.c_str(),
              passed ? "PASSED" : "FAILED");
  return passed ? 0 : 1;
}

} // namespace

int main(int argc, char **argv) {
  ex::Options options;
  options.threadsAllowed = true;
  options.dataDir = DLC_EXAMPLES_MNIST_DIR;
#ifdef DLC_EXAMPLES_CUDA
  options.devices.push_back("cuda");
#endif
  if (std::string error = ex::parseOptions(argc, argv, options); !error.empty())
    return fail(error);
  if (options.help) {
    std::cout << ex::usage("dlc-example-autoencoder",
                           "Trains a 784-32-784 autoencoder on MNIST and "
                           "draws test digits above their\nreconstructions.");
    return 0;
  }
  if (std::string error = ex::ensureDirectory(options.outDir); !error.empty())
    return fail(error);
  const std::string out = options.outDir + "/";

  const int64_t epochs = options.epochsOr(2, 20, 20);
  const int64_t batch = options.batchSize.value_or(256);
  // The bar on the validation cross-entropy per pixel: the chapter's 0.10
  // after 20 epochs; after the short run's two, learning has only begun.
  const double bar = options.byLength(0.17, 0.10, 0.10);

  rt::Tensor trainImages, testImages;
  if (std::string error =
          loadImages(options.dataDir, rt::MnistSplit::train, trainImages);
      !error.empty())
    return fail(error);
  if (std::string error =
          loadImages(options.dataDir, rt::MnistSplit::test, testImages);
      !error.empty())
    return fail(error);
  rt::Dataset train, test;
  if (std::string error = train.add("images", trainImages); !error.empty())
    return fail(error);
  if (std::string error = test.add("images", testImages); !error.empty())
    return fail(error);
  std::printf("autoencoder 784-32-784 (%lld parameters): %lld training and "
              "%lld validation images, %lld epochs, batch %lld, Adam\n",
              (long long)(kPixels * kCode + kCode + kCode * kPixels + kPixels),
              (long long)train.size(), (long long)test.size(),
              (long long)epochs, (long long)batch);

#ifdef DLC_EXAMPLES_CUDA
  if (options.device == "cuda")
    return trainOn<AutoencoderCuda>(options, out, epochs, batch, bar,
                                    testImages, train, test);
#endif
  return trainOn<Autoencoder>(options, out, epochs, batch, bar, testImages,
                              train, test);
}
