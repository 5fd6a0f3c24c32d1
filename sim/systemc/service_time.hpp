#pragma once
/// Service-time distributions of a queueing station (ykt definition): constant, exponential,
/// lognormal (given mean and coefficient of variation) and uniform.
#include <json/value.h>

#include <cmath>
#include <string>

#include "result.hpp"
#include "rng_stream.hpp"
#include "sim_time.hpp"

namespace ykt::sysc {

/// Which family a ServiceTime draws from.
enum class DistKind { constant, exponential, lognormal, uniform };

/// A service-time (or delay) distribution in seconds.
class ServiceTime {
 public:
  /// A constant of `mean_s` seconds.
  static ServiceTime constant(double mean_s);
  /// Exponential with mean `mean_s`.
  static ServiceTime exponential(double mean_s);
  /// Lognormal with mean `mean_s` and coefficient of variation `cv`.
  static ServiceTime lognormal(double mean_s, double cv);
  /// Uniform on [lo_s, hi_s].
  static ServiceTime uniform(double lo_s, double hi_s);
  /// Parses `{"dist":"exponential","mean_ms":2}` (fields: dist, mean_ms, cv, min_ms, max_ms).
  static Result<ServiceTime> from_json(const Json::Value& v, const std::string& where);

  /// Draws one value in seconds (never negative); inline: one draw per served message.
  double draw_s(RngStream& rng) const {
    switch (kind_) {
      case DistKind::constant:
        return mean_;
      case DistKind::exponential:
        return rng.exponential(mean_);
      case DistKind::lognormal:
        return std::exp(a_ + b_ * rng.normal());
      case DistKind::uniform:
        return a_ + (b_ - a_) * rng.uniform();
    }
    return mean_;
  }
  /// Draws one value as a Duration, scaled by `factor` (degradation).
  Duration draw(RngStream& rng, double factor = 1.0) const {
    return Duration{static_cast<std::int64_t>(std::llround(draw_s(rng) * factor * 1e9))};
  }
  /// The mean in seconds.
  [[nodiscard]] double mean_s() const { return mean_; }
  /// The family.
  [[nodiscard]] DistKind kind() const { return kind_; }
  /// Description for reports, e.g. `lognormal(mean 2 ms, cv 0.5)`.
  [[nodiscard]] std::string describe() const;

 private:
  DistKind kind_ = DistKind::constant;
  double mean_ = 0, a_ = 0, b_ = 0;  // lognormal: a=mu b=sigma; uniform: a=lo b=hi
};

}  // namespace ykt::sysc
