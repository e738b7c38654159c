//===- main.cpp - The chapter RNN forecasts sine waves --------------------===//
//
// Trains SimpleRNN(50, relu) + Dense(1) and its LSTM and GRU variants, all
// compiled ahead of time from model.mlir, to predict the value that follows
// a window of 50 steps of a noisy sine wave of random frequency and phase,
// and compares each with the naive forecast that repeats the last value.
// Writes each variant's loss history (CSV and SVG), a checkpoint of the
// trained parameters that it reloads to check that the predictions come
// back identical, and a plot of a test wave continued by every variant.
//
//===----------------------------------------------------------------------===//

#include "sine_rnn.h"
#ifdef DLC_EXAMPLES_CUDA
#include "sine_rnn_cuda.h"
#endif

#include "dlc/examples/Data.h"
#include "dlc/examples/Device.h"
#include "dlc/examples/Options.h"
#include "dlc/examples/Plot.h"
#include "dlc/runtime/Progress.h"
#include "dlc/runtime/ThreadPool.h"
#include "dlc/runtime/Train.h"

#include <chrono>
#include <cstdio>
#include <cstring>
#include <iostream>
#include <memory>
#include <optional>
#include <numbers>
#include <string>
#include <vector>

namespace rt = dlc::runtime;
namespace ex = dlc::examples;

