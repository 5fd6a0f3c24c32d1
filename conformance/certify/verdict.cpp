#include "verdict.hpp"

#include <array>

namespace ykt::certify {

namespace {
constexpr std::array<std::string_view, 5> kNames = {"none", "pass", "inconc", "fail", "error"};
constexpr std::array<std::string_view, 5> kZh = {"无", "通过", "不确定", "失败", "错误"};
}  // namespace

std::string_view to_string(Verdict v) {
  return kNames[static_cast<int>(v)];
}

std::string_view label_zh(Verdict v) {
  return kZh[static_cast<int>(v)];
}

std::optional<Verdict> parse_verdict(std::string_view s) {
  for (std::size_t i = 0; i < kNames.size(); ++i)
    if (kNames[i] == s) return static_cast<Verdict>(i);
  return std::nullopt;
}

void VerdictKeeper::set(Verdict v, std::string_view reason) {
  if (v == Verdict::error) {
    // A case's logic may not claim `error`: treat it as a harness fault in the case itself.
    raise(Verdict::error,
          std::string("harness fault: case logic tried to set error: ") + std::string(reason));
    return;
  }
  raise(v, reason);
}

void VerdictKeeper::harness_error(std::string_view reason) {
  raise(Verdict::error, reason);
}

void VerdictKeeper::raise(Verdict v, std::string_view reason) {
  std::lock_guard<std::mutex> lock(mu_);
  if (v > v_) {
    v_ = v;
    reason_ = std::string(reason);
  }
}

Verdict VerdictKeeper::verdict() const {
  std::lock_guard<std::mutex> lock(mu_);
  return v_;
}

std::string VerdictKeeper::reason() const {
  std::lock_guard<std::mutex> lock(mu_);
  return reason_;
}

}  // namespace ykt::certify
