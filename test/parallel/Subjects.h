//===- Subjects.h - The chapter models' training steps, for equivalence ---===//
//
// Data parallelism's equivalence tests train every chapter model that has a
// batch (all but the perceptron, whose one truth table is a single batch)
// through the classes `dlc compile --header` generates, compiled ahead of
// time as the examples link them: a reference instance with the fused step
// on the whole batch, and instances that run DataParallelStep on slices of
// it, started from the same parameters. The threads test (gtest) and the
// MPI program (run under mpirun) share these helpers.
//
//===----------------------------------------------------------------------===//

#ifndef DLC_TEST_PARALLEL_SUBJECTS_H
#define DLC_TEST_PARALLEL_SUBJECTS_H

#include "autoencoder.h"
#include "mlp.h"
#include "mnist_cnn.h"
#include "mnist_gan.h"
#include "sine_rnn.h"

#include "dlc/runtime/Random.h"

#include <cmath>
#include <cstring>
#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace dlc::test {

/// A model instance and the trainer of one of its steps.
class Instance {
public:
  virtual ~Instance() = default;
  virtual runtime::TrainStep &step() = 0;
};

template <typename Model, typename Trainer>
class InstanceOf final : public Instance {
public:
  explicit InstanceOf(uint64_t seed) : model(seed), trainer(model) {}
  runtime::TrainStep &step() override { return trainer; }

private:
  Model model;
  Trainer trainer;
};

struct Subject {
  std::string name;
  std::function<std::unique_ptr<Instance>(uint64_t seed)> make;
};

template <typename Model, typename Trainer> Subject subject(std::string name) {
  return {std::move(name), [](uint64_t seed) -> std::unique_ptr<Instance> {
            return std::make_unique<InstanceOf<Model, Trainer>>(seed);
          }};
}

/// Every chapter training step that takes a batch.
inline std::vector<Subject> subjects() {
  return {
      subject<Mlp, Mlp::TrainStepTrainer>("mlp.train_step"),
      subject<MnistCnn, MnistCnn::TrainStepTrainer>("cnn.train_step"),
      subject<Autoencoder, Autoencoder::TrainStepTrainer>(
          "autoencoder.train_step"),
      subject<MnistGan, MnistGan::DiscriminatorStepTrainer>(
          "gan.discriminator_step"),
      subject<MnistGan, MnistGan::GeneratorStepTrainer>("gan.generator_step"),
      subject<SineRnn, SineRnn::TrainStepTrainer>("rnn.train_step"),
      subject<SineRnn, SineRnn::TrainLstmTrainer>("rnn.train_lstm"),
      subject<SineRnn, SineRnn::TrainGruTrainer>("rnn.train_gru")};
}

/// A batch of `size` random samples for `step`'s inputs: floats uniform on
/// [0, 1), integers (class labels) on [0, 10).
inline runtime::Batch randomBatch(runtime::TrainStep &step, int64_t size,
                                  uint64_t seed) {
  runtime::Random random(seed);
  runtime::Batch batch;
  batch.size = batch.globalSize = size;
  for (const runtime::InputSpec &input : step.inputs()) {
    std::vector<int64_t> shape = {size};
    shape.insert(shape.end(), input.sampleShape.begin(),
                 input.sampleShape.end());
    runtime::Tensor tensor(input.dtype, shape);
    if (input.dtype == runtime::DType::i32)
      for (int32_t &value : tensor.values<int32_t>())
        value = int32_t(random.uniform() * 10);
    else
      for (float &value : tensor.values<float>())
        value = float(random.uniform());
    batch.tensors.push_back(std::move(tensor));
  }
  return batch;
}

/// Rows [begin, end) of `batch`, as a loader sharded over processes gives
/// them (globalSize: the whole batch's).
inline runtime::Batch rowsOf(const runtime::Batch &batch, int64_t begin,
                             int64_t end) {
  runtime::Batch part;
  part.size = end - begin;
  part.globalSize = batch.size;
  for (const runtime::Tensor &tensor : batch.tensors) {
    std::vector<int64_t> shape = tensor.shape();
    size_t row = tensor.numBytes() / size_t(shape[0]);
    shape[0] = end - begin;
    runtime::Tensor rows(tensor.dtype(), shape);
    if (end > begin)
      std::memcpy(rows.bytes(), tensor.bytes() + size_t(begin) * row,
                  size_t(end - begin) * row);
    part.tensors.push_back(std::move(rows));
  }
  return part;
}

/// The normwise relative difference ||a - b|| / ||a|| (2-norm) of the
/// parameters of `a` and `b`, all together as one vector, and the same of
/// the optimizer state and step count (the tensors named "<step>/..."),
/// with the tensor that differs most; 0 and "" when they are bit for bit
/// equal. (Per element, Adam's update magnifies the rounding of a gradient
/// that nearly cancels: m / sqrt(v) of a gradient summed in another order
/// moves by far more than the rounding, in a tensor that starts at zero.)
struct StateDifference {
  double params = 0, optimizer = 0;
  std::string worstParam, worstOptimizer;
};

inline StateDifference stateDifference(runtime::TrainStep &a,
                                       runtime::TrainStep &b) {
  std::vector<runtime::TensorView> left = a.state(), right = b.state();
  StateDifference result;
  double norms[2] = {0, 0}, differences[2] = {0, 0}, worst[2] = {0, 0};
  for (size_t i = 0; i < left.size(); ++i) {
    int64_t n = 1;
    for (int64_t dim : left[i].shape)
      n *= dim;
    double norm = 0, difference = 0;
    for (int64_t j = 0; j < n; ++j) {
      double x, y;
      if (left[i].dtype == runtime::DType::i64) {
        x = double(static_cast<const int64_t *>(left[i].data)[j]);
        y = double(static_cast<const int64_t *>(right[i].data)[j]);
      } else {
        x = static_cast<const float *>(left[i].data)[j];
        y = static_cast<const float *>(right[i].data)[j];
      }
      norm += x * x;
      difference += std::isnan(x - y) ? INFINITY : (x - y) * (x - y);
    }
    int kind = left[i].name.find('/') == std::string_view::npos ? 0 : 1;
    norms[kind] += norm;
    differences[kind] += difference;
    if (difference > worst[kind]) {
      worst[kind] = difference;
      (kind == 0 ? result.worstParam : result.worstOptimizer) = left[i].name;
    }
  }
  auto relative = [](double difference, double norm) {
    return difference == 0 ? 0.0
           : norm > 0      ? std::sqrt(difference / norm)
                           : double(INFINITY);
  };
  result.params = relative(differences[0], norms[0]);
  result.optimizer = relative(differences[1], norms[1]);
  return result;
}

/// Whether the states of `a` and `b` are bit for bit equal.
inline bool sameState(runtime::TrainStep &a, runtime::TrainStep &b) {
  std::vector<runtime::TensorView> left = a.state(), right = b.state();
  for (size_t i = 0; i < left.size(); ++i) {
    int64_t n = 1;
    for (int64_t dim : left[i].shape)
      n *= dim;
    size_t bytes = size_t(n) * runtime::sizeOf(left[i].dtype);
    if (std::memcmp(left[i].data, right[i].data, bytes) != 0)
      return false;
  }
  return true;
}

} // namespace dlc::test

#endif // DLC_TEST_PARALLEL_SUBJECTS_H
