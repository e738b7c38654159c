//===- peak.h - Measured single-core FP32 FMA peak ------------------------===//

#ifndef DLC_BENCH_PEAK_H
#define DLC_BENCH_PEAK_H

#include <chrono>

namespace dlc::bench {

/// Runs independent FMA chains (enough to cover the FMA latency) on the
/// widest vectors the compiler targets and returns GFLOP/s.
double measurePeakGflops();

/// measurePeakGflops, measured once per process.
inline double peakGflops() {
  static const double peak = measurePeakGflops();
  return peak;
}

} // namespace dlc::bench

#endif
