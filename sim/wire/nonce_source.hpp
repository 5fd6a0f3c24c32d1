#pragma once
/// Nonces for frame 1: 32 hex characters, unique per sender (STD-3.4). A random 128-bit start
/// plus a counter: uniqueness, not unpredictability, is what replay protection needs.
#include <cstdint>
#include <string>

namespace ykt::wire {

/// Hands out distinct nonces.
class NonceSource {
 public:
  /// Seeds from the cryptographic random source.
  NonceSource();
  /// The next nonce (32 lower-case hex characters).
  std::string next();

 private:
  std::uint64_t hi_ = 0;
  std::uint64_t lo_ = 0;
};

}  // namespace ykt::wire
