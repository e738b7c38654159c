//===- main.cpp - The chapter GAN on MNIST --------------------------------===//
//
// Trains the chapter's dense generator and discriminator, compiled ahead of
// time from model.mlir, in alternation as the Keras chapter does: per batch,
// a discriminator step on real images (labelled 1) and one on generated
// images (labelled 0), then a generator step through the frozen
// discriminator with the labels 1 ("fool it"). After every epoch it draws
// 100 digits from fixed noise into a PNG and lets a judge, the chapter CNN
// (compiled from ../cnn/model.mlir and trained here briefly unless --judge
// names its trained parameters), classify 1000 samples: a generator that
// draws digits makes most of the ten classes, each confidently.
//
//===----------------------------------------------------------------------===//

#include "mnist_cnn.h"
#include "mnist_gan.h"
#ifdef DLC_EXAMPLES_CUDA
#include "mnist_gan_cuda.h"
#endif

#include "dlc/examples/Device.h"
#include "dlc/examples/Image.h"
#include "dlc/examples/Options.h"
#include "dlc/examples/Plot.h"
#include "dlc/runtime/DataParallel.h"
#include "dlc/runtime/Idx.h"
#include "dlc/runtime/Progress.h"
#include "dlc/runtime/ThreadPool.h"
#include "dlc/runtime/Train.h"

#include <algorithm>
#include <array>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <initializer_list>
#include <iostream>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace rt = dlc::runtime;
namespace ex = dlc::examples;

namespace {

constexpr int64_t kPixels = 28 * 28;
constexpr int64_t kNoise = 100;
constexpr int kClasses = 10;
/// Samples drawn into each epoch's picture, and samples the judge sees.
constexpr int64_t kGrid = 100;
constexpr int64_t kJudged = 1000;
/// The judge's training when no parameters are given: enough for about
/// 97% test accuracy.
constexpr int64_t kJudgeSteps = 300;
constexpr int64_t kJudgeBatch = 64;

int fail(const std::string &message) {
  std::fprintf(stderr, "dlc-example-gan: %s\n", message.c_str());
  return 1;
}

/// Takes "--judge FILE" (or "--judge=FILE") out of the arguments, leaving
/// the options every example shares to parseOptions.
std::string takeJudgeOption(int argc, char **argv, std::vector<char *> &rest,
                            std::string &judge) {
  rest.assign(argv, argv + argc);
  for (size_t i = 1; i < rest.size(); ++i) {
    std::string_view argument = rest[i];
    if (argument.starts_with("--judge=")) {
      judge = argument.substr(8);
    } else if (argument == "--judge") {
      if (i + 1 == rest.size())
        return "--judge needs a value";
      judge = rest[i + 1];
      rest.erase(rest.begin() + i + 1);
    } else {
      continue;
    }
    rest.erase(rest.begin() + i);
    --i;
  }
  return "";
}

void fillNormal(rt::Random &random, std::span<float> values) {
  for (float &value : values)
    value = float(random.normal());
}

/// What the judge makes of a set of generated images.
struct Judgement {
  /// Samples per predicted class.
  std::array<int64_t, kClasses> counts{};
  /// Classes predicted for at least one sample.
  int classes = 0;
  /// The mean over samples of the largest class probability.
  double confidence = 0;
  std::vector<int64_t> predicted;
  std::vector<float> top;
};

/// Classifies `count` flattened images (their memory is also NHWC
/// [count, 28, 28, 1], what the CNN takes).
Judgement judge(MnistCnn &cnn, const float *images, int64_t count) {
  std::vector<float> probabilities(static_cast<size_t>(count * kClasses));
  cnn.predict(images, count, probabilities.data());
  Judgement result;
  for (int64_t n = 0; n < count; ++n) {
    const float *row = probabilities.data() + n * kClasses;
    int64_t best = std::max_element(row, row + kClasses) - row;
    result.predicted.push_back(best);
    result.top.push_back(row[best]);
    ++result.counts[size_t(best)];
    result.confidence += row[best];
  }
  result.confidence /= double(count);
  result.classes = int(std::count_if(result.counts.begin(), result.counts.end(),
                                     [](int64_t c) { return c > 0; }));
  return result;
}

std::string formatCounts(const Judgement &judgement) {
  std::string text;
  for (int c = 0; c < kClasses; ++c)
    text += (c ? " " : "") + std::to_string(c) + ":" +
            std::to_string(judgement.counts[size_t(c)]);
  return text;
}

/// The images as a [count, 28, 28] tensor for the grid writer.
rt::Tensor asImages(std::span<const float> flat, int64_t count) {
  rt::Tensor images(rt::DType::f32, {count, 28, 28});
  std::copy_n(flat.begin(), count * kPixels, images.values<float>().begin());
  return images;
}

/// The judge: loaded from `path`, or trained for kJudgeSteps on `mnist`.
std::string prepareJudge(MnistCnn &cnn, const std::string &path,
                         const rt::LabeledImages &mnist,
                         const rt::LabeledImages &test, uint64_t seed) {
  if (!path.empty()) {
    if (std::string error = cnn.loadParams(path); !error.empty())
      return error;
    std::printf("judge: the CNN's parameters from %s\n", path.c_str());
  } else {
    rt::Dataset train;
    if (std::string error = train.add("images", mnist.images); !error.empty())
      return error;
    if (std::string error = train.add("labels", mnist.labels); !error.empty())
      return error;
    std::printf("judge: training the chapter CNN for %lld steps of %lld "
                "images\n",
                (long long)kJudgeSteps, (long long)kJudgeBatch);
    MnistCnn::TrainStepTrainer trainer(cnn);
    rt::FitOptions fit;
    fit.batch.batchSize = kJudgeBatch;
    fit.seed = rt::Random::seedFor(seed, "judge");
    fit.maxSteps = kJudgeSteps;
    fit.out = &std::cout;
    fit.terminal = rt::stdoutIsTerminal();
    rt::History history;
    if (std::string error = rt::fit(trainer, train, fit, history);
        !error.empty())
      return error;
  }
  int64_t n = test.images.shape()[0];
  std::vector<float> probabilities(static_cast<size_t>(n * kClasses));
  cnn.predict(test.images.values<float>().data(), n, probabilities.data());
  std::span<const int32_t> labels = test.labels.values<int32_t>();
  int64_t correct = 0;
  for (int64_t i = 0; i < n; ++i) {
    const float *row = probabilities.data() + i * kClasses;
    correct += std::max_element(row, row + kClasses) - row == labels[size_t(i)];
  }
  std::printf("judge: %.2f%% accuracy on MNIST's %lld test images\n",
              100.0 * double(correct) / double(n), (long long)n);
  return "";
}

/// With --threads N on the CPU: the pool, the two steps data-parallel on
/// it (each batch cut into one slice per thread), and the batch they are
/// given, reused from step to step.
struct Workers {
  rt::ThreadPool *pool = nullptr;
  rt::DataParallelStep *discriminator = nullptr, *generator = nullptr;
  rt::Batch batch;

