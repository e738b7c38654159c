//===- Reference.h - Naive double-precision kernels for every dlc op -----===//
//
// The ground truth that tests check the compiler against. Every kernel is
// written as plain index loops in double precision, straight from the op
// descriptions in dialects/dlc/*.td (Keras semantics), and shares no code
// with the compiler: a bug in the lowering must not be able to hide in a
// helper both sides use. Nothing here includes MLIR or LLVM.
//
// Invalid arguments (mismatched shapes, out-of-range labels) print what was
// expected and what was found and abort: the callers are tests, and the
// project builds without exceptions.
//
//===----------------------------------------------------------------------===//

#ifndef DLC_TEST_REFERENCE_REFERENCE_H
#define DLC_TEST_REFERENCE_REFERENCE_H

#include <array>
#include <cstdint>
#include <initializer_list>
#include <iosfwd>
#include <random>
#include <string>
#include <vector>

namespace dlc::reference {

/// A dense row-major tensor of doubles. Integer labels are stored as doubles
/// holding integer values. A default-constructed tensor (no shape, no data)
/// stands for an absent optional operand; a scalar has an empty shape and
/// one element.
struct Tensor {
  std::vector<int64_t> shape;
  std::vector<double> data;

  static Tensor zeros(std::vector<int64_t> shape);
  static Tensor filled(std::vector<int64_t> shape, double value);
  static Tensor scalar(double value);
  /// Uniform on [lo, hi), drawn from a std::mt19937 seeded with `seed`.
  static Tensor uniform(std::vector<int64_t> shape, double lo, double hi,
                        uint32_t seed);
  /// Integer labels uniform on [0, numClasses).
  static Tensor labels(std::vector<int64_t> shape, int64_t numClasses,
                       uint32_t seed);

  /// Whether this is the "absent operand" tensor.
  bool isNone() const { return shape.empty() && data.empty(); }
  int64_t rank() const { return static_cast<int64_t>(shape.size()); }
  /// The number of elements the shape holds.
  int64_t numel() const;
  /// Position in `data` of a multi-index; aborts when out of bounds.
  int64_t offset(const std::vector<int64_t> &index) const;

  double &at(std::initializer_list<int64_t> index) {
    return data[offset(index)];
  }
  double at(std::initializer_list<int64_t> index) const {
    return data[offset(index)];
  }
  double &at(const std::vector<int64_t> &index) { return data[offset(index)]; }
  double at(const std::vector<int64_t> &index) const {
    return data[offset(index)];
  }

