//===- DataSourceTest.cpp - Training data named by a string ---------------===//

#include "RuntimeTestUtil.h"

#include "dlc/runtime/DataSource.h"
#include "dlc/runtime/Npy.h"

#include <array>
#include <cstring>

using namespace dlc::runtime;
using namespace dlc::runtime::test;
using ::testing::HasSubstr;

namespace {

void writeFloats(const std::string &path, std::vector<int64_t> shape,
                 const std::vector<float> &values) {
  NpyArray array;
  array.dtype = DType::f32;
  array.shape = std::move(shape);
  array.data.resize(values.size() * sizeof(float));
  std::memcpy(array.data.data(), values.data(), array.data.size());
  ASSERT_EQ(writeNpy(path, array), "");
}

constexpr std::array<int64_t, 1> kTwo = {2};
constexpr std::array<int64_t, 1> kOne = {1};

} // namespace

TEST(DataSource, NpyFilesFeedTheInputsInOrderAndSplitOffValidation) {
  ScratchDir dir;
  writeFloats(dir.path("x.npy"), {4, 2}, {0, 0, 0, 1, 1, 0, 1, 1});
  writeFloats(dir.path("y.npy"), {4, 1}, {0, 1, 1, 0});
  const InputSpec inputs[] = {{"x", DType::f32, kTwo},
                              {"y", DType::f32, kOne}};
  Dataset train, validation;
  ASSERT_EQ(loadDataSource("npy:" + dir.path("x.npy") + "," +
                               dir.path("y.npy"),
                           "train_step", inputs, 0.25, train, validation),
            "");
  EXPECT_EQ(train.size(), 3);
  EXPECT_EQ(validation.size(), 1);
  ASSERT_NE(validation.find("y"), nullptr);
  // Keras' validation_split: the last samples.
  EXPECT_EQ(validation.find("y")->values<float>()[0], 0.0f);
  EXPECT_EQ(validation.find("x")->values<float>()[1], 1.0f);
}

TEST(DataSource, NpyNeedsOneFilePerInput) {
  ScratchDir dir;
  writeFloats(dir.path("x.npy"), {4, 2}, std::vector<float>(8));
  const InputSpec inputs[] = {{"x", DType::f32, kTwo},
                              {"y", DType::f32, kOne}};
  Dataset train, validation;
  EXPECT_EQ(loadDataSource("npy:" + dir.path("x.npy"), "train_step", inputs,
                           0, train, validation),
            "@train_step takes 2 inputs; --data npy: names 1 files");
  EXPECT_THAT(loadDataSource("npy:" + dir.path("missing.npy") + "," +
                                 dir.path("x.npy"),
                             "train_step", inputs, 0, train, validation),
              HasSubstr("missing.npy"));
}

TEST(DataSource, MnistFeedsImagesAndLabelsInTheInputsShapes) {
  ScratchDir dir;
  writeBytes(dir.path("train-images-idx3-ubyte"), imageFile(3, 28, 28));
  writeBytes(dir.path("train-labels-idx1-ubyte"), labelFile({7, 0, 9}));
  writeBytes(dir.path("t10k-images-idx3-ubyte"), imageFile(2, 28, 28));
  writeBytes(dir.path("t10k-labels-idx1-ubyte"), labelFile({3, 1}));
  constexpr std::array<int64_t, 3> kImage = {28, 28, 1};
  const InputSpec inputs[] = {{"images", DType::f32, kImage},
                              {"labels", DType::i32, {}}};
  Dataset train, validation;
  ASSERT_EQ(loadDataSource("mnist:" + dir.str(), "train_step", inputs, 0,
                           train, validation),
            "");
  ASSERT_EQ(train.size(), 3);
  ASSERT_EQ(validation.size(), 2);
  EXPECT_EQ(train.find("images")->shape(),
            (std::vector<int64_t>{3, 28, 28, 1}));
  EXPECT_EQ(validation.find("labels")->values<int32_t>()[1], 1);
  // Pixel 1 of image 2 is (37 + 2) / 255.
  EXPECT_FLOAT_EQ(train.find("images")->values<float>()[28 * 28 * 2 + 1],
                  39.0f / 255.0f);

  const InputSpec wrong[] = {{"x", DType::f32, kTwo}};
  EXPECT_EQ(loadDataSource("mnist:" + dir.str(), "train_step", wrong, 0,
                           train, validation),
            "input 'x' of @train_step (float32[batch, 2]) cannot be fed from "
            "MNIST, which has f32 images of 784 values and i32 labels; give "
            "its data with npy:");
}

TEST(DataSource, UnknownKindsAreNamed) {
  Dataset train, validation;
  EXPECT_EQ(loadDataSource("csv:x.csv", "train_step", {}, 0, train,
                           validation),
            "--data expects mnist:DIR or npy:a.npy,b.npy,..., found "
            "'csv:x.csv'");
}
