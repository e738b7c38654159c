//===- Random.cpp - The runtime's deterministic random numbers ------------===//

#include "dlc/runtime/Random.h"

#include <cmath>
#include <numbers>

namespace dlc::runtime {

Random::Random(uint64_t seed, uint64_t stream) {
  increment_ = (stream << 1u) | 1u;
  state_ = 0;
  next();
  state_ += seed;
  next();
}

uint64_t Random::seedFor(uint64_t seed, std::string_view name) {
  uint64_t hash = 1469598103934665603ull;
  for (unsigned char c : name) {
    hash ^= c;
    hash *= 1099511628211ull;
  }
  uint64_t x = seed ^ hash;
  x ^= x >> 33;
  x *= 0xff51afd7ed558ccdull;
  x ^= x >> 33;
  x *= 0xc4ceb9fe1a85ec53ull;
  x ^= x >> 33;
  return x;
}

uint32_t Random::next() {
  uint64_t old = state_;
  state_ = old * 6364136223846793005ull + increment_;
  auto xorshifted = static_cast<uint32_t>(((old >> 18u) ^ old) >> 27u);
  auto rot = static_cast<uint32_t>(old >> 59u);
  return (xorshifted >> rot) | (xorshifted << ((32u - rot) & 31u));
}

double Random::uniform() {
  uint64_t high = next() >> 5; // 27 bits
  uint64_t low = next() >> 6;  // 26 bits
  return static_cast<double>((high << 26) | low) * 0x1.0p-53;
}

double Random::normal() {
  // 1 - uniform() is in (0, 1], so the logarithm is finite.
  double u1 = 1.0 - uniform();
  double u2 = uniform();
  return std::sqrt(-2.0 * std::log(u1)) *
         std::cos(2.0 * std::numbers::pi * u2);
}

} // namespace dlc::runtime
