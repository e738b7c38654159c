//===- Data.h - The examples' generated data sets -------------------------===//
//
// The perceptron learns truth tables and the RNN noisy sine waves; both are
// made here from a seed rather than downloaded, so that every run (and every
// test) sees the same data.
//
//===----------------------------------------------------------------------===//

#ifndef DLC_EXAMPLES_DATA_H
#define DLC_EXAMPLES_DATA_H

#include "dlc/runtime/Dataset.h"
#include "dlc/runtime/Random.h"

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace dlc::examples {

enum class Gate { And, Or, Xor };

/// "AND", "OR", "XOR".
std::string_view gateName(Gate gate);

/// The gate's truth table: "inputs" [4, 2] f32 with rows 00, 01, 10, 11,
/// and "targets" [4, 1] f32 holding the gate's output (0 or 1) for each.
runtime::Dataset truthTable(Gate gate);

struct SineOptions {
  int64_t samples = 10000;
  /// Steps per window; the target is the step after the window.
  int64_t steps = 50;
  /// The frequency of each wave is drawn uniformly from this range, in
  /// cycles per step: from 14 to 50 steps per period, so that a window
  /// holds one to three and a half periods.
  double minFrequency = 0.02;
  double maxFrequency = 0.07;
  /// The standard deviation of the Gaussian noise added to every value,
  /// the target included.
  double noise = 0.05;
};

/// `length` values of sin(2 pi frequency t + phase) for t = 0, 1, ..., each
/// plus Gaussian noise of standard deviation `noise` drawn from `random`.
std::vector<float> sineWave(int64_t length, double frequency, double phase,
                            double noise, runtime::Random &random);

/// `options.samples` windows of noisy sine waves, each with a random
/// frequency and phase (uniform on [0, 2 pi)): "sequences" [N, steps, 1]
/// f32 and "targets" [N, 1] f32, the value that follows each window. The
/// same seed gives the same data.
std::string makeSineData(const SineOptions &options, uint64_t seed,
                         runtime::Dataset &data);

/// The mean squared error of predicting each target as the last value of
/// its sequence, the baseline a model must beat; `data` holds "sequences"
/// [N, T, 1] and "targets" [N, 1], both f32.
std::string repeatLastValueMse(const runtime::Dataset &data, double &mse);

} // namespace dlc::examples

#endif // DLC_EXAMPLES_DATA_H
