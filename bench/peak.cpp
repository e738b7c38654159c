//===- peak.cpp - Measured single-core FP32 FMA peak ----------------------===//
//
// 16 independent accumulators of 16 floats (AVX-512) or their equivalent
// with GCC vector extensions: the compiler emits one FMA per accumulator and
// iteration, so the loop runs at the FMA units' throughput.
//
//===----------------------------------------------------------------------===//

#include "peak.h"

#include <chrono>

namespace dlc::bench {

typedef float v16 __attribute__((vector_size(64)));

double measurePeakGflops() {
  constexpr int kChains = 16;
  v16 acc[kChains];
  v16 a, b;
  for (int i = 0; i < 16; ++i) {
    a[i] = 1.0f + 1e-7f * i;
    b[i] = 1e-7f;
  }
  for (int c = 0; c < kChains; ++c)
    acc[c] = a * float(c);
  const long iterations = 20'000'000;
  auto start = std::chrono::steady_clock::now();
  for (long i = 0; i < iterations; ++i) {
#pragma GCC unroll 16
    for (int c = 0; c < kChains; ++c)
      acc[c] = acc[c] * a + b;
    asm volatile(""
                 : "+v"(acc[0]), "+v"(acc[1]), "+v"(acc[2]), "+v"(acc[3]),
                   "+v"(acc[4]), "+v"(acc[5]), "+v"(acc[6]), "+v"(acc[7]));
  }
  auto seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start)
          .count();
  float sink = 0;
  for (int c = 0; c < kChains; ++c)
    for (int i = 0; i < 16; ++i)
      sink += acc[c][i];
  asm volatile("" : : "r"(sink));
  double flops = 2.0 * 16 * kChains * double(iterations);
  return flops / seconds * 1e-9;
}

} // namespace dlc::bench
