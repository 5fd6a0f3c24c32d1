#include "histogram.hpp"

#include <algorithm>

namespace ykt::sysc {

std::uint64_t Histogram::lower_of(std::size_t idx) {
  if (idx < kSub) return idx;
  const std::size_t e = idx / kSub + kSubBits - 1;
  const std::uint64_t mant = idx % kSub + kSub;
  return mant << (e - kSubBits);
}

void Histogram::grow(std::size_t i) {
  buckets_.resize(i + 1, 0);
}

void Histogram::merge(const Histogram& o) {
  if (o.count_ == 0) return;
  if (o.buckets_.size() > buckets_.size()) buckets_.resize(o.buckets_.size(), 0);
  for (std::size_t i = 0; i < o.buckets_.size(); ++i) buckets_[i] += o.buckets_[i];
  if (count_ == 0 || o.min_ < min_) min_ = o.min_;
  max_ = std::max(max_, o.max_);
  count_ += o.count_;
  sum_ += o.sum_;
}

double Histogram::quantile(double q) const {
  if (count_ == 0) return 0;
  q = std::clamp(q, 0.0, 1.0);
  const auto rank = static_cast<std::uint64_t>(q * static_cast<double>(count_ - 1)) + 1;
  std::uint64_t seen = 0;
  for (std::size_t i = 0; i < buckets_.size(); ++i) {
    seen += buckets_[i];
    if (seen >= rank) {
      const double lo = static_cast<double>(lower_of(i));
      const double hi = static_cast<double>(lower_of(i + 1));
      const double mid = (lo + hi - 1) / 2;
      return std::clamp(mid, static_cast<double>(min_), static_cast<double>(max_));
    }
  }
  return static_cast<double>(max_);
}

double Histogram::share_above(std::int64_t limit) const {
  if (count_ == 0) return 0;
  if (limit < 0) return 1.0;
  // Buckets wholly above the limit count fully; the bucket holding the limit counts by its share.
  const std::size_t li = index_of(static_cast<std::uint64_t>(limit));
  std::uint64_t above = 0;
  for (std::size_t i = li + 1; i < buckets_.size(); ++i) above += buckets_[i];
  double partial = 0;
  if (li < buckets_.size() && buckets_[li] > 0) {
    const double lo = static_cast<double>(lower_of(li));
    const double width = static_cast<double>(lower_of(li + 1)) - lo;
    const double frac = width > 0 ? (lo + width - 1 - static_cast<double>(limit)) / width : 0.0;
    partial = static_cast<double>(buckets_[li]) * std::clamp(frac, 0.0, 1.0);
  }
  return (static_cast<double>(above) + partial) / static_cast<double>(count_);
}

}  // namespace ykt::sysc
