#pragma once
/// What a test case sees while it runs: the IXIT and ICS, a link to the IUT, the harness's peers,
/// the verdict, and a log. Every call waits at most the IXIT's reply time-out; silence from a
/// live IUT is the case's `fail`, silence from a dead IUT is the harness's `error`.
#include <atomic>
#include <memory>
#include <optional>
#include <random>
#include <string>
#include <vector>

#include "ics.hpp"
#include "iut_link.hpp"
#include "ixit.hpp"
#include "peer_host.hpp"
#include "recorder.hpp"
#include "verdict.hpp"

namespace ykt::certify {

/// Round-trip time of one request, for the latency plots.
struct LatencySample {
  std::string type;  ///< request type
  double ms = 0;     ///< round trip in milliseconds
};

/// A new id salt: the wall clock and a process-wide counter, mixed (never the same twice in one
/// process, and different between runs).
std::uint64_t fresh_id_salt();

/// State shared by the harness and the suite set-up: peers, recorder, IXIT, ICS, seed.
class SuiteEnv {
 public:
  SuiteEnv(zmq::context_t& zctx, const Ixit& ixit, const Ics& ics, MessageRecorder& rec,
           std::uint64_t seed)
      : zctx(zctx),
        ixit(ixit),
        ics(ics),
        rec(rec),
        seed(seed),
        id_salt(fresh_id_salt()),
        peers(zctx, ixit, rec) {}
  zmq::context_t& zctx;  ///< the one ZeroMQ context of the run
  const Ixit& ixit;      ///< values to run with
  const Ics& ics;        ///< what the IUT claims
  MessageRecorder& rec;  ///< message and log recorder
  std::uint64_t seed;    ///< run seed (test data choices)
  /// Per-run salt mixed into the ids a stateful IUT remembers (txn_ids, message ids) and into
  /// nothing else, so a second run with the same seed against a running IUT sends new ids while
  /// every other choice of the run stays the same (STD-2.5). Drawn from the wall clock.
  std::uint64_t id_salt;
  PeerHost peers;                         ///< the peers the harness plays
  Json::Value shared{Json::objectValue};  ///< suite-wide facts learnt in set-up
};

/// The running case.
class CaseContext {
 public:
  CaseContext(SuiteEnv& env, std::string case_id, std::uint64_t seed);

  /// The IXIT, ICS and suite environment.
  [[nodiscard]] const Ixit& ixit() const { return env_.ixit; }
  [[nodiscard]] const Ics& ics() const { return env_.ics; }
  [[nodiscard]] SuiteEnv& env() { return env_; }
  /// The harness's peers (already reset for this case).
  PeerHost& peers() { return env_.peers; }
  /// The case id.
  [[nodiscard]] const std::string& id() const { return id_; }
  /// Deterministic random numbers for this case (seeded from the run seed and the case id).
  std::mt19937_64& rng() { return rng_; }

  /// A request envelope of `type` to the IUT from `from` (default: the harness's usual sender
  /// for the IUT's role) with a fresh id.
  [[nodiscard]] Envelope make(const std::string& type, Json::Value body,
                              const std::string& from = {});
  /// Sends `e` signed normally and returns the answer; on silence probes the IUT (see above).
  std::optional<Answer> call(const Envelope& e);
  /// make + call.
  std::optional<Answer> call(const std::string& type, Json::Value body,
                             const std::string& from = {});
  /// Sends crafted frames; `expect_id` is the id the answer will carry.
  std::optional<Answer> call_frames(const Frames& f, const std::string& expect_id,
                                    const std::string& what);
  /// The link (to build crafted frames).
  IutLink& link() { return *link_; }
  /// A fresh transaction id `<terminal_id>-<12 hex>` (STD-2.5): the case's random numbers mixed
  /// with the run's id salt, so ids differ between runs of the same seed.
  std::string new_txn_id(const std::string& terminal_id);
  /// What the last call (call or call_frames) received, for failure reasons: `answered <type> id
  /// "<id>" status <status> (<reason>)`, `no answer within <n> ms`, or, when something else
  /// arrived, `no answer with id "<id>" within <n> ms; received instead: <type> id ... status ...`.
  [[nodiscard]] const std::string& last_received() const { return last_received_; }

  /// Sets pass when `cond` holds, else fail with `what`; returns `cond`.
  bool check(bool cond, const std::string& what);
  /// Checks the answer exists and has `status`; `what` names the step.
  bool expect_status(const std::optional<Answer>& a, const std::string& status,
                     const std::string& what);
  /// Checks the answer is a non-OK status (any E....), naming the step.
  bool expect_rejected(const std::optional<Answer>& a, const std::string& what);
  /// Verdicts from the case's logic.
  void pass() { verdict_.set(Verdict::pass); }
  void fail(const std::string& reason);
  void inconc(const std::string& reason);
  /// A log line under this case.
  void log(const std::string& text);

  /// Verdict, latencies and the abort flag (read by the runner).
  VerdictKeeper& verdict() { return verdict_; }
  [[nodiscard]] std::vector<LatencySample> latencies() const;
  /// Set by the watchdog: further calls return nothing at once.
  std::atomic<bool> aborted{false};

 private:
  friend class Runner;
  /// Harness only: error (time-out, dead IUT, harness fault); not reachable from case logic.
  void harness_error(const std::string& reason);
  bool iut_alive();
  SuiteEnv& env_;
  std::string id_;
  std::mt19937_64 rng_;
  std::unique_ptr<IutLink> link_;
  VerdictKeeper verdict_;
  mutable std::mutex mu_;
  std::vector<LatencySample> lat_;
  std::uint64_t counter_ = 0;
  std::string last_received_ = "nothing sent yet";
  std::string last_miss_ = "no answer";
  void note(const std::optional<Answer>& a, const std::string& id);
};

}  // namespace ykt::certify
