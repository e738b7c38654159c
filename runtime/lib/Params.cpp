//===- Params.cpp - Parameter storage and initializers --------------------===//

#include "dlc/runtime/Params.h"
#include "dlc/runtime/Random.h"

#include <cmath>
#include <cstdlib>
#include <cstring>
#include <new>
#include <vector>

namespace dlc::runtime {

Fans computeFans(const ParamInfo &param) {
  if (param.rank == 0)
    return {1, 1};
  if (param.rank == 1)
    return {double(param.shape[0]), double(param.shape[0])};
  double receptive = 1;
  for (int i = 0; i < param.rank - 2; ++i)
    receptive *= double(param.shape[i]);
  return {double(param.shape[param.rank - 2]) * receptive,
          double(param.shape[param.rank - 1]) * receptive};
}

namespace {

/// A random matrix with orthonormal rows or columns (whichever are fewer),
/// as Keras' Orthogonal: QR of a normal matrix, Q's columns scaled by the
/// signs of R's diagonal so that the distribution is uniform. `rows` is the
/// product of all axes but the last.
std::vector<double> orthogonal(int64_t rows, int64_t cols, double gain,
                               Random &random) {
  bool transpose = rows < cols;
  int64_t m = transpose ? cols : rows; // m >= n
  int64_t n = transpose ? rows : cols;
  std::vector<double> a(m * n);
  for (double &v : a)
    v = random.normal();
  // Modified Gram-Schmidt on the n columns of the m x n matrix a, twice for
  // numerical orthogonality.
  std::vector<double> q = a;
  std::vector<double> rDiag(n, 0);
  for (int64_t j = 0; j < n; ++j) {
    for (int pass = 0; pass < 2; ++pass) {
      for (int64_t k = 0; k < j; ++k) {
        double dot = 0;
        for (int64_t i = 0; i < m; ++i)
          dot += q[i * n + k] * q[i * n + j];
        for (int64_t i = 0; i < m; ++i)
          q[i * n + j] -= dot * q[i * n + k];
      }
    }
    double norm = 0;
    for (int64_t i = 0; i < m; ++i)
      norm += q[i * n + j] * q[i * n + j];
    norm = std::sqrt(norm);
    double dot = 0; // R[j][j] = <q_j, a_j> has the sign of the diagonal
    for (int64_t i = 0; i < m; ++i)
      dot += q[i * n + j] * a[i * n + j];
    double sign = dot < 0 ? -1.0 : 1.0;
    for (int64_t i = 0; i < m; ++i)
      q[i * n + j] = sign * q[i * n + j] / norm;
  }
  std::vector<double> result(rows * cols);
  for (int64_t i = 0; i < rows; ++i)
    for (int64_t j = 0; j < cols; ++j)
      result[i * cols + j] =
          gain * (transpose ? q[j * n + i] : q[i * n + j]);
  return result;
}

template <typename T>
void fill(const ParamInfo &param, T *out, uint64_t seed) {
  int64_t count = param.numElements();
  Random random(Random::seedFor(seed, param.name));
  auto uniformIn = [&](double limit) {
    for (int64_t i = 0; i < count; ++i)
      out[i] = static_cast<T>(random.uniform(-limit, limit));
  };
  Fans fans = computeFans(param);
  switch (param.init) {
  case Init::zeros:
    for (int64_t i = 0; i < count; ++i)
      out[i] = T(0);
    return;
  case Init::ones:
    for (int64_t i = 0; i < count; ++i)
      out[i] = T(1);
    return;
  case Init::constant:
    for (int64_t i = 0; i < count; ++i)
      out[i] = static_cast<T>(param.a);
    return;
  case Init::uniform:
    for (int64_t i = 0; i < count; ++i)
      out[i] = static_cast<T>(random.uniform(param.a, param.b));
    return;
  case Init::normal:
    for (int64_t i = 0; i < count; ++i)
      out[i] = static_cast<T>(param.a + param.b * random.normal());
    return;
  case Init::glorot_uniform:
    uniformIn(std::sqrt(6.0 / (fans.in + fans.out)));
    return;
  case Init::he_uniform:
    uniformIn(std::sqrt(6.0 / fans.in));
    return;
  case Init::orthogonal: {
    int64_t cols = param.rank ? param.shape[param.rank - 1] : 1;
    int64_t rows = cols ? count / cols : 0;
    std::vector<double> values = orthogonal(rows, cols, param.a, random);
    for (int64_t i = 0; i < count; ++i)
      out[i] = static_cast<T>(values[i]);
    return;
  }
  }
}

} // namespace

void initialize(const ParamInfo &param, void *data, uint64_t seed) {
  switch (param.dtype) {
  case DType::f32:
    return fill(param, static_cast<float *>(data), seed);
  case DType::f64:
    return fill(param, static_cast<double *>(data), seed);
  case DType::i32:
    return fill(param, static_cast<int32_t *>(data), seed);
  case DType::i64:
    return fill(param, static_cast<int64_t *>(data), seed);
  }
}

void ParamBlock::Free::operator()(std::byte *p) const {
  ::operator delete[](p, std::align_val_t(64));
}

ParamBlock::ParamBlock(int64_t bytes)
    : storage(static_cast<std::byte *>(::operator new[](
          static_cast<size_t>(bytes > 0 ? bytes : 64), std::align_val_t(64)))),
      bytes(bytes) {
  std::memset(storage.get(), 0, static_cast<size_t>(bytes > 0 ? bytes : 64));
}

ParamBlock::ParamBlock(std::span<const ParamInfo> params, int64_t bytes,
                       uint64_t seed)
    : ParamBlock(bytes) {
  for (const ParamInfo &param : params)
    initialize(param, storage.get() + param.offset, seed);
}

void Scratch::Free::operator()(std::byte *p) const {
  ::operator delete[](p, std::align_val_t(64));
}

void *Scratch::reserve(int64_t bytes) {
  if (bytes > capacity || !storage) {
    int64_t size = bytes > 64 ? bytes : 64;
    storage.reset(static_cast<std::byte *>(
        ::operator new[](static_cast<size_t>(size), std::align_val_t(64))));
    capacity = size;
  }
  return storage.get();
}

} // namespace dlc::runtime
