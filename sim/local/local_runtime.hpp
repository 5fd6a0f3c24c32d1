#pragma once
/// A deterministic single-threaded runtime with its own event heap: actors exchange envelopes in
/// memory with a fixed per-hop delay. Used by model tests and by examples; the SystemC and ZeroMQ
/// runtimes provide the same Context to the same actors.
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <queue>
#include <string>
#include <vector>

#include "actor.hpp"

namespace ykt {

/// Runs actors in memory on a simulated clock.
class LocalRuntime {
 public:
  /// Starts the clock at `start`; every send takes `hop_delay` to arrive.
  explicit LocalRuntime(SimTime start = SimTime{1'780'000'000LL * 1'000'000'000},
                        Duration hop_delay = std::chrono::microseconds(100));
  ~LocalRuntime();
  LocalRuntime(const LocalRuntime&) = delete;
  LocalRuntime& operator=(const LocalRuntime&) = delete;

  /// Adds an actor under `address`; it is started at the current time.
  void add(const std::string& address, std::shared_ptr<Actor> actor);
  /// Injects an envelope from outside (e.g. a test) as if sent now by `e.from`.
  void inject(Envelope e);
  /// Runs until no event is left or `limit` is reached; returns the number of events run.
  std::uint64_t run(SimTime limit = SimTime{INT64_MAX});
  /// Runs for `d` of simulated time.
  std::uint64_t run_for(Duration d) { return run(now_ + d); }
  /// Current simulated time.
  [[nodiscard]] SimTime now() const { return now_; }
  /// Every envelope delivered so far, in order (a golden trace for tests).
  [[nodiscard]] const std::vector<Envelope>& trace() const { return trace_; }
  /// Keeps (or stops keeping) the trace; on by default.
  void keep_trace(bool on) { keep_trace_ = on; }
  /// Envelopes sent to addresses no actor holds (delivered nowhere).
  [[nodiscard]] const std::vector<Envelope>& undeliverable() const { return undeliverable_; }
  /// Log lines written by actors: "time actor text" (masked).
  [[nodiscard]] const std::vector<std::string>& logs() const { return logs_; }

 private:
  class ActorContext;
  struct Event {
    SimTime at;
    std::uint64_t seq;
    std::function<void()> fire;
    bool operator>(const Event& o) const { return at.ns != o.at.ns ? at > o.at : seq > o.seq; }
  };
  void schedule(SimTime at, std::function<void()> fire);
  void deliver(Envelope e);

  SimTime now_;
  Duration hop_delay_;
  std::uint64_t seq_ = 0;
  std::uint64_t next_id_ = 0;
  std::uint64_t next_timer_ = 0;
  std::priority_queue<Event, std::vector<Event>, std::greater<>> events_;
  std::map<std::string, std::unique_ptr<ActorContext>> actors_;
  std::map<TimerId, bool> live_timers_;
  std::vector<Envelope> trace_;
  std::vector<Envelope> undeliverable_;
  std::vector<std::string> logs_;
  bool keep_trace_ = true;
};

}  // namespace ykt
