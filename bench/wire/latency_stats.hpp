#pragma once
/// Benchmark statistics: every sample kept (a full histogram), percentiles read from it exactly.
#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <string>
#include <vector>

namespace ykt::bench {

/// All samples of one measured quantity, in nanoseconds.
class LatencyStats {
 public:
  /// Adds one sample.
  void add(std::int64_t ns) { samples_.push_back(ns); }
  /// Number of samples.
  [[nodiscard]] std::size_t count() const { return samples_.size(); }
  /// The q-quantile (0..1) in microseconds, nearest rank over the sorted samples.
  [[nodiscard]] double percentile_us(double q) {
    if (samples_.empty()) return 0;
    sort();
    const auto rank = static_cast<std::size_t>(q * static_cast<double>(samples_.size() - 1) + 0.5);
    return static_cast<double>(samples_[std::min(rank, samples_.size() - 1)]) / 1000.0;
  }
  /// One line: n, p50, p90, p99, p99.9, max.
  [[nodiscard]] std::string summary() {
    char buf[200];
    std::snprintf(buf, sizeof buf, "n=%zu p50=%.1fus p90=%.1fus p99=%.1fus p99.9=%.1fus max=%.1fus",
                  count(), percentile_us(0.5), percentile_us(0.9), percentile_us(0.99),
                  percentile_us(0.999), percentile_us(1.0));
    return buf;
  }

 private:
  void sort() {
    if (!sorted_) std::sort(samples_.begin(), samples_.end());
    sorted_ = true;
  }
  std::vector<std::int64_t> samples_;
  bool sorted_ = false;
};

/// Nanoseconds on the steady clock.
inline std::int64_t now_ns() {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(
             std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

/// Median of a small vector of doubles.
inline double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v.empty() ? 0 : v[v.size() / 2];
}

}  // namespace ykt::bench
