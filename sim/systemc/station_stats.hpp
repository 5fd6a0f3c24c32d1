#pragma once
/// Statistics of a queueing station (one address, or one class of addresses aggregated):
/// utilisation, time-average and maximum queue length, waiting- and service-time histograms.
#include <cstdint>
#include <string>

#include "histogram.hpp"

namespace ykt::sysc {

/// Counters and integrals of one station; integrals advance at every change of state.
struct StationStats {
  std::string name;             ///< the address, or the class pattern such as `card.*`
  std::uint32_t servers = 1;    ///< servers per address
  std::uint64_t addresses = 0;  ///< addresses sharing this record
  std::uint64_t arrivals = 0;   ///< messages that reached the station
  std::uint64_t served = 0;     ///< messages whose service completed
  std::uint64_t dropped = 0;    ///< messages lost because the station was down
  std::uint64_t ghosts = 0;     ///< ghost arrivals among them (sampled fidelity), dropped or not
  std::uint64_t queue_max = 0;  ///< largest number waiting (not in service) at once
  std::uint64_t busy = 0;       ///< servers busy now (summed over addresses)
  std::uint64_t queued = 0;     ///< messages waiting now (summed over addresses)
  double busy_integral_s = 0;   ///< server-seconds of service since the last reset
  double queue_integral_s = 0;  ///< message-seconds of waiting since the last reset
  std::int64_t last_ns = 0;     ///< time of the last change (ns since the runtime start)
  std::int64_t reset_ns = 0;    ///< time of the last statistics reset
  Histogram wait_ns;            ///< time from arrival to start of service
  Histogram service_ns;         ///< drawn service times

  /// Advances the integrals to `now_ns`.
  void advance(std::int64_t now_ns) {
    const double dt = static_cast<double>(now_ns - last_ns) * 1e-9;
    busy_integral_s += static_cast<double>(busy) * dt;
    queue_integral_s += static_cast<double>(queued) * dt;
    last_ns = now_ns;
  }
  /// Clears counters and integrals, keeping the live state (busy, queued).
  void reset(std::int64_t now_ns) {
    advance(now_ns);
    arrivals = served = dropped = ghosts = 0;
    queue_max = queued;
    busy_integral_s = queue_integral_s = 0;
    reset_ns = now_ns;
    wait_ns.clear();
    service_ns.clear();
  }
  /// Seconds observed since the last reset, up to `now_ns`.
  [[nodiscard]] double span_s(std::int64_t now_ns) const {
    return static_cast<double>(now_ns - reset_ns) * 1e-9;
  }
  /// Mean share of busy servers over the span.
  [[nodiscard]] double utilisation(std::int64_t now_ns) const {
    const double cap =
        static_cast<double>(servers) * static_cast<double>(addresses) * span_s(now_ns);
    return cap > 0 ? busy_integral_s / cap : 0.0;
  }
  /// Time-average number waiting (summed over the addresses of the record).
  [[nodiscard]] double mean_queue(std::int64_t now_ns) const {
    const double s = span_s(now_ns);
    return s > 0 ? queue_integral_s / s : 0.0;
  }
};

}  // namespace ykt::sysc
