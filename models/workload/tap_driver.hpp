#pragma once
/// An open-loop workload driver: sends `term.tap` requests to terminals at Poisson arrival times and
/// measures each response from its intended send time (no coordinated omission).
#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <random>
#include <string>
#include <unordered_map>

#include "actor.hpp"
#include "latency_histogram.hpp"

namespace ykt {

/// One planned tap: which terminal, what body, and the labels results are grouped by.
struct PlannedTap {
  std::string reader;   ///< terminal address, e.g. `reader.310000000001`
  Json::Value body;     ///< `term.tap` body (service, cards, amount, ...)
  std::string service;  ///< label: transit, venue, identity, ...
  std::string pair;     ///< label: acquiring province -> issuing province, e.g. `310000>320000`
};

/// Produces the next tap; called at each arrival.
using TapSource = std::function<PlannedTap(std::mt19937_64& rng)>;

/// Parameters of a driver run.
struct TapDriverConfig {
  double rate_per_s = 200;         ///< mean arrival rate (Poisson)
  Duration run_for = std::chrono::seconds(10);  ///< arrivals stop after this
  Duration timeout = std::chrono::seconds(5);   ///< a tap without answer by then is a time-out
  std::uint64_t seed = 1;          ///< arrival and choice randomness
  std::size_t max_in_flight = 5000;  ///< arrivals beyond this are counted as shed, not sent
};

/// Results grouped by service and province pair; latencies from intended send time.
struct TapResults {
  std::uint64_t sent = 0, answered = 0, timed_out = 0, shed = 0;
  std::map<std::string, std::uint64_t> by_status;                       ///< OK / E.... -> count
  std::map<std::string, std::string> first_reason;  ///< status -> service and reason of its first tap
  std::map<std::string, std::map<std::string, std::uint64_t>> by_service_status;
  std::map<std::string, std::uint64_t> by_pair;                         ///< answered per pair
  std::map<std::string, LatencyHistogram> latency_by_service;
  LatencyHistogram latency;                                             ///< every answered tap
  LatencyHistogram card_ms;                                             ///< time with the card
  std::uint64_t over_budget = 0;                                        ///< card time > 400 ms
};

/// Drives terminals; finished() once arrivals stopped and nothing is in flight.
class TapDriver final : public Actor {
 public:
  TapDriver(TapDriverConfig config, TapSource source);
  void on_start(Context& ctx) override;
  void on_message(Context& ctx, const Envelope& msg) override;
  void on_timer(Context& ctx, TimerId id, std::string_view tag) override;
  /// True when arrivals have stopped and every tap was answered or timed out.
  [[nodiscard]] bool finished() const { return stopped_ && pending_.empty(); }
  /// Results so far.
  [[nodiscard]] const TapResults& results() const { return results_; }
  /// Results as JSON (counts, statuses, per-service latency summaries).
  [[nodiscard]] Json::Value results_json() const;

 private:
  struct Pending {
    SimTime intended;
    std::string service;
    std::string pair;
    TimerId timeout;
  };
  void schedule_next(Context& ctx);
  TapDriverConfig config_;
  TapSource source_;
  std::mt19937_64 rng_;
  std::exponential_distribution<double> gap_;
  SimTime start_{}, next_arrival_{};
  bool stopped_ = false;
  std::unordered_map<std::string, Pending> pending_;
  TapResults results_;
};

}  // namespace ykt
