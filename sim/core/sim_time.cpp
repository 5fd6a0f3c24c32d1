#include "sim_time.hpp"

#include <cstdio>

namespace ykt {

namespace {
// Howard Hinnant's days-to-civil algorithm (public domain description), for UTC+8 calendar fields.
void civil_from_days(std::int64_t z, int& y, int& m, int& d) {
  z += 719468;
  const std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const auto doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const std::int64_t yy = static_cast<std::int64_t>(yoe) + era * 400;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  d = static_cast<int>(doy - (153 * mp + 2) / 5 + 1);
  m = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
  y = static_cast<int>(yy + (m <= 2));
}
}  // namespace

LocalDateTime to_beijing(SimTime t) {
  std::int64_t s = t.ns / 1'000'000'000 + 8 * 3600;
  if (t.ns < 0 && t.ns % 1'000'000'000 != 0) --s;
  std::int64_t days = s / 86400;
  std::int64_t rem = s % 86400;
  if (rem < 0) {
    rem += 86400;
    --days;
  }
  LocalDateTime r{};
  civil_from_days(days, r.year, r.month, r.day);
  r.hour = static_cast<int>(rem / 3600);
  r.minute = static_cast<int>(rem % 3600 / 60);
  r.second = static_cast<int>(rem % 60);
  return r;
}

std::string format_beijing(SimTime t) {
  const LocalDateTime l = to_beijing(t);
  const auto ms = static_cast<int>((t.ns / 1'000'000) % 1000 + 1000) % 1000;
  char buf[48];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d.%03d+08:00", l.year, l.month, l.day,
                l.hour, l.minute, l.second, ms);
  return buf;
}

std::string format_beijing_date(SimTime t) {
  const LocalDateTime l = to_beijing(t);
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d%02d%02d", l.year % 10000, l.month, l.day);
  return buf;
}

SimTime wall_now() {
  return SimTime{std::chrono::duration_cast<std::chrono::nanoseconds>(
                     std::chrono::system_clock::now().time_since_epoch())
                     .count()};
}

}  // namespace ykt
