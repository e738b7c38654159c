//===- KernelConfig.cpp - GPU schedules chosen per op
//----------------------===//

#include "Codegen/LLVMGPU/KernelConfig.h"

namespace dlc::gpu {

std::optional<GPUTileConfig>
getContractionConfig(int64_t m, int64_t n, int64_t k, const Limits &limits) {
  // 64 x 64 outputs per block of 256 threads, 4 x 4 a thread (64 x 32, 4 x
  // 2, where N is at most 32), over 16-deep slices. Enough outputs along M
  // for 4 tiles and 2 slices along K, or a thread alone does better.
  GPUTileConfig config{64, n <= 32 ? 32 : 64, 16, 256};
  if (limits.threadsPerBlock != config.threads || n < 32 ||
      m < 4 * config.tileM || k < 2 * config.tileK)
    return std::nullopt;
  return config;
}

bool splitsSum(int64_t outputs, int64_t points, const Limits &limits) {
  return points >= limits.splitMinReduction && outputs < limits.splitThreads;
}

bool takesWarp(int64_t points, const Limits &limits) {
  return limits.warpMinReduction > 0 && points >= limits.warpMinReduction;
}

int64_t getCoarsening(int64_t size, int64_t points, const Limits &limits) {
  constexpr int64_t kMinCoarsenedThreads = 8192;
  for (int64_t factor = limits.coarsen; factor > 1; --factor)
    if (size % factor == 0 && points / factor >= kMinCoarsenedThreads)
      return factor;
  return 1;
}

bool fitsRow(int64_t points) {
  // A row of a 10-class softmax, a few ops over it: a thread's work is
  // shorter than a launch.
  constexpr int64_t kMaxRowPoints = 64;
  return points <= kMaxRowPoints;
}

} // namespace dlc::gpu
