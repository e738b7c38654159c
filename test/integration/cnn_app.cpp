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

std::vector<float> images(int64_t batch) {
  std::vector<float> data(batch * 28 * 28);
  for (size_t i = 0; i < data.size(); ++i)
    data[i] = float((i * 7919) % 256) / 255.0f;
  return data;
}

/// Through the overload that uses the instance's own scratch memory.
std::vector<float> predict(MnistCnn &model, int64_t batch) {
  std::vector<float> probs(batch * 10, -1.0f);
  model.predict(images(batch).data(), batch, probs.data());
  return probs;
}

/// Through the const overload with caller-provided scratch memory.
std::vector<float> predictConst(const MnistCnn &model, int64_t batch) {
  std::vector<float> probs(batch * 10, -1.0f);
  std::vector<std::byte> scratch(MnistCnn::predictScratchBytes(batch));
  model.predict(images(batch).data(), batch, probs.data(), scratch.data());
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
  check(model.paramConv1Bias()[0] == 0.0f, "biases start at zero");
  // glorot_uniform for a 3x3x1x32 kernel: |w| <= sqrt(6 / (9 + 288)).
  float limit = std::sqrt(6.0f / (9.0f + 288.0f));
  bool inRange = true;
  for (int i = 0; i < 288; ++i)
    inRange &= std::fabs(model.paramConv1Kernel()[i]) <= limit;
  check(inRange, "glorot_uniform range");

  check(MnistCnn::predictScratchBytes(2) == 2 * MnistCnn::predictScratchBytes(1),
        "scratch scales with the batch");
  for (int64_t batch : {1, 3, 17}) {
    std::vector<float> probs = predict(model, batch);
    check(probs == predictConst(model, batch),
          "own and caller-provided scratch give the same results");
    for (int64_t b = 0; b < batch; ++b) {
      float sum = 0;
      for (int c = 0; c < 10; ++c)
        sum += probs[b * 10 + c];
      check(std::fabs(sum - 1.0f) < 1e-5f, "softmax rows sum to 1");
    }
  }
  // On threads: each slice of the batch on its own thread gives the same
  // numbers as one call (every sample is computed alone), for batches that
  // do not divide evenly and batches smaller than the pool.
  for (unsigned threads : {1u, 2u, 3u, 4u}) {
    dlc::runtime::ThreadPool pool(threads);
    for (int64_t batch : {1, 2, 17, 64}) {
      std::vector<float> one = predict(model, batch);
      std::vector<float> many(batch * 10);
      model.predict(images(batch).data(), batch, many.data(), pool);
      check(one == many, "threads give the single-threaded results");
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
