//===- bench_peers.cpp - oneDNN and OpenBLAS on the chapter layers --------===//
//
// The layers of layers.h through the libraries an ML framework builds on,
// one thread, each at its best:
//   - oneDNN: its own primitives (inner product, convolution, pooling,
//     vanilla RNN / LSTM / linear-before-reset GRU, eltwise and softmax
//     backward), with the activation fused into the forward primitive and
//     weights, and for convolutions the activations too, in the layouts it
//     chooses (the reorders into them are not timed);
//   - OpenBLAS: dense layers as one sgemm per product, convolutions as
//     im2col + sgemm (col2im for the input gradient), the bias, activation
//     and their gradients in plain loops.
// The loss gradient and the SGD update are plain loops for both (built for
// this core, as dlc's code is).
// A forward row runs the forward pass (oneDNN's inference primitives); a
// train row the step layers.h describes: the forward pass for training,
// the loss gradient, the activation's gradient, the input, weight and bias
// gradients, and the update (plain loops for what neither library has).
//
//===----------------------------------------------------------------------===//

#include "data.h"
#include "layers.h"

#include <benchmark/benchmark.h>
#include <cblas.h>
#include <oneapi/dnnl/dnnl.hpp>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <functional>
#include <span>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

namespace {

using namespace dlc::bench;
using dnnl::algorithm;
using dnnl::memory;
using dnnl::prop_kind;
using Tag = memory::format_tag;
using Dt = memory::data_type;

/// dy = 2 (y - target) / n, the mean squared error's gradient, and the sum
/// of the squared errors, summed in 16 lanes (one float sum is a chain of
/// dependent adds the compiler may not reorder).
float squaredErrorGradient(const float *y, const float *target, float *dy,
                           size_t n) {
  float lanes[16] = {}, scale = 2.0f / float(n);
  size_t whole = n / 16 * 16;
  for (size_t i = 0; i < whole; i += 16)
    for (size_t j = 0; j < 16; ++j) {
      float d = y[i + j] - target[i + j];
      lanes[j] += d * d;
      dy[i + j] = scale * d;
    }
  for (size_t i = whole; i < n; ++i) {
    float d = y[i] - target[i];
    lanes[0] += d * d;
    dy[i] = scale * d;
  }
  float sum = 0;
  for (float lane : lanes)
    sum += lane;
  return sum;
}

//===----------------------------------------------------------------------===//
// oneDNN
//===----------------------------------------------------------------------===//

/// A chain of oneDNN primitives over named tensors: an argument of one
/// primitive is the tensor of that name, created (with random contents) in
/// the layout the primitive asks for the first time it is named, so that a
/// backward primitive reads what the forward one wrote, as in a network.
class Chain {
public:
  /// Adds `p` (made from `pd`) with each argument bound to a named tensor;
  /// arguments the primitive does not take are skipped.
  template <typename Primitive, typename Desc>
  void add(const Desc &pd, std::vector<std::pair<int, std::string>> arguments) {
    std::unordered_map<int, memory> args;
    for (auto &[arg, name] : arguments) {
      memory::desc md = pd.query_md(dnnl::query::exec_arg_md, arg);
      if (!md.is_zero())
        args[arg] = tensor(name, md);
    }
    // The library-managed scratchpad (the default) needs no argument.
    steps_.push_back([this, p = Primitive(pd), args = std::move(args)] {
      p.execute(stream_, args);
    });
  }

  /// Adds a step of plain C++ (what oneDNN has no primitive for: the loss
  /// gradient, the SGD update).
  void addHost(std::function<void()> step) {
    steps_.push_back([this, step = std::move(step)] {
      stream_.wait();
      step();
    });
  }

  /// The floats of the tensor `name` (its first layout), created like
  /// `like` if there is none yet.
  std::span<float> data(const std::string &name, const memory::desc &like) {
    memory m;
    for (auto &[n, t] : tensors_)
      if (n == name) {
        m = t;
        break;
      }
    if (!m)
      m = tensor(name, like);
    return {static_cast<float *>(m.get_data_handle()),
            m.get_desc().get_size() / sizeof(float)};
  }

