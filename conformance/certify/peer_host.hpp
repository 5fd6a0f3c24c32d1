#pragma once
/// The peers the harness plays around the IUT (the exchange and other backends for a backend IUT,
/// the four backends for an exchange IUT, cards and the acquiring backend for a reader IUT): one
/// ROUTER bound at the IXIT's peer endpoint, answering with per-address handlers on its own
/// thread, checking the IUT's MACs and recording what crossed.
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>
#include <zmq.hpp>

#include "ixit.hpp"
#include "recorder.hpp"

namespace ykt::certify {

/// One request the IUT sent to a harness peer.
struct PeerRequest {
  Envelope env;         ///< as decoded
  bool mac_ok = false;  ///< frame 2 verified under the IUT's key (kid = from)
  std::string raw;      ///< frame 1 as received (to scan for personal data)
};

/// A peer's behaviour: the answer body for a request, or nullopt to stay silent.
using PeerHandler = std::function<std::optional<Json::Value>(const PeerRequest&)>;

/// Hosts the harness's peer actors on one endpoint.
class PeerHost {
 public:
  PeerHost(zmq::context_t& zctx, const Ixit& ixit, MessageRecorder& rec);
  ~PeerHost();
  PeerHost(const PeerHost&) = delete;
  PeerHost& operator=(const PeerHost&) = delete;

  /// Binds `endpoint` and starts serving; returns the bound endpoint (port resolved).
  Result<std::string> start(const std::string& endpoint);
  /// Answers requests to addresses starting with `prefix` ("" = any) with `h` for the whole run;
  /// the longest matching prefix wins.
  void handle(const std::string& prefix, PeerHandler h);
  /// Like handle, but only until the next reset (one case's special behaviour); overrides win.
  void override_handler(const std::string& prefix, PeerHandler h);
  /// Clears the overrides and the recorded requests (between cases).
  void reset();
  /// The case that requests are recorded under.
  void set_case(const std::string& case_id);
  /// Requests received since the last reset.
  [[nodiscard]] std::vector<PeerRequest> received() const;
  /// Waits until a request satisfying `pred` has arrived; nullopt after `timeout`.
  std::optional<PeerRequest> wait_for(const std::function<bool(const PeerRequest&)>& pred,
                                      std::chrono::milliseconds timeout);
  /// Stops serving and closes the socket.
  void stop();

 private:
  void serve();

  zmq::context_t& zctx_;
  const Ixit& ixit_;
  MessageRecorder& rec_;
  std::unique_ptr<zmq::socket_t> sock_;
  std::thread thread_;
  std::atomic<bool> running_{false};
  mutable std::mutex mu_;
  std::condition_variable cv_;
  std::map<std::string, PeerHandler> handlers_;
  std::map<std::string, PeerHandler> overrides_;
  std::vector<PeerRequest> received_;
  std::string case_id_;
};

}  // namespace ykt::certify
