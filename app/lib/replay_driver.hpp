#pragma once
/// The open-loop replayer of `ykt replay`: sends each tap of a trace at its intended time (scaled
/// by the speed), fetching a fresh QR token first where the tap needs one, and measures each answer
/// from the intended send time (no coordinated omission).
#include <map>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "actor.hpp"
#include "latency_histogram.hpp"
#include "replay_trace.hpp"

namespace ykt::app {

/// Outcome of one replayed tap.
struct ReplayOutcome {
  std::string status;           ///< OK, E...., or `timeout`; empty while in flight
  std::int64_t latency_ns = 0;  ///< from intended send time to the answer
  Json::Value answer;           ///< the `term.tap` (or refused `qr.issue`) answer body
};

/// Replays a trace; finished() once every tap is answered or timed out.
class ReplayDriver final : public Actor {
 public:
  /// `speed` > 0 divides the offsets; `timeout` bounds each tap (from its intended time).
  ReplayDriver(const TapTrace& trace, double speed, Duration timeout);
  void on_start(Context& ctx) override;
  void on_message(Context& ctx, const Envelope& msg) override;
  void on_timer(Context& ctx, TimerId id, std::string_view tag) override;
  /// True when every tap has an outcome.
  [[nodiscard]] bool finished() const { return done_ == taps_.size(); }
  /// Taps with an outcome so far.
  [[nodiscard]] std::size_t done() const { return done_; }
  /// Outcomes by tap index.
  [[nodiscard]] const std::vector<ReplayOutcome>& outcomes() const { return outcomes_; }
  /// Latency of every answered tap.
  [[nodiscard]] const LatencyHistogram& latency() const { return latency_; }
  /// Latency per service.
  [[nodiscard]] const std::map<std::string, LatencyHistogram>& latency_by_service() const {
    return by_service_;
  }
  /// Terminals the replay used (for the end-of-day flush).
  [[nodiscard]] std::vector<std::string> readers() const;
  /// Largest lag between a tap's intended and actual send time (sender overload indicator).
  [[nodiscard]] Duration max_send_lag() const { return max_lag_; }

 private:
  void send_due(Context& ctx);
  void send_tap(Context& ctx, std::size_t i, Json::Value body);
  void end(std::size_t i, const std::string& status, Json::Value answer, SimTime at);
  const std::vector<TraceTap>& taps_;
  std::vector<std::size_t> order_;  // tap indices by offset
  std::size_t next_ = 0;
  double speed_;
  Duration timeout_;
  SimTime start_{};
  std::vector<SimTime> intended_;
  std::vector<TimerId> timers_;
  std::unordered_map<std::string, std::pair<std::size_t, bool>> pending_;  // id -> tap, is qr.issue
  std::vector<ReplayOutcome> outcomes_;
  std::size_t done_ = 0;
  LatencyHistogram latency_;
  std::map<std::string, LatencyHistogram> by_service_;
  Duration max_lag_{0};
};

}  // namespace ykt::app
