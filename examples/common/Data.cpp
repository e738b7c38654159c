//===- Data.cpp - The examples' generated data sets -----------------------===//

#include "dlc/examples/Data.h"

#include "dlc/runtime/Npy.h"

#include <algorithm>
#include <cmath>
#include <numbers>

namespace dlc::examples {

using runtime::Dataset;
using runtime::DType;
using runtime::Random;
using runtime::Tensor;

std::string_view gateName(Gate gate) {
  switch (gate) {
  case Gate::And:
    return "AND";
  case Gate::Or:
    return "OR";
  case Gate::Xor:
    return "XOR";
  }
  return "?";
}

Dataset truthTable(Gate gate) {
  Tensor inputs(DType::f32, {4, 2});
  Tensor targets(DType::f32, {4, 1});
  std::span<float> x = inputs.values<float>(), y = targets.values<float>();
  for (int row = 0; row < 4; ++row) {
    bool a = row & 2, b = row & 1;
    x[2 * row] = a;
    x[2 * row + 1] = b;
    switch (gate) {
    case Gate::And:
      y[row] = a && b;
      break;
    case Gate::Or:
      y[row] = a || b;
      break;
    case Gate::Xor:
      y[row] = a != b;
      break;
    }
  }
  Dataset data;
  // Two tensors of four samples under distinct names: add cannot fail.
  (void)data.add("inputs", std::move(inputs));
  (void)data.add("targets", std::move(targets));
  return data;
}

std::vector<float> sineWave(int64_t length, double frequency, double phase,
                            double noise, Random &random) {
  std::vector<float> wave;
  wave.reserve(size_t(std::max<int64_t>(length, 0)));
  for (int64_t t = 0; t < length; ++t)
    wave.push_back(
        float(std::sin(2 * std::numbers::pi * frequency * double(t) + phase) +
              noise * random.normal()));
  return wave;
}

std::string makeSineData(const SineOptions &options, uint64_t seed,
                         Dataset &data) {
  if (options.samples < 1 || options.steps < 1)
    return "sine data: " + std::to_string(options.samples) + " samples of " +
           std::to_string(options.steps) +
           " steps; expected at least one of each";
  if (!(0 <= options.minFrequency &&
        options.minFrequency <= options.maxFrequency))
    return "sine data: the frequency range [" +
           std::to_string(options.minFrequency) + ", " +
           std::to_string(options.maxFrequency) + "] is empty or negative";
  if (!(options.noise >= 0))
    return "sine data: the noise's standard deviation " +
           std::to_string(options.noise) + " is negative";

  Tensor sequences(DType::f32, {options.samples, options.steps, 1});
  Tensor targets(DType::f32, {options.samples, 1});
  std::span<float> x = sequences.values<float>(), y = targets.values<float>();
  Random random(Random::seedFor(seed, "sine-data"));
  for (int64_t n = 0; n < options.samples; ++n) {
    double frequency =
        random.uniform(options.minFrequency, options.maxFrequency);
    double phase = random.uniform(0, 2 * std::numbers::pi);
    std::vector<float> wave =
        sineWave(options.steps + 1, frequency, phase, options.noise, random);
    std::copy(wave.begin(), wave.end() - 1, x.begin() + n * options.steps);
    y[size_t(n)] = wave.back();
  }
  data = Dataset();
  if (std::string error = data.add("sequences", std::move(sequences));
      !error.empty())
    return "sine data: " + error;
  if (std::string error = data.add("targets", std::move(targets));
      !error.empty())
    return "sine data: " + error;
  return "";
}

std::string repeatLastValueMse(const Dataset &data, double &mse) {
  const Tensor *sequences = data.find("sequences");
  const Tensor *targets = data.find("targets");
  if (!sequences || !targets)
    return "repeat-last-value baseline: the data set needs tensors "
           "\"sequences\" and \"targets\"";
  if (sequences->dtype() != DType::f32 || targets->dtype() != DType::f32 ||
      sequences->rank() != 3 || sequences->shape()[1] < 1 ||
      sequences->shape()[2] != 1 || targets->rank() != 2 ||
      targets->shape()[1] != 1)
    return std::string("repeat-last-value baseline: sequences ") +
           runtime::dtypeName(sequences->dtype()) + " " +
           runtime::formatShape(sequences->shape()) + " and targets " +
           runtime::dtypeName(targets->dtype()) + " " +
           runtime::formatShape(targets->shape()) +
           "; expected float32 [N, T, 1] with T >= 1 and float32 [N, 1]";
  int64_t samples = data.size(), steps = sequences->shape()[1];
  if (samples < 1)
    return "repeat-last-value baseline: the data set is empty";
  std::span<const float> x = sequences->values<float>();
  std::span<const float> y = targets->values<float>();
  double sum = 0;
  for (int64_t n = 0; n < samples; ++n) {
    double error =
        double(y[size_t(n)]) - double(x[size_t(n * steps + steps - 1)]);
    sum += error * error;
  }
  mse = sum / double(samples);
  return "";
}

} // namespace dlc::examples
