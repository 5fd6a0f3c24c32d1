#pragma once
/// One time type for the whole harness: nanoseconds since the Unix epoch (UTC), in both the
/// wall-clock (ZeroMQ) runtime and the SystemC simulated-time runtime. Converted only at the edges.
#include <chrono>
#include <cstdint>
#include <string>

namespace ykt {

/// A span of time in nanoseconds.
using Duration = std::chrono::nanoseconds;

/// A point in time: nanoseconds since 1970-01-01T00:00:00Z.
struct SimTime {
  std::int64_t ns = 0;  ///< nanoseconds since the epoch

  friend constexpr bool operator<(SimTime a, SimTime b) { return a.ns < b.ns; }
  friend constexpr bool operator<=(SimTime a, SimTime b) { return a.ns <= b.ns; }
  friend constexpr bool operator>(SimTime a, SimTime b) { return a.ns > b.ns; }
  friend constexpr bool operator==(SimTime a, SimTime b) { return a.ns == b.ns; }
  friend constexpr bool operator!=(SimTime a, SimTime b) { return a.ns != b.ns; }
  friend constexpr SimTime operator+(SimTime t, Duration d) { return {t.ns + d.count()}; }
  friend constexpr Duration operator-(SimTime a, SimTime b) { return Duration{a.ns - b.ns}; }
};

/// Milliseconds since the epoch, the unit of the wire field `ts` (STD-3.1).
constexpr std::int64_t to_epoch_ms(SimTime t) {
  return t.ns / 1'000'000;
}

/// Local (China Standard Time, UTC+8) calendar fields of a time point, for card dates and logs.
struct LocalDateTime {
  int year, month, day, hour, minute, second;
};

/// Converts a time point to Beijing time (UTC+8, no daylight saving).
LocalDateTime to_beijing(SimTime t);

/// Formats as `2026-11-30T14:33:30.123+08:00` for logs and reports.
std::string format_beijing(SimTime t);

/// The Beijing calendar date as `YYYYMMDD` (card dates, clearing days, STD-12).
std::string format_beijing_date(SimTime t);

/// The current wall-clock time.
SimTime wall_now();

}  // namespace ykt