  /// Overwrites every element with a draw uniform on [lo, hi). The draw uses
  /// only the raw 32-bit output of `rng`, so it is the same with every C++
  /// standard library.
  void fillUniform(std::mt19937 &rng, double lo, double hi);
};

std::ostream &operator<<(std::ostream &os, const Tensor &tensor);

/// The largest elementwise |a - b|; aborts when the shapes differ.
double maxAbsDiff(const Tensor &a, const Tensor &b);
/// Whether the shapes agree and |a - b| <= atol + rtol * |b| everywhere.
bool allClose(const Tensor &a, const Tensor &b, double atol, double rtol);

/// Activation functions, named as in the dlc dialect.
enum class Activation { identity, relu, sigmoid, tanh, softmax, leaky_relu };

/// Keras' slope for the string activation "leaky_relu", used by every layer.
inline constexpr double kLayerLeakyReluSlope = 0.2;
/// Keras' epsilon: probabilities are clipped to [kEpsilon, 1 - kEpsilon].
inline constexpr double kEpsilon = 1e-7;

/// [height, width] pairs: window sizes, strides, dilations.
using Pair = std::array<int64_t, 2>;

//===----------------------------------------------------------------------===//
// Layers
//===----------------------------------------------------------------------===//

/// activation(x . kernel + bias) on the last axis: x [..., in],
/// kernel [in, units], bias [units] or none.
Tensor dense(const Tensor &x, const Tensor &kernel, const Tensor &bias,
             Activation act);

/// x [N, H, W, C], kernel [KH, KW, C, F] (HWIO), bias [F] or none. `same`
/// gives ceil(H / stride) rows with TensorFlow's split of the padding: the
/// extra row (column) at the bottom (right).
Tensor conv2d(const Tensor &x, const Tensor &kernel, const Tensor &bias,
              Pair strides, Pair dilations, bool same, Activation act);

/// x [N, H, W, C]. With `same`, windows overhanging the image see only the
/// pixels inside it; average pooling divides by their count.
Tensor maxPool2d(const Tensor &x, Pair size, Pair strides, bool same);
Tensor avgPool2d(const Tensor &x, Pair size, Pair strides, bool same);

/// [N, d1, ..., dk] -> [N, d1 * ... * dk].
Tensor flatten(const Tensor &x);
/// Keeps the batch axis; the others become `shapeWithoutBatch`.
Tensor reshape(const Tensor &x, const std::vector<int64_t> &shapeWithoutBatch);
/// Inputs that agree on every axis but `axis`.
Tensor concat(const std::vector<Tensor> &inputs, int64_t axis);
/// Elementwise, on tensors of one shape.
Tensor add(const Tensor &lhs, const Tensor &rhs);
Tensor mul(const Tensor &lhs, const Tensor &rhs);

/// Elementwise activation; softmax normalises along the last axis.
/// `alpha` is leaky_relu's slope for negative inputs.
Tensor activation(const Tensor &x, Activation kind,
                  double alpha = kLayerLeakyReluSlope);

//===----------------------------------------------------------------------===//
// Recurrent layers
//===----------------------------------------------------------------------===//
//
// x is [N, T, F]; kernel [F, G * U] and recurrent [U, G * U] pack the G gates
// in Keras' order; the result is [N, T, U] with `returnSequences`, otherwise
// the last step's [N, U] (the initial state when T is 0). Absent initial
// states are zeros.

/// h = act(x_t . W + h . U + b); bias [U] or none; h0 [N, U] or none.
Tensor simpleRnn(const Tensor &x, const Tensor &kernel, const Tensor &recurrent,
                 const Tensor &bias, const Tensor &h0, Activation act,
                 bool returnSequences);

/// Gates (i, f, c, o); bias [4U] or none; h0 and c0 [N, U] or none.
/// c = f * c + i * act(c~); h = o * act(c).
Tensor lstm(const Tensor &x, const Tensor &kernel, const Tensor &recurrent,
            const Tensor &bias, const Tensor &h0, const Tensor &c0,
            Activation act, Activation recurrentAct, bool returnSequences);

/// Gates (z, r, h); h = z * h + (1 - z) * candidate.
/// resetAfter: bias [2, 3U] (row 0 input, row 1 recurrent) or none,
///   candidate = act(x . Wh + b_in + r * (h . Uh + b_rec)).
/// otherwise: bias [3U] or none, candidate = act(x . Wh + b + (r * h) . Uh).
Tensor gru(const Tensor &x, const Tensor &kernel, const Tensor &recurrent,
           const Tensor &bias, const Tensor &h0, Activation act,
           Activation recurrentAct, bool resetAfter, bool returnSequences);

//===----------------------------------------------------------------------===//
// Losses and metrics
//===----------------------------------------------------------------------===//
//
// A loss takes a per-sample value (see each function), reduces it over the
// batch axis by mean (or sum with `sumReduction`) and multiplies by `scale`.
// The mean over an empty batch is 0, as Keras' divide_no_nan makes it.

/// Per sample: mean of (pred - target)^2 over the non-batch axes.
double meanSquaredError(const Tensor &pred, const Tensor &target,
                        bool sumReduction, double scale);
/// Per sample: mean over the non-batch axes of
/// -(t log p + (1 - t) log(1 - p)), p clipped to [eps, 1 - eps]; with
/// `fromLogits`, max(x, 0) - x t + log(1 + exp(-|x|)) without clipping.
double binaryCrossentropy(const Tensor &pred, const Tensor &target,
                          bool fromLogits, bool sumReduction, double scale);
/// pred and target [N, ..., C]. Per position -sum_c t_c log p_c, p clipped
/// (or log_softmax of logits), averaged over the positions of a sample.
double categoricalCrossentropy(const Tensor &pred, const Tensor &target,
                               bool fromLogits, bool sumReduction,
                               double scale);
/// pred [N, ..., C], labels [N, ...] in [0, C). Per position -log p[label],
/// p clipped (or log_softmax of logits), averaged over a sample's positions.
double sparseCategoricalCrossentropy(const Tensor &pred, const Tensor &labels,
                                     bool fromLogits, bool sumReduction,
                                     double scale);

/// Fraction of elements where target == (pred > threshold ? 1 : 0).
double binaryAccuracy(const Tensor &pred, const Tensor &target,
                      double threshold = 0.5);
/// Fraction of positions whose first arg-max of pred is target's first
/// arg-max (last axis).
double categoricalAccuracy(const Tensor &pred, const Tensor &target);
/// Fraction of positions whose first arg-max of pred is the label.
double sparseCategoricalAccuracy(const Tensor &pred, const Tensor &labels);

} // namespace dlc::reference

#endif // DLC_TEST_REFERENCE_REFERENCE_H