  /// Creates the tensor `name` in the layout `md` by reordering random data
  /// from the plain layout `plain`: for layouts with more than data in them
  /// (the packed RNN weights of inference).
  void reorderInto(const std::string &name, const memory::desc &plain,
                   const memory::desc &md) {
    memory from(plain, engine_), to(md, engine_);
    std::vector<float> data = randomData(plain.get_size() / sizeof(float));
    std::memcpy(from.get_data_handle(), data.data(), plain.get_size());
    dnnl::reorder(from, to).execute(stream_, from, to);
    stream_.wait();
    tensors_.emplace_back(name, to);
  }

  void run() {
    for (auto &step : steps_)
      step();
    stream_.wait();
  }

  const dnnl::engine &engine() const { return engine_; }

private:
  memory tensor(const std::string &name, const memory::desc &md) {
    // A layout other than the first one's is another tensor (a reorder a
    // network would do, not timed here).
    for (auto &[n, m] : tensors_)
      if (n == name && m.get_desc() == md)
        return m;
    memory m(md, engine_);
    std::vector<float> data = randomData(md.get_size() / sizeof(float));
    std::memcpy(m.get_data_handle(), data.data(), md.get_size());
    tensors_.emplace_back(name, m);
    return m;
  }

  dnnl::engine engine_{dnnl::engine::kind::cpu, 0};
  dnnl::stream stream_{engine_};
  std::vector<std::pair<std::string, memory>> tensors_;
  std::vector<std::function<void()>> steps_;
};

template <typename Build>
void runChain(benchmark::State &state, double flops, Build build) {
  Chain chain;
  try {
    build(chain);
  } catch (const dnnl::error &e) {
    state.SkipWithError(e.what());
    return;
  }
  for (auto _ : state)
    chain.run();
  setFlops(state, flops);
}

dnnl::primitive_attr eltwisePostOp(algorithm alg) {
  dnnl::post_ops ops;
  ops.append_eltwise(1.0f, alg, 0.0f, 0.0f);
  dnnl::primitive_attr attr;
  attr.set_post_ops(ops);
  return attr;
}

/// The mean squared error's gradient: `dy` = 2 (`y` - target) / n over the
/// last `count` floats of `y` (all of them when 0; a recurrent layer's loss
/// is on its last step), as dlc's training step of the layer computes it.
void mseGradient(Chain &chain, const std::string &y, const std::string &dy,
                 const memory::desc &md, size_t count = 0) {
  chain.addHost([&chain, y, dy, md, count] {
    std::span<float> out = chain.data(y, md), target = chain.data("target", md),
                     grad = chain.data(dy, md);
    size_t n = count ? count : out.size(), first = out.size() - n;
    float loss = squaredErrorGradient(out.data() + first, target.data() + first,
                                      grad.data() + first, n);
    benchmark::DoNotOptimize(loss);
  });
}

/// The SGD update's learning rate: 0, unknown to the compiler. The update
/// costs what dlc's does, but the values stay where they started: with a
/// parameter and its gradient in different layouts (oneDNN's choice) a
/// real update would add unrelated elements, and thousands of timed steps
/// drifted an LSTM's weights into slow NaN arithmetic.
float learningRate() {
  static float rate = 0;
  benchmark::DoNotOptimize(rate);
  return rate;
}

/// Plain SGD on each (parameter, gradient) pair, as dlc's step does (the
/// layer's input included).
void sgdUpdate(Chain &chain,
               const std::vector<std::pair<std::string, std::string>> &pairs) {
  chain.addHost([&chain, pairs] {
    for (auto &[param, grad] : pairs) {
      std::span<float> p = chain.data(param, {}), g = chain.data(grad, {});
      float rate = learningRate();
      for (size_t i = 0, n = std::min(p.size(), g.size()); i < n; ++i)
        p[i] -= rate * g[i];
    }
  });
}

/// The activation's gradient from the layer's output `dst`.
void activationBackward(Chain &chain, Activation activation,
                        const memory::desc &dst) {
  const dnnl::engine &eng = chain.engine();
  std::vector<std::pair<int, std::string>> args = {{DNNL_ARG_DST, "y"},
                                                   {DNNL_ARG_DIFF_DST, "dy"},
                                                   {DNNL_ARG_DIFF_SRC, "dz"}};
  if (activation == Activation::Softmax) {
    dnnl::softmax_forward::primitive_desc hint(
        {prop_kind::forward_training, dst, 1}, eng);
    chain.add<dnnl::softmax_backward>(
        dnnl::softmax_backward::primitive_desc({dst, dst, 1}, eng, hint), args);
    return;
  }
  algorithm alg = activation == Activation::Relu
                      ? algorithm::eltwise_relu_use_dst_for_bwd
                      : algorithm::eltwise_logistic_use_dst_for_bwd;
  dnnl::eltwise_forward::primitive_desc hint(
      {prop_kind::forward_training, alg, dst, 0.0f}, eng);
  chain.add<dnnl::eltwise_backward>(
      dnnl::eltwise_backward::primitive_desc({alg, dst, dst, 0.0f}, eng, hint),
      args);
}

/// A dense or convolution layer's weight and bias gradients.
const std::vector<std::pair<int, std::string>> kWeightGradientArgs = {
    {DNNL_ARG_SRC, "x"},
    {DNNL_ARG_DIFF_DST, "dz"},
    {DNNL_ARG_DIFF_WEIGHTS, "dw"},
    {DNNL_ARG_DIFF_BIAS, "db"}};

void onednnDense(Chain &chain, const DenseLayer &l, bool train) {
  const dnnl::engine &eng = chain.engine();
  memory::desc x({l.batch, l.in}, Dt::f32, Tag::nc);
  memory::desc w({l.out, l.in}, Dt::f32, Tag::any);
  memory::desc b({l.out}, Dt::f32, Tag::x);
  memory::desc y({l.batch, l.out}, Dt::f32, Tag::nc);
  prop_kind prop =
      train ? prop_kind::forward_training : prop_kind::forward_inference;
  bool softmax = l.activation == Activation::Softmax;
  dnnl::primitive_attr attr =
      softmax ? dnnl::primitive_attr()
              : eltwisePostOp(l.activation == Activation::Relu
                                  ? algorithm::eltwise_relu
                                  : algorithm::eltwise_logistic);
  dnnl::inner_product_forward::primitive_desc fwd({prop, x, w, b, y}, attr,
                                                  eng);
  chain.add<dnnl::inner_product_forward>(fwd,
                                         {{DNNL_ARG_SRC, "x"},
                                          {DNNL_ARG_WEIGHTS, "w"},
                                          {DNNL_ARG_BIAS, "b"},
                                          {DNNL_ARG_DST, softmax ? "z" : "y"}});
  if (softmax)
    chain.add<dnnl::softmax_forward>(
        dnnl::softmax_forward::primitive_desc({prop, y, 1}, eng),
        {{DNNL_ARG_SRC, "z"}, {DNNL_ARG_DST, "y"}});
  if (!train)
    return;
  mseGradient(chain, "y", "dy", y);
  activationBackward(chain, l.activation, y);
  chain.add<dnnl::inner_product_backward_data>(
      dnnl::inner_product_backward_data::primitive_desc({x, w, y}, eng, fwd),
      {{DNNL_ARG_DIFF_DST, "dz"},
       {DNNL_ARG_WEIGHTS, "w"},
       {DNNL_ARG_DIFF_SRC, "dx"}});
  chain.add<dnnl::inner_product_backward_weights>(
      dnnl::inner_product_backward_weights::primitive_desc({x, w, b, y}, eng,
                                                           fwd),
      kWeightGradientArgs);
  sgdUpdate(chain, {{"x", "dx"}, {"w", "dw"}, {"b", "db"}});
}

void onednnConv(Chain &chain, const ConvLayer &l, bool train) {
  const dnnl::engine &eng = chain.engine();
  int64_t o = l.outSize();
  memory::desc x({l.batch, l.channels, l.size, l.size}, Dt::f32, Tag::any);
  memory::desc w({l.filters, l.channels, 3, 3}, Dt::f32, Tag::any);
  memory::desc b({l.filters}, Dt::f32, Tag::x);
  memory::desc y({l.batch, l.filters, o, o}, Dt::f32, Tag::any);
  memory::dims strides = {1, 1}, padding = {0, 0};
  prop_kind prop =
      train ? prop_kind::forward_training : prop_kind::forward_inference;
  dnnl::convolution_forward::primitive_desc fwd(
      {prop, algorithm::convolution_auto, x, w, b, y, strides, padding,
       padding},
      eltwisePostOp(algorithm::eltwise_relu), eng);
  chain.add<dnnl::convolution_forward>(fwd, {{DNNL_ARG_SRC, "x"},
                                             {DNNL_ARG_WEIGHTS, "w"},
                                             {DNNL_ARG_BIAS, "b"},
                                             {DNNL_ARG_DST, "y"}});
  if (!train)
    return;
  mseGradient(chain, "y", "dy", fwd.dst_desc());
  activationBackward(chain, Activation::Relu, fwd.dst_desc());
  chain.add<dnnl::convolution_backward_data>(
      dnnl::convolution_backward_data::primitive_desc(
          {algorithm::convolution_auto, fwd.src_desc(), fwd.weights_desc(),
           fwd.dst_desc(), strides, padding, padding},
          eng, fwd),
      {{DNNL_ARG_DIFF_DST, "dz"},
       {DNNL_ARG_WEIGHTS, "w"},
       {DNNL_ARG_DIFF_SRC, "dx"}});
  chain.add<dnnl::convolution_backward_weights>(
      dnnl::convolution_backward_weights::primitive_desc(
          {algorithm::convolution_auto, fwd.src_desc(), w, b, fwd.dst_desc(),
           strides, padding, padding},
          eng, fwd),
      kWeightGradientArgs);
  sgdUpdate(chain, {{"x", "dx"}, {"w", "dw"}, {"b", "db"}});
}

void onednnPool(Chain &chain, const PoolLayer &l, bool train) {
  const dnnl::engine &eng = chain.engine();
  int64_t o = l.outSize();
  memory::desc x({l.batch, l.channels, l.size, l.size}, Dt::f32, Tag::nhwc);
  memory::desc y({l.batch, l.channels, o, o}, Dt::f32, Tag::nhwc);
  memory::dims window = {2, 2}, padding = {0, 0};
  dnnl::pooling_forward::primitive_desc fwd(
      {train ? prop_kind::forward_training : prop_kind::forward_inference,
       algorithm::pooling_max, x, y, window, window, padding, padding},
      eng);
  chain.add<dnnl::pooling_forward>(fwd, {{DNNL_ARG_SRC, "x"},
                                         {DNNL_ARG_DST, "y"},
                                         {DNNL_ARG_WORKSPACE, "argmax"}});
  if (!train)
    return;
  mseGradient(chain, "y", "dy", y);
  chain.add<dnnl::pooling_backward>(
      dnnl::pooling_backward::primitive_desc(
          {algorithm::pooling_max, x, y, window, window, padding, padding}, eng,
          fwd),
      {{DNNL_ARG_DIFF_DST, "dy"},
       {DNNL_ARG_WORKSPACE, "argmax"},
       {DNNL_ARG_DIFF_SRC, "dx"}});
  sgdUpdate(chain, {{"x", "dx"}});
}

void onednnRecurrent(Chain &chain, const RecurrentLayer &l, bool train) {
  const dnnl::engine &eng = chain.engine();
  // oneDNN's linear-before-reset GRU is Keras' reset_after=True (its
  // default): the recurrent bias is a fourth gate's worth of bias.
  int64_t biasGates = l.gates == 3 ? 4 : l.gates;
  memory::desc x({l.steps, l.batch, l.in}, Dt::f32, Tag::tnc);
  memory::desc w({1, 1, l.in, l.gates, l.units}, Dt::f32, Tag::any);
  memory::desc u({1, 1, l.units, l.gates, l.units}, Dt::f32, Tag::any);
  memory::desc b({1, 1, biasGates, l.units}, Dt::f32, Tag::ldgo);
  memory::desc h({l.steps, l.batch, l.units}, Dt::f32, Tag::tnc);
  memory::desc none;
  prop_kind fwdProp =
      train ? prop_kind::forward_training : prop_kind::forward_inference;
  auto dir = dnnl::rnn_direction::unidirectional_left2right;
  // Inference packs the weights (a layout with more than data in it).
  auto packWeights = [&](const auto &fwd) {
    chain.reorderInto("w", {w.dims(), Dt::f32, Tag::ldigo},
                      fwd.weights_layer_desc());
    chain.reorderInto("u", {u.dims(), Dt::f32, Tag::ldigo},
                      fwd.weights_iter_desc());
  };
  std::vector<std::pair<int, std::string>> fwdArgs = {
      {DNNL_ARG_SRC_LAYER, "x"},    {DNNL_ARG_WEIGHTS_LAYER, "w"},
      {DNNL_ARG_WEIGHTS_ITER, "u"}, {DNNL_ARG_BIAS, "b"},
      {DNNL_ARG_DST_LAYER, "h"},    {DNNL_ARG_WORKSPACE, "ws"}};
  std::vector<std::pair<int, std::string>> bwdArgs = fwdArgs;
  bwdArgs.insert(bwdArgs.end(), {{DNNL_ARG_DIFF_DST_LAYER, "dh"},
                                 {DNNL_ARG_DIFF_SRC_LAYER, "dx"},
                                 {DNNL_ARG_DIFF_WEIGHTS_LAYER, "dw"},
                                 {DNNL_ARG_DIFF_WEIGHTS_ITER, "du"},
                                 {DNNL_ARG_DIFF_BIAS, "db"}});
  // The loss is on the last step's output (Keras' return_sequences=False).
  auto lossGradient = [&] {
    if (train)
      mseGradient(chain, "h", "dh", h, size_t(l.batch * l.units));
  };
  if (l.gates == 1) {
    dnnl::vanilla_rnn_forward::primitive_desc fwd(
        {fwdProp, algorithm::eltwise_relu, dir, x, none, w, u, b, h, none},
        eng);
    packWeights(fwd);
    chain.add<dnnl::vanilla_rnn_forward>(fwd, fwdArgs);
    lossGradient();
    if (train)
      chain.add<dnnl::vanilla_rnn_backward>(
          dnnl::vanilla_rnn_backward::primitive_desc(
              {prop_kind::backward, algorithm::eltwise_relu, dir, x, none, w, u,
               b, h, none, x, none, w, u, b, h, none},
              eng, fwd),
          bwdArgs);
  } else if (l.gates == 4) {
    dnnl::lstm_forward::primitive_desc fwd(
        {fwdProp, dir, x, none, none, w, u, b, h, none, none}, eng);
    packWeights(fwd);
    chain.add<dnnl::lstm_forward>(fwd, fwdArgs);
    lossGradient();
    if (train)
      chain.add<dnnl::lstm_backward>(
          dnnl::lstm_backward::primitive_desc({prop_kind::backward,
                                               dir,
                                               x,
                                               none,
                                               none,
                                               w,
                                               u,
                                               b,
                                               h,
                                               none,
                                               none,
                                               x,
                                               none,
                                               none,
                                               w,
                                               u,
                                               b,
                                               h,
                                               none,
                                               none},
                                              eng, fwd),
          bwdArgs);
  } else {
    dnnl::lbr_gru_forward::primitive_desc fwd(
        {fwdProp, dir, x, none, w, u, b, h, none}, eng);
    packWeights(fwd);
    chain.add<dnnl::lbr_gru_forward>(fwd, fwdArgs);
    lossGradient();
    if (train)
      chain.add<dnnl::lbr_gru_backward>(
          dnnl::lbr_gru_backward::primitive_desc({prop_kind::backward, dir, x,
                                                  none, w, u, b, h, none, x,
                                                  none, w, u, b, h, none},
                                                 eng, fwd),
          bwdArgs);
  }
  if (train)
    sgdUpdate(chain, {{"x", "dx"}, {"w", "dw"}, {"u", "du"}, {"b", "db"}});
}

//===----------------------------------------------------------------------===//
// OpenBLAS
//===----------------------------------------------------------------------===//

/// y = x . w (row-major, m x k times k x n), or += when `accumulate`.
void gemm(bool transA, bool transB, int64_t m, int64_t n, int64_t k,
          const float *a, const float *b, float *c, bool accumulate = false) {
  cblas_sgemm(CblasRowMajor, transA ? CblasTrans : CblasNoTrans,
              transB ? CblasTrans : CblasNoTrans, int(m), int(n), int(k), 1.0f,
              a, transA ? int(m) : int(k), b, transB ? int(k) : int(n),
              accumulate ? 1.0f : 0.0f, c, int(n));
}

/// Adds the bias to each of `rows` rows of z and applies the activation.
void biasActivation(Activation activation, int64_t rows, int64_t cols,
                    const float *bias, float *z) {
  for (int64_t r = 0; r < rows; ++r) {
    float *row = z + r * cols;
    for (int64_t c = 0; c < cols; ++c)
      row[c] += bias[c];
    switch (activation) {
    case Activation::Relu:
      for (int64_t c = 0; c < cols; ++c)
        row[c] = std::max(row[c], 0.0f);
      break;
    case Activation::Sigmoid:
      for (int64_t c = 0; c < cols; ++c)
        row[c] = 1.0f / (1.0f + std::exp(-row[c]));
      break;
    case Activation::Softmax: {
      float top = *std::max_element(row, row + cols), sum = 0;
      for (int64_t c = 0; c < cols; ++c)
        sum += row[c] = std::exp(row[c] - top);
      for (int64_t c = 0; c < cols; ++c)
        row[c] /= sum;
      break;
    }
    }
  }
}

/// dz = dy * f'(z) from the output y = f(z), and db = the column sums of dz.
void activationGradient(Activation activation, int64_t rows, int64_t cols,
                        const float *y, const float *dy, float *dz, float *db) {
  std::fill(db, db + cols, 0.0f);
  for (int64_t r = 0; r < rows; ++r) {
    const float *yr = y + r * cols, *dyr = dy + r * cols;
    float *dzr = dz + r * cols;
    switch (activation) {
    case Activation::Relu:
      for (int64_t c = 0; c < cols; ++c)
        dzr[c] = yr[c] > 0 ? dyr[c] : 0.0f;
      break;
    case Activation::Sigmoid:
      for (int64_t c = 0; c < cols; ++c)
        dzr[c] = dyr[c] * yr[c] * (1.0f - yr[c]);
      break;
    case Activation::Softmax: {
      float dot = 0;
      for (int64_t c = 0; c < cols; ++c)
        dot += yr[c] * dyr[c];
      for (int64_t c = 0; c < cols; ++c)
        dzr[c] = yr[c] * (dyr[c] - dot);
      break;
    }
    }
    for (int64_t c = 0; c < cols; ++c)
      db[c] += dzr[c];
  }
}

void sgd(std::vector<float> &param, const std::vector<float> &grad) {
  float rate = learningRate();
  for (size_t i = 0; i < param.size(); ++i)
    param[i] -= rate * grad[i];
}

void openblasDense(benchmark::State &state, const DenseLayer &l, bool train) {
  std::vector<float> x = randomData(l.batch * l.in),
                     w = randomData(l.in * l.out), b = randomData(l.out),
                     y(l.batch * l.out), target = randomData(l.batch * l.out),
                     dy(l.batch * l.out), dz(l.batch * l.out),
                     dx(l.batch * l.in), dw(l.in * l.out), db(l.out);
  for (auto _ : state) {
    gemm(false, false, l.batch, l.out, l.in, x.data(), w.data(), y.data());
    biasActivation(l.activation, l.batch, l.out, b.data(), y.data());
    if (train) {
      squaredErrorGradient(y.data(), target.data(), dy.data(), y.size());
      activationGradient(l.activation, l.batch, l.out, y.data(), dy.data(),
                         dz.data(), db.data());
      gemm(false, true, l.batch, l.in, l.out, dz.data(), w.data(), dx.data());
      gemm(true, false, l.in, l.out, l.batch, x.data(), dz.data(), dw.data());
      sgd(x, dx);
      sgd(w, dw);
      sgd(b, db);
    }
    benchmark::ClobberMemory();
  }
  double flops = l.forwardFlops();
  setFlops(state, train ? trainFlops(flops) : flops);
}

/// The 3x3 windows of an NHWC batch as rows of a (batch * o * o) x
/// (9 * channels) matrix, in the (kh, kw, c) order of an HWCF kernel.
void im2col(const ConvLayer &l, const float *x, float *cols) {
  int64_t o = l.outSize(), c = l.channels;
  for (int64_t n = 0; n < l.batch; ++n)
    for (int64_t i = 0; i < o; ++i)
      for (int64_t j = 0; j < o; ++j)
        for (int64_t kh = 0; kh < 3; ++kh) {
          const float *src = x + ((n * l.size + i + kh) * l.size + j) * c;
          std::memcpy(cols, src, sizeof(float) * 3 * c);
          cols += 3 * c;
        }
}

/// The inverse: adds each window's gradient back into dx.
void col2im(const ConvLayer &l, const float *cols, float *dx) {
  int64_t o = l.outSize(), c = l.channels;
  std::fill(dx, dx + l.batch * l.size * l.size * c, 0.0f);
  for (int64_t n = 0; n < l.batch; ++n)
    for (int64_t i = 0; i < o; ++i)
      for (int64_t j = 0; j < o; ++j)
        for (int64_t kh = 0; kh < 3; ++kh) {
          float *dst = dx + ((n * l.size + i + kh) * l.size + j) * c;
          for (int64_t e = 0; e < 3 * c; ++e)
            dst[e] += cols[e];
          cols += 3 * c;
        }
}

void openblasConv(benchmark::State &state, const ConvLayer &l, bool train) {
  int64_t o = l.outSize(), rows = l.batch * o * o, k = 9 * l.channels;
  std::vector<float> x = randomData(l.batch * l.size * l.size * l.channels),
                     w = randomData(k * l.filters), b = randomData(l.filters),
                     cols(rows * k), y(rows * l.filters),
                     target = randomData(rows * l.filters),
                     dy(rows * l.filters), dz(rows * l.filters),
                     dcols(rows * k), dx(x.size()), dw(k * l.filters),
                     db(l.filters);
  for (auto _ : state) {
    im2col(l, x.data(), cols.data());
    gemm(false, false, rows, l.filters, k, cols.data(), w.data(), y.data());
    biasActivation(Activation::Relu, rows, l.filters, b.data(), y.data());
    if (train) {
      squaredErrorGradient(y.data(), target.data(), dy.data(), y.size());
      activationGradient(Activation::Relu, rows, l.filters, y.data(), dy.data(),
                         dz.data(), db.data());
      gemm(false, true, rows, k, l.filters, dz.data(), w.data(), dcols.data());
      col2im(l, dcols.data(), dx.data());
      gemm(true, false, k, l.filters, rows, cols.data(), dz.data(), dw.data());
      sgd(x, dx);
      sgd(w, dw);
      sgd(b, db);
    }
    benchmark::ClobberMemory();
  }
  double flops = l.forwardFlops();
  setFlops(state, train ? trainFlops(flops) : flops);
}

void registerPeers() {
  for (bool train : {false, true}) {
    const char *pass = train ? "train" : "forward";
    for (const DenseLayer &l : kDenseLayers) {
      double flops = train ? trainFlops(l.forwardFlops()) : l.forwardFlops();
      registerLayer(
          l.name, pass, "onednn", [&l, train, flops](benchmark::State &state) {
            runChain(state, flops, [&](Chain &c) { onednnDense(c, l, train); });
          });
      registerLayer(l.name, pass, "openblas",
                    [&l, train](benchmark::State &state) {
                      openblasDense(state, l, train);
                    });
    }
    for (const ConvLayer &l : kConvLayers) {
      double flops = train ? trainFlops(l.forwardFlops()) : l.forwardFlops();
      registerLayer(
          l.name, pass, "onednn", [&l, train, flops](benchmark::State &state) {
            runChain(state, flops, [&](Chain &c) { onednnConv(c, l, train); });
          });
      registerLayer(l.name, pass, "openblas",
                    [&l, train](benchmark::State &state) {
                      openblasConv(state, l, train);
                    });
    }
    for (const PoolLayer &l : kPoolLayers)
      registerLayer(
          l.name, pass, "onednn", [&l, train](benchmark::State &state) {
            runChain(state, 0, [&](Chain &c) { onednnPool(c, l, train); });
          });
    for (const RecurrentLayer &l : kRecurrentLayers) {
      double flops = train ? trainFlops(l.forwardFlops()) : l.forwardFlops();
      registerLayer(l.name, pass, "onednn",
                    [&l, train, flops](benchmark::State &state) {
                      runChain(state, flops,
                               [&](Chain &c) { onednnRecurrent(c, l, train); });
                    });
    }
  }
}

[[maybe_unused]] const bool registered = (registerPeers(), true);

} // namespace
