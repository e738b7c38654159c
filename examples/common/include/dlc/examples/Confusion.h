//===- Confusion.h - Confusion matrices of classifiers --------------------===//
//
// Accuracy says how often a classifier is wrong; the confusion matrix says
// which classes it mistakes for which (a 4 read as a 9). Rows are the true
// classes and columns the predicted ones, as in scikit-learn.
//
//===----------------------------------------------------------------------===//

#ifndef DLC_EXAMPLES_CONFUSION_H
#define DLC_EXAMPLES_CONFUSION_H

#include "dlc/runtime/Tensor.h"

#include <cstdint>
#include <span>
#include <string>
#include <vector>

namespace dlc::examples {

class ConfusionMatrix {
public:
  /// An empty matrix over classes 0 .. numClasses - 1 (numClasses >= 0).
  explicit ConfusionMatrix(int numClasses = 0);

  int numClasses() const { return classes; }

  /// Counts one sample. Fails, counting nothing, when a class is outside
  /// [0, numClasses).
  std::string add(int64_t trueClass, int64_t predictedClass);

  /// The samples of class `trueClass` predicted as `predictedClass`.
  int64_t count(int trueClass, int predictedClass) const {
    return counts[size_t(trueClass) * size_t(classes) + size_t(predictedClass)];
  }
  /// The samples of class `trueClass`.
  int64_t rowTotal(int trueClass) const;
  int64_t total() const;
  /// The samples on the diagonal.
  int64_t correct() const;
  /// correct() / total(), or 0 for an empty matrix.
  double accuracy() const;

  /// The matrix as an aligned text table, with each true class's recall:
  ///
  ///   true\pred  0  1  recall
  ///           0  3  1   75.0%
  ///           1  0  2  100.0%
  std::string format() const;

private:
  int classes;
  std::vector<int64_t> counts;
};

/// Counts `predicted` against `trueLabels` (as long as each other) into a
/// new `numClasses` matrix. Errors name the first offending sample.
std::string confusionMatrix(std::span<const int64_t> trueLabels,
                            std::span<const int64_t> predicted, int numClasses,
                            ConfusionMatrix &matrix);

/// The class of each sample of `tensor`:
///  - integer [N] or [N, 1]: the labels themselves;
///  - float [N, C] with C >= 2 (logits, probabilities, one-hot rows): the
///    index of each row's largest value;
///  - float [N] or [N, 1] (a sigmoid's probability of class 1): 1 when the
///    value is at least 0.5, else 0.
std::string classLabels(const runtime::Tensor &tensor,
                        std::vector<int64_t> &labels);

/// The indices of the samples whose predicted class differs from the true
/// one, at most `limit` of them, in order.
std::vector<int64_t> misclassified(std::span<const int64_t> trueLabels,
                                   std::span<const int64_t> predicted,
                                   size_t limit = SIZE_MAX);

/// Writes the matrix as an RGB heat map: each cell shaded by its share of
/// its row (so that rare classes show as clearly as common ones) and
/// labelled with its count, with the class numbers along the edges.
std::string writeConfusionPng(const std::string &path,
                              const ConfusionMatrix &matrix);

} // namespace dlc::examples

#endif // DLC_EXAMPLES_CONFUSION_H
