//===- main.cpp - A hidden layer learns XOR -------------------------------===//
//
// The chapter's 2-3-1 network as the classic NumPy code trains it: sigmoid
// units, weights and biases drawn uniformly from [0, 1), 10000 epochs of
// one backpropagation step (lr 0.1) on XOR's whole truth table. The hidden
// layer bends the decision boundary, so the network solves the problem the
// perceptron cannot.
//
// Writes into --out the loss history (history.csv) and its plot (loss.svg),
// a checkpoint (mlp.ckpt), which a new instance reloads to check that it
// predicts the same, and decision.png: the network's output over the input
// plane, its 0.5 line and the four rows of the table.
//
//===----------------------------------------------------------------------===//

#include "mlp.h"
#ifdef DLC_EXAMPLES_CUDA
#include "mlp_cuda.h"
#endif

#include "dlc/examples/Data.h"
#include "dlc/examples/Device.h"
#include "dlc/examples/Image.h"
#include "dlc/examples/Options.h"
#include "dlc/examples/Plot.h"
#include "dlc/runtime/Progress.h"
#include "dlc/runtime/Train.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <iostream>
#include <memory>
#include <string>
#include <vector>

using namespace dlc;

namespace {

constexpr int kRows = 4;

/// The picture covers inputs from kLow to kHigh on both axes, so that the
/// four rows of the table lie inside it.
constexpr int kMapSize = 200;
constexpr float kLow = -0.25f, kHigh = 1.25f;

float mapCoordinate(int pixel) {
  return kLow + (kHigh - kLow) * (float(pixel) + 0.5f) / float(kMapSize);
}

int mapPixel(float coordinate) {
  return int((coordinate - kLow) / (kHigh - kLow) * float(kMapSize));
}

/// The output as grey (black 0, white 1), the 0.5 line in red, the rows as
/// squares filled with their target's shade.
template <typename Model>
std::string writeDecisionPng(const std::string &path, Model &model,
                             const float *inputs, const float *targets) {
  std::vector<float> plane;
  for (int row = 0; row < kMapSize; ++row)
    for (int column = 0; column < kMapSize; ++column) {
      // x2 grows upwards, as on paper.
      plane.push_back(mapCoordinate(column));
      plane.push_back(mapCoordinate(kMapSize - 1 - row));
    }
  std::vector<float> map(size_t(kMapSize) * kMapSize);
  if (std::string error = examples::check([&] {
        return model.predict(plane.data(), kMapSize * kMapSize, map.data());
      });
      !error.empty())
    return error;

  constexpr int border = 10, captionScale = 3;
  constexpr int captionHeight = examples::kGlyphHeight * captionScale + 10;
  examples::Image image(border + kMapSize + border,
                        border + captionHeight + kMapSize + border, 3,
                        examples::kWhite);
  std::string_view caption = "XOR";
  examples::drawText(
      image,
      border + (kMapSize - examples::textWidth(caption, captionScale)) / 2,
      border, caption, examples::kBlack, captionScale);
  int top = border + captionHeight;
  auto above = [&](int row, int column) {
    return map[size_t(row) * kMapSize + size_t(column)] >= 0.5f;
  };
  for (int row = 0; row < kMapSize; ++row)
    for (int column = 0; column < kMapSize; ++column) {
      auto shade = uint8_t(
          std::lround(255 * map[size_t(row) * kMapSize + size_t(column)]));
      bool edge =
          (column + 1 < kMapSize &&
           above(row, column) != above(row, column + 1)) ||
          (row + 1 < kMapSize && above(row, column) != above(row + 1, column));
      image.set(border + column, top + row,
                edge ? examples::kRed : examples::Rgb{shade, shade, shade});
    }
  for (int sample = 0; sample < kRows; ++sample) {
    int x = border + mapPixel(inputs[2 * sample]);
    int y = top + kMapSize - 1 - mapPixel(inputs[2 * sample + 1]);
    uint8_t shade = targets[sample] > 0.5f ? 255 : 0;
    image.fill(x - 7, y - 7, 15, 15, examples::kRed);
    image.fill(x - 5, y - 5, 11, 11, {shade, shade, shade});
  }
  return examples::writePng(path, image);
}

/// One step of `model` (Mlp or MlpCuda) on the truth table.
std::string trainStep(Mlp &model, const float *x, const float *y,
                      Mlp::TrainStepResult &result) {
  result = model.train_step(x, y, kRows);
  return "";
}
#ifdef DLC_EXAMPLES_CUDA
std::string trainStep(MlpCuda &model, const float *x, const float *y,
                      MlpCuda::TrainStepResult &result) {
  return model.train_step(x, y, kRows, result);
}
#endif

/// Trains, reports and reloads a `Model` (Mlp or MlpCuda).
template <typename Model>
std::string trainOn(const examples::Options &options, bool &passed) {
  // The whole run takes milliseconds, so the short run is the full one.
  int64_t epochs = options.epochsOr(10000, 10000, 10000);
  runtime::Dataset table = examples::truthTable(examples::Gate::Xor);
  const float *x = table.tensor(0).values<float>().data();
  const float *y = table.tensor(1).values<float>().data();

  std::unique_ptr<Model> created;
  if (std::string error = examples::makeModel(options.seed, created);
      !error.empty())
    return error;
  Model &model = *created;
  std::cout << "XOR: " << epochs
            << " epochs of one step on the whole truth table\n";
  // Each epoch is one full-batch step of four rows, far too short for a
  // bar of its own: the bar spans the run, its samples every epoch's rows.
  runtime::Progress progress(std::cout, runtime::stdoutIsTerminal(), 1,
                             epochs * kRows);
  progress.startEpoch(0);
  runtime::History history;
  history.columns = {"epoch", "loss", "binary_accuracy"};
  typename Model::TrainStepResult step{};
  for (int64_t epoch = 0; epoch < epochs; ++epoch) {
    if (std::string error = trainStep(model, x, y, step); !error.empty())
      return error;
    history.rows.push_back(
        {double(epoch + 1), step.loss, step.binary_accuracy});
    progress.update((epoch + 1) * kRows, {{"loss", step.loss}});
  }
  progress.endEpoch(
      {{"loss", step.loss}, {"binary_accuracy", step.binary_accuracy}});

  float outputs[kRows];
  if (std::string error =
          examples::check([&] { return model.predict(x, kRows, outputs); });
      !error.empty())
    return error;
  std::printf("Output after training:\n");
  double meanSquaredError = 0;
  int right = 0;
  for (int sample = 0; sample < kRows; ++sample) {
    std::printf("%s[%.8f]%s\n", sample ? " " : "[", outputs[sample],
                sample + 1 < kRows ? "" : "]");
    meanSquaredError +=
        (outputs[sample] - y[sample]) * (outputs[sample] - y[sample]) / kRows;
    right += (outputs[sample] >= 0.5f) == (y[sample] > 0.5f);
  }
  std::printf("%d of 4 rows on the right side of 0.5, mean squared error "
              "%.6f\n",
              right, meanSquaredError);
  passed = right == kRows && meanSquaredError < 0.01;

  std::string out = options.outDir + "/";
  if (std::string error = history.writeCsv(out + "history.csv"); !error.empty())
    return error;
  examples::Series curve;
  curve.name = "loss";
  // The first epoch and every tenth keep the curve's shape and the SVG
  // small.
  for (size_t row = 0; row < history.rows.size(); row = row ? row + 10 : 9) {
    curve.xs.push_back(history.rows[row][0]);
    curve.ys.push_back(history.rows[row][1]);
  }
  if (std::string error = examples::writeLinePlot(
          out + "loss.svg",
          "MLP on XOR: loss per epoch (half the summed squared error)", "epoch",
          "loss", {&curve, 1});
      !error.empty())
    return error;

  typename Model::TrainStepTrainer trainer(model);
  runtime::CheckpointInfo info;
  info.step = epochs;
  info.epoch = epochs;
  if (std::string error =
          runtime::saveCheckpoint(out + "mlp.ckpt", trainer, info);
      !error.empty())
    return error;
  // Another seed, so that only the checkpoint can make the outputs agree.
  std::unique_ptr<Model> reloaded;
  if (std::string error = examples::makeModel(options.seed + 1, reloaded);
      !error.empty())
    return error;
  if (std::string error = reloaded->loadParams(out + "mlp.ckpt");
      !error.empty())
    return error;
  float again[kRows];
  if (std::string error =
          examples::check([&] { return reloaded->predict(x, kRows, again); });
      !error.empty())
    return error;
  if (std::memcmp(again, outputs, sizeof(again)) != 0)
    return out + "mlp.ckpt: the reloaded network predicts differently";

  if (std::string error =
          writeDecisionPng(out + "decision.png", *reloaded, x, y);
      !error.empty())
    return error;
  std::cout << "Wrote " << out
            << "{history.csv, loss.svg, decision.png, mlp.ckpt}\n"
            << "The checkpoint reloaded into a new network predicts the same "
               "outputs.\n";
  return "";
}

std::string run(const examples::Options &options, bool &passed) {
  if (std::string error = examples::ensureDirectory(options.outDir);
      !error.empty())
    return error;
#ifdef DLC_EXAMPLES_CUDA
  if (options.device == "cuda")
    return trainOn<MlpCuda>(options, passed);
#endif
  return trainOn<Mlp>(options, passed);
}

} // namespace

int main(int argc, char **argv) {
  examples::Options defaults;
#ifdef DLC_EXAMPLES_CUDA
  defaults.devices.push_back("cuda");
#endif
  return examples::runExample(
      argc, argv, "dlc-example-mlp",
      "Trains the chapter's 2-3-1 network on XOR (lr 0.1, 10000 epochs).\n"
      "--batch and --data are ignored: every step takes the whole truth "
      "table.",
      run,
      "XOR is not solved (every row on the right side of 0.5 and a mean "
      "squared error under 0.01)",
      defaults);
}
