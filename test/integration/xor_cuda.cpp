// The XOR MLP compiled for NVIDIA GPUs (dlc compile --target=cuda) through
// its generated class: parameters and optimizer state stay in the GPU's
// memory, batches go in and the loss comes out.
//
//   dlc-integration-xor-cuda               on a GPU: predict against the MLP
//                                          computed here, training on XOR
//                                          lowers the loss, parameters
//                                          saved from the GPU load back
//   ... --expect-no-driver                 no driver: the error says so
//   ... --fake-driver                      the test driver of
//                                          unittests/runtime (its kernels
//                                          run nothing): parameters go to
//                                          the device and back, entry
//                                          points run as captured graphs
#include "mlp.h"

#include "dlc/runtime/Dataset.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

namespace {

constexpr int64_t kBatch = 4;
const float kInputs[kBatch * 2] = {0, 0, 0, 1, 1, 0, 1, 1};
const float kTargets[kBatch] = {0, 1, 1, 0};

float sigmoid(float x) { return 1.0f / (1.0f + std::exp(-x)); }

/// The 2-3-1 sigmoid MLP on the host, from a parameter block.
float reference(const dlc::runtime::ParamBlock &block, const float *x) {
  const float *w1 = block.at<float>(MlpCuda::kParams[0]);
  const float *b1 = block.at<float>(MlpCuda::kParams[1]);
  const float *w2 = block.at<float>(MlpCuda::kParams[2]);
  const float *b2 = block.at<float>(MlpCuda::kParams[3]);
  float out = b2[0];
  for (int j = 0; j < 3; ++j)
    out += sigmoid(x[0] * w1[j] + x[1] * w1[3 + j] + b1[j]) * w2[j];
  return sigmoid(out);
}

int fail(const std::string &message) {
  std::fprintf(stderr, "xor_cuda: %s\n", message.c_str());
  return 1;
}

/// Parameters saved from the device equal the seed's, and parameters loaded
/// onto it come back.
int checkParams(MlpCuda &model, uint64_t seed) {
  dlc::runtime::ParamBlock expected(MlpCuda::kParams, MlpCuda::kParamBytes, seed);
  dlc::runtime::ParamBlock onDevice(MlpCuda::kParamBytes);
  if (std::string error = model.downloadParams(onDevice.data()); !error.empty())
    return fail(error);
  if (std::memcmp(expected.data(), onDevice.data(), MlpCuda::kParamBytes) != 0)
    return fail("the parameters on the device are not the seed's");
  std::string path =
      (std::filesystem::temp_directory_path() / "dlc-xor-cuda.params").string();
  if (std::string error = model.saveParams(path); !error.empty())
    return fail(error);
  MlpCuda other;
  if (std::string error = other.open(0, seed + 1); !error.empty())
    return fail(error);
  if (std::string error = other.loadParams(path); !error.empty())
    return fail(error);
  std::filesystem::remove(path);
  if (std::string error = other.downloadParams(onDevice.data()); !error.empty())
    return fail(error);
  if (std::memcmp(expected.data(), onDevice.data(), MlpCuda::kParamBytes) != 0)
    return fail("parameters saved from one GPU model do not load into another");
  std::printf("parameters: initialized on the device, saved and loaded back\n");
  return 0;
}

/// XOR as a data set.
dlc::runtime::Dataset xorData() {
  using dlc::runtime::DType;
  using dlc::runtime::Tensor;
  Tensor x(DType::f32, {kBatch, 2}), y(DType::f32, {kBatch, 1});
  std::copy(kInputs, kInputs + 2 * kBatch, x.values<float>().begin());
  std::copy(kTargets, kTargets + kBatch, y.values<float>().begin());
  dlc::runtime::Dataset data;
  (void)data.add("x", std::move(x));
  (void)data.add("y", std::move(y));
  return data;
}

/// fit on the GPU through the trainer, with a checkpoint, and the
/// checkpoint loaded into another model: the same parameters and step
/// count. Returns the history's last loss in `loss`.
int checkFit(MlpCuda &model, int64_t epochs, double &loss) {
  namespace fs = std::filesystem;
  std::string checkpoint =
      (fs::temp_directory_path() / "dlc-xor-cuda.ckpt").string();
  MlpCuda::TrainStepTrainer trainer(model);
  dlc::runtime::FitOptions options;
  options.epochs = epochs;
  options.batch.batchSize = kBatch;
  options.checkpointPath = checkpoint;
  dlc::runtime::History history;
  if (std::string e = dlc::runtime::fit(trainer, xorData(), options, history);
      !e.empty())
    return fail("fit: " + e);
  loss = history.rows.back()[1];

  MlpCuda other;
  if (std::string e = other.open(0, 99); !e.empty())
    return fail(e);
  MlpCuda::TrainStepTrainer resumed(other);
  dlc::runtime::CheckpointInfo info;
  if (std::string e = dlc::runtime::loadCheckpoint(checkpoint, resumed, info);
      !e.empty())
    return fail("loading the checkpoint: " + e);
  fs::remove(checkpoint);
  dlc::runtime::ParamBlock mine(MlpCuda::kParamBytes), theirs(MlpCuda::kParamBytes);
  if (std::string e = model.downloadParams(mine.data()); !e.empty())
    return fail(e);
  if (std::string e = other.downloadParams(theirs.data()); !e.empty())
    return fail(e);
  if (std::memcmp(mine.data(), theirs.data(), MlpCuda::kParamBytes) != 0)
    return fail("a checkpoint from the GPU loads other parameters");
  // The step count the GPU kept (which the fake's kernels never advance).
  auto stepCount = [](MlpCuda::TrainStepTrainer &of) {
    return *static_cast<const int64_t *>(of.state().back().data);
  };
  if (stepCount(resumed) != stepCount(trainer))
    return fail("the loaded step count is " +
                std::to_string(stepCount(resumed)) + ", not " +
                std::to_string(stepCount(trainer)));
  if (info.step != epochs)
    return fail("the checkpoint's step is " + std::to_string(info.step));
  std::printf("fit: %lld epochs, checkpoint saved from the GPU and loaded "
              "into another model\n",
              static_cast<long long>(epochs));
  return 0;
}

} // namespace