namespace {

constexpr int64_t kSteps = 50;

/// One recurrent layer of `Model` (SineRnn, or SineRnnCuda on a GPU) and
/// the entry points that use it.
template <typename Model> struct Variant {
  const char *name;
  const char *title;
  std::string (*predict)(Model &, const float *, int64_t, float *);
  std::unique_ptr<rt::TrainStep> (*trainer)(Model &);
  const char *colour;
};

template <typename Model> std::vector<Variant<Model>> variants() {
  return {
      {"simple_rnn", "SimpleRNN(50, relu)",
       [](Model &m, const float *x, int64_t n, float *y) {
         return ex::check([&] { return m.predict(x, n, y); });
       },
       [](Model &m) -> std::unique_ptr<rt::TrainStep> {
         return std::make_unique<typename Model::TrainStepTrainer>(m);
       },
       "#d62728"},
      {"lstm", "LSTM(50)",
       [](Model &m, const float *x, int64_t n, float *y) {
         return ex::check([&] { return m.predict_lstm(x, n, y); });
       },
       [](Model &m) -> std::unique_ptr<rt::TrainStep> {
         return std::make_unique<typename Model::TrainLstmTrainer>(m);
       },
       "#2ca02c"},
      {"gru", "GRU(50)",
       [](Model &m, const float *x, int64_t n, float *y) {
         return ex::check([&] { return m.predict_gru(x, n, y); });
       },
       [](Model &m) -> std::unique_ptr<rt::TrainStep> {
         return std::make_unique<typename Model::TrainGruTrainer>(m);
       },
       "#9467bd"},
  };
}

int fail(const std::string &message) {
  std::fprintf(stderr, "dlc-example-rnn: %s\n", message.c_str());
  return 1;
}

/// The variant's prediction for every window of `data`'s "sequences".
template <typename Model>
std::string predictAll(Model &model, const Variant<Model> &variant,
                       const rt::Dataset &data, std::vector<float> &y) {
  const rt::Tensor &x = *data.find("sequences");
  y.assign(size_t(data.size()), 0.0f);
  return variant.predict(model, x.values<float>().data(), data.size(),
                         y.data());
}

/// The mean squared difference between `predictions` and `targets`.
double mse(std::span<const float> predictions, std::span<const float> targets) {
  double sum = 0;
  for (size_t i = 0; i < targets.size(); ++i) {
    double d = double(predictions[i]) - double(targets[i]);
    sum += d * d;
  }
  return sum / double(targets.size());
}

/// Plots a test wave: its first 50 steps (the window the models see), the
/// steps that follow, and each variant's forecast of them, one step ahead
/// from the true window ("one-step") and, in `freeRunning`, feeding its own
/// predictions back (the harder task of continuing the wave alone).
template <typename Model>
std::string plotContinuation(Model &model, uint64_t seed,
                             const std::string &oneStepPath,
                             const std::string &freeRunningPath) {
  constexpr int64_t kAhead = 50;
  rt::Random random(rt::Random::seedFor(seed, "plot-wave"));
  double frequency = random.uniform(0.02, 0.07);
  double phase = random.uniform(0, 2 * std::numbers::pi);
  ex::SineOptions sine;
  std::vector<float> wave =
      ex::sineWave(kSteps + kAhead, frequency, phase, sine.noise, random);

  ex::Series window{"input window", {}, {}, "#1f77b4", false};
  ex::Series future{"continuation", {}, {}, "#7f7f7f", true};
  for (int64_t t = 0; t < kSteps + kAhead; ++t) {
    ex::Series &series = t < kSteps ? window : future;
    series.xs.push_back(double(t));
    series.ys.push_back(wave[size_t(t)]);
  }
  future.xs.insert(future.xs.begin(), double(kSteps - 1));
  future.ys.insert(future.ys.begin(), wave[size_t(kSteps - 1)]);

  std::vector<ex::Series> oneStep{window, future}, freeRunning{window, future};
  for (const Variant<Model> &variant : variants<Model>()) {
    // Every window of the wave that ends before a continuation step.
    std::vector<float> windows;
    for (int64_t t = kSteps; t < kSteps + kAhead; ++t)
      windows.insert(windows.end(), wave.begin() + (t - kSteps),
                     wave.begin() + t);
    std::vector<float> forecast(static_cast<size_t>(kAhead));
    if (std::string error =
            variant.predict(model, windows.data(), kAhead, forecast.data());
        !error.empty())
      return error;
    ex::Series series{variant.title, {}, {}, variant.colour, false};
    for (int64_t i = 0; i < kAhead; ++i) {
      series.xs.push_back(double(kSteps + i));
      series.ys.push_back(forecast[size_t(i)]);
    }
    oneStep.push_back(std::move(series));

    std::vector<float> history(wave.begin(), wave.begin() + kSteps);
    ex::Series own{variant.title, {}, {}, variant.colour, false};
    for (int64_t i = 0; i < kAhead; ++i) {
      float value = 0;
      if (std::string error =
              variant.predict(model, history.data() + i, 1, &value);
          !error.empty())
        return error;
      history.push_back(value);
      own.xs.push_back(double(kSteps + i));
      own.ys.push_back(value);
    }
    freeRunning.push_back(std::move(own));
  }
  char title[160];
  std::snprintf(title, sizeof title,
                "A test wave (%.3f cycles/step) and its one-step forecasts",
                frequency);
  if (std::string error =
          ex::writeLinePlot(oneStepPath, title, "step", "value", oneStep);
      !error.empty())
    return error;
  return ex::writeLinePlot(
      freeRunningPath, "The same wave continued from the models' own output",
      "step", "value", freeRunning);
}

/// Trains, checks and reloads each variant of a `Model` (SineRnn or
/// SineRnnCuda); returns the exit status.
template <typename Model>
int trainOn(const ex::Options &options, const std::string &out, int64_t epochs,
            int64_t batch, double requiredFactor, double baseline,
            const rt::Dataset &train, const rt::Dataset &validation,
            const rt::Dataset &test) {
  std::unique_ptr<Model> created;
  if (std::string error = ex::makeModel(options.seed, created); !error.empty())
    return fail(error);
  Model &model = *created;
  std::vector<std::vector<float>> predictions;
  bool passed = true;
  for (const Variant<Model> &variant : variants<Model>()) {
    std::printf("\n%s + Dense(1): %lld epochs, batch %lld, Adam\n",
                variant.title, (long long)epochs, (long long)batch);
    std::unique_ptr<rt::TrainStep> trainer = variant.trainer(model);
    rt::FitOptions fit;
    fit.epochs = epochs;
    fit.batch.batchSize = batch;
    fit.seed = options.seed;
    fit.validation = &validation;
    fit.historyPath = out + "rnn_" + variant.name + "_history.csv";
    fit.checkpointPath = out + "rnn_" + variant.name + ".ckpt";
    fit.out = &std::cout;
    fit.terminal = rt::stdoutIsTerminal();
    std::optional<rt::ThreadPool> pool;
    if (options.threadCount() > 1)
      fit.threads = &pool.emplace(options.threadCount());
    rt::History history;
    auto start = std::chrono::steady_clock::now();
    if (std::string error = rt::fit(*trainer, train, fit, history);
        !error.empty())
      return fail(error);
    double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start)
            .count();
    if (std::string error = ex::plotHistory(
            fit.historyPath, out + "rnn_" + variant.name + "_loss.svg",
            std::string(variant.title) + " + Dense(1): mean squared error");
        !error.empty())
      return fail(error);

    std::vector<double> results;
    if (std::string error = rt::evaluate(*trainer, test, 256, results);
        !error.empty())
      return fail(error);
    if (std::string error =
            predictAll(model, variant, test, predictions.emplace_back());
        !error.empty())
      return fail(error);
    double factor = baseline / results[0];
    bool ok = factor >= requiredFactor;
    passed &= ok;
    std::printf("%s: test MSE %.5f, %.1fx below the baseline (bar: %.0fx) "
                "%s; %.1f s training\n",
                variant.title, results[0], factor, requiredFactor,
                ok ? "PASS" : "FAIL", seconds);
  }

