//===- ConfusionTest.cpp - Confusion matrices and class labels ------------===//

#include "ExamplesTestUtil.h"

#include "dlc/examples/Confusion.h"

using namespace dlc::examples;
using dlc::examples::test::DecodedPng;
using dlc::examples::test::readPng;
using dlc::examples::test::ScratchDir;
using dlc::runtime::DType;
using dlc::runtime::Tensor;
using ::testing::HasSubstr;

namespace {

ConfusionMatrix threeClasses() {
  std::vector<int64_t> actual = {0, 0, 1, 2, 2, 2};
  std::vector<int64_t> predicted = {0, 1, 1, 2, 0, 2};
  ConfusionMatrix matrix;
  EXPECT_EQ(confusionMatrix(actual, predicted, 3, matrix), "");
  return matrix;
}

} // namespace

TEST(Confusion, CountsTrueAgainstPredicted) {
  ConfusionMatrix matrix = threeClasses();
  ASSERT_EQ(matrix.numClasses(), 3);
  int64_t expected[3][3] = {{1, 1, 0}, {0, 1, 0}, {1, 0, 2}};
  for (int actual = 0; actual < 3; ++actual)
    for (int predicted = 0; predicted < 3; ++predicted)
      EXPECT_EQ(matrix.count(actual, predicted), expected[actual][predicted])
          << "true " << actual << ", predicted " << predicted;
  EXPECT_EQ(matrix.rowTotal(0), 2);
  EXPECT_EQ(matrix.rowTotal(2), 3);
  EXPECT_EQ(matrix.total(), 6);
  EXPECT_EQ(matrix.correct(), 4);
  EXPECT_DOUBLE_EQ(matrix.accuracy(), 4.0 / 6.0);
  EXPECT_EQ(ConfusionMatrix(2).accuracy(), 0);
}

TEST(Confusion, FormatsAnAlignedTable) {
  EXPECT_EQ(threeClasses().format(), "true\\pred  0  1  2  recall\n"
                                     "        0  1  1  0   50.0%\n"
                                     "        1  0  1  0  100.0%\n"
                                     "        2  1  0  2   66.7%\n");
  ConfusionMatrix wide(2);
  for (int i = 0; i < 1234; ++i)
    ASSERT_EQ(wide.add(0, 0), "");
  EXPECT_EQ(wide.format(), "true\\pred     0     1  recall\n"
                           "        0  1234     0  100.0%\n"
                           "        1     0     0       -\n");
}

TEST(Confusion, RejectsBadLabels) {
  ConfusionMatrix matrix(3);
  EXPECT_EQ(matrix.add(3, 0), "true class 3 is not in [0, 3)");
  EXPECT_EQ(matrix.add(0, -1), "predicted class -1 is not in [0, 3)");
  EXPECT_EQ(matrix.total(), 0);
  std::vector<int64_t> actual = {0, 1, 7}, predicted = {0, 1, 1};
  EXPECT_EQ(confusionMatrix(actual, predicted, 3, matrix),
            "confusion matrix: sample 2: true class 7 is not in [0, 3)");
  std::vector<int64_t> shorter = {0};
  EXPECT_EQ(confusionMatrix(actual, shorter, 3, matrix),
            "confusion matrix: 3 true labels but 1 predictions");
  EXPECT_THAT(confusionMatrix({}, {}, 0, matrix), HasSubstr("0 classes"));
}

TEST(ClassLabels, ReadsLabelsScoresAndProbabilities) {
  std::vector<int64_t> labels;
  Tensor ints(DType::i32, {3});
  ints.values<int32_t>()[1] = 7;
  ASSERT_EQ(classLabels(ints, labels), "");
  EXPECT_EQ(labels, (std::vector<int64_t>{0, 7, 0}));

  Tensor column(DType::i64, {2, 1});
  column.values<int64_t>()[0] = 4;
  ASSERT_EQ(classLabels(column, labels), "");
  EXPECT_EQ(labels, (std::vector<int64_t>{4, 0}));

  Tensor scores(DType::f32, {2, 3});
  std::span<float> s = scores.values<float>();
  s[0] = -1, s[1] = 3, s[2] = 2;
  s[3] = 5, s[4] = -2, s[5] = 4.9f;
  ASSERT_EQ(classLabels(scores, labels), "");
  EXPECT_EQ(labels, (std::vector<int64_t>{1, 0}));

  Tensor probabilities(DType::f64, {4, 1});
  std::span<double> p = probabilities.values<double>();
  p[0] = 0.1, p[1] = 0.5, p[2] = 0.49, p[3] = 0.97;
  ASSERT_EQ(classLabels(probabilities, labels), "");
  EXPECT_EQ(labels, (std::vector<int64_t>{0, 1, 0, 1}));

  Tensor cube(DType::f32, {2, 2, 2});
  EXPECT_EQ(classLabels(cube, labels),
            "class labels: a float32 tensor of shape [2, 2, 2]; expected "
            "labels [N] or [N, 1], or scores [N, C]");
  Tensor intScores(DType::i32, {2, 3});
  EXPECT_THAT(classLabels(intScores, labels), HasSubstr("int32"));
}

TEST(Misclassified, ListsTheWrongSamples) {
  std::vector<int64_t> actual = {1, 2, 3, 4, 5}, predicted = {1, 0, 3, 0, 0};
  EXPECT_EQ(misclassified(actual, predicted), (std::vector<int64_t>{1, 3, 4}));
  EXPECT_EQ(misclassified(actual, predicted, 2), (std::vector<int64_t>{1, 3}));
}

TEST(ConfusionPng, ShadesCellsByTheirShareOfTheRow) {
  std::vector<int64_t> actual = {0, 0, 1}, predicted = {0, 0, 0};
  ConfusionMatrix matrix;
  ASSERT_EQ(confusionMatrix(actual, predicted, 2, matrix), "");
  ScratchDir dir;
  std::string path = dir.path("confusion.png");
  ASSERT_EQ(writeConfusionPng(path, matrix), "");

  DecodedPng png = readPng(path);
  ASSERT_EQ(png.error, "");
  EXPECT_EQ(png.colourType, 2);
  // 32-pixel cells after a 46-pixel label column and 44 pixels of titles,
  // with an 8-pixel margin.
  ASSERT_EQ(png.width, 46 + 2 * 32 + 8);
  ASSERT_EQ(png.height, 44 + 2 * 32 + 8);
  std::vector<uint8_t> dark = {8, 48, 107}, white = {255, 255, 255};
  // Both rows are all predicted 0: the first column is dark, the second
  // white, and the gaps between the cells white.
  EXPECT_EQ(png.rgb(46, 44), dark);
  EXPECT_EQ(png.rgb(46, 44 + 32), dark);
  EXPECT_EQ(png.rgb(46 + 32, 44), white);
  EXPECT_EQ(png.rgb(46 + 31, 44), white);

  EXPECT_THAT(writeConfusionPng(path, ConfusionMatrix(0)),
              HasSubstr("without classes"));
}
