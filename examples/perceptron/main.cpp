//===- main.cpp - The perceptron learns logic gates -----------------------===//
//
// The chapter's single-layer network as the classic NumPy code trains it:
// one sigmoid unit, weights and bias drawn uniformly from [0, 1), 10000
// epochs of one delta-rule step (lr 0.1) on the whole truth table. A fresh
// instance learns each of XOR, AND and OR. AND and OR are linearly
// separable and come out right; XOR is not: no line splits its ones from
// its zeros, so the unit settles near 0.5 everywhere, the limitation the
// next chapter's hidden layer removes.
//
// Writes into --out, per gate, its loss history (<GATE>-history.csv) and a
// checkpoint (<GATE>.ckpt), which a new instance reloads to check that it
// predicts the same; and loss.svg (the three loss curves) and
// decision.png (the unit's output over the input plane, its 0.5 line and
// the four rows of each table).
//
//===----------------------------------------------------------------------===//

#include "perceptron.h"
#ifdef DLC_EXAMPLES_CUDA
#include "perceptron_cuda.h"
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
using examples::Gate;

namespace {

constexpr int kRows = 4;

struct GateResult {
  Gate gate;
  /// Per epoch: the epoch, the loss and the accuracy before its step.
  runtime::History history;
  float outputs[kRows];
  float targets[kRows];
  float inputs[2 * kRows];
  /// The unit's output over the input plane, for decision.png.
  std::vector<float> map;
};

/// The picture of one gate covers inputs from kLow to kHigh on both axes,
/// so that the four rows of the table lie inside it.
constexpr int kMapSize = 150;
constexpr float kLow = -0.25f, kHigh = 1.25f;

float mapCoordinate(int pixel) {
  return kLow + (kHigh - kLow) * (float(pixel) + 0.5f) / float(kMapSize);
}

int mapPixel(float coordinate) {
  return int((coordinate - kLow) / (kHigh - kLow) * float(kMapSize));
}

/// One step of `model` (Perceptron or PerceptronCuda) on a truth table.
std::string trainStep(Perceptron &model, const float *x, const float *y,
                      Perceptron::TrainStepResult &result) {
  result = model.train_step(x, y, kRows);
  return "";
}
#ifdef DLC_EXAMPLES_CUDA
std::string trainStep(PerceptronCuda &model, const float *x, const float *y,
                      PerceptronCuda::TrainStepResult &result) {
  return model.train_step(x, y, kRows, result);
}
#endif

/// Trains a fresh perceptron (a `Model`: Perceptron or PerceptronCuda) on
/// `gate` and checks that a reloaded checkpoint predicts the same.
template <typename Model>
std::string trainGate(Gate gate, const examples::Options &options,
                      int64_t epochs, GateResult &result) {
  std::string name(examples::gateName(gate));
  runtime::Dataset table = examples::truthTable(gate);
  const float *x = table.tensor(0).values<float>().data();
  const float *y = table.tensor(1).values<float>().data();
  std::copy_n(x, 2 * kRows, result.inputs);
  std::copy_n(y, kRows, result.targets);
  result.gate = gate;

  std::unique_ptr<Model> created;
  if (std::string error = examples::makeModel(options.seed, created);
      !error.empty())
    return error;
  Model &model = *created;
  std::cout << name << ": " << epochs
            << " epochs of one step on the whole truth table\n";
  // Each epoch is one full-batch step of four rows, far too short for a
  // bar of its own: the bar spans the run, its samples every epoch's rows.
  runtime::Progress progress(std::cout, runtime::stdoutIsTerminal(), 1,
                             epochs * kRows);
  progress.startEpoch(0);
  result.history.columns = {"epoch", "loss", "binary_accuracy"};
  typename Model::TrainStepResult step{};
  for (int64_t epoch = 0; epoch < epochs; ++epoch) {
    if (std::string error = trainStep(model, x, y, step); !error.empty())
      return error;
    result.history.rows.push_back(
        {double(epoch + 1), step.loss, step.binary_accuracy});
    progress.update((epoch + 1) * kRows, {{"loss", step.loss}});
  }
  progress.endEpoch(
      {{"loss", step.loss}, {"binary_accuracy", step.binary_accuracy}});
  if (std::string error = examples::check(
          [&] { return model.predict(x, kRows, result.outputs); });
      !error.empty())
    return error;

  std::string prefix = options.outDir + "/" + name;
  if (std::string error = result.history.writeCsv(prefix + "-history.csv");
      !error.empty())
    return error;
  typename Model::TrainStepTrainer trainer(model);
  runtime::CheckpointInfo info;
  info.step = epochs;
  info.epoch = epochs;
  if (std::string error =
          runtime::saveCheckpoint(prefix + ".ckpt", trainer, info);
      !error.empty())
    return error;

  // Another seed, so that only the checkpoint can make the outputs agree.
  std::unique_ptr<Model> reloaded;
  if (std::string error = examples::makeModel(options.seed + 1, reloaded);
      !error.empty())
    return error;
  if (std::string error = reloaded->loadParams(prefix + ".ckpt");
      !error.empty())
    return error;
  float again[kRows];
  if (std::string error =
          examples::check([&] { return reloaded->predict(x, kRows, again); });
      !error.empty())
    return error;
  if (std::memcmp(again, result.outputs, sizeof(again)) != 0)
    return prefix + ".ckpt: the reloaded perceptron predicts differently";

  std::vector<float> plane;
  for (int row = 0; row < kMapSize; ++row)
    for (int column = 0; column < kMapSize; ++column) {
      // x2 grows upwards, as on paper.
      plane.push_back(mapCoordinate(column));
      plane.push_back(mapCoordinate(kMapSize - 1 - row));
    }
  result.map.resize(size_t(kMapSize) * kMapSize);
  return examples::check([&] {
    return reloaded->predict(plane.data(), kMapSize * kMapSize,
                             result.map.data());
  });
}

/// One panel per gate: the output as grey (black 0, white 1), the 0.5
/// line in red, the rows as squares filled with their target's shade.
std::string writeDecisionPng(const std::string &path,
                             const std::vector<GateResult> &results) {
  constexpr int border = 10, captionScale = 3;
  constexpr int captionHeight = examples::kGlyphHeight * captionScale + 10;
  int width = border + int(results.size()) * (kMapSize + border);
  int height = border + captionHeight + kMapSize + border;
  examples::Image image(width, height, 3, examples::kWhite);
  for (size_t panel = 0; panel < results.size(); ++panel) {
    const GateResult &result = results[panel];
    int left = border + int(panel) * (kMapSize + border);
    int top = border + captionHeight;
    std::string_view name = examples::gateName(result.gate);
    examples::drawText(
        image, left + (kMapSize - examples::textWidth(name, captionScale)) / 2,
        border, name, examples::kBlack, captionScale);
    auto [lowest, highest] = std::ranges::minmax(result.map);
    // A flat map (XOR's) has no boundary: its 0.5 line would trace rounding.
    bool flat = highest - lowest < 0.01f;
    auto above = [&](int row, int column) {
      return result.map[size_t(row) * kMapSize + size_t(column)] >= 0.5f;
    };
    for (int row = 0; row < kMapSize; ++row)
      for (int column = 0; column < kMapSize; ++column) {
        auto shade = uint8_t(std::lround(
            255 * result.map[size_t(row) * kMapSize + size_t(column)]));
        bool edge = !flat && ((column + 1 < kMapSize &&
                               above(row, column) != above(row, column + 1)) ||
                              (row + 1 < kMapSize &&
                               above(row, column) != above(row + 1, column)));
        image.set(left + column, top + row,
                  edge ? examples::kRed : examples::Rgb{shade, shade, shade});
      }
    for (int sample = 0; sample < kRows; ++sample) {
      int x = left + mapPixel(result.inputs[2 * sample]);
      int y = top + kMapSize - 1 - mapPixel(result.inputs[2 * sample + 1]);
      uint8_t shade = result.targets[sample] > 0.5f ? 255 : 0;
      image.fill(x - 7, y - 7, 15, 15, examples::kRed);
      image.fill(x - 5, y - 5, 11, 11, {shade, shade, shade});
    }
  }
  return examples::writePng(path, image);
}

std::string run(const examples::Options &options, bool &passed) {
  if (std::string error = examples::ensureDirectory(options.outDir);
      !error.empty())
    return error;
  // The whole run takes milliseconds, so the short run is the full one.
  int64_t epochs = options.epochsOr(10000, 10000, 10000);
  std::vector<GateResult> results;
  std::vector<examples::Series> curves;
  for (Gate gate : {Gate::Xor, Gate::And, Gate::Or}) {
    GateResult &result = results.emplace_back();
#ifdef DLC_EXAMPLES_CUDA
    std::string error =
        options.device == "cuda"
            ? trainGate<PerceptronCuda>(gate, options, epochs, result)
            : trainGate<Perceptron>(gate, options, epochs, result);
#else
    std::string error = trainGate<Perceptron>(gate, options, epochs, result);
#endif
    if (!error.empty())
      return error;
    examples::Series &curve = curves.emplace_back();
    curve.name = examples::gateName(gate);
    // The first epoch and every tenth keep the curve's shape and the SVG
    // small.
    const auto &rows = result.history.rows;
    for (size_t row = 0; row < rows.size(); row = row ? row + 10 : 9) {
      curve.xs.push_back(rows[row][0]);
      curve.ys.push_back(rows[row][1]);
    }

    int right = 0;
    std::printf("  x1 x2  target  output\n");
    for (int sample = 0; sample < kRows; ++sample) {
      bool correct =
          (result.outputs[sample] >= 0.5f) == (result.targets[sample] > 0.5f);
      right += correct;
      std::printf("   %g  %g  %6g  %.4f%s\n", result.inputs[2 * sample],
                  result.inputs[2 * sample + 1], result.targets[sample],
                  result.outputs[sample], correct ? "" : "  wrong");
    }
    std::printf("  %d of 4 rows right\n", right);
    if (gate == Gate::Xor) {
      float farthest = 0;
      for (float output : result.outputs)
        farthest = std::max(farthest, std::fabs(output - 0.5f));
      std::printf("  XOR is not linearly separable: a single unit cannot "
                  "learn it and hedges, every output within %.2f of 0.5\n\n",
                  farthest);
      // The chapter's point: the unit fails, and fails by hedging.
      passed &= right < kRows && farthest < 0.2f;
    } else {
      std::printf("  %s is linearly separable: learnt\n\n",
                  std::string(examples::gateName(gate)).c_str());
      passed &= right == kRows;
    }
    std::cout << std::flush;
  }
  if (std::string error = examples::writeLinePlot(
          options.outDir + "/loss.svg",
          "Perceptron: loss per epoch (half the summed squared error)", "epoch",
          "loss", curves);
      !error.empty())
    return error;
  if (std::string error =
          writeDecisionPng(options.outDir + "/decision.png", results);
      !error.empty())
    return error;
  std::cout << "Wrote " << options.outDir
            << "/{loss.svg, decision.png, <GATE>-history.csv, <GATE>.ckpt}\n"
            << "Each checkpoint reloaded into a new perceptron predicts the "
               "same outputs.\n";
  return "";
}

} // namespace

int main(int argc, char **argv) {
  examples::Options defaults;
#ifdef DLC_EXAMPLES_CUDA
  defaults.devices.push_back("cuda");
#endif
  return examples::runExample(
      argc, argv, "dlc-example-perceptron",
      "Trains the chapter's perceptron on XOR, AND and OR (lr 0.1, 10000 "
      "epochs).\n--batch and --data are ignored: every step takes the "
      "whole truth table.",
      run,
      "the results differ from the chapter's (AND and OR right, XOR near "
      "0.5)",
      defaults);
}
