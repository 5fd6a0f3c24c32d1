#pragma once
/// A blocking client of one endpoint for tests, the certification harness and drivers: sends
/// authenticated envelopes over a DEALER and waits for replies with a time-out, one at a time or
/// many in flight (replies matched by id). Never hangs: every wait is bounded.
#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "envelope.hpp"
#include "hex.hpp"
#include "key_registry.hpp"
#include "result.hpp"

namespace ykt::wire {

/// How a client signs and checks.
struct ClientOptions {
  /// Options for a client signing as `sender` with its derived key.
  explicit ClientOptions(std::string sender = {}) : kid(std::move(sender)) {}
  std::string kid;           ///< sender address and key id, e.g. `harness.cert`
  std::optional<Bytes> key;  ///< the key of `kid`; derived from the address when absent
  KeyRegistry reply_keys = KeyRegistry::accept_all();  ///< keys to check replies with
  bool verify_replies = true;  ///< reject replies whose MAC does not verify (E1101)
  int hwm = 100'000;           ///< socket high-water marks
};

/// Outcome of a pipelined run.
struct PipelineReport {
  std::vector<std::optional<Envelope>> replies;  ///< per request, in request order
  std::vector<std::int64_t> latency_ns;          ///< per answered request, in answer order
  std::size_t answered = 0;                      ///< replies received
  std::size_t lost = 0;                          ///< requests with no reply by the deadline
  std::size_t rejected_replies = 0;              ///< replies dropped (bad MAC, undecodable)
  std::int64_t wall_ns = 0;                      ///< first send to last reply or deadline
};

/// A DEALER connected to one endpoint.
class WireClient {
 public:
  /// Connects (ZeroMQ connects lazily, so this fails only for a bad endpoint).
  [[nodiscard]] static Result<std::unique_ptr<WireClient>> connect(const std::string& endpoint,
                                                                   ClientOptions options);
  ~WireClient();
  WireClient(const WireClient&) = delete;
  WireClient& operator=(const WireClient&) = delete;

  /// Sends `req` (from = kid, id filled in when empty) and waits for the reply with its id;
  /// E3002 when none arrives within `timeout`. An `error` reply is returned as an Envelope.
  [[nodiscard]] Result<Envelope> call(Envelope req, std::chrono::milliseconds timeout);
  /// Sends `req` without waiting; returns its id.
  [[nodiscard]] Result<std::string> send(Envelope req);
  /// Sends raw frames as they are (for malformed-input tests).
  [[nodiscard]] Status send_frames(const std::vector<std::string>& frames);
  /// The next reply, whatever its id; E3002 after `timeout`.
  [[nodiscard]] Result<Envelope> receive(std::chrono::milliseconds timeout);
  /// Sends every request keeping at most `in_flight` outstanding; gives up on the rest after
  /// `deadline` in total.
  [[nodiscard]] PipelineReport pipeline(std::vector<Envelope> requests, std::size_t in_flight,
                                        std::chrono::milliseconds deadline);
  /// Frames 1 and 2 for `req` as this client would send them (for tampering tests).
  [[nodiscard]] std::pair<std::string, std::string> seal(Envelope& req);
  /// A fresh message id.
  [[nodiscard]] std::string new_id();
  /// The endpoint connected to.
  [[nodiscard]] const std::string& endpoint() const;

 private:
  struct Impl;
  explicit WireClient(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace ykt::wire
