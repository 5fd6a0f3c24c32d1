#include "replay_guard.hpp"

namespace ykt::wire {

void ReplayGuard::expire(std::int64_t now_ms) {
  // A message older than now - window is refused as stale, so its nonce need not be kept.
  while (!by_ts_.empty() && by_ts_.top().ts_ms < now_ms - window_ms_) {
    seen_.erase(by_ts_.top().key);
    by_ts_.pop();
  }
}

ErrorCode ReplayGuard::admit(std::string_view kid, std::string_view nonce, std::int64_t ts_ms,
                             std::int64_t now_ms) {
  if (ts_ms < now_ms - window_ms_ || ts_ms > now_ms + window_ms_ || ts_ms <= floor_ms_)
    return ErrorCode::stale;
  expire(now_ms);
  std::string key;
  key.reserve(kid.size() + 1 + nonce.size());
  key.append(kid).append(1, '\n').append(nonce);
  if (seen_.count(key) != 0) return ErrorCode::replayed;
  while (seen_.size() >= capacity_ && !by_ts_.empty()) {
    floor_ms_ = std::max(floor_ms_, by_ts_.top().ts_ms);
    seen_.erase(by_ts_.top().key);
    by_ts_.pop();
  }
  if (ts_ms <= floor_ms_) return ErrorCode::stale;
  seen_.insert(key);
  by_ts_.push(Entry{ts_ms, std::move(key)});
  return ErrorCode::ok;
}

}  // namespace ykt::wire