  /// `batch` as `rows` samples whose input i is `widths[i]` floats per
  /// sample at `inputs[i]` (copied).
  const rt::Batch &
  batchOf(std::initializer_list<std::pair<const float *, int64_t>> inputs,
          int64_t rows) {
    batch.size = batch.globalSize = rows;
    batch.tensors.resize(inputs.size());
    size_t i = 0;
    for (auto [data, width] : inputs) {
      rt::Tensor &tensor = batch.tensors[i++];
      tensor.reset(rt::DType::f32, {rows, width});
      std::copy_n(data, rows * width, tensor.values<float>().begin());
    }
    return batch;
  }
};

/// The steps and the generator of `Model` (MnistGan, or MnistGanCuda on a
/// GPU, where `workers` is empty): "" or an error.
std::string discriminatorStep(MnistGan &gan, Workers &workers, const float *x,
                              const float *y, int64_t batch,
                              MnistGan::DiscriminatorStepResult &result) {
  if (!workers.discriminator) {
    result = gan.discriminator_step(x, y, batch);
    return "";
  }
  std::vector<double> values(2);
  std::string error = workers.discriminator->step(
      workers.batchOf({{x, kPixels}, {y, 1}}, batch), values);
  result = {float(values[0]), float(values[1])};
  return error;
}
std::string generatorStep(MnistGan &gan, Workers &workers, const float *z,
                          const float *y, int64_t batch,
                          MnistGan::GeneratorStepResult &result) {
  if (!workers.generator) {
    result = gan.generator_step(z, y, batch);
    return "";
  }
  std::vector<double> values(1);
  std::string error = workers.generator->step(
      workers.batchOf({{z, kNoise}, {y, 1}}, batch), values);
  result = {float(values[0])};
  return error;
}
std::string generate(MnistGan &gan, const Workers &workers, const float *z,
                     int64_t batch, float *images) {
  if (workers.pool)
    gan.generate(z, batch, images, *workers.pool);
  else
    gan.generate(z, batch, images);
  return "";
}
#ifdef DLC_EXAMPLES_CUDA
std::string discriminatorStep(MnistGanCuda &gan, Workers &, const float *x,
                              const float *y, int64_t batch,
                              MnistGanCuda::DiscriminatorStepResult &result) {
  return gan.discriminator_step(x, y, batch, result);
}
std::string generatorStep(MnistGanCuda &gan, Workers &, const float *z,
                          const float *y, int64_t batch,
                          MnistGanCuda::GeneratorStepResult &result) {
  return gan.generator_step(z, y, batch, result);
}
std::string generate(MnistGanCuda &gan, const Workers &, const float *z,
                     int64_t batch, float *images) {
  return gan.generate(z, batch, images);
}
#endif

/// Trains the GAN as a `Model`, judges, checkpoints and reloads it; returns
/// the exit status.
template <typename Model>
int trainOn(const ex::Options &options, const std::string &out, int64_t epochs,
            int64_t batch, int requiredClasses, double requiredConfidence,
            rt::BatchLoader &loader, MnistCnn &cnn) {
  std::unique_ptr<Model> created;
  if (std::string error = ex::makeModel(options.seed, created); !error.empty())
    return fail(error);
  Model &gan = *created;
  typename Model::DiscriminatorStepTrainer discriminatorTrainer(gan);
  typename Model::GeneratorStepTrainer generatorTrainer(gan);
  std::optional<rt::ThreadPool> pool;
  std::optional<rt::DataParallelStep> discriminatorParallel, generatorParallel;
  Workers workers;
  if (options.threadCount() > 1) {
    workers.pool = &pool.emplace(options.threadCount());
    workers.discriminator = &discriminatorParallel.emplace(
        discriminatorTrainer, workers.pool, nullptr);
    workers.generator =
        &generatorParallel.emplace(generatorTrainer, workers.pool, nullptr);
    for (rt::DataParallelStep *step :
         {workers.discriminator, workers.generator})
      if (!step->error().empty())
        return fail(step->error());
  }
  rt::Random noise(rt::Random::seedFor(options.seed, "noise"));
  // Fixed noise, so that the epochs' pictures show the same samples
  // maturing, and a fixed set for the judge.
  std::vector<float> gridNoise(static_cast<size_t>(kGrid * kNoise));
  std::vector<float> judgeNoise(static_cast<size_t>(kJudged * kNoise));
  rt::Random fixed(rt::Random::seedFor(options.seed, "fixed-noise"));
  fillNormal(fixed, gridNoise);
  fillNormal(fixed, judgeNoise);

  std::vector<float> ones(static_cast<size_t>(batch), 1.0f);
  std::vector<float> zeros(static_cast<size_t>(batch), 0.0f);
  std::vector<float> z(static_cast<size_t>(batch * kNoise));
  std::vector<float> fake(static_cast<size_t>(batch * kPixels));
  std::vector<float> samples(static_cast<size_t>(kJudged * kPixels));
  rt::History history;
  history.columns = {"epoch",  "d_loss",        "d_accuracy",
                     "g_loss", "judge_classes", "judge_confidence",
                     "seconds"};
  const std::string historyPath = out + "gan_history.csv";
  rt::Progress progress(std::cout, rt::stdoutIsTerminal(), epochs,
                        loader.numSamples());
  Judgement judgement;
  int64_t steps = 0;
  auto start = std::chrono::steady_clock::now();
  for (int64_t epoch = 0; epoch < epochs; ++epoch) {
    auto epochStart = std::chrono::steady_clock::now();
    progress.startEpoch(epoch);
    loader.startEpoch();
    rt::Batch images;
    double dLoss = 0, dAccuracy = 0, gLoss = 0;
    int64_t batches = 0;
    while (loader.next(images)) {
      fillNormal(noise, z);
      typename Model::DiscriminatorStepResult onReal{}, onFake{};
      typename Model::GeneratorStepResult fooling{};
      std::string error = generate(gan, workers, z.data(), batch, fake.data());
      if (error.empty())
        error = discriminatorStep(gan, workers,
                                  images.tensors[0].values<float>().data(),
                                  ones.data(), batch, onReal);
      if (error.empty())
        error = discriminatorStep(gan, workers, fake.data(), zeros.data(),
                                  batch, onFake);
      fillNormal(noise, z);
      if (error.empty())
        error =
            generatorStep(gan, workers, z.data(), ones.data(), batch, fooling);
      if (!error.empty())
        return fail(error);
      dLoss += 0.5 * (onReal.loss + onFake.loss);
      dAccuracy += 0.5 * (onReal.binary_accuracy + onFake.binary_accuracy);
      gLoss += fooling.loss;
      ++batches;
      ++steps;
      double count = double(batches);
      progress.update(batches * batch, {{"d_loss", dLoss / count},
                                        {"d_accuracy", dAccuracy / count},
                                        {"g_loss", gLoss / count}});
    }
    double count = double(batches);

    if (std::string error = ex::check([&] {
          return gan.generate(gridNoise.data(), kGrid, samples.data());
        });
        !error.empty())
      return fail(error);
    char name[32];
    std::snprintf(name, sizeof name, "gan_epoch_%03lld.png",
                  (long long)epoch + 1);
    ex::GridOptions look;
    look.scale = 2;
    if (std::string error = ex::writeImageGrid(
            out + name, asImages(samples, kGrid), 10, 10, {}, look);
        !error.empty())
      return fail(error);
    if (std::string error = ex::check([&] {
          return gan.generate(judgeNoise.data(), kJudged, samples.data());
        });
        !error.empty())
      return fail(error);
    judgement = judge(cnn, samples.data(), kJudged);

    double seconds = std::chrono::duration<double>(
                         std::chrono::steady_clock::now() - epochStart)
                         .count();
    progress.endEpoch({{"d_loss", dLoss / count},
                       {"d_accuracy", dAccuracy / count},
                       {"g_loss", gLoss / count}});
    std::printf("  the judge on %lld samples: %d classes, mean top-class "
                "probability %.3f\n",
                (long long)kJudged, judgement.classes, judgement.confidence);
    history.rows.push_back({double(epoch + 1), dLoss / count, dAccuracy / count,
                            gLoss / count, double(judgement.classes),
                            judgement.confidence, seconds});
    if (std::string error = history.writeCsv(historyPath); !error.empty())
      return fail(error);
    rt::CheckpointInfo info;
    info.step = steps;
    info.epoch = epoch + 1;
    info.randomState = loader.random().state();
    info.randomIncrement = loader.random().increment();
    if (std::string error = rt::saveCheckpoint(out + "gan_discriminator.ckpt",
                                               discriminatorTrainer, info);
        !error.empty())
      return fail(error);
    if (std::string error = rt::saveCheckpoint(out + "gan_generator.ckpt",
                                               generatorTrainer, info);
        !error.empty())
      return fail(error);
  }
  double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start)
          .count();
  const std::vector<std::string> lossColumns = {"d_loss", "g_loss"};
  if (std::string error =
          ex::plotHistory(historyPath, out + "gan_loss.svg",
                          "GAN: discriminator and generator loss", lossColumns);
      !error.empty())
    return fail(error);

