#include "latency_histogram.hpp"

#include <algorithm>
#include <cmath>

namespace ykt {

namespace {
constexpr std::size_t kSub = std::size_t{1} << 6;
}

LatencyHistogram::LatencyHistogram() : buckets_((64 - kSubBits + 1) * kSub, 0) {}

std::size_t LatencyHistogram::bucket_of(std::uint64_t v) {
  if (v < kSub) return static_cast<std::size_t>(v);
  const int msb = 63 - __builtin_clzll(v);  // >= kSubBits
  const int shift = msb - kSubBits;
  const std::size_t sub = static_cast<std::size_t>((v >> shift) & (kSub - 1));
  return static_cast<std::size_t>(shift + 1) * kSub + sub;
}

std::uint64_t LatencyHistogram::upper_edge(std::size_t bucket) {
  if (bucket < kSub) return bucket;
  const std::size_t shift = bucket / kSub - 1;
  const std::uint64_t sub = bucket % kSub;
  return ((kSub + sub + 1) << shift) - 1;
}

void LatencyHistogram::record(std::int64_t ns) {
  const std::uint64_t v = ns < 0 ? 0 : static_cast<std::uint64_t>(ns);
  ++buckets_[bucket_of(v)];
  ++count_;
  sum_ += static_cast<long double>(v);
  max_ = std::max<std::int64_t>(max_, static_cast<std::int64_t>(v));
}

void LatencyHistogram::merge(const LatencyHistogram& other) {
  for (std::size_t i = 0; i < buckets_.size(); ++i) buckets_[i] += other.buckets_[i];
  count_ += other.count_;
  sum_ += other.sum_;
  max_ = std::max(max_, other.max_);
}

std::int64_t LatencyHistogram::quantile(double q) const {
  if (count_ == 0) return 0;
  q = std::clamp(q, 0.0, 1.0);
  const auto rank = std::max<std::uint64_t>(1, static_cast<std::uint64_t>(std::ceil(q * count_)));
  std::uint64_t seen = 0;
  for (std::size_t i = 0; i < buckets_.size(); ++i) {
    seen += buckets_[i];
    if (seen >= rank)
      return std::min<std::int64_t>(static_cast<std::int64_t>(upper_edge(i)), max_);
  }
  return max_;
}

std::uint64_t LatencyHistogram::count_above(std::int64_t ns) const {
  const std::size_t b = bucket_of(ns < 0 ? 0 : static_cast<std::uint64_t>(ns));
  std::uint64_t n = 0;
  for (std::size_t i = b + 1; i < buckets_.size(); ++i) n += buckets_[i];
  return n;
}

Json::Value LatencyHistogram::summary_ms() const {
  Json::Value s;
  auto ms = [](std::int64_t ns) { return std::round(static_cast<double>(ns) / 1e3) / 1e3; };
  s["count"] = Json::UInt64(count_);
  s["mean_ms"] = std::round(mean() / 1e3) / 1e3;
  s["p50_ms"] = ms(quantile(0.50));
  s["p90_ms"] = ms(quantile(0.90));
  s["p99_ms"] = ms(quantile(0.99));
  s["p999_ms"] = ms(quantile(0.999));
  s["max_ms"] = ms(max_);
  return s;
}

}  // namespace ykt
