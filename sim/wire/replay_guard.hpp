#pragma once
/// Replay protection (STD-3.4): `ts` within ±window of the receiver's clock (E1103) and a nonce
/// seen at most once per kid inside the window (E1102), in bounded memory.
#include <cstdint>
#include <queue>
#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

#include "error_code.hpp"

namespace ykt::wire {

/// Remembers nonces until their timestamps leave the window.
class ReplayGuard {
 public:
  /// Accepts `ts` within ±`window_ms`; keeps at most `capacity` nonces.
  explicit ReplayGuard(std::int64_t window_ms = 30'000, std::size_t capacity = 1 << 20)
      : window_ms_(window_ms), capacity_(capacity) {}

  /// ok, stale (E1103) or replayed (E1102); an accepted nonce is remembered.
  [[nodiscard]] ErrorCode admit(std::string_view kid, std::string_view nonce, std::int64_t ts_ms,
                                std::int64_t now_ms);

  /// Nonces currently remembered.
  [[nodiscard]] std::size_t size() const { return seen_.size(); }

 private:
  struct Entry {
    std::int64_t ts_ms;
    std::string key;
    bool operator>(const Entry& o) const { return ts_ms > o.ts_ms; }
  };
  void expire(std::int64_t now_ms);

  std::int64_t window_ms_;
  std::size_t capacity_;
  // When full, the oldest entry is forgotten and `floor_ms_` rises to its ts: anything not newer
  // than the floor is then refused as stale, so forgetting never opens a replay hole.
  std::int64_t floor_ms_ = INT64_MIN;
  std::unordered_set<std::string> seen_;
  std::priority_queue<Entry, std::vector<Entry>, std::greater<>> by_ts_;
};

}  // namespace ykt::wire