  bool passed = judgement.classes >= requiredClasses &&
                judgement.confidence >= requiredConfidence;
  std::printf("%lld alternations in %.1f s; the judge on %lld samples: %d "
              "classes (bar: %d), mean top-class probability %.3f (bar: "
              "%.2f) %s\n  samples per class: %s\n",
              (long long)steps, seconds, (long long)kJudged, judgement.classes,
              requiredClasses, judgement.confidence, requiredConfidence,
              passed ? "PASS" : "FAIL", formatCounts(judgement).c_str());

  // Both halves from the generator step's checkpoint (it holds every
  // parameter) in a fresh model: the same digits, the same verdicts.
  std::unique_ptr<Model> reloaded;
  if (std::string error = ex::makeModel(options.seed + 1, reloaded);
      !error.empty())
    return fail(error);
  if (std::string error = reloaded->loadParams(out + "gan_generator.ckpt");
      !error.empty())
    return fail(error);
  std::vector<float> again(samples.size());
  std::vector<float> verdict(static_cast<size_t>(kJudged));
  std::vector<float> verdictAgain(verdict.size());
  std::string error = ex::check([&] {
    return reloaded->generate(judgeNoise.data(), kJudged, again.data());
  });
  if (error.empty())
    error = ex::check([&] {
      return gan.discriminate(samples.data(), kJudged, verdict.data());
    });
  if (error.empty())
    error = ex::check([&] {
      return reloaded->discriminate(samples.data(), kJudged,
                                    verdictAgain.data());
    });
  if (!error.empty())
    return fail(error);
  bool same = std::memcmp(again.data(), samples.data(),
                          again.size() * sizeof(float)) == 0 &&
              verdict == verdictAgain;
  passed &= same;
  std::printf("reloaded from %sgan_generator.ckpt: %s samples and "
              "discriminator outputs\n",
              out.c_str(), same ? "identical" : "DIFFERENT");

