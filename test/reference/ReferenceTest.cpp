//===- ReferenceTest.cpp - The reference kernels against hand computations ===//
//
// The reference is the ground truth for the compiler's numerical tests, so
// it is itself checked here against values worked out by hand, on small and
// deliberately lopsided shapes, and the interpreter against the kernels
// composed by hand on the chapter models.
//
//===----------------------------------------------------------------------===//

#include "Reference.h"
#include "Interpreter.h"

#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/Parser/Parser.h"

#include <gtest/gtest.h>

#include <cmath>

using namespace dlc::reference;

namespace {

constexpr double kTol = 1e-12;

double sigmoid(double x) { return 1.0 / (1.0 + std::exp(-x)); }

void expectTensorNear(const Tensor &actual, const Tensor &expected,
                      double tol = kTol) {
  ASSERT_EQ(actual.shape, expected.shape);
  for (size_t i = 0; i < expected.data.size(); ++i)
    EXPECT_NEAR(actual.data[i], expected.data[i], tol) << "element " << i;
}

/// [1, h, w, 1] holding row * w + col.
Tensor ramp(int64_t h, int64_t w) {
  Tensor t = Tensor::zeros({1, h, w, 1});
  for (int64_t i = 0; i < h; ++i)
    for (int64_t j = 0; j < w; ++j)
      t.at({0, i, j, 0}) = static_cast<double>(i * w + j);
  return t;
}

//===----------------------------------------------------------------------===//
// Tensor
//===----------------------------------------------------------------------===//

TEST(Tensor, RowMajorIndexing) {
  Tensor t = Tensor::zeros({2, 3, 4});
  EXPECT_EQ(t.numel(), 24);
  EXPECT_EQ(t.offset({1, 2, 3}), 23);
  EXPECT_EQ(t.offset({1, 0, 2}), 14);
  t.at({1, 0, 2}) = 5.0;
  EXPECT_EQ(t.data[14], 5.0);
  EXPECT_TRUE(Tensor{}.isNone());
  EXPECT_FALSE(Tensor::scalar(0.0).isNone());
  EXPECT_EQ(Tensor::scalar(3.0).numel(), 1);
}

TEST(Tensor, UniformIsSeededAndInRange) {
  Tensor a = Tensor::uniform({7, 3}, -2.0, 0.5, 42);
  Tensor b = Tensor::uniform({7, 3}, -2.0, 0.5, 42);
  Tensor c = Tensor::uniform({7, 3}, -2.0, 0.5, 43);
  EXPECT_EQ(a.data, b.data);
  EXPECT_NE(a.data, c.data);
  for (double x : a.data) {
    EXPECT_GE(x, -2.0);
    EXPECT_LT(x, 0.5);
  }
  Tensor labels = Tensor::labels({5, 2}, 3, 1);
  for (double x : labels.data) {
    EXPECT_EQ(x, std::floor(x));
    EXPECT_GE(x, 0.0);
    EXPECT_LT(x, 3.0);
  }
}

TEST(Tensor, AllClose) {
  Tensor a{{2}, {1.0, 2.0}};
  EXPECT_TRUE(allClose(a, Tensor{{2}, {1.0, 2.0 + 1e-9}}, 1e-8, 0.0));
  EXPECT_FALSE(allClose(a, Tensor{{2}, {1.0, 2.1}}, 1e-8, 0.0));
  EXPECT_FALSE(allClose(a, Tensor{{1, 2}, {1.0, 2.0}}, 1e-8, 0.0));
  EXPECT_FALSE(allClose(a, Tensor{{2}, {1.0, NAN}}, 1e-8, 0.0));
  EXPECT_DOUBLE_EQ(maxAbsDiff(a, Tensor{{2}, {0.5, 2.25}}), 0.5);
}

//===----------------------------------------------------------------------===//
// Dense
//===----------------------------------------------------------------------===//

TEST(Dense, TwoByTwoByHand) {
  Tensor x{{2, 2}, {1, 2, 3, 4}};
  Tensor w{{2, 2}, {1, -1, 0.5, 2}};
  Tensor b{{2}, {0.1, -0.2}};
  // [1 2] . [[1 -1] [0.5 2]] = [2, 3]; [3 4] . ... = [5, 5].
  expectTensorNear(dense(x, w, b, Activation::identity),
                   Tensor{{2, 2}, {2.1, 2.8, 5.1, 4.8}});
  expectTensorNear(dense(x, w, Tensor{}, Activation::identity),
                   Tensor{{2, 2}, {2, 3, 5, 5}});
}

TEST(Dense, LayerLeakyReluUsesSlopePointTwo) {
  Tensor x{{2, 2}, {1, 2, 3, 4}};
  Tensor w{{2, 2}, {1, -1, 0.5, -2}};
  Tensor b{{2}, {0.1, -0.2}};
  // Pre-activations [2.1, -5.2] and [5.1, -11.2].
  expectTensorNear(dense(x, w, b, Activation::leaky_relu),
                   Tensor{{2, 2}, {2.1, -1.04, 5.1, -2.24}});
  expectTensorNear(dense(x, w, b, Activation::relu),
                   Tensor{{2, 2}, {2.1, 0, 5.1, 0}});
}

TEST(Dense, AppliesToTheLastAxisOfHigherRanks) {
  Tensor x = Tensor::uniform({2, 3, 5}, -1, 1, 1);
  Tensor w = Tensor::uniform({5, 7}, -1, 1, 2);
  Tensor b = Tensor::uniform({7}, -1, 1, 3);
  Tensor y = dense(x, w, b, Activation::tanh);
  ASSERT_EQ(y.shape, (std::vector<int64_t>{2, 3, 7}));
  for (int64_t i = 0; i < 2; ++i)
    for (int64_t j = 0; j < 3; ++j) {
      Tensor row = Tensor::zeros({1, 5});
      for (int64_t k = 0; k < 5; ++k)
        row.at({0, k}) = x.at({i, j, k});
      Tensor expected = dense(row, w, b, Activation::tanh);
      for (int64_t u = 0; u < 7; ++u)
        EXPECT_NEAR(y.at({i, j, u}), expected.at({0, u}), kTol);
    }
  EXPECT_NEAR(y.at({1, 2, 6}),
              std::tanh(b.at({6}) + x.at({1, 2, 0}) * w.at({0, 6}) +
                        x.at({1, 2, 1}) * w.at({1, 6}) +
                        x.at({1, 2, 2}) * w.at({2, 6}) +
                        x.at({1, 2, 3}) * w.at({3, 6}) +
                        x.at({1, 2, 4}) * w.at({4, 6})),
              kTol);
}

TEST(Dense, SoftmaxNormalisesEachRow) {
  Tensor x = Tensor::uniform({3, 4}, -1, 1, 9);
  Tensor w = Tensor::uniform({4, 5}, -1, 1, 10);
  Tensor y = dense(x, w, Tensor{}, Activation::softmax);
  for (int64_t r = 0; r < 3; ++r) {
    double sum = 0;
    for (int64_t c = 0; c < 5; ++c)
      sum += y.at({r, c});
    EXPECT_NEAR(sum, 1.0, kTol);
  }
}

TEST(ReferenceDeathTest, MismatchedShapesAbortWithAMessage) {
  GTEST_FLAG_SET(death_test_style, "threadsafe");
  EXPECT_DEATH(dense(Tensor::zeros({2, 3}), Tensor::zeros({4, 5}), Tensor{},
                     Activation::identity),
               "dense expects an input whose last axis is the kernel's 4");
  EXPECT_DEATH(sparseCategoricalCrossentropy(
                   Tensor::zeros({1, 3}), Tensor{{1}, {3}}, false, false, 1.0),
               "labels in \\[0, 3\\)");
}

//===----------------------------------------------------------------------===//
// Convolution
//===----------------------------------------------------------------------===//

TEST(Conv2D, SamePaddingPutsTheExtraRowAtTheBottom) {
  // 4x4 input, 3x3 kernel, stride 2: 2x2 output and one row (column) of
  // padding in total, all of it after the image.
  Tensor x = ramp(4, 4);
  Tensor k = Tensor::zeros({3, 3, 1, 2});
  for (int64_t i = 0; i < 3; ++i)
    for (int64_t j = 0; j < 3; ++j)
      k.at({i, j, 0, 0}) = 1.0; // sums the window
  k.at({0, 0, 0, 1}) = 1.0;     // picks the window's top-left pixel
  Tensor y = conv2d(x, k, Tensor{}, {2, 2}, {1, 1}, /*same=*/true,
                    Activation::identity);
  ASSERT_EQ(y.shape, (std::vector<int64_t>{1, 2, 2, 2}));
  // Windows: rows {0,1,2} / {2,3}, columns {0,1,2} / {2,3}.
  EXPECT_DOUBLE_EQ(y.at({0, 0, 0, 0}), 0 + 1 + 2 + 4 + 5 + 6 + 8 + 9 + 10);
  EXPECT_DOUBLE_EQ(y.at({0, 0, 1, 0}), 2 + 3 + 6 + 7 + 10 + 11);
  EXPECT_DOUBLE_EQ(y.at({0, 1, 0, 0}), 8 + 9 + 10 + 12 + 13 + 14);
  EXPECT_DOUBLE_EQ(y.at({0, 1, 1, 0}), 10 + 11 + 14 + 15);
  EXPECT_DOUBLE_EQ(y.at({0, 0, 0, 1}), 0);
  EXPECT_DOUBLE_EQ(y.at({0, 0, 1, 1}), 2);
  EXPECT_DOUBLE_EQ(y.at({0, 1, 0, 1}), 8);
  EXPECT_DOUBLE_EQ(y.at({0, 1, 1, 1}), 10);
}

TEST(Conv2D, SamePaddingWithAnEvenKernel) {
  // 3x3 input, 2x2 kernel of ones, stride 1: the single padding row and
  // column go after the image.
  Tensor x = ramp(3, 3);
  Tensor k = Tensor::filled({2, 2, 1, 1}, 1.0);
  Tensor y = conv2d(x, k, Tensor{{1}, {0.5}}, {1, 1}, {1, 1}, true,
                    Activation::identity);
  expectTensorNear(
      y, Tensor{{1, 3, 3, 1},
                {0 + 1 + 3 + 4 + 0.5, 1 + 2 + 4 + 5 + 0.5, 2 + 5 + 0.5,
                 3 + 4 + 6 + 7 + 0.5, 4 + 5 + 7 + 8 + 0.5, 5 + 8 + 0.5,
                 6 + 7 + 0.5, 7 + 8 + 0.5, 8 + 0.5}});
}

TEST(Conv2D, ValidDilatedByHand) {
  // 5x5 ramp, kernel [[1, 2], [3, 4]] with dilation 2: 3x3 output,
  // y[a, b] = x[a, b] + 2 x[a, b+2] + 3 x[a+2, b] + 4 x[a+2, b+2]
  //         = 50 a + 10 b + 82.
  Tensor x = ramp(5, 5);
  Tensor k{{2, 2, 1, 1}, {1, 2, 3, 4}};
  Tensor y =
      conv2d(x, k, Tensor{}, {1, 1}, {2, 2}, false, Activation::identity);
  ASSERT_EQ(y.shape, (std::vector<int64_t>{1, 3, 3, 1}));
  for (int64_t a = 0; a < 3; ++a)
    for (int64_t b = 0; b < 3; ++b)
      EXPECT_DOUBLE_EQ(y.at({0, a, b, 0}), 50.0 * a + 10.0 * b + 82.0);
}

TEST(Conv2D, ValidOddShapesAndStrides) {
  Tensor x = Tensor::uniform({2, 5, 7, 3}, -1, 1, 4);
  Tensor k = Tensor::uniform({3, 2, 3, 4}, -1, 1, 5);
  Tensor b = Tensor::uniform({4}, -1, 1, 6);
  Tensor y = conv2d(x, k, b, {2, 3}, {1, 1}, false, Activation::relu);
  // (5 - 3) / 2 + 1 = 2 rows, (7 - 2) / 3 + 1 = 2 columns.
  ASSERT_EQ(y.shape, (std::vector<int64_t>{2, 2, 2, 4}));
  double sum = b.at({3});
  for (int64_t i = 0; i < 3; ++i)
    for (int64_t j = 0; j < 2; ++j)
      for (int64_t c = 0; c < 3; ++c)
        sum += x.at({1, 2 + i, 3 + j, c}) * k.at({i, j, c, 3});
  EXPECT_NEAR(y.at({1, 1, 1, 3}), std::max(sum, 0.0), kTol);
}

TEST(Conv2D, OneByOneIsDenseOverChannels) {
  Tensor x = Tensor::uniform({2, 3, 5, 4}, -1, 1, 7);
  Tensor w = Tensor::uniform({4, 6}, -1, 1, 8);
  Tensor b = Tensor::uniform({6}, -1, 1, 9);
  Tensor k{{1, 1, 4, 6}, w.data};
  expectTensorNear(conv2d(x, k, b, {1, 1}, {1, 1}, true, Activation::sigmoid),
                   dense(x, w, b, Activation::sigmoid));
}

//===----------------------------------------------------------------------===//
// Pooling
//===----------------------------------------------------------------------===//

TEST(Pool2D, SamePaddingCountsOnlyInImagePixels) {
  // 3x3 ramp, 2x2 windows, stride 2: windows rows {0,1} / {2}, columns
  // {0,1} / {2}.
  Tensor x = ramp(3, 3);
  expectTensorNear(avgPool2d(x, {2, 2}, {2, 2}, true),
                   Tensor{{1, 2, 2, 1}, {2.0, 3.5, 6.5, 8.0}});
  expectTensorNear(maxPool2d(x, {2, 2}, {2, 2}, true),
                   Tensor{{1, 2, 2, 1}, {4, 5, 7, 8}});
}

TEST(Pool2D, SameOddWindowPadsOnBothSides) {
  // 4x4 ramp, 3x3 windows, stride 1: one row above, one below.
  Tensor y = avgPool2d(ramp(4, 4), {3, 3}, {1, 1}, true);
  ASSERT_EQ(y.shape, (std::vector<int64_t>{1, 4, 4, 1}));
  EXPECT_DOUBLE_EQ(y.at({0, 0, 0, 0}), (0 + 1 + 4 + 5) / 4.0);
  EXPECT_DOUBLE_EQ(y.at({0, 0, 1, 0}), (0 + 1 + 2 + 4 + 5 + 6) / 6.0);
  EXPECT_DOUBLE_EQ(y.at({0, 1, 1, 0}),
                   (0 + 1 + 2 + 4 + 5 + 6 + 8 + 9 + 10) / 9.0);
  EXPECT_DOUBLE_EQ(y.at({0, 3, 3, 0}), (10 + 11 + 14 + 15) / 4.0);
}

TEST(Pool2D, ValidKeepsChannelsApart) {
  // 5x4 with two channels (the second negated), 2x2 windows, default
  // strides: 2x2 output, the last row dropped.
  Tensor x = Tensor::zeros({1, 5, 4, 2});
  for (int64_t i = 0; i < 5; ++i)
    for (int64_t j = 0; j < 4; ++j) {
      x.at({0, i, j, 0}) = i * 4 + j;
      x.at({0, i, j, 1}) = -(i * 4 + j);
    }
  expectTensorNear(maxPool2d(x, {2, 2}, {2, 2}, false),
                   Tensor{{1, 2, 2, 2}, {5, 0, 7, -2, 13, -8, 15, -10}});
  expectTensorNear(
      avgPool2d(x, {2, 2}, {2, 2}, false),
      Tensor{{1, 2, 2, 2}, {2.5, -2.5, 4.5, -4.5, 10.5, -10.5, 12.5, -12.5}});
}

TEST(Pool2D, OverlappingStrides) {
  Tensor y = maxPool2d(ramp(3, 5), {2, 3}, {1, 2}, false);
  expectTensorNear(y, Tensor{{1, 2, 2, 1}, {7, 9, 12, 14}});
}

//===----------------------------------------------------------------------===//
// Shape ops and elementwise ops
//===----------------------------------------------------------------------===//

TEST(Shape, FlattenAndReshapeKeepRowMajorOrder) {
  Tensor x = Tensor::uniform({2, 3, 1, 2}, -1, 1, 11);
  Tensor f = flatten(x);
  ASSERT_EQ(f.shape, (std::vector<int64_t>{2, 6}));
  EXPECT_EQ(f.at({1, 4}), x.at({1, 2, 0, 0}));
  Tensor r = reshape(x, {2, 3});
  ASSERT_EQ(r.shape, (std::vector<int64_t>{2, 2, 3}));
  EXPECT_EQ(r.at({1, 1, 0}), x.at({1, 1, 0, 1}));
  EXPECT_EQ(r.data, x.data);
}

TEST(Shape, ConcatAlongMiddleAndLastAxes) {
  Tensor a{{2, 1, 2}, {1, 2, 3, 4}};
  Tensor b{{2, 2, 2}, {5, 6, 7, 8, 9, 10, 11, 12}};
  expectTensorNear(concat({a, b}, 1),
                   Tensor{{2, 3, 2}, {1, 2, 5, 6, 7, 8, 3, 4, 9, 10, 11, 12}});
  Tensor c{{2, 1, 1}, {-1, -2}};
  expectTensorNear(concat({a, c}, 2), Tensor{{2, 1, 3}, {1, 2, -1, 3, 4, -2}});
}

TEST(Elementwise, AddAndMul) {
  Tensor a{{3}, {1, 2, 3}};
  Tensor b{{3}, {-1, 0.5, 4}};
  expectTensorNear(add(a, b), Tensor{{3}, {0, 2.5, 7}});
  expectTensorNear(mul(a, b), Tensor{{3}, {-1, 1, 12}});
}

TEST(Activation, SoftmaxOfOneTwoThree) {
  expectTensorNear(
      activation(Tensor{{3}, {1, 2, 3}}, Activation::softmax),
      Tensor{{3},
             {0.09003057317038046, 0.24472847105479767, 0.6652409557748219}});
  // Along the last axis only, and shift-invariant.
  expectTensorNear(
      activation(Tensor{{2, 3}, {1, 2, 3, 1001, 1002, 1003}},
                 Activation::softmax),
      Tensor{{2, 3},
             {0.09003057317038046, 0.24472847105479767, 0.6652409557748219,
              0.09003057317038046, 0.24472847105479767, 0.6652409557748219}});
}

TEST(Activation, Elementwise) {
  Tensor x{{4}, {-2, -0.5, 0, 3}};
  expectTensorNear(activation(x, Activation::identity), x);
  expectTensorNear(activation(x, Activation::relu), Tensor{{4}, {0, 0, 0, 3}});
  expectTensorNear(activation(x, Activation::leaky_relu),
                   Tensor{{4}, {-0.4, -0.1, 0, 3}});
  expectTensorNear(activation(x, Activation::leaky_relu, 0.1),
                   Tensor{{4}, {-0.2, -0.05, 0, 3}});
  expectTensorNear(activation(x, Activation::sigmoid),
                   Tensor{{4}, {sigmoid(-2), sigmoid(-0.5), 0.5, sigmoid(3)}});
  expectTensorNear(
      activation(x, Activation::tanh),
      Tensor{{4}, {std::tanh(-2.0), std::tanh(-0.5), 0.0, std::tanh(3.0)}});
}

//===----------------------------------------------------------------------===//
// Recurrent layers
//===----------------------------------------------------------------------===//

TEST(SimpleRNN, TwoStepsByHand) {
  Tensor x{{1, 2, 1}, {1, 2}};
  Tensor w{{1, 1}, {0.5}};
  Tensor u{{1, 1}, {-1}};
  Tensor b{{1}, {0.1}};
  double h1 = std::tanh(0.5 * 1 + 0.1);
  double h2 = std::tanh(0.5 * 2 - 1 * h1 + 0.1);
  expectTensorNear(simpleRnn(x, w, u, b, Tensor{}, Activation::tanh, true),
                   Tensor{{1, 2, 1}, {h1, h2}});
  expectTensorNear(simpleRnn(x, w, u, b, Tensor{}, Activation::tanh, false),
                   Tensor{{1, 1}, {h2}});
  // From an initial state.
  double g1 = std::tanh(0.5 - 1 * 0.3 + 0.1);
  double g2 = std::tanh(1.0 - g1 + 0.1);
  expectTensorNear(
      simpleRnn(x, w, u, b, Tensor{{1, 1}, {0.3}}, Activation::tanh, false),
      Tensor{{1, 1}, {g2}});
}

TEST(SimpleRNN, TwoUnitsMixThroughTheRecurrentKernel) {
  // x [1, 2, 1]; h_t = relu(x_t W + h_{t-1} U).
  Tensor x{{1, 2, 1}, {1, -1}};
  Tensor w{{1, 2}, {1, 2}};
  Tensor u{{2, 2}, {0.5, -1, 2, 0.25}};
  // h1 = [1, 2]; h2 = relu([-1, -2] + [0.5 + 4, -1 + 0.5]) = [3.5, 0].
  expectTensorNear(
      simpleRnn(x, w, u, Tensor{}, Tensor{}, Activation::relu, true),
      Tensor{{1, 2, 2}, {1, 2, 3.5, 0}});
}

TEST(LSTM, OneStepOneUnitByHand) {
  double xv = 0.5, h0 = 0.2, c0 = -0.3;
  // Gate order (i, f, c, o).
  double wi = 0.1, wf = 0.2, wc = 0.3, wo = 0.4;
  double ui = -0.5, uf = 0.6, uc = -0.7, uo = 0.8;
  double bi = 0.01, bf = 1.0, bc = -0.02, bo = 0.03;
  double i = sigmoid(wi * xv + ui * h0 + bi);
  double f = sigmoid(wf * xv + uf * h0 + bf);
  double cc = std::tanh(wc * xv + uc * h0 + bc);
  double o = sigmoid(wo * xv + uo * h0 + bo);
  double c1 = f * c0 + i * cc;
  double h1 = o * std::tanh(c1);

  Tensor x{{1, 1, 1}, {xv}};
  Tensor w{{1, 4}, {wi, wf, wc, wo}};
  Tensor u{{1, 4}, {ui, uf, uc, uo}};
  Tensor b{{4}, {bi, bf, bc, bo}};
  expectTensorNear(lstm(x, w, u, b, Tensor{{1, 1}, {h0}}, Tensor{{1, 1}, {c0}},
                        Activation::tanh, Activation::sigmoid, false),
                   Tensor{{1, 1}, {h1}});

  // A second step feeds h1 and c1 back.
  double x2 = -1.5;
  double i2 = sigmoid(wi * x2 + ui * h1 + bi);
  double f2 = sigmoid(wf * x2 + uf * h1 + bf);
  double cc2 = std::tanh(wc * x2 + uc * h1 + bc);
  double o2 = sigmoid(wo * x2 + uo * h1 + bo);
  double h2 = o2 * std::tanh(f2 * c1 + i2 * cc2);
  expectTensorNear(lstm(Tensor{{1, 2, 1}, {xv, x2}}, w, u, b,
                        Tensor{{1, 1}, {h0}}, Tensor{{1, 1}, {c0}},
                        Activation::tanh, Activation::sigmoid, true),
                   Tensor{{1, 2, 1}, {h1, h2}});
}

TEST(LSTM, ZeroStateAndOtherActivations) {
  // From zeros with relu / identity activations everything is linear:
  // i = x wi, f = x wf, c~ = relu(x wc), o = x wo; c = i c~; h = o relu(c).
  double xv = 2.0;
  Tensor w{{1, 4}, {0.5, 0.25, 1.5, -1}};
  Tensor u = Tensor::uniform({1, 4}, -1, 1, 3);
  double c = (xv * 0.5) * (xv * 1.5);
  expectTensorNear(lstm(Tensor{{1, 1, 1}, {xv}}, w, u, Tensor{}, Tensor{},
                        Tensor{}, Activation::relu, Activation::identity,
                        false),
                   Tensor{{1, 1}, {(xv * -1) * c}});
}

TEST(GRU, OneStepResetAfterByHand) {
  double xv = 0.7, h0 = -0.4;
  // Gate order (z, r, h); bias row 0 is the input bias, row 1 the
  // recurrent bias.
  double wz = 0.3, wr = -0.2, wh = 0.9;
  double uz = 0.5, ur = 0.4, uh = -0.6;
  double bz = 0.1, br = -0.1, bh = 0.2;
  double rbz = 0.05, rbr = 0.3, rbh = -0.25;
  double z = sigmoid(wz * xv + bz + uz * h0 + rbz);
  double r = sigmoid(wr * xv + br + ur * h0 + rbr);
  double hh = std::tanh(wh * xv + bh + r * (uh * h0 + rbh));
  double h1 = z * h0 + (1 - z) * hh;

  Tensor bias{{2, 3}, {bz, br, bh, rbz, rbr, rbh}};
  expectTensorNear(gru(Tensor{{1, 1, 1}, {xv}}, Tensor{{1, 3}, {wz, wr, wh}},
                       Tensor{{1, 3}, {uz, ur, uh}}, bias, Tensor{{1, 1}, {h0}},
                       Activation::tanh, Activation::sigmoid,
                       /*resetAfter=*/true, false),
                   Tensor{{1, 1}, {h1}});
}

TEST(GRU, OneStepResetBeforeByHand) {
  double xv = 0.7, h0 = -0.4;
  double wz = 0.3, wr = -0.2, wh = 0.9;
  double uz = 0.5, ur = 0.4, uh = -0.6;
  double bz = 0.1, br = -0.1, bh = 0.2;
  double z = sigmoid(wz * xv + uz * h0 + bz);
  double r = sigmoid(wr * xv + ur * h0 + br);
  double hh = std::tanh(wh * xv + bh + (r * h0) * uh);
  double h1 = z * h0 + (1 - z) * hh;

  expectTensorNear(gru(Tensor{{1, 1, 1}, {xv}}, Tensor{{1, 3}, {wz, wr, wh}},
                       Tensor{{1, 3}, {uz, ur, uh}}, Tensor{{3}, {bz, br, bh}},
                       Tensor{{1, 1}, {h0}}, Activation::tanh,
                       Activation::sigmoid, /*resetAfter=*/false, false),
                   Tensor{{1, 1}, {h1}});
}

TEST(GRU, ResetBeforeAndAfterDifferWithTwoUnits) {
  // Two units, no bias: reset_after gates h . Uh, reset_before gates h.
  double xv = 1.0;
  double h[2] = {0.5, -1.0};
  // Columns: z0 z1 r0 r1 h0 h1.
  double wk[6] = {0.1, -0.2, 0.3, 0.4, 0.5, -0.6};
  double uk[2][6] = {{0.2, 0.1, -0.3, 0.5, 0.7, -0.4},
                     {-0.1, 0.3, 0.2, -0.6, 0.25, 0.9}};
  double z[2], r[2];
  for (int u = 0; u < 2; ++u) {
    z[u] = sigmoid(xv * wk[u] + h[0] * uk[0][u] + h[1] * uk[1][u]);
    r[u] = sigmoid(xv * wk[2 + u] + h[0] * uk[0][2 + u] + h[1] * uk[1][2 + u]);
  }
  double after[2], before[2];
  for (int u = 0; u < 2; ++u) {
    double hu = h[0] * uk[0][4 + u] + h[1] * uk[1][4 + u];
    double ha = std::tanh(xv * wk[4 + u] + r[u] * hu);
    double hb = std::tanh(xv * wk[4 + u] + r[0] * h[0] * uk[0][4 + u] +
                          r[1] * h[1] * uk[1][4 + u]);
    after[u] = z[u] * h[u] + (1 - z[u]) * ha;
    before[u] = z[u] * h[u] + (1 - z[u]) * hb;
  }
  Tensor x{{1, 1, 1}, {xv}};
  Tensor w{{1, 6}, std::vector<double>(wk, wk + 6)};
  Tensor u{{2, 6}, {}};
  for (int v = 0; v < 2; ++v)
    u.data.insert(u.data.end(), uk[v], uk[v] + 6);
  Tensor h0{{1, 2}, {h[0], h[1]}};
  Tensor ya = gru(x, w, u, Tensor{}, h0, Activation::tanh, Activation::sigmoid,
                  true, false);
  Tensor yb = gru(x, w, u, Tensor{}, h0, Activation::tanh, Activation::sigmoid,
                  false, false);
  expectTensorNear(ya, Tensor{{1, 2}, {after[0], after[1]}});
  expectTensorNear(yb, Tensor{{1, 2}, {before[0], before[1]}});
  EXPECT_GT(maxAbsDiff(ya, yb), 1e-3);
}

TEST(Recurrent, BatchSamplesAreIndependent) {
  Tensor x = Tensor::uniform({3, 4, 2}, -1, 1, 20);
  Tensor w = Tensor::uniform({2, 15}, -1, 1, 21);
  Tensor u = Tensor::uniform({5, 15}, -1, 1, 22);
  Tensor b = Tensor::uniform({2, 15}, -1, 1, 23);
  Tensor all = gru(x, w, u, b, Tensor{}, Activation::tanh, Activation::sigmoid,
                   true, true);
  ASSERT_EQ(all.shape, (std::vector<int64_t>{3, 4, 5}));
  Tensor one{{1, 4, 2}, {}};
  one.data.assign(x.data.begin() + 8, x.data.begin() + 16);
  Tensor single = gru(one, w, u, b, Tensor{}, Activation::tanh,
                      Activation::sigmoid, true, true);
  for (int64_t t = 0; t < 4; ++t)
    for (int64_t k = 0; k < 5; ++k)
      EXPECT_NEAR(all.at({1, t, k}), single.at({0, t, k}), kTol);
  // The last step of the sequence is the non-sequence result.
  Tensor last = gru(x, w, u, b, Tensor{}, Activation::tanh, Activation::sigmoid,
                    true, false);
  for (int64_t n = 0; n < 3; ++n)
    for (int64_t k = 0; k < 5; ++k)
      EXPECT_EQ(last.at({n, k}), all.at({n, 3, k}));
}

//===----------------------------------------------------------------------===//
// Losses
//===----------------------------------------------------------------------===//

TEST(Loss, MeanSquaredErrorPerSampleThenBatch) {
  Tensor pred{{2, 3}, {1, 2, 3, 0, 0, 0}};
  Tensor target{{2, 3}, {1, 0, 0, 1, 1, 1}};
  // Per sample: (0 + 4 + 9) / 3 and (1 + 1 + 1) / 3.
  EXPECT_NEAR(meanSquaredError(pred, target, false, 1.0), (13.0 / 3 + 1) / 2,
              kTol);
  EXPECT_NEAR(meanSquaredError(pred, target, true, 0.5), 0.5 * (13.0 / 3 + 1),
              kTol);
  // Rank 1: one value per sample.
  EXPECT_NEAR(meanSquaredError(Tensor{{3}, {1, 2, 3}}, Tensor{{3}, {0, 0, 0}},
                               true, 1.0),
              14.0, kTol);
}

TEST(Loss, BinaryCrossentropyClipsProbabilities) {
  // p = 0 against t = 1 and p = 1 against t = 0 both cost -log(1e-7).
  EXPECT_NEAR(binaryCrossentropy(Tensor{{2, 1}, {0, 1}}, Tensor{{2, 1}, {1, 0}},
                                 false, false, 1.0),
              16.118095651, 1e-6);
  EXPECT_NEAR(binaryCrossentropy(Tensor{{1, 1}, {-3}}, Tensor{{1, 1}, {1}},
                                 false, false, 1.0),
              -std::log(1e-7), kTol);
  // Soft targets, mean over the non-batch axes then the batch.
  double l0 = -(0.3 * std::log(0.8) + 0.7 * std::log(0.2));
  double l1 = -(1.0 * std::log(0.4));
  double l2 = -(std::log(1 - 0.1));
  double l3 = -(0.5 * std::log(0.5) + 0.5 * std::log(0.5));
  EXPECT_NEAR(binaryCrossentropy(Tensor{{2, 2}, {0.8, 0.4, 0.1, 0.5}},
                                 Tensor{{2, 2}, {0.3, 1, 0, 0.5}}, false, false,
                                 2.0),
              2.0 * ((l0 + l1) / 2 + (l2 + l3) / 2) / 2, kTol);
}

TEST(Loss, BinaryCrossentropyFromLogitsMatchesProbabilities) {
  Tensor logits = Tensor::uniform({3, 2, 4}, -4, 4, 30);
  Tensor target = Tensor::uniform({3, 2, 4}, 0, 1, 31);
  Tensor probs = activation(logits, Activation::sigmoid);
  EXPECT_NEAR(binaryCrossentropy(logits, target, true, true, 0.5),
              binaryCrossentropy(probs, target, false, true, 0.5), 1e-10);
  // Logits are not clipped: a logit of 40 against target 0 costs 40, where
  // a clipped probability would cost -log(1e-7), about 16.1.
  EXPECT_NEAR(
      binaryCrossentropy(Tensor{{1}, {40}}, Tensor{{1}, {0}}, true, false, 1.0),
      40.0, 1e-12);
}

TEST(Loss, CategoricalCrossentropyByHand) {
  Tensor pred{{2, 3}, {0.2, 0.3, 0.5, 0.6, 0.3, 0.1}};
  Tensor target{{2, 3}, {0, 0, 1, 0.5, 0.5, 0}};
  double l0 = -std::log(0.5);
  double l1 = -(0.5 * std::log(0.6) + 0.5 * std::log(0.3));
  EXPECT_NEAR(categoricalCrossentropy(pred, target, false, false, 1.0),
              (l0 + l1) / 2, kTol);
  EXPECT_NEAR(categoricalCrossentropy(pred, target, false, true, 3.0),
              3.0 * (l0 + l1), kTol);
  // A zero probability is clipped to 1e-7.
  EXPECT_NEAR(categoricalCrossentropy(Tensor{{1, 2}, {1, 0}},
                                      Tensor{{1, 2}, {0, 1}}, false, false,
                                      1.0),
              -std::log(1e-7), kTol);
}

TEST(Loss, CategoricalFromLogitsMatchesSoftmax) {
  Tensor logits = Tensor::uniform({2, 3, 5}, -3, 3, 40);
  Tensor target =
      activation(Tensor::uniform({2, 3, 5}, -1, 1, 41), Activation::softmax);
  EXPECT_NEAR(categoricalCrossentropy(logits, target, true, false, 1.0),
              categoricalCrossentropy(activation(logits, Activation::softmax),
                                      target, false, false, 1.0),
              1e-10);
}

TEST(Loss, SparseCategoricalFromLogitsAndProbabilitiesAgree) {
  // Positions [2, 3] per sample, 4 classes.
  Tensor logits = Tensor::uniform({2, 2, 3, 4}, -3, 3, 50);
  Tensor labels = Tensor::labels({2, 2, 3}, 4, 51);
  Tensor probs = activation(logits, Activation::softmax);
  double fromLogits =
      sparseCategoricalCrossentropy(logits, labels, true, false, 1.0);
  EXPECT_NEAR(fromLogits,
              sparseCategoricalCrossentropy(probs, labels, false, false, 1.0),
              1e-10);

  // Equal to the categorical loss against one-hot targets.
  Tensor oneHot = Tensor::zeros({2, 2, 3, 4});
  for (int64_t i = 0; i < labels.numel(); ++i)
    oneHot.data[i * 4 + static_cast<int64_t>(labels.data[i])] = 1.0;
  EXPECT_NEAR(fromLogits,
              categoricalCrossentropy(logits, oneHot, true, false, 1.0), 1e-12);

  // By hand on one position.
  EXPECT_NEAR(sparseCategoricalCrossentropy(Tensor{{1, 3}, {1, 2, 3}},
                                            Tensor{{1}, {0}}, true, true, 2.0),
              -2.0 * std::log(0.09003057317038046), 1e-12);
}

//===----------------------------------------------------------------------===//
// Metrics
//===----------------------------------------------------------------------===//

TEST(Metric, BinaryAccuracyUsesAStrictThreshold) {
  Tensor pred{{2, 3}, {0.5, 0.51, 0.2, 0.9, 0.0, 0.5}};
  Tensor target{{2, 3}, {0, 1, 1, 1, 0, 1}};
  // Predicted classes {0, 1, 0, 1, 0, 0}: hits at 0, 1, 3, 4.
  EXPECT_DOUBLE_EQ(binaryAccuracy(pred, target), 4.0 / 6.0);
  // Threshold 0.1: {1, 1, 1, 1, 0, 1}: misses at 0 only.
  EXPECT_DOUBLE_EQ(binaryAccuracy(pred, target, 0.1), 5.0 / 6.0);
}

TEST(Metric, CategoricalAccuracyTiesGoToTheFirstIndex) {
  Tensor pred{{3, 3}, {0.4, 0.4, 0.2, 0.1, 0.3, 0.3, 0.2, 0.5, 0.3}};
  Tensor target{{3, 3}, {1, 0, 0, 0, 0, 1, 0, 1, 0}};
  // Arg-maxes 0, 1, 1 against 0, 2, 1.
  EXPECT_DOUBLE_EQ(categoricalAccuracy(pred, target), 2.0 / 3.0);
  // A tied target also resolves to its first index.
  EXPECT_DOUBLE_EQ(categoricalAccuracy(Tensor{{1, 2}, {0.9, 0.1}},
                                       Tensor{{1, 2}, {0.5, 0.5}}),
                   1.0);
}

TEST(Metric, SparseCategoricalAccuracyTiesGoToTheFirstIndex) {
  Tensor pred{{2, 2, 3},
              {0.4, 0.4, 0.2, 0.1, 0.3, 0.3, 0.2, 0.5, 0.3, 0.7, 0.1, 0.2}};
  // Arg-maxes 0, 1, 1, 0.
  EXPECT_DOUBLE_EQ(
      sparseCategoricalAccuracy(pred, Tensor{{2, 2}, {0, 2, 1, 0}}), 0.75);
  EXPECT_DOUBLE_EQ(
      sparseCategoricalAccuracy(pred, Tensor{{2, 2}, {1, 1, 1, 0}}), 0.75);
}

//===----------------------------------------------------------------------===//
// Interpreter
//===----------------------------------------------------------------------===//

mlir::OwningOpRef<mlir::ModuleOp> parseExample(mlir::MLIRContext &context,
                                               llvm::StringRef name) {
  context.loadDialect<dlc::DLCDialect>();
  std::string path =
      std::string(DLC_EXAMPLES_DIR) + "/" + name.str() + "/model.mlir";
  return mlir::parseSourceFile<mlir::ModuleOp>(path, &context);
}

dlc::ModelOp onlyModel(mlir::ModuleOp module) {
  auto models = module.getOps<dlc::ModelOp>();
  return models.empty() ? dlc::ModelOp() : *models.begin();
}

/// Every parameter of `model`, uniform on [-0.5, 0.5).
ParamMap randomParams(dlc::ModelOp model, uint32_t seed) {
  ParamMap params;
  for (dlc::ParamOp param : model.getParams()) {
    llvm::ArrayRef<int64_t> shape = param.getTensorType().getShape();
    params[param.getSymName().str()] = Tensor::uniform(
        std::vector<int64_t>(shape.begin(), shape.end()), -0.5, 0.5, seed++);
  }
  return params;
}

TEST(Interpreter, MlpPredictIsTwoDenseLayers) {
  mlir::MLIRContext context;
  auto module = parseExample(context, "mlp");
  ASSERT_TRUE(module);
  dlc::ModelOp model = onlyModel(*module);
  ASSERT_TRUE(model);

  ParamMap params{
      {"dense1.kernel", Tensor::uniform({2, 3}, 0, 1, 1)},
      {"dense1.bias", Tensor::uniform({3}, 0, 1, 2)},
      {"dense2.kernel", Tensor::uniform({3, 1}, 0, 1, 3)},
      {"dense2.bias", Tensor::uniform({1}, 0, 1, 4)},
  };
  Tensor x = Tensor::uniform({5, 2}, -1, 1, 5);
  Tensor h = dense(x, params["dense1.kernel"], params["dense1.bias"],
                   Activation::sigmoid);
  Tensor expected = dense(h, params["dense2.kernel"], params["dense2.bias"],
                          Activation::sigmoid);

  std::vector<Tensor> results = evaluate(model, "predict", params, {x});
  ASSERT_EQ(results.size(), 1u);
  expectTensorNear(results[0], expected, 0.0);

  // The training step returns the loss and the metric of its forward pass.
  Tensor y{{5, 1}, {0, 1, 1, 0, 1}};
  std::vector<Tensor> step = evaluate(model, "train_step", params, {x, y});
  ASSERT_EQ(step.size(), 2u);
  EXPECT_TRUE(step[0].shape.empty());
  EXPECT_DOUBLE_EQ(step[0].data[0], meanSquaredError(expected, y, true, 0.5));
  EXPECT_DOUBLE_EQ(step[1].data[0], binaryAccuracy(expected, y));
}

TEST(Interpreter, RnnVariantsMatchTheKernels) {
  mlir::MLIRContext context;
  auto module = parseExample(context, "rnn");
  ASSERT_TRUE(module);
  dlc::ModelOp model = onlyModel(*module);
  ParamMap params = randomParams(model, 100);
  Tensor x = Tensor::uniform({2, 50, 1}, -1, 1, 6);

  Tensor gruH = gru(x, params["gru.kernel"], params["gru.recurrent_kernel"],
                    params["gru.bias"], Tensor{}, Activation::tanh,
                    Activation::sigmoid, true, false);
  expectTensorNear(evaluate(model, "predict_gru", params, {x})[0],
                   dense(gruH, params["gru_dense.kernel"],
                         params["gru_dense.bias"], Activation::identity),
                   0.0);

  Tensor lstmH = lstm(x, params["lstm.kernel"], params["lstm.recurrent_kernel"],
                      params["lstm.bias"], Tensor{}, Tensor{}, Activation::tanh,
                      Activation::sigmoid, false);
  expectTensorNear(evaluate(model, "predict_lstm", params, {x})[0],
                   dense(lstmH, params["lstm_dense.kernel"],
                         params["lstm_dense.bias"], Activation::identity),
                   0.0);
}

/// Runs every entry point of every chapter model on random data: each op
/// the examples use is supported and gives finite values of the declared
/// shapes (the interpreter checks the shapes).
TEST(Interpreter, EvaluatesEveryExampleEntryPoint) {
  for (const char *name :
       {"perceptron", "mlp", "cnn", "rnn", "autoencoder", "gan"}) {
    SCOPED_TRACE(name);
    mlir::MLIRContext context;
    auto module = parseExample(context, name);
    ASSERT_TRUE(module);
    dlc::ModelOp model = onlyModel(*module);
    ASSERT_TRUE(model);
    ParamMap params = randomParams(model, 7);

    int evaluated = 0;
    for (mlir::Operation &op : model.getBody().front()) {
      auto function = llvm::dyn_cast<mlir::FunctionOpInterface>(op);
      if (!function)
        continue;
      SCOPED_TRACE(function.getName().str());
      std::vector<Tensor> inputs;
      uint32_t seed = 1;
      for (mlir::Type type : function.getArgumentTypes()) {
        auto tensorType = llvm::cast<mlir::RankedTensorType>(type);
        std::vector<int64_t> shape;
        for (int64_t dim : tensorType.getShape())
          shape.push_back(mlir::ShapedType::isDynamic(dim) ? 3 : dim);
        inputs.push_back(tensorType.getElementType().isInteger()
                             ? Tensor::labels(shape, 2, seed++)
                             : Tensor::uniform(shape, 0, 1, seed++));
      }
      std::vector<Tensor> results = evaluate(function, params, inputs);
      ASSERT_EQ(results.size(), function.getResultTypes().size());
      for (const Tensor &result : results)
        for (double v : result.data)
          EXPECT_TRUE(std::isfinite(v));
      ++evaluated;
    }
    EXPECT_GT(evaluated, 0);
  }
}

TEST(InterpreterDeathTest, MissingParameterIsAnError) {
  GTEST_FLAG_SET(death_test_style, "threadsafe");
  mlir::MLIRContext context;
  auto module = parseExample(context, "mlp");
  ASSERT_TRUE(module);
  dlc::ModelOp model = onlyModel(*module);
  ParamMap params{{"dense1.kernel", Tensor::zeros({2, 3})}};
  EXPECT_DEATH(evaluate(model, "predict", params, {Tensor::zeros({1, 2})}),
               "reads parameter @dense1.bias, which the parameter map lacks");
}

} // namespace
