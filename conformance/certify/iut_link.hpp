#pragma once
/// The harness's connection to the IUT: a ZeroMQ DEALER that sends signed envelopes (or frames
/// crafted to be wrong: bad MAC, stale ts, replayed nonce, oversized, not JSON) and waits for the
/// correlated answer with a time-out. Everything sent and received goes to the recorder.
#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>
#include <zmq.hpp>

#include "envelope.hpp"
#include "ixit.hpp"
#include "recorder.hpp"

namespace ykt::certify {

/// Two wire frames exactly as sent.
struct Frames {
  std::string envelope;            ///< frame 1
  std::string auth;                ///< frame 2
  std::vector<std::string> extra;  ///< frames sent after frame 2 (malformed-input cases only)
};

/// What came back for one request.
struct Answer {
  Envelope env;           ///< the decoded answer
  bool mac_ok = false;    ///< frame 2 verified under the answering actor's key
  double latency_ms = 0;  ///< round trip
};

/// One DEALER connection to the IUT, used by one case on one thread.
class IutLink {
 public:
  /// Connects (lazily, ZeroMQ style) to `ixit.iut_endpoint`; records under `case_id`.
  IutLink(zmq::context_t& zctx, const Ixit& ixit, MessageRecorder& rec, std::string case_id);

  /// Frames for `e` (from/to/id must be set) sent at `ts_ms` with `nonce`, signed with the key
  /// of `e.from` (or `key` when given).
  [[nodiscard]] Frames build(const Envelope& e, std::int64_t ts_ms, const std::string& nonce,
                             const std::optional<Bytes>& key = std::nullopt) const;
  /// A fresh 32-hex nonce.
  [[nodiscard]] static std::string fresh_nonce();
  /// Sends frames and waits for the answer whose id is `id`; nullopt after `timeout`.
  std::optional<Answer> exchange(const Frames& f, const std::string& id,
                                 std::chrono::milliseconds timeout);
  /// Signs `e` normally (now, fresh nonce) and exchanges it.
  std::optional<Answer> request(const Envelope& e, std::chrono::milliseconds timeout);
  /// What arrived during the last exchange without being its answer (another id, or frames that
  /// do not decode), one summary each (`describe`), oldest first, at most kUnmatchedKept of them;
  /// empty when nothing did.
  [[nodiscard]] const std::vector<std::string>& unmatched() const { return unmatched_; }
  /// How many frames arrived during the last exchange without being its answer (kept or not).
  [[nodiscard]] std::uint64_t unmatched_count() const { return unmatched_count_; }
  /// Most summaries unmatched() keeps: a flooding IUT must not grow the harness without bound.
  static constexpr std::size_t kUnmatchedKept = 8;
  /// One-line summary of a received envelope: type, id, status and reason.
  [[nodiscard]] static std::string describe(const Envelope& e);

 private:
  zmq::socket_t sock_;
  const Ixit& ixit_;
  MessageRecorder& rec_;
  std::string case_id_;
  std::vector<std::string> unmatched_;
  std::uint64_t unmatched_count_ = 0;
  void note_unmatched(std::string what);
};

}  // namespace ykt::certify