  // The judge's view of the first 100 samples: its digit under each, green
  // when it is confident (probability >= 0.7), red when not.
  std::vector<ex::Caption> captions;
  for (int64_t i = 0; i < kGrid; ++i) {
    char text[16];
    std::snprintf(text, sizeof text, "%lld %.0f%%",
                  (long long)judgement.predicted[size_t(i)],
                  100.0 * judgement.top[size_t(i)]);
    captions.push_back(
        {text, judgement.top[size_t(i)] >= 0.7f ? ex::kGreen : ex::kRed});
  }
  ex::GridOptions look;
  look.scale = 2;
  if (std::string error =
          ex::writeImageGrid(out + "gan_judged.png", asImages(again, kGrid), 10,
                             10, captions, look);
      !error.empty())
    return fail(error);
  std::printf("wrote %sgan_epoch_*.png (100 samples after each epoch), "
              "gan_judged.png, gan_history.csv, gan_loss.svg\n%s\n",
              out.c_str(), passed ? "PASSED" : "FAILED");
  return passed ? 0 : 1;
}

} // namespace

int main(int argc, char **argv) {
  std::vector<char *> arguments;
  std::string judgePath;
  if (std::string error = takeJudgeOption(argc, argv, arguments, judgePath);
      !error.empty())
    return fail(error);
  ex::Options options;
  options.dataDir = DLC_EXAMPLES_MNIST_DIR;
  options.threadsAllowed = true;
#ifdef DLC_EXAMPLES_CUDA
  options.devices.push_back("cuda");
#endif
  if (std::string error =
          ex::parseOptions(int(arguments.size()), arguments.data(), options);
      !error.empty())
    return fail(error);
  if (options.help) {
    std::cout << ex::usage("dlc-example-gan",
                           "Trains the chapter's dense GAN on MNIST and "
                           "judges its digits with the chapter CNN.")
              << "  --judge F   the judge CNN's parameters (cnn.ckpt of "
                 "dlc-example-cnn) instead\n              of training it "
                 "here\n";
    return 0;
  }
  if (std::string error = ex::ensureDirectory(options.outDir); !error.empty())
    return fail(error);
  const std::string out = options.outDir + "/";

  const int64_t epochs = options.epochsOr(2, 10, 30);
  const int64_t batch = options.batchSize.value_or(64);
  // The judge's bars: the chapter's quality, or for a short run a generator
  // that has left its first single blur (which the judge reads as one
  // digit) for shapes of most classes.
  const int requiredClasses = options.byLength(6, 8, 8);
  const double requiredConfidence = options.byLength(0.3, 0.7, 0.7);

  rt::LabeledImages mnist, test;
  if (std::string error =
          rt::loadMnist(options.dataDir, rt::MnistSplit::train, mnist);
      !error.empty())
    return fail(error);
  if (std::string error =
          rt::loadMnist(options.dataDir, rt::MnistSplit::test, test);
      !error.empty())
    return fail(error);

#ifdef DLC_EXAMPLES_CUDA
  // Before the judge trains: a GPU asked for must be there.
  if (options.device == "cuda") {
    dlc::runtime::cuda::Device gpu;
    if (std::string error = dlc::runtime::cuda::Device::open(0, gpu);
        !error.empty())
      return fail(error);
  }
#endif
  MnistCnn cnn(rt::Random::seedFor(options.seed, "judge"));
  if (std::string error =
          prepareJudge(cnn, judgePath, mnist, test, options.seed);
      !error.empty())
    return fail(error);

  const int64_t n = mnist.images.shape()[0];
  rt::Tensor flat(rt::DType::f32, {n, kPixels});
  std::memcpy(flat.bytes(), mnist.images.bytes(), flat.numBytes());
  rt::Dataset real;
  if (std::string error = real.add("images", std::move(flat)); !error.empty())
    return fail(error);
  rt::BatchOptions batching{batch, /*shuffle=*/true, /*dropRemainder=*/true};
  if (std::string error = rt::checkBatchOptions(real, batching); !error.empty())
    return fail(error);
  rt::BatchLoader loader(real, batching,
                         rt::Random::seedFor(options.seed, "shuffle"));
  std::printf("\nGAN: %lld real images, %lld epochs, batches of %lld real + "
              "%lld generated images, Adam(2e-4, beta1 0.5)\n",
              (long long)n, (long long)epochs, (long long)batch,
              (long long)batch);

#ifdef DLC_EXAMPLES_CUDA
  if (options.device == "cuda")
    return trainOn<MnistGanCuda>(options, out, epochs, batch, requiredClasses,
                                 requiredConfidence, loader, cnn);
#endif
  return trainOn<MnistGan>(options, out, epochs, batch, requiredClasses,
                           requiredConfidence, loader, cnn);
}