  // The trained parameters, reloaded into a fresh model, must forecast
  // exactly as the model that trained them.
  const std::string paramsPath = out + "rnn.params";
  if (std::string error = model.saveParams(paramsPath); !error.empty())
    return fail(error);
  std::unique_ptr<Model> reloaded;
  if (std::string error = ex::makeModel(options.seed + 1, reloaded);
      !error.empty())
    return fail(error);
  if (std::string error = reloaded->loadParams(paramsPath); !error.empty())
    return fail(error);
  std::vector<Variant<Model>> all = variants<Model>();
  for (size_t i = 0; i < all.size(); ++i) {
    std::vector<float> again;
    if (std::string error = predictAll(*reloaded, all[i], test, again);
        !error.empty())
      return fail(error);
    bool same = std::memcmp(again.data(), predictions[i].data(),
                            again.size() * sizeof(float)) == 0;
    passed &= same;
    std::printf("%s reloaded from %s: %s predictions (test MSE %.5f)\n",
                all[i].title, paramsPath.c_str(),
                same ? "identical" : "DIFFERENT",
                mse(again, test.find("targets")->values<float>()));
  }

  if (std::string error =
          plotContinuation(*reloaded, options.seed, out + "rnn_prediction.svg",
                           out + "rnn_free_running.svg");
      !error.empty())
    return fail(error);
  std::printf("\nwrote %srnn_prediction.svg, %srnn_free_running.svg, the "
              "loss histories and plots (rnn_<variant>_history.csv, "
              "_loss.svg) and checkpoints\n%s\n",
              out.c_str(), out.c_str(), passed ? "PASSED" : "FAILED");
  return passed ? 0 : 1;
}

} // namespace

int main(int argc, char **argv) {
  ex::Options options;
  options.threadsAllowed = true;
#ifdef DLC_EXAMPLES_CUDA
  options.devices.push_back("cuda");
#endif
  if (std::string error = ex::parseOptions(argc, argv, options); !error.empty())
    return fail(error);
  if (options.help) {
    std::cout << ex::usage(
        "dlc-example-rnn",
        "Trains SimpleRNN(50, relu), LSTM(50) and GRU(50), each with a "
        "Dense(1) head, to\npredict the next value of noisy sine waves, and "
        "compares them with repeating\nthe last value.");
    return 0;
  }
  if (std::string error = ex::ensureDirectory(options.outDir); !error.empty())
    return fail(error);
  const std::string out = options.outDir + "/";

  const int64_t epochs = options.epochsOr(4, 10, 20);
  const int64_t batch = options.batchSize.value_or(32);
  ex::SineOptions sine;
  sine.samples = options.byLength<int64_t>(3000, 5000, 10000);
  // The bar each variant's test MSE must clear, as a factor below the
  // repeat-last-value baseline: the chapter's 10x, or a sign of learning in
  // a short run.
  const double requiredFactor = options.byLength(3.0, 5.0, 10.0);

  rt::Dataset all, train, validation, test;
  if (std::string error = ex::makeSineData(
          sine, rt::Random::seedFor(options.seed, "train"), all);
      !error.empty())
    return fail(error);
  if (std::string error = rt::splitValidation(all, 0.1, train, validation);
      !error.empty())
    return fail(error);
  ex::SineOptions testSine = sine;
  testSine.samples = 1000;
  if (std::string error = ex::makeSineData(
          testSine, rt::Random::seedFor(options.seed, "test"), test);
      !error.empty())
    return fail(error);
  double baseline = 0;
  if (std::string error = ex::repeatLastValueMse(test, baseline);
      !error.empty())
    return fail(error);
  std::printf("%lld training, %lld validation and %lld test windows of %lld "
              "steps; repeating the last value: test MSE %.5f\n",
              (long long)train.size(), (long long)validation.size(),
              (long long)test.size(), (long long)kSteps, baseline);

#ifdef DLC_EXAMPLES_CUDA
  if (options.device == "cuda")
    return trainOn<SineRnnCuda>(options, out, epochs, batch, requiredFactor,
                                baseline, train, validation, test);
#endif
  return trainOn<SineRnn>(options, out, epochs, batch, requiredFactor, baseline,
                          train, validation, test);
}
