#pragma once
/// A full latency histogram (log-linear buckets, < 0.8 % relative bucket width) from which
/// percentiles are read; exact count, sum, min and max are kept beside it.
#include <cstdint>
#include <vector>

namespace ykt::sysc {

/// Histogram of non-negative integer values (nanoseconds in ykt).
class Histogram {
 public:
  /// Adds one value (negative values count as 0); inline: two per served message.
  void add(std::int64_t v) {
    if (v < 0) v = 0;
    const std::size_t i = index_of(static_cast<std::uint64_t>(v));
    if (i >= buckets_.size()) grow(i);
    ++buckets_[i];
    if (count_ == 0 || v < min_) min_ = v;
    if (v > max_) max_ = v;
    ++count_;
    sum_ += static_cast<double>(v);
  }
  /// Adds every value of `o`.
  void merge(const Histogram& o);
  /// Number of values.
  [[nodiscard]] std::uint64_t count() const { return count_; }
  /// Exact mean (0 when empty).
  [[nodiscard]] double mean() const { return count_ ? sum_ / static_cast<double>(count_) : 0.0; }
  /// Exact maximum (0 when empty).
  [[nodiscard]] std::int64_t max() const { return max_; }
  /// Exact minimum (0 when empty).
  [[nodiscard]] std::int64_t min() const { return count_ ? min_ : 0; }
  /// The q-quantile (0 <= q <= 1), as the midpoint of its bucket clamped to [min, max].
  [[nodiscard]] double quantile(double q) const;
  /// Share of values strictly above `limit`.
  [[nodiscard]] double share_above(std::int64_t limit) const;
  /// Forgets every value.
  void clear() { *this = Histogram{}; }

 private:
  static constexpr int kSubBits = 7;
  static constexpr std::uint64_t kSub = 1ULL << kSubBits;
  static std::size_t index_of(std::uint64_t v) {
    if (v < kSub) return static_cast<std::size_t>(v);
    const int e = 63 - __builtin_clzll(v);
    return static_cast<std::size_t>(e - kSubBits + 1) * kSub + (v >> (e - kSubBits)) - kSub;
  }
  void grow(std::size_t i);
  static std::uint64_t lower_of(std::size_t idx);
  std::vector<std::uint64_t> buckets_;
  std::uint64_t count_ = 0;
  double sum_ = 0;
  std::int64_t min_ = 0, max_ = 0;
};

}  // namespace ykt::sysc
