// The XOR MLP compiled for NVIDIA GPUs (dlc compile --target=cuda), driven
// through its C forms and the runtime's CUDA backend: parameters and
// optimizer state stay in device memory, batches go in and the loss comes
// out.
//
//   dlc-integration-xor-cuda                     on a GPU: checks predict
//                                                against the MLP computed
//                                                here and that training on
//                                                XOR lowers the loss
//   dlc-integration-xor-cuda --expect-no-driver  where there is no driver:
//                                                checks the error says so
#include "mlp.h"

#include "dlc/runtime/Cuda.h"

#include <cmath>
#include <cstdio>
#include <string>
#include <string_view>
#include <vector>

using namespace dlc::runtime::cuda;

namespace {

constexpr int64_t kBatch = 4;
const float kInputs[kBatch * 2] = {0, 0, 0, 1, 1, 0, 1, 1};
const float kTargets[kBatch] = {0, 1, 1, 0};

float sigmoid(float x) { return 1.0f / (1.0f + std::exp(-x)); }

/// The 2-3-1 sigmoid MLP on the host, from the parameter block.
float reference(const std::vector<float> &block, const float *x) {
  auto at = [&](int64_t offset) { return block.data() + offset / 4; };
  const float *w1 = at(DLC_MLP_DENSE1_KERNEL_OFFSET);
  const float *b1 = at(DLC_MLP_DENSE1_BIAS_OFFSET);
  const float *w2 = at(DLC_MLP_DENSE2_KERNEL_OFFSET);
  const float *b2 = at(DLC_MLP_DENSE2_BIAS_OFFSET);
  float out = b2[0];
  for (int j = 0; j < 3; ++j)
    out += sigmoid(x[0] * w1[j] + x[1] * w1[3 + j] + b1[j]) * w2[j];
  return sigmoid(out);
}

int fail(const std::string &message) {
  std::fprintf(stderr, "xor_cuda: %s\n", message.c_str());
  return 1;
}

} // namespace

int main(int argc, char **argv) {
  bool expectNoDriver =
      argc > 1 && std::string_view(argv[1]) == "--expect-no-driver";
  Device device;
  std::string error = Device::open(0, device);
  if (expectNoDriver) {
    if (error.empty())
      return fail("a GPU was found: " + device.describe());
    if (error.find("CUDA driver") == std::string::npos)
      return fail("the error does not name the CUDA driver: " + error);
    std::printf("no driver, as expected: %s\n", error.c_str());
    return 0;
  }
  if (!error.empty())
    return fail(error);
  std::printf("%s\n", device.describe().c_str());

  Stream stream;
  if (std::string e = Stream::create(device, stream); !e.empty())
    return fail(e);

  // A parameter block of distinct small values.
  std::vector<float> block(DLC_MLP_PARAM_BYTES / 4);
  for (size_t i = 0; i < block.size(); ++i)
    block[i] = 0.1f * float(int(i % 7) - 3);
  int64_t scratchBytes =
      std::max(DLC_MLP_PREDICT_SCRATCH_BYTES(kBatch),
               DLC_MLP_TRAIN_STEP_SCRATCH_BYTES(kBatch));
  DeviceBuffer params, state, x, y, output, loss, accuracy, scratch;
  for (auto [buffer, bytes] :
       {std::pair{&params, size_t(DLC_MLP_PARAM_BYTES)},
        {&state, size_t(DLC_MLP_TRAIN_STEP_STATE_BYTES)},
        {&x, sizeof(kInputs)},
        {&y, sizeof(kTargets)},
        {&output, kBatch * sizeof(float)},
        {&loss, sizeof(float)},
        {&accuracy, sizeof(float)},
        {&scratch, size_t(std::max<int64_t>(scratchBytes, 1))}})
    if (std::string e = DeviceBuffer::allocate(device, bytes, *buffer);
        !e.empty())
      return fail(e);
  params.copyFromHost(block.data(), DLC_MLP_PARAM_BYTES, stream);
  state.zero(stream);
  x.copyFromHost(kInputs, sizeof(kInputs), stream);
  y.copyFromHost(kTargets, sizeof(kTargets), stream);

  // Inference against the host's MLP.
  float predicted[kBatch];
  dlc_mlp_predict(static_cast<const float *>(x.data()), kBatch, params.data(),
                  static_cast<float *>(output.data()), scratch.data(), &stream);
  output.copyToHost(predicted, sizeof(predicted), stream);
  if (std::string e = stream.synchronize(); !e.empty())
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

  // Training: 2000 plain gradient steps on XOR, all on the device.
  float first = 0, last = 0;
  for (int step = 0; step < 2000; ++step) {
    dlc_mlp_train_step(static_cast<const float *>(x.data()),
                       static_cast<const float *>(y.data()), kBatch,
                       params.data(), state.data(),
                       static_cast<float *>(loss.data()),
                       static_cast<float *>(accuracy.data()), scratch.data(),
                       &stream);
    if (step == 0 || step == 1999) {
      loss.copyToHost(step == 0 ? &first : &last, sizeof(float), stream);
      if (std::string e = stream.synchronize(); !e.empty())
        return fail(e);
    }
  }
  // Plain SGD keeps no optimizer slots: the state block is the step count.
  int64_t steps = 0;
  state.copyToHost(&steps, sizeof(steps), stream);
  if (std::string e = stream.synchronize(); !e.empty())
    return fail(e);
  std::printf("loss %.4f after the first step, %.4f after 2000 (%lld steps "
              "counted)\n",
              first, last, static_cast<long long>(steps));
  if (!(last < first))
    return fail("training did not lower the loss");
  if (steps != 2000)
    return fail("the step count is " + std::to_string(steps));
  return 0;
}
