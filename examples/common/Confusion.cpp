//===- Confusion.cpp - Confusion matrices of classifiers ------------------===//

#include "dlc/examples/Confusion.h"

#include "dlc/examples/Image.h"
#include "dlc/runtime/Npy.h"

#include <algorithm>
#include <cassert>
#include <cstdio>

namespace dlc::examples {

using runtime::DType;
using runtime::Tensor;

ConfusionMatrix::ConfusionMatrix(int numClasses)
    : classes(numClasses), counts(size_t(std::max(numClasses, 0)) *
                                  size_t(std::max(numClasses, 0))) {
  assert(numClasses >= 0 && "a negative number of classes");
}

std::string ConfusionMatrix::add(int64_t trueClass, int64_t predictedClass) {
  if (trueClass < 0 || trueClass >= classes)
    return "true class " + std::to_string(trueClass) + " is not in [0, " +
           std::to_string(classes) + ")";
  if (predictedClass < 0 || predictedClass >= classes)
    return "predicted class " + std::to_string(predictedClass) +
           " is not in [0, " + std::to_string(classes) + ")";
  ++counts[size_t(trueClass) * size_t(classes) + size_t(predictedClass)];
  return "";
}

int64_t ConfusionMatrix::rowTotal(int trueClass) const {
  int64_t sum = 0;
  for (int predicted = 0; predicted < classes; ++predicted)
    sum += count(trueClass, predicted);
  return sum;
}

int64_t ConfusionMatrix::total() const {
  int64_t sum = 0;
  for (int64_t value : counts)
    sum += value;
  return sum;
}

int64_t ConfusionMatrix::correct() const {
  int64_t sum = 0;
  for (int c = 0; c < classes; ++c)
    sum += count(c, c);
  return sum;
}

double ConfusionMatrix::accuracy() const {
  int64_t all = total();
  return all == 0 ? 0 : double(correct()) / double(all);
}

std::string ConfusionMatrix::format() const {
  const std::string corner = "true\\pred";
  size_t width = std::to_string(std::max(classes - 1, 0)).size();
  for (int64_t value : counts)
    width = std::max(width, std::to_string(value).size());
  auto pad = [](const std::string &text, size_t columns) {
    return std::string(columns > text.size() ? columns - text.size() : 0, ' ') +
           text;
  };
  std::string out = corner;
  for (int predicted = 0; predicted < classes; ++predicted)
    out += "  " + pad(std::to_string(predicted), width);
  out += "  recall\n";
  for (int actual = 0; actual < classes; ++actual) {
    out += pad(std::to_string(actual), corner.size());
    for (int predicted = 0; predicted < classes; ++predicted)
      out += "  " + pad(std::to_string(count(actual, predicted)), width);
    int64_t row = rowTotal(actual);
    char recall[16] = "-";
    if (row > 0)
      std::snprintf(recall, sizeof(recall), "%.1f%%",
                    100.0 * double(count(actual, actual)) / double(row));
    out += "  " + pad(recall, 6) + "\n";
  }
  return out;
}

std::string confusionMatrix(std::span<const int64_t> trueLabels,
                            std::span<const int64_t> predicted, int numClasses,
                            ConfusionMatrix &matrix) {
  if (numClasses < 1)
    return "confusion matrix: " + std::to_string(numClasses) +
           " classes; expected at least 1";
  if (trueLabels.size() != predicted.size())
    return "confusion matrix: " + std::to_string(trueLabels.size()) +
           " true labels but " + std::to_string(predicted.size()) +
           " predictions";
  matrix = ConfusionMatrix(numClasses);
  for (size_t i = 0; i < trueLabels.size(); ++i)
    if (std::string error = matrix.add(trueLabels[i], predicted[i]);
        !error.empty())
      return "confusion matrix: sample " + std::to_string(i) + ": " + error;
  return "";
}

namespace {

template <typename T>
void copyLabels(const Tensor &tensor, std::vector<int64_t> &labels) {
  for (T value : tensor.values<T>())
    labels.push_back(int64_t(value));
}

template <typename T>
void argmaxRows(const Tensor &tensor, std::vector<int64_t> &labels) {
  std::span<const T> values = tensor.values<T>();
  int64_t rows = tensor.shape()[0], columns = tensor.shape()[1];
  for (int64_t row = 0; row < rows; ++row) {
    const T *begin = values.data() + row * columns;
    labels.push_back(std::max_element(begin, begin + columns) - begin);
  }
}

template <typename T>
void thresholdLabels(const Tensor &tensor, std::vector<int64_t> &labels) {
  for (T value : tensor.values<T>())
    labels.push_back(value >= T(0.5) ? 1 : 0);
}

} // namespace

std::string classLabels(const Tensor &tensor, std::vector<int64_t> &labels) {
  labels.clear();
  const std::vector<int64_t> &shape = tensor.shape();
  bool column = shape.size() == 1 || (shape.size() == 2 && shape[1] == 1);
  switch (tensor.dtype()) {
  case DType::i32:
  case DType::i64:
    if (!column)
      break;
    if (tensor.dtype() == DType::i32)
      copyLabels<int32_t>(tensor, labels);
    else
      copyLabels<int64_t>(tensor, labels);
    return "";
  case DType::f32:
  case DType::f64:
    if (column) {
      if (tensor.dtype() == DType::f32)
        thresholdLabels<float>(tensor, labels);
      else
        thresholdLabels<double>(tensor, labels);
      return "";
    }
    if (shape.size() != 2)
      break;
    if (tensor.dtype() == DType::f32)
      argmaxRows<float>(tensor, labels);
    else
      argmaxRows<double>(tensor, labels);
    return "";
  }
  return std::string("class labels: a ") + runtime::dtypeName(tensor.dtype()) +
         " tensor of shape " + runtime::formatShape(shape) +
         "; expected labels [N] or [N, 1], or scores [N, C]";
}

std::vector<int64_t> misclassified(std::span<const int64_t> trueLabels,
                                   std::span<const int64_t> predicted,
                                   size_t limit) {
  std::vector<int64_t> indices;
  size_t n = std::min(trueLabels.size(), predicted.size());
  for (size_t i = 0; i < n && indices.size() < limit; ++i)
    if (trueLabels[i] != predicted[i])
      indices.push_back(int64_t(i));
  return indices;
}

std::string writeConfusionPng(const std::string &path,
                              const ConfusionMatrix &matrix) {
  int n = matrix.numClasses();
  if (n < 1)
    return path + ": a confusion matrix without classes";
  constexpr int scale = 2, margin = 4 * scale, line = kGlyphHeight * scale;
  int64_t largest = 0;
  for (int actual = 0; actual < n; ++actual)
    for (int predicted = 0; predicted < n; ++predicted)
      largest = std::max(largest, matrix.count(actual, predicted));
  int cell =
      std::max(textWidth(std::to_string(largest), scale) + margin, 16 * scale);
  int left = std::max(textWidth("TRUE", scale),
                      textWidth(std::to_string(n - 1), scale)) +
             2 * margin;
  int top = 3 * margin + 2 * line;
  Image image(left + n * cell + margin, top + n * cell + margin, 3, kWhite);

  const std::string predictedTitle = "PREDICTED";
  drawText(image, left + (n * cell - textWidth(predictedTitle, scale)) / 2,
           margin, predictedTitle, kBlack, scale);
  drawText(image, margin, 2 * margin + line, "TRUE", kBlack, scale);
  for (int c = 0; c < n; ++c) {
    std::string label = std::to_string(c);
    drawText(image, left + c * cell + (cell - textWidth(label, scale)) / 2,
             2 * margin + line, label, kBlack, scale);
    drawText(image, left - margin - textWidth(label, scale),
             top + c * cell + (cell - line) / 2, label, kBlack, scale);
  }

  // White to the dark end of matplotlib's "Blues".
  constexpr Rgb dark{8, 48, 107};
  for (int actual = 0; actual < n; ++actual) {
    int64_t row = matrix.rowTotal(actual);
    for (int predicted = 0; predicted < n; ++predicted) {
      int64_t count = matrix.count(actual, predicted);
      double share = row == 0 ? 0 : double(count) / double(row);
      auto mix = [&](uint8_t to) {
        return uint8_t(255 - share * (255 - to) + 0.5);
      };
      int x = left + predicted * cell, y = top + actual * cell;
      // A one-pixel gap keeps equal neighbours apart.
      image.fill(x, y, cell - 1, cell - 1,
                 {mix(dark.r), mix(dark.g), mix(dark.b)});
      std::string text = std::to_string(count);
      Rgb ink = share > 0.5 ? kWhite : count == 0 ? Rgb{170, 170, 170} : kBlack;
      drawText(image, x + (cell - 1 - textWidth(text, scale)) / 2,
               y + (cell - 1 - line) / 2, text, ink, scale);
    }
  }
  return writePng(path, image);
}

} // namespace dlc::examples
