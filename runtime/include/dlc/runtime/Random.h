//===- Random.h - The runtime's deterministic random numbers --------------===//

#ifndef DLC_RUNTIME_RANDOM_H
#define DLC_RUNTIME_RANDOM_H

#include <cstdint>
#include <string_view>

namespace dlc::runtime {

/// A small, fast, seedable generator (PCG32, O'Neill 2014) whose stream is
/// the same on every platform and standard library, so that a seed always
/// gives the same model.
class Random {
public:
  explicit Random(uint64_t seed, uint64_t stream = 0);

  /// Mixes a name into a seed (FNV-1a, then a finalizer).
  static uint64_t seedFor(uint64_t seed, std::string_view name);

  uint32_t next();
  /// Uniform on [0, 1) with 53 random bits.
  double uniform();
  /// Uniform on [lo, hi).
  double uniform(double lo, double hi) { return lo + (hi - lo) * uniform(); }
  /// Standard normal (Box-Muller, one value per call).
  double normal();

  /// The state, to save in checkpoints and restore exactly.
  uint64_t state() const { return state_; }
  uint64_t increment() const { return increment_; }
  void restore(uint64_t state, uint64_t increment) {
    state_ = state;
    increment_ = increment;
  }

private:
  uint64_t state_ = 0;
  uint64_t increment_ = 0;
};

} // namespace dlc::runtime

#endif // DLC_RUNTIME_RANDOM_H
