#pragma once
/// Deterministic random streams: one std::mt19937_64 per station or generator, seeded from the run
/// seed and the stream's name, so adding a stream never shifts another one's numbers.
#include <cmath>
#include <cstdint>
#include <random>
#include <string_view>

namespace ykt::sysc {

/// FNV-1a 64-bit hash of a name (stable across platforms, unlike std::hash).
constexpr std::uint64_t fnv1a(std::string_view s) {
  std::uint64_t h = 1469598103934665603ULL;
  for (char c : s) {
    h ^= static_cast<unsigned char>(c);
    h *= 1099511628211ULL;
  }
  return h;
}

/// One named random stream.
class RngStream {
 public:
  /// Seeds the stream from the run seed and the stream name.
  RngStream(std::uint64_t seed, std::string_view name) : gen_(mix(seed ^ fnv1a(name))) {}
  /// A uniform number in [0, 1) with 53 random bits.
  double uniform() { return static_cast<double>(gen_() >> 11) * 0x1.0p-53; }
  /// An exponential variate with the given mean (inverse transform; platform independent).
  double exponential(double mean) { return -mean * std::log(1.0 - uniform()); }
  /// A standard normal variate (Box-Muller, one of the pair; platform independent).
  double normal() {
    const double u1 = 1.0 - uniform();  // (0, 1]
    const double u2 = uniform();
    return std::sqrt(-2.0 * std::log(u1)) * std::cos(6.283185307179586 * u2);
  }
  /// A Poisson-distributed count with mean `mean` (inversion for small means, normal above 60).
  std::uint64_t poisson(double mean);
  /// Raw 64 random bits.
  std::uint64_t bits() { return gen_(); }

 private:
  static std::uint64_t mix(std::uint64_t z) {  // splitmix64 finaliser
    z += 0x9e3779b97f4a7c15ULL;
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
  }
  std::mt19937_64 gen_;
};

inline std::uint64_t RngStream::poisson(double mean) {
  if (mean <= 0) return 0;
  if (mean > 60) {
    const double x = std::floor(mean + std::sqrt(mean) * normal() + 0.5);
    return x < 0 ? 0 : static_cast<std::uint64_t>(x);
  }
  const double limit = std::exp(-mean);
  double p = uniform();
  std::uint64_t k = 0;
  while (p > limit) {
    p *= uniform();
    ++k;
  }
  return k;
}

}  // namespace ykt::sysc
