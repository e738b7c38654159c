//===- data.h - Inputs for the benchmarks ---------------------------------===//

#ifndef DLC_BENCH_DATA_H
#define DLC_BENCH_DATA_H

#include <cstddef>
#include <cstdint>
#include <vector>

namespace dlc::bench {

/// n values in [lo, hi) from a fixed linear congruential sequence, so that
/// every run (and the PyTorch side, which draws its own) sees the same kind
/// of data: what is timed does not depend on the values.
inline std::vector<float> randomData(size_t n, float lo = -0.5f,
                                     float hi = 0.5f) {
  std::vector<float> data(n);
  uint32_t state = 12345;
  for (float &v : data) {
    state = state * 1664525u + 1013904223u;
    v = lo + (hi - lo) * (float(state >> 8) / float(1u << 24));
  }
  return data;
}

} // namespace dlc::bench

#endif
