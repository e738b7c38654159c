//===- DataTest.cpp - Truth tables, sine windows and their baseline -------===//

#include "ExamplesTestUtil.h"

#include "dlc/examples/Data.h"

#include <cmath>
#include <cstring>
#include <numbers>

using namespace dlc::examples;
using dlc::runtime::Dataset;
using dlc::runtime::DType;
using dlc::runtime::Random;
using dlc::runtime::Tensor;
using ::testing::HasSubstr;

namespace {

std::vector<float> valuesOf(const Dataset &data, const char *name) {
  const Tensor *tensor = data.find(name);
  EXPECT_NE(tensor, nullptr) << name;
  if (!tensor)
    return {};
  std::span<const float> values = tensor->values<float>();
  return {values.begin(), values.end()};
}

} // namespace

TEST(TruthTable, HoldsTheGates) {
  struct Case {
    Gate gate;
    std::vector<float> outputs;
  };
  for (const Case &c :
       {Case{Gate::And, {0, 0, 0, 1}}, Case{Gate::Or, {0, 1, 1, 1}},
        Case{Gate::Xor, {0, 1, 1, 0}}}) {
    Dataset data = truthTable(c.gate);
    ASSERT_EQ(data.size(), 4);
    EXPECT_EQ(data.find("inputs")->shape(), (std::vector<int64_t>{4, 2}));
    EXPECT_EQ(data.find("targets")->shape(), (std::vector<int64_t>{4, 1}));
    EXPECT_EQ(valuesOf(data, "inputs"),
              (std::vector<float>{0, 0, 0, 1, 1, 0, 1, 1}));
    EXPECT_EQ(valuesOf(data, "targets"), c.outputs) << gateName(c.gate);
  }
  EXPECT_EQ(gateName(Gate::Xor), "XOR");
}

TEST(SineData, HasTheShapesAndIsSeeded) {
  SineOptions options;
  options.samples = 64;
  Dataset data, same, other;
  ASSERT_EQ(makeSineData(options, 7, data), "");
  ASSERT_EQ(data.size(), 64);
  EXPECT_EQ(data.find("sequences")->shape(), (std::vector<int64_t>{64, 50, 1}));
  EXPECT_EQ(data.find("targets")->shape(), (std::vector<int64_t>{64, 1}));
  EXPECT_EQ(data.find("sequences")->dtype(), DType::f32);
  EXPECT_EQ(data.find("targets")->dtype(), DType::f32);

  ASSERT_EQ(makeSineData(options, 7, same), "");
  EXPECT_EQ(valuesOf(data, "sequences"), valuesOf(same, "sequences"));
  EXPECT_EQ(valuesOf(data, "targets"), valuesOf(same, "targets"));
  ASSERT_EQ(makeSineData(options, 8, other), "");
  EXPECT_NE(valuesOf(data, "sequences"), valuesOf(other, "sequences"));

  // Amplitude 1 plus noise of standard deviation 0.05.
  for (float value : valuesOf(data, "sequences"))
    EXPECT_LT(std::abs(value), 1.35f);
}

TEST(SineData, TheTargetContinuesTheWave) {
  // Without noise, samples of one sine satisfy
  // x[t + 1] = 2 cos(2 pi f) x[t] - x[t - 1].
  SineOptions options;
  options.samples = 20;
  options.steps = 10;
  options.noise = 0;
  Dataset data;
  ASSERT_EQ(makeSineData(options, 3, data), "");
  std::vector<float> x = valuesOf(data, "sequences");
  std::vector<float> y = valuesOf(data, "targets");
  for (int64_t n = 0; n < options.samples; ++n) {
    const float *wave = &x[size_t(n * options.steps)];
    // The cosine from the step whose value is farthest from zero.
    int64_t t = 1;
    for (int64_t s = 1; s + 1 < options.steps; ++s)
      if (std::abs(wave[s]) > std::abs(wave[t]))
        t = s;
    double twoCos = (double(wave[t + 1]) + wave[t - 1]) / wave[t];
    double cosine = twoCos / 2;
    EXPECT_GE(cosine, std::cos(2 * std::numbers::pi * 0.07) - 1e-4);
    EXPECT_LE(cosine, std::cos(2 * std::numbers::pi * 0.02) + 1e-4);
    double next = twoCos * wave[options.steps - 1] - wave[options.steps - 2];
    EXPECT_NEAR(y[size_t(n)], next, 1e-4) << "sample " << n;
  }
}

