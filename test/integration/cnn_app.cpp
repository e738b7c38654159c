// The generated class from C++: parameters drawn from a seed, batch sizes
// that are not multiples of the vector width, and deterministic results.
#include "mnist_cnn.h"

#include <cmath>
#include <cstdio>
#include <cstring>
#include <vector>

namespace {
int failures = 0;
void check(bool ok, const char *what) {
  if (!ok) {
    std::printf("FAILED: %s\n", what);
    ++failures;
  }
}

std::vector<float> predict(const MnistCnn &model, int64_t batch) {
  std::vector<float> images(batch * 28 * 28);
  for (size_t i = 0; i < images.size(); ++i)
    images[i] = float((i * 7919) % 256) / 255.0f;
  std::vector<float> probs(batch * 10, -1.0f);
  model.predict(images.data(), batch, probs.data());
  return probs;
}
} // namespace

int main() {
  MnistCnn model(42);
  check(MnistCnn::kNumParams == 8, "eight parameters");
  check(MnistCnn::kParams[0].name == "conv1.kernel", "parameter order");
  int64_t values = 0;
  for (const auto &param : MnistCnn::paramInfo())
    values += param.numElements();
  check(values == 121930, "121,930 parameter values");
  check(model.param_conv1_bias()[0] == 0.0f, "biases start at zero");
  // glorot_uniform for a 3x3x1x32 kernel: |w| <= sqrt(6 / (9 + 288)).
  float limit = std::sqrt(6.0f / (9.0f + 288.0f));
  bool inRange = true;
  for (int i = 0; i < 288; ++i)
    inRange &= std::fabs(model.param_conv1_kernel()[i]) <= limit;
  check(inRange, "glorot_uniform range");

  for (int64_t batch : {1, 3, 17}) {
    std::vector<float> probs = predict(model, batch);
    for (int64_t b = 0; b < batch; ++b) {
      float sum = 0;
      for (int c = 0; c < 10; ++c)
        sum += probs[b * 10 + c];
      check(std::fabs(sum - 1.0f) < 1e-5f, "softmax rows sum to 1");
    }
  }
  // The same seed gives the same model; another seed another one.
  MnistCnn same(42), other(43);
  std::vector<float> a = predict(model, 3), b = predict(same, 3),
                     c = predict(other, 3);
  check(std::memcmp(a.data(), b.data(), a.size() * sizeof(float)) == 0,
        "same seed, same outputs");
  check(std::memcmp(a.data(), c.data(), a.size() * sizeof(float)) != 0,
        "other seed, other outputs");
  std::printf("%s\n", failures ? "FAILED" : "OK");
  return failures ? 1 : 0;
}
