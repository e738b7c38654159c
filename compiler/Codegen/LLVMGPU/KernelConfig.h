//===- KernelConfig.h - GPU schedules chosen per op
//------------------------===//
//
// The GPU's kernel-config step: from each op's kind and (estimated) sizes,
// the schedule its kernel runs and that schedule's numbers - tiles and
// threads of a contraction, how a long sum is shared between threads, how
// many points a thread runs. dlc-gpu-distribute asks these and emits the
// kernels. Dynamic sizes (a batch) come estimated as 64 points.
//
//===----------------------------------------------------------------------===//

#ifndef DLC_CODEGEN_LLVMGPU_KERNELCONFIG_H
#define DLC_CODEGEN_LLVMGPU_KERNELCONFIG_H

#include "Codegen/Common/KernelConfig.h"

#include <optional>

namespace dlc::gpu {

/// The numbers a compilation may set (dlc-gpu-distribute's options).
struct Limits {
  /// Threads per block of the kernels (a multiple of 32).
  int64_t threadsPerBlock = 256;
  /// Sums over at least this many points, with fewer than `splitThreads`
  /// outputs, are split into partial sums; `splitThreads` threads in all,
  /// each summing at least `splitChunk` points.
  int64_t splitMinReduction = 4096, splitThreads = 131072, splitChunk = 256;
  /// A sum over at least this many points gets a warp per output (0:
  /// never).
  int64_t warpMinReduction = 512;
  /// Most points of the innermost dimension a thread runs.
  int64_t coarsen = 4;
};

/// A contraction with `m` outputs along M (estimated), `n` along N
/// (static) and `k` points along K (estimated): its tiles, or none when
/// it has too few outputs or products for them.
std::optional<GPUTileConfig>
getContractionConfig(int64_t m, int64_t n, int64_t k, const Limits &limits);

/// Whether a floating-point sum with `outputs` outputs over `points` points
/// each is split into partial sums added atomically.
bool splitsSum(int64_t outputs, int64_t points, const Limits &limits);

/// Whether a sum over `points` points (not split, not tiled) gets a warp
/// per output.
bool takesWarp(int64_t points, const Limits &limits);

/// How many points of its innermost dimension (of `size`, static) each of
/// the `points` threads of a kernel with reduction loops runs: a divisor of
/// `size` up to `limits.coarsen` that leaves at least 8192 threads.
int64_t getCoarsening(int64_t size, int64_t points, const Limits &limits);

/// Whether an op that runs `points` points per row is run a row per thread
/// (a chain of rows).
bool fitsRow(int64_t points);

} // namespace dlc::gpu

#endif // DLC_CODEGEN_LLVMGPU_KERNELCONFIG_H