TEST(SineData, RejectsBadOptions) {
  Dataset data;
  SineOptions options;
  options.samples = 0;
  EXPECT_THAT(makeSineData(options, 0, data), HasSubstr("0 samples"));
  options = {};
  options.minFrequency = 0.5;
  options.maxFrequency = 0.1;
  EXPECT_THAT(makeSineData(options, 0, data), HasSubstr("frequency range"));
  options = {};
  options.noise = -1;
  EXPECT_THAT(makeSineData(options, 0, data), HasSubstr("negative"));
}

TEST(SineWave, AddsNoiseFromTheGenerator) {
  Random random(1), again(1);
  std::vector<float> clean = sineWave(4, 0.25, 0, 0, random);
  ASSERT_EQ(clean.size(), 4u);
  EXPECT_NEAR(clean[0], 0, 1e-6);
  EXPECT_NEAR(clean[1], 1, 1e-6);
  EXPECT_NEAR(clean[2], 0, 1e-6);
  EXPECT_NEAR(clean[3], -1, 1e-6);
  std::vector<float> noisy = sineWave(4, 0.25, 0, 0.1, random);
  Random reference(1);
  for (int i = 0; i < 4; ++i)
    reference.normal();
  EXPECT_NEAR(noisy[0], 0.1 * reference.normal(), 1e-6);
}

TEST(RepeatLastValue, IsTheMeanSquaredErrorOfTheLastStep) {
  // Windows {0, 1, 2} -> 3 and {5, 4, 3} -> 1: errors 1 and -2, so
  // (1 + 4) / 2.
  Tensor sequences(DType::f32, {2, 3, 1});
  Tensor targets(DType::f32, {2, 1});
  std::span<float> x = sequences.values<float>();
  float windows[] = {0, 1, 2, 5, 4, 3};
  std::copy(std::begin(windows), std::end(windows), x.begin());
  targets.values<float>()[0] = 3;
  targets.values<float>()[1] = 1;
  Dataset data;
  ASSERT_EQ(data.add("sequences", std::move(sequences)), "");
  ASSERT_EQ(data.add("targets", std::move(targets)), "");
  double mse = -1;
  ASSERT_EQ(repeatLastValueMse(data, mse), "");
  EXPECT_DOUBLE_EQ(mse, 2.5);
}

TEST(RepeatLastValue, IsBeatableOnSineData) {
  SineOptions options;
  options.samples = 2000;
  Dataset data;
  ASSERT_EQ(makeSineData(options, 11, data), "");
  double mse = 0;
  ASSERT_EQ(repeatLastValueMse(data, mse), "");
  // Two noise draws (variance 2 * 0.05^2 = 0.005) plus the wave's own step,
  // whose mean square is 2 sin^2(pi f) averaged over phases: 0.008 to 0.096.
  EXPECT_GT(mse, 0.005 + 0.008);
  EXPECT_LT(mse, 0.005 + 0.096);
}

TEST(RepeatLastValue, RejectsOtherData) {
  double mse = 0;
  EXPECT_THAT(repeatLastValueMse(truthTable(Gate::Xor), mse),
              HasSubstr("\"sequences\" and \"targets\""));
  Dataset data;
  ASSERT_EQ(data.add("sequences", Tensor(DType::f32, {2, 3})), "");
  ASSERT_EQ(data.add("targets", Tensor(DType::f32, {2, 1})), "");
  EXPECT_THAT(repeatLastValueMse(data, mse),
              HasSubstr("sequences float32 [2, 3] and targets float32 [2, 1]"));
}
