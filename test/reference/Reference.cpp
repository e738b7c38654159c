//===- Reference.cpp - Naive double-precision kernels for every dlc op ---===//

#include "Reference.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <limits>
#include <ostream>
#include <sstream>

namespace dlc::reference {

namespace {

[[noreturn]] void fail(const std::string &message) {
  std::fprintf(stderr, "dlc::reference: %s\n", message.c_str());
  std::fflush(stderr);
  std::abort();
}

std::string shapeString(const std::vector<int64_t> &shape) {
  std::ostringstream os;
  os << '[';
  for (size_t i = 0; i < shape.size(); ++i)
    os << (i ? ", " : "") << shape[i];
  os << ']';
  return os.str();
}

int64_t product(const std::vector<int64_t> &shape, size_t begin, size_t end) {
  int64_t result = 1;
  for (size_t i = begin; i < end; ++i)
    result *= shape[i];
  return result;
}

void expectRank(const char *op, const char *what, const Tensor &t, int64_t rank,
                bool atLeast = false) {
  if (atLeast ? t.rank() >= rank : t.rank() == rank)
    return;
  fail(std::string(op) + " expects " + what + " of rank " +
       (atLeast ? "at least " : "") + std::to_string(rank) + ", found " +
       shapeString(t.shape));
}

void expectShape(const char *op, const char *what, const Tensor &t,
                 const std::vector<int64_t> &shape) {
  if (t.shape == shape)
    return;
  fail(std::string(op) + " expects " + what + " of shape " +
       shapeString(shape) + ", found " + shapeString(t.shape));
}

void expectSameShape(const char *op, const Tensor &lhs, const Tensor &rhs) {
  if (lhs.shape == rhs.shape)
    return;
  fail(std::string(op) + " expects operands of one shape, found " +
       shapeString(lhs.shape) + " and " + shapeString(rhs.shape));
}

/// An optional operand must be absent or have `shape`.
void expectOptionalShape(const char *op, const char *what, const Tensor &t,
                         const std::vector<int64_t> &shape) {
  if (!t.isNone())
    expectShape(op, what, t, shape);
}

double sigmoid(double x) { return 1.0 / (1.0 + std::exp(-x)); }

/// Applies `kind` to one vector; softmax normalises over the whole vector.
void activateVector(std::vector<double> &v, Activation kind, double alpha) {
  switch (kind) {
  case Activation::identity:
    return;
  case Activation::relu:
    for (double &x : v)
      x = x > 0.0 ? x : 0.0;
    return;
  case Activation::sigmoid:
    for (double &x : v)
      x = sigmoid(x);
    return;
  case Activation::tanh:
    for (double &x : v)
      x = std::tanh(x);
    return;
  case Activation::leaky_relu:
    for (double &x : v)
      x = x < 0.0 ? alpha * x : x;
    return;
  case Activation::softmax: {
    // Shifting by the maximum changes nothing mathematically and keeps
    // exp() finite for large logits.
    double max = -std::numeric_limits<double>::infinity();
    for (double x : v)
      max = std::max(max, x);
    double sum = 0.0;
    for (double &x : v) {
      x = std::exp(x - max);
      sum += x;
    }
    for (double &x : v)
      x /= sum;
    return;
  }
  }
  fail("unknown activation");
}

/// Output size and leading padding of one spatial axis.
struct Window {
  int64_t out;
  int64_t padBefore;
};

Window windowGeometry(const char *op, int64_t input, int64_t window,
                      int64_t stride, int64_t dilation, bool same) {
  if (window <= 0 || stride <= 0 || dilation <= 0)
    fail(std::string(op) + " expects positive window, stride and dilation");
  int64_t extent = (window - 1) * dilation + 1;
  if (same) {
    int64_t out = (input + stride - 1) / stride;
    int64_t padTotal =
        std::max<int64_t>((out - 1) * stride + extent - input, 0);
    // TensorFlow puts the odd padding row (column) after the image.
    return {out, padTotal / 2};
  }
  if (extent > input)
    fail(std::string(op) + ": a window of " + std::to_string(extent) +
         " does not fit an input of " + std::to_string(input) +
         " with valid padding");
  return {(input - extent) / stride + 1, 0};
}

std::vector<int64_t> unravel(int64_t flat, const std::vector<int64_t> &shape) {
  std::vector<int64_t> index(shape.size());
  for (size_t i = shape.size(); i-- > 0;) {
    index[i] = flat % shape[i];
    flat /= shape[i];
  }
  return index;
}

/// The per-sample losses reduced over the batch, then scaled.
double reduceOverBatch(const std::vector<double> &perSample, bool sum,
                       double scale) {
  double total = 0.0;
  for (double value : perSample)
    total += value;
  if (!sum)
    total = perSample.empty() ? 0.0 : total / perSample.size();
  return total * scale;
}

double clipProbability(double p) {
  return std::min(std::max(p, kEpsilon), 1.0 - kEpsilon);
}

/// log(sum_c exp(row[c])).
double logSumExp(const double *row, int64_t n) {
  double max = -std::numeric_limits<double>::infinity();
  for (int64_t c = 0; c < n; ++c)
    max = std::max(max, row[c]);
  double sum = 0.0;
  for (int64_t c = 0; c < n; ++c)
    sum += std::exp(row[c] - max);
  return max + std::log(sum);
}

/// The first index of the largest element.
int64_t firstArgMax(const double *row, int64_t n) {
  if (n == 0)
    fail("arg-max over an empty class axis");
  int64_t best = 0;
  for (int64_t c = 1; c < n; ++c)
    if (row[c] > row[best])
      best = c;
  return best;
}

int64_t labelAt(const char *op, const Tensor &labels, int64_t i,
                int64_t numClasses) {
  double label = labels.data[i];
  if (label != std::floor(label) || label < 0 || label >= numClasses)
    fail(std::string(op) + " expects integer labels in [0, " +
         std::to_string(numClasses) + "), found " + std::to_string(label));
  return static_cast<int64_t>(label);
}

/// Checks a [N, ..., C] prediction against labels [N, ...].
void expectLabels(const char *op, const Tensor &pred, const Tensor &labels) {
  expectRank(op, "prediction", pred, 2, /*atLeast=*/true);
  std::vector<int64_t> expected(pred.shape.begin(), pred.shape.end() - 1);
  expectShape(op, "labels", labels, expected);
}

struct RecurrentShape {
  int64_t batch, time, features, units;
};

RecurrentShape checkRecurrent(const char *op, int64_t gates, const Tensor &x,
                              const Tensor &kernel, const Tensor &recurrent) {
  expectRank(op, "input", x, 3);
  expectRank(op, "recurrent kernel", recurrent, 2);
  RecurrentShape s{x.shape[0], x.shape[1], x.shape[2], recurrent.shape[0]};
  expectShape(op, "recurrent kernel", recurrent, {s.units, gates * s.units});
  expectShape(op, "kernel", kernel, {s.features, gates * s.units});
  return s;
}

/// The initial state, or zeros.
Tensor initialState(const char *op, const Tensor &state,
                    const RecurrentShape &s) {
  if (state.isNone())
    return Tensor::zeros({s.batch, s.units});
  expectShape(op, "initial state", state, {s.batch, s.units});
  return state;
}

/// sum_f x[n, t, f] * kernel[f, column].
double inputTerm(const Tensor &x, const Tensor &kernel, int64_t n, int64_t t,
                 int64_t column) {
  double sum = 0.0;
  for (int64_t f = 0; f < x.shape[2]; ++f)
    sum += x.at({n, t, f}) * kernel.at({f, column});
  return sum;
}

/// sum_v h[v] * recurrent[v, column].
double recurrentTerm(const std::vector<double> &h, const Tensor &recurrent,
                     int64_t column) {
  double sum = 0.0;
  for (int64_t v = 0; v < static_cast<int64_t>(h.size()); ++v)
    sum += h[v] * recurrent.at({v, column});
  return sum;
}

std::vector<double> row(const Tensor &state, int64_t n) {
  std::vector<double> result(state.shape[1]);
  for (int64_t u = 0; u < state.shape[1]; ++u)
    result[u] = state.at({n, u});
  return result;
}

void setRow(Tensor &state, int64_t n, const std::vector<double> &values) {
  for (int64_t u = 0; u < state.shape[1]; ++u)
    state.at({n, u}) = values[u];
}

void setStep(Tensor &sequence, int64_t n, int64_t t,
             const std::vector<double> &values) {
  for (int64_t u = 0; u < sequence.shape[2]; ++u)
    sequence.at({n, t, u}) = values[u];
}

} // namespace

//===----------------------------------------------------------------------===//
// Tensor
//===----------------------------------------------------------------------===//

Tensor Tensor::zeros(std::vector<int64_t> shape) { return filled(shape, 0.0); }

Tensor Tensor::filled(std::vector<int64_t> shape, double value) {
  Tensor t{std::move(shape), {}};
  t.data.assign(t.numel(), value);
  return t;
}

Tensor Tensor::scalar(double value) { return Tensor{{}, {value}}; }

Tensor Tensor::uniform(std::vector<int64_t> shape, double lo, double hi,
                       uint32_t seed) {
  Tensor t = zeros(std::move(shape));
  std::mt19937 rng(seed);
  t.fillUniform(rng, lo, hi);
  return t;
}

Tensor Tensor::labels(std::vector<int64_t> shape, int64_t numClasses,
                      uint32_t seed) {
  Tensor t = zeros(std::move(shape));
  std::mt19937 rng(seed);
  for (double &x : t.data)
    x = static_cast<double>(rng() % static_cast<uint32_t>(numClasses));
  return t;
}

int64_t Tensor::numel() const { return product(shape, 0, shape.size()); }

int64_t Tensor::offset(const std::vector<int64_t> &index) const {
  if (index.size() != shape.size())
    fail("index " + shapeString(index) + " into a tensor of shape " +
         shapeString(shape));
  int64_t flat = 0;
  for (size_t i = 0; i < shape.size(); ++i) {
    if (index[i] < 0 || index[i] >= shape[i])
      fail("index " + shapeString(index) + " out of bounds of shape " +
           shapeString(shape));
    flat = flat * shape[i] + index[i];
  }
  return flat;
}

void Tensor::fillUniform(std::mt19937 &rng, double lo, double hi) {
  for (double &x : data)
    x = lo + (hi - lo) * (static_cast<double>(rng()) / 4294967296.0);
}

std::ostream &operator<<(std::ostream &os, const Tensor &tensor) {
  os << "tensor" << shapeString(tensor.shape) << " {";
  for (size_t i = 0; i < tensor.data.size(); ++i)
    os << (i ? ", " : "") << tensor.data[i];
  return os << '}';
}

double maxAbsDiff(const Tensor &a, const Tensor &b) {
  expectSameShape("maxAbsDiff", a, b);
  double result = 0.0;
  for (size_t i = 0; i < a.data.size(); ++i)
    result = std::max(result, std::abs(a.data[i] - b.data[i]));
  return result;
}

bool allClose(const Tensor &a, const Tensor &b, double atol, double rtol) {
  if (a.shape != b.shape || a.data.size() != b.data.size())
    return false;
  for (size_t i = 0; i < a.data.size(); ++i)
    if (!(std::abs(a.data[i] - b.data[i]) <= atol + rtol * std::abs(b.data[i])))
      return false;
  return true;
}

//===----------------------------------------------------------------------===//
// Layers
//===----------------------------------------------------------------------===//

Tensor dense(const Tensor &x, const Tensor &kernel, const Tensor &bias,
             Activation act) {
  expectRank("dense", "input", x, 2, /*atLeast=*/true);
  expectRank("dense", "kernel", kernel, 2);
  int64_t in = kernel.shape[0], units = kernel.shape[1];
  if (x.shape.back() != in)
    fail("dense expects an input whose last axis is the kernel's " +
         std::to_string(in) + ", found " + shapeString(x.shape));
  expectOptionalShape("dense", "bias", bias, {units});

  std::vector<int64_t> outShape = x.shape;
  outShape.back() = units;
  Tensor out = Tensor::zeros(outShape);
  int64_t rows = product(x.shape, 0, x.shape.size() - 1);
  for (int64_t r = 0; r < rows; ++r) {
    for (int64_t u = 0; u < units; ++u) {
      double sum = bias.isNone() ? 0.0 : bias.at({u});
      for (int64_t i = 0; i < in; ++i)
        sum += x.data[r * in + i] * kernel.at({i, u});
      out.data[r * units + u] = sum;
    }
  }
  return activation(out, act, kLayerLeakyReluSlope);
}

Tensor conv2d(const Tensor &x, const Tensor &kernel, const Tensor &bias,
              Pair strides, Pair dilations, bool same, Activation act) {
  expectRank("conv2d", "input", x, 4);
  expectRank("conv2d", "kernel", kernel, 4);
  int64_t n = x.shape[0], h = x.shape[1], w = x.shape[2], c = x.shape[3];
  int64_t kh = kernel.shape[0], kw = kernel.shape[1], f = kernel.shape[3];
  if (kernel.shape[2] != c)
    fail("conv2d expects a kernel with " + std::to_string(c) +
         " input channels, found " + shapeString(kernel.shape));
  expectOptionalShape("conv2d", "bias", bias, {f});
  Window rows = windowGeometry("conv2d", h, kh, strides[0], dilations[0], same);
  Window cols = windowGeometry("conv2d", w, kw, strides[1], dilations[1], same);

  Tensor out = Tensor::zeros({n, rows.out, cols.out, f});
  for (int64_t b = 0; b < n; ++b)
    for (int64_t oh = 0; oh < rows.out; ++oh)
      for (int64_t ow = 0; ow < cols.out; ++ow)
        for (int64_t o = 0; o < f; ++o) {
          double sum = bias.isNone() ? 0.0 : bias.at({o});
          for (int64_t i = 0; i < kh; ++i)
            for (int64_t j = 0; j < kw; ++j) {
              int64_t ih = oh * strides[0] + i * dilations[0] - rows.padBefore;
              int64_t iw = ow * strides[1] + j * dilations[1] - cols.padBefore;
              if (ih < 0 || ih >= h || iw < 0 || iw >= w)
                continue;
              for (int64_t ci = 0; ci < c; ++ci)
                sum += x.at({b, ih, iw, ci}) * kernel.at({i, j, ci, o});
            }
          out.at({b, oh, ow, o}) = sum;
        }
  return activation(out, act, kLayerLeakyReluSlope);
}

namespace {
template <bool IsMax>
Tensor pool2d(const char *op, const Tensor &x, Pair size, Pair strides,
              bool same) {
  expectRank(op, "input", x, 4);
  int64_t n = x.shape[0], h = x.shape[1], w = x.shape[2], c = x.shape[3];
  Window rows = windowGeometry(op, h, size[0], strides[0], 1, same);
  Window cols = windowGeometry(op, w, size[1], strides[1], 1, same);

  Tensor out = Tensor::zeros({n, rows.out, cols.out, c});
  for (int64_t b = 0; b < n; ++b)
    for (int64_t oh = 0; oh < rows.out; ++oh)
      for (int64_t ow = 0; ow < cols.out; ++ow)
        for (int64_t ch = 0; ch < c; ++ch) {
          double max = -std::numeric_limits<double>::infinity();
          double sum = 0.0;
          int64_t count = 0;
          for (int64_t i = 0; i < size[0]; ++i)
            for (int64_t j = 0; j < size[1]; ++j) {
              int64_t ih = oh * strides[0] + i - rows.padBefore;
              int64_t iw = ow * strides[1] + j - cols.padBefore;
              if (ih < 0 || ih >= h || iw < 0 || iw >= w)
                continue;
              double v = x.at({b, ih, iw, ch});
              max = std::max(max, v);
              sum += v;
              ++count;
            }
          if (count == 0)
            fail(std::string(op) + " has a window with no pixel inside the "
                                   "image");
          out.at({b, oh, ow, ch}) = IsMax ? max : sum / count;
        }
  return out;
}
} // namespace

Tensor maxPool2d(const Tensor &x, Pair size, Pair strides, bool same) {
  return pool2d<true>("max_pool2d", x, size, strides, same);
}

Tensor avgPool2d(const Tensor &x, Pair size, Pair strides, bool same) {
  return pool2d<false>("avg_pool2d", x, size, strides, same);
}

Tensor flatten(const Tensor &x) {
  expectRank("flatten", "input", x, 1, /*atLeast=*/true);
  Tensor out = Tensor::zeros({x.shape[0], product(x.shape, 1, x.shape.size())});
  for (int64_t i = 0; i < x.numel(); ++i)
    out.data[i] = x.data[i];
  return out;
}

Tensor reshape(const Tensor &x, const std::vector<int64_t> &shapeWithoutBatch) {
  expectRank("reshape", "input", x, 1, /*atLeast=*/true);
  std::vector<int64_t> outShape{x.shape[0]};
  outShape.insert(outShape.end(), shapeWithoutBatch.begin(),
                  shapeWithoutBatch.end());
  Tensor out = Tensor::zeros(outShape);
  if (out.numel() != x.numel())
    fail("reshape cannot turn " + shapeString(x.shape) + " into " +
         shapeString(outShape));
  for (int64_t i = 0; i < x.numel(); ++i)
    out.data[i] = x.data[i];
  return out;
}

Tensor concat(const std::vector<Tensor> &inputs, int64_t axis) {
  if (inputs.empty())
    fail("concat expects at least one input");
  const Tensor &first = inputs.front();
  if (axis < 0 || axis >= first.rank())
    fail("concat axis " + std::to_string(axis) + " out of range for " +
         shapeString(first.shape));
  std::vector<int64_t> outShape = first.shape;
  outShape[axis] = 0;
  for (const Tensor &input : inputs) {
    std::vector<int64_t> expected = first.shape;
    expected[axis] = input.rank() == first.rank() ? input.shape[axis] : 0;
    expectShape("concat", "every input (but on the axis)", input, expected);
    outShape[axis] += input.shape[axis];
  }

  Tensor out = Tensor::zeros(outShape);
  int64_t offsetOnAxis = 0;
  for (const Tensor &input : inputs) {
    for (int64_t i = 0; i < input.numel(); ++i) {
      std::vector<int64_t> index = unravel(i, input.shape);
      index[axis] += offsetOnAxis;
      out.at(index) = input.data[i];
    }
    offsetOnAxis += input.shape[axis];
  }
  return out;
}

Tensor add(const Tensor &lhs, const Tensor &rhs) {
  expectSameShape("add", lhs, rhs);
  Tensor out = lhs;
  for (size_t i = 0; i < out.data.size(); ++i)
    out.data[i] = lhs.data[i] + rhs.data[i];
  return out;
}

Tensor mul(const Tensor &lhs, const Tensor &rhs) {
  expectSameShape("mul", lhs, rhs);
  Tensor out = lhs;
  for (size_t i = 0; i < out.data.size(); ++i)
    out.data[i] = lhs.data[i] * rhs.data[i];
  return out;
}

Tensor activation(const Tensor &x, Activation kind, double alpha) {
  if (kind != Activation::softmax) {
    Tensor out = x;
    activateVector(out.data, kind, alpha);
    return out;
  }
  expectRank("softmax", "input", x, 1, /*atLeast=*/true);
  Tensor out = x;
  int64_t n = x.shape.back();
  int64_t rows = product(x.shape, 0, x.shape.size() - 1);
  for (int64_t r = 0; r < rows; ++r) {
    std::vector<double> v(x.data.begin() + r * n, x.data.begin() + (r + 1) * n);
    activateVector(v, kind, alpha);
    std::copy(v.begin(), v.end(), out.data.begin() + r * n);
  }
  return out;
}

//===----------------------------------------------------------------------===//
// Recurrent layers
//===----------------------------------------------------------------------===//

Tensor simpleRnn(const Tensor &x, const Tensor &kernel, const Tensor &recurrent,
                 const Tensor &bias, const Tensor &h0, Activation act,
                 bool returnSequences) {
  const char *op = "simple_rnn";
  RecurrentShape s = checkRecurrent(op, 1, x, kernel, recurrent);
  expectOptionalShape(op, "bias", bias, {s.units});
  Tensor h = initialState(op, h0, s);
  Tensor sequence = Tensor::zeros({s.batch, s.time, s.units});

  for (int64_t t = 0; t < s.time; ++t) {
    for (int64_t n = 0; n < s.batch; ++n) {
      std::vector<double> prev = row(h, n);
      std::vector<double> next(s.units);
      for (int64_t u = 0; u < s.units; ++u)
        next[u] = (bias.isNone() ? 0.0 : bias.at({u})) +
                  inputTerm(x, kernel, n, t, u) +
                  recurrentTerm(prev, recurrent, u);
      activateVector(next, act, kLayerLeakyReluSlope);
      setRow(h, n, next);
      setStep(sequence, n, t, next);
    }
  }
  return returnSequences ? sequence : h;
}

Tensor lstm(const Tensor &x, const Tensor &kernel, const Tensor &recurrent,
            const Tensor &bias, const Tensor &h0, const Tensor &c0,
            Activation act, Activation recurrentAct, bool returnSequences) {
  const char *op = "lstm";
  RecurrentShape s = checkRecurrent(op, 4, x, kernel, recurrent);
  expectOptionalShape(op, "bias", bias, {4 * s.units});
  Tensor h = initialState(op, h0, s);
  Tensor c = initialState(op, c0, s);
  Tensor sequence = Tensor::zeros({s.batch, s.time, s.units});
  int64_t units = s.units;

  // The pre-activation of gate `g` (0 = i, 1 = f, 2 = c, 3 = o).
  auto gate = [&](int64_t g, int64_t n, int64_t t,
                  const std::vector<double> &prev) {
    std::vector<double> z(units);
    for (int64_t u = 0; u < units; ++u) {
      int64_t column = g * units + u;
      z[u] = (bias.isNone() ? 0.0 : bias.at({column})) +
             inputTerm(x, kernel, n, t, column) +
             recurrentTerm(prev, recurrent, column);
    }
    return z;
  };

  for (int64_t t = 0; t < s.time; ++t) {
    for (int64_t n = 0; n < s.batch; ++n) {
      std::vector<double> prevH = row(h, n);
      std::vector<double> prevC = row(c, n);
      std::vector<double> i = gate(0, n, t, prevH);
      std::vector<double> f = gate(1, n, t, prevH);
      std::vector<double> candidate = gate(2, n, t, prevH);
      std::vector<double> o = gate(3, n, t, prevH);
      activateVector(i, recurrentAct, kLayerLeakyReluSlope);
      activateVector(f, recurrentAct, kLayerLeakyReluSlope);
      activateVector(candidate, act, kLayerLeakyReluSlope);
      activateVector(o, recurrentAct, kLayerLeakyReluSlope);

      std::vector<double> nextC(units);
      for (int64_t u = 0; u < units; ++u)
        nextC[u] = f[u] * prevC[u] + i[u] * candidate[u];
      std::vector<double> activatedC = nextC;
      activateVector(activatedC, act, kLayerLeakyReluSlope);
      std::vector<double> nextH(units);
      for (int64_t u = 0; u < units; ++u)
        nextH[u] = o[u] * activatedC[u];

      setRow(c, n, nextC);
      setRow(h, n, nextH);
      setStep(sequence, n, t, nextH);
    }
  }
  return returnSequences ? sequence : h;
}

Tensor gru(const Tensor &x, const Tensor &kernel, const Tensor &recurrent,
           const Tensor &bias, const Tensor &h0, Activation act,
           Activation recurrentAct, bool resetAfter, bool returnSequences) {
  const char *op = "gru";
  RecurrentShape s = checkRecurrent(op, 3, x, kernel, recurrent);
  int64_t units = s.units;
  if (resetAfter)
    expectOptionalShape(op, "bias (reset_after)", bias, {2, 3 * units});
  else
    expectOptionalShape(op, "bias", bias, {3 * units});
  Tensor h = initialState(op, h0, s);
  Tensor sequence = Tensor::zeros({s.batch, s.time, s.units});

  auto inputBias = [&](int64_t column) {
    if (bias.isNone())
      return 0.0;
    return resetAfter ? bias.at({0, column}) : bias.at({column});
  };
  auto recurrentBias = [&](int64_t column) {
    if (bias.isNone() || !resetAfter)
      return 0.0;
    return bias.at({1, column});
  };

  for (int64_t t = 0; t < s.time; ++t) {
    for (int64_t n = 0; n < s.batch; ++n) {
      std::vector<double> prev = row(h, n);
      std::vector<double> z(units), r(units);
      for (int64_t u = 0; u < units; ++u) {
        int64_t zc = u, rc = units + u;
        z[u] = inputTerm(x, kernel, n, t, zc) + inputBias(zc) +
               recurrentTerm(prev, recurrent, zc) + recurrentBias(zc);
        r[u] = inputTerm(x, kernel, n, t, rc) + inputBias(rc) +
               recurrentTerm(prev, recurrent, rc) + recurrentBias(rc);
      }
      activateVector(z, recurrentAct, kLayerLeakyReluSlope);
      activateVector(r, recurrentAct, kLayerLeakyReluSlope);

      std::vector<double> candidate(units);
      if (resetAfter) {
        for (int64_t u = 0; u < units; ++u) {
          int64_t hc = 2 * units + u;
          candidate[u] =
              inputTerm(x, kernel, n, t, hc) + inputBias(hc) +
              r[u] * (recurrentTerm(prev, recurrent, hc) + recurrentBias(hc));
        }
      } else {
        std::vector<double> resetH(units);
        for (int64_t v = 0; v < units; ++v)
          resetH[v] = r[v] * prev[v];
        for (int64_t u = 0; u < units; ++u) {
          int64_t hc = 2 * units + u;
          candidate[u] = inputTerm(x, kernel, n, t, hc) + inputBias(hc) +
                         recurrentTerm(resetH, recurrent, hc);
        }
      }
      activateVector(candidate, act, kLayerLeakyReluSlope);

      std::vector<double> next(units);
      for (int64_t u = 0; u < units; ++u)
        next[u] = z[u] * prev[u] + (1.0 - z[u]) * candidate[u];
      setRow(h, n, next);
      setStep(sequence, n, t, next);
    }
  }
  return returnSequences ? sequence : h;
}

//===----------------------------------------------------------------------===//
// Losses and metrics
//===----------------------------------------------------------------------===//

double meanSquaredError(const Tensor &pred, const Tensor &target,
                        bool sumReduction, double scale) {
  expectRank("mean_squared_error", "prediction", pred, 1, /*atLeast=*/true);
  expectSameShape("mean_squared_error", pred, target);
  int64_t batch = pred.shape[0];
  int64_t perSample = product(pred.shape, 1, pred.shape.size());
  std::vector<double> losses(batch);
  for (int64_t n = 0; n < batch; ++n) {
    double sum = 0.0;
    for (int64_t i = 0; i < perSample; ++i) {
      double d = pred.data[n * perSample + i] - target.data[n * perSample + i];
      sum += d * d;
    }
    losses[n] = sum / perSample;
  }
  return reduceOverBatch(losses, sumReduction, scale);
}

double binaryCrossentropy(const Tensor &pred, const Tensor &target,
                          bool fromLogits, bool sumReduction, double scale) {
  expectRank("binary_crossentropy", "prediction", pred, 1, /*atLeast=*/true);
  expectSameShape("binary_crossentropy", pred, target);
  int64_t batch = pred.shape[0];
  int64_t perSample = product(pred.shape, 1, pred.shape.size());
  std::vector<double> losses(batch);
  for (int64_t n = 0; n < batch; ++n) {
    double sum = 0.0;
    for (int64_t i = 0; i < perSample; ++i) {
      double p = pred.data[n * perSample + i];
      double t = target.data[n * perSample + i];
      if (fromLogits) {
        sum += std::max(p, 0.0) - p * t + std::log1p(std::exp(-std::abs(p)));
      } else {
        p = clipProbability(p);
        sum += -(t * std::log(p) + (1.0 - t) * std::log(1.0 - p));
      }
    }
    losses[n] = sum / perSample;
  }
  return reduceOverBatch(losses, sumReduction, scale);
}

double categoricalCrossentropy(const Tensor &pred, const Tensor &target,
                               bool fromLogits, bool sumReduction,
                               double scale) {
  const char *op = "categorical_crossentropy";
  expectRank(op, "prediction", pred, 2, /*atLeast=*/true);
  expectSameShape(op, pred, target);
  int64_t batch = pred.shape[0];
  int64_t classes = pred.shape.back();
  int64_t positions = product(pred.shape, 1, pred.shape.size() - 1);
  std::vector<double> losses(batch);
  for (int64_t n = 0; n < batch; ++n) {
    double sum = 0.0;
    for (int64_t pos = 0; pos < positions; ++pos) {
      const double *p = pred.data.data() + (n * positions + pos) * classes;
      const double *t = target.data.data() + (n * positions + pos) * classes;
      double lse = fromLogits ? logSumExp(p, classes) : 0.0;
      for (int64_t c = 0; c < classes; ++c) {
        double logP = fromLogits ? p[c] - lse : std::log(clipProbability(p[c]));
        sum += -t[c] * logP;
      }
    }
    losses[n] = sum / positions;
  }
  return reduceOverBatch(losses, sumReduction, scale);
}

double sparseCategoricalCrossentropy(const Tensor &pred, const Tensor &labels,
                                     bool fromLogits, bool sumReduction,
                                     double scale) {
  const char *op = "sparse_categorical_crossentropy";
  expectLabels(op, pred, labels);
  int64_t batch = pred.shape[0];
  int64_t classes = pred.shape.back();
  int64_t positions = product(pred.shape, 1, pred.shape.size() - 1);
  std::vector<double> losses(batch);
  for (int64_t n = 0; n < batch; ++n) {
    double sum = 0.0;
    for (int64_t pos = 0; pos < positions; ++pos) {
      const double *p = pred.data.data() + (n * positions + pos) * classes;
      int64_t label = labelAt(op, labels, n * positions + pos, classes);
      if (fromLogits)
        sum += -(p[label] - logSumExp(p, classes));
      else
        sum += -std::log(clipProbability(p[label]));
    }
    losses[n] = sum / positions;
  }
  return reduceOverBatch(losses, sumReduction, scale);
}

double binaryAccuracy(const Tensor &pred, const Tensor &target,
                      double threshold) {
  expectRank("binary_accuracy", "prediction", pred, 1, /*atLeast=*/true);
  expectSameShape("binary_accuracy", pred, target);
  int64_t hits = 0;
  for (int64_t i = 0; i < pred.numel(); ++i) {
    double predicted = pred.data[i] > threshold ? 1.0 : 0.0;
    if (target.data[i] == predicted)
      ++hits;
  }
  return pred.numel() == 0 ? 0.0 : static_cast<double>(hits) / pred.numel();
}

double categoricalAccuracy(const Tensor &pred, const Tensor &target) {
  expectRank("categorical_accuracy", "prediction", pred, 2, /*atLeast=*/true);
  expectSameShape("categorical_accuracy", pred, target);
  int64_t classes = pred.shape.back();
  int64_t positions = product(pred.shape, 0, pred.shape.size() - 1);
  int64_t hits = 0;
  for (int64_t pos = 0; pos < positions; ++pos)
    if (firstArgMax(pred.data.data() + pos * classes, classes) ==
        firstArgMax(target.data.data() + pos * classes, classes))
      ++hits;
  return positions == 0 ? 0.0 : static_cast<double>(hits) / positions;
}

double sparseCategoricalAccuracy(const Tensor &pred, const Tensor &labels) {
  const char *op = "sparse_categorical_accuracy";
  expectLabels(op, pred, labels);
  int64_t classes = pred.shape.back();
  int64_t positions = product(pred.shape, 0, pred.shape.size() - 1);
  int64_t hits = 0;
  for (int64_t pos = 0; pos < positions; ++pos)
    if (firstArgMax(pred.data.data() + pos * classes, classes) ==
        labelAt(op, labels, pos, classes))
      ++hits;
  return positions == 0 ? 0.0 : static_cast<double>(hits) / positions;
}

} // namespace dlc::reference
