//===- IdxTest.cpp - MNIST IDX reader -------------------------------------===//

#include "RuntimeTestUtil.h"

#include "dlc/runtime/Idx.h"

#include <array>
#include <cmath>

using namespace dlc::runtime;
using namespace dlc::runtime::test;
using ::testing::HasSubstr;

TEST(Idx, ReadsImagesScaledToUnitRange) {
  ScratchDir dir;
  std::string path = dir.path("images");
  writeBytes(path, imageFile(3, 5, 7));
  Tensor images;
  ASSERT_EQ(readIdxImages(path, images), "");
  EXPECT_EQ(images.dtype(), DType::f32);
  EXPECT_EQ(images.shape(), (std::vector<int64_t>{3, 5, 7, 1}));
  std::span<const float> values = images.values<float>();
  for (uint32_t image = 0; image < 3; ++image)
    for (uint32_t k = 0; k < 35; ++k)
      ASSERT_EQ(values[image * 35 + k], float((k * 37 + image) % 256) / 255.0f);
  EXPECT_EQ(reinterpret_cast<uintptr_t>(images.bytes()) % 64, 0u);
}

TEST(Idx, ScalesTheExtremesExactly) {
  ScratchDir dir;
  std::string path = dir.path("images");
  writeBytes(path, idx(kIdxImagesMagic, {1, 1, 3}, {0, 255, 51}));
  Tensor images;
  ASSERT_EQ(readIdxImages(path, images), "");
  EXPECT_EQ(images.values<float>()[0], 0.0f);
  EXPECT_EQ(images.values<float>()[1], 1.0f);
  EXPECT_NEAR(images.values<float>()[2], 0.2f, 1e-7);
}

TEST(Idx, ReadsLabels) {
  ScratchDir dir;
  std::string path = dir.path("labels");
  writeBytes(path, labelFile({7, 0, 9, 3, 3, 1, 4}));
  Tensor labels;
  ASSERT_EQ(readIdxLabels(path, labels), "");
  EXPECT_EQ(labels.dtype(), DType::i32);
  EXPECT_EQ(labels.shape(), (std::vector<int64_t>{7}));
  std::span<const int32_t> values = labels.values<int32_t>();
  EXPECT_EQ(std::vector<int32_t>(values.begin(), values.end()),
            (std::vector<int32_t>{7, 0, 9, 3, 3, 1, 4}));
}

TEST(Idx, ReadsAnEmptySet) {
  ScratchDir dir;
  writeBytes(dir.path("images"), imageFile(0, 28, 28));
  Tensor images;
  ASSERT_EQ(readIdxImages(dir.path("images"), images), "");
  EXPECT_EQ(images.shape(), (std::vector<int64_t>{0, 28, 28, 1}));
}

TEST(Idx, RejectsAMissingFile) {
  ScratchDir dir;
  Tensor images;
  std::string error = readIdxImages(dir.path("absent"), images);
  EXPECT_THAT(error, HasSubstr(dir.path("absent") + ": cannot open"));
}

TEST(Idx, RejectsAWrongMagic) {
  ScratchDir dir;
  std::string path = dir.path("images");
  writeBytes(path, idx(0x12345678, {}, {1, 2, 3, 4}));
  Tensor images;
  EXPECT_EQ(readIdxImages(path, images),
            path + ": expected magic 0x00000803 (IDX images), found "
                   "0x12345678: not an IDX file");
}

TEST(Idx, SaysWhenTheFilesAreSwapped) {
  ScratchDir dir;
  std::string path = dir.path("labels");
  writeBytes(path, labelFile({1, 2}));
  Tensor images;
  EXPECT_EQ(readIdxImages(path, images),
            path + ": expected magic 0x00000803 (IDX images), found "
                   "0x00000801: this is an IDX label file; are the image and "
                   "label files swapped?");
}

TEST(Idx, SaysWhenTheFileIsCompressed) {
  ScratchDir dir;
  std::string path = dir.path("images.gz");
  writeBytes(path, {0x1f, 0x8b, 0x08, 0x08, 0, 0, 0, 0});
  Tensor images;
  EXPECT_THAT(readIdxImages(path, images), HasSubstr("gzip-compressed"));
}

TEST(Idx, RejectsAWrongDimensionCount) {
  ScratchDir dir;
  std::string path = dir.path("images");
  writeBytes(path, idx(0x00000802, {2, 3}, std::vector<uint8_t>(6)));
  Tensor images;
  EXPECT_EQ(readIdxImages(path, images),
            path + ": expected magic 0x00000803 (IDX images), found "
                   "0x00000802: 2 dimensions, expected 3");
}

TEST(Idx, RejectsAnotherElementType) {
  ScratchDir dir;
  std::string path = dir.path("images");
  writeBytes(path, idx(0x00000d03, {1, 1, 1}, {0, 0, 0, 0}));
  Tensor images;
  EXPECT_THAT(readIdxImages(path, images),
              HasSubstr("element type 13, expected 8 (unsigned byte)"));
}

TEST(Idx, RejectsATruncatedHeader) {
  ScratchDir dir;
  std::string path = dir.path("images");
  std::vector<uint8_t> bytes = imageFile(2, 3, 3);
  bytes.resize(9);
  writeBytes(path, bytes);
  Tensor images;
  EXPECT_EQ(readIdxImages(path, images),
            path + ": truncated: 9 bytes, the header alone needs 16");
  bytes.resize(2);
  writeBytes(path, bytes);
  EXPECT_EQ(readIdxImages(path, images),
            path + ": truncated: 2 bytes, too short for an IDX header");
}