int main(int argc, char **argv) {
  std::string_view mode = argc > 1 ? argv[1] : "";
  if (mode == "--help") {
    std::printf("usage: dlc-integration-xor-cuda [--expect-no-driver | "
                "--fake-driver]\n");
    return 0;
  }
  MlpCuda model;
  std::string error = model.open(0, 7);
  if (mode == "--expect-no-driver") {
    if (error.empty())
      return fail("a GPU was found: " + model.device().describe());
    if (error.find("CUDA driver") == std::string::npos)
      return fail("the error does not name the CUDA driver: " + error);
    std::printf("no driver, as expected: %s\n", error.c_str());
    return 0;
  }
  if (!error.empty())
    return fail(error);
  std::printf("%s\n", model.device().describe().c_str());
  if (int status = checkParams(model, 7))
    return status;

  float predicted[kBatch];
  if (mode == "--fake-driver") {
    // The fake's kernels run nothing: the calls, their staging, scratch and
    // graphs (captured once per batch size, replayed after) must work.
    MlpCuda::TrainStepResult result;
    for (int64_t batch : {kBatch, kBatch, int64_t(1), kBatch})
      if (std::string e = model.predict(kInputs, batch, predicted); !e.empty())
        return fail("predict: " + e);
    for (int step = 0; step < 3; ++step)
      if (std::string e = model.train_step(kInputs, kTargets, kBatch, result);
          !e.empty())
        return fail("train_step: " + e);
    std::printf("predict and train_step ran on the fake GPU\n");
    double loss;
    return checkFit(model, 3, loss);
  }
  if (std::string e = model.predict(kInputs, kBatch, predicted); !e.empty())
    return fail(e);

  dlc::runtime::ParamBlock block(MlpCuda::kParamBytes);
  if (std::string e = model.downloadParams(block.data()); !e.empty())
    return fail(e);
  for (int64_t i = 0; i < kBatch; ++i) {
    float expected = reference(block, kInputs + 2 * i);
    if (std::fabs(predicted[i] - expected) > 1e-5f)
      return fail("predict[" + std::to_string(i) + "] is " +
                  std::to_string(predicted[i]) + ", the host computes " +
                  std::to_string(expected));
  }
  std::printf("predict matches the host MLP on %lld samples\n",
              static_cast<long long>(kBatch));

  MlpCuda::TrainStepResult first{}, last{};
  for (int step = 0; step < 2000; ++step) {
    MlpCuda::TrainStepResult result;
    if (std::string e = model.train_step(kInputs, kTargets, kBatch, result);
        !e.empty())
      return fail(e);
    (step == 0 ? first : last) = result;
  }
  std::printf("loss %.4f after the first step, %.4f after 2000\n", first.loss,
              last.loss);
  if (!(last.loss < first.loss))
    return fail("training did not lower the loss");
  double loss;
  if (int status = checkFit(model, 500, loss))
    return status;
  if (!(loss < first.loss))
    return fail("fit did not lower the loss");
  return 0;
}
