#pragma once
/// A full latency histogram with bounded relative error (log-linear buckets, like HdrHistogram):
/// percentiles come from every recorded value, never from a sample.
#include <json/value.h>

#include <cstdint>
#include <vector>

namespace ykt {

/// Records durations in nanoseconds; 1/64 relative bucket width (< 1.6 % error) from 1 ns to ~292 y.
class LatencyHistogram {
 public:
  LatencyHistogram();
  /// Records one value (negative values are recorded as 0).
  void record(std::int64_t ns);
  /// Adds every value of `other`.
  void merge(const LatencyHistogram& other);
  /// Number of recorded values.
  [[nodiscard]] std::uint64_t count() const { return count_; }
  /// Value at quantile `q` in [0, 1] (upper edge of the bucket holding it); 0 when empty.
  [[nodiscard]] std::int64_t quantile(double q) const;
  /// Arithmetic mean of the recorded values (exact).
  [[nodiscard]] double mean() const { return count_ ? static_cast<double>(sum_ / count_) : 0.0; }
  /// Largest recorded value (exact).
  [[nodiscard]] std::int64_t max() const { return max_; }
  /// Number of values strictly above `ns` (bucket resolution).
  [[nodiscard]] std::uint64_t count_above(std::int64_t ns) const;
  /// `{count, mean_ms, p50_ms, p90_ms, p99_ms, p999_ms, max_ms}`.
  [[nodiscard]] Json::Value summary_ms() const;

 private:
  static constexpr int kSubBits = 6;
  [[nodiscard]] static std::size_t bucket_of(std::uint64_t v);
  [[nodiscard]] static std::uint64_t upper_edge(std::size_t bucket);
  std::vector<std::uint64_t> buckets_;
  std::uint64_t count_ = 0;
  long double sum_ = 0;  // exact up to 2^64 ns per value; mean is reported rounded
  std::int64_t max_ = 0;
};

}  // namespace ykt