TEST(Idx, RejectsTruncatedData) {
  ScratchDir dir;
  std::string path = dir.path("images");
  std::vector<uint8_t> bytes = imageFile(3, 5, 7);
  bytes.pop_back();
  writeBytes(path, bytes);
  Tensor images;
  EXPECT_EQ(readIdxImages(path, images),
            path + ": truncated: the header gives 3 x 5 x 7 bytes of data, "
                   "which needs a file of 121 bytes; the file has 120");
}

TEST(Idx, RejectsSizesThatCannotFitAnyFile) {
  // 2^32-1 cubed overflows 64 bits; the check must not.
  ScratchDir dir;
  std::string path = dir.path("images");
  writeBytes(path,
             idx(kIdxImagesMagic, {0xffffffff, 0xffffffff, 0xffffffff}, {}));
  Tensor images;
  EXPECT_THAT(readIdxImages(path, images),
              HasSubstr("needs a file of more than 16 bytes"));
}

TEST(Idx, RejectsTrailingBytes) {
  ScratchDir dir;
  std::string path = dir.path("labels");
  std::vector<uint8_t> bytes = labelFile({1, 2, 3});
  bytes.push_back(0);
  bytes.push_back(0);
  writeBytes(path, bytes);
  Tensor labels;
  EXPECT_EQ(readIdxLabels(path, labels),
            path + ": 2 unexpected bytes after the data: the header gives 3 "
                   "bytes of data, which needs a file of 11 bytes; the file "
                   "has 13");
}

TEST(Idx, NamesTheFirstLabelOutOfRange) {
  ScratchDir dir;
  std::string path = dir.path("labels");
  writeBytes(path, labelFile({1, 9, 10, 200, 3}));
  Tensor labels;
  EXPECT_EQ(readIdxLabels(path, labels),
            path + ": label 10 at index 2 is out of range (expected 0 to 9)");
  EXPECT_EQ(readIdxLabels(path, labels, 201), "");
}

TEST(Idx, ChecksThatImagesAndLabelsPair) {
  ScratchDir dir;
  writeBytes(dir.path("images"), imageFile(3, 2, 2));
  writeBytes(dir.path("labels"), labelFile({1, 2, 3, 4}));
  LabeledImages data;
  EXPECT_EQ(readIdxPair(dir.path("images"), dir.path("labels"), data),
            dir.path("images") + " holds 3 images but " + dir.path("labels") +
                " holds 4 labels; expected one label per image");
}

TEST(Idx, LoadsMnistByItsFileNames) {
  ScratchDir dir;
  writeBytes(dir.path("train-images-idx3-ubyte"), imageFile(5, 28, 28));
  writeBytes(dir.path("train-labels-idx1-ubyte"), labelFile({5, 0, 4, 1, 9}));
  writeBytes(dir.path("t10k-images-idx3-ubyte"), imageFile(2, 28, 28));
  writeBytes(dir.path("t10k-labels-idx1-ubyte"), labelFile({7, 2}));

  LabeledImages train, test;
  ASSERT_EQ(loadMnist(dir.str(), MnistSplit::train, train), "");
  ASSERT_EQ(loadMnist(dir.str() + "/", MnistSplit::test, test), "");
  EXPECT_EQ(train.images.shape(), (std::vector<int64_t>{5, 28, 28, 1}));
  EXPECT_EQ(train.labels.values<int32_t>()[0], 5);
  EXPECT_EQ(test.images.shape(), (std::vector<int64_t>{2, 28, 28, 1}));
  EXPECT_EQ(test.labels.values<int32_t>()[1], 2);
}

TEST(Idx, ReportsAMissingMnistFile) {
  ScratchDir dir;
  writeBytes(dir.path("t10k-images-idx3-ubyte"), imageFile(2, 28, 28));
  LabeledImages test;
  EXPECT_THAT(loadMnist(dir.str(), MnistSplit::test, test),
              HasSubstr(dir.path("t10k-labels-idx1-ubyte") + ": cannot open"));
}

// The real files, when present (scripts fetch them; unit tests never need
// them): the counts and statistics DATA.md records.
TEST(Idx, ReadsTheRealMnist) {
  const char *directory = std::getenv("DLC_MNIST_DIR");
  if (!directory)
    GTEST_SKIP() << "DLC_MNIST_DIR is not set";
  LabeledImages train, test;
  ASSERT_EQ(loadMnist(directory, MnistSplit::train, train), "");
  ASSERT_EQ(loadMnist(directory, MnistSplit::test, test), "");
  EXPECT_EQ(train.images.shape(), (std::vector<int64_t>{60000, 28, 28, 1}));
  EXPECT_EQ(test.images.shape(), (std::vector<int64_t>{10000, 28, 28, 1}));
  std::array<int64_t, 10> counts{};
  for (int32_t label : train.labels.values<int32_t>())
    ++counts[size_t(label)];
  EXPECT_EQ(counts, (std::array<int64_t, 10>{5923, 6742, 5958, 6131, 5842, 5421,
                                             5918, 6265, 5851, 5949}));
  double sum = 0;
  for (float pixel : train.images.values<float>())
    sum += pixel;
  EXPECT_NEAR(sum / double(train.images.numElements()), 0.1307, 5e-5);
}
