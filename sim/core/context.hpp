#pragma once
/// What an actor may do while it reacts: read the clock, send, and set timers. The same actor
/// code runs on the wall clock with ZeroMQ and on SystemC simulated time; only the Context differs.
#include <cstdint>
#include <string>
#include <string_view>

#include "envelope.hpp"
#include "sim_time.hpp"

namespace ykt {

/// Handle of a pending timer.
using TimerId = std::uint64_t;

/// Severity of a log line.
enum class LogLevel { debug, info, warn, error };

/// The runtime as seen from inside an actor.
class Context {
 public:
  virtual ~Context() = default;
  /// Current time on this runtime's clock.
  [[nodiscard]] virtual SimTime now() const = 0;
  /// Address of the actor being run.
  [[nodiscard]] virtual const std::string& self() const = 0;
  /// Sends an envelope; `from` is filled in by the runtime.
  virtual void send(Envelope e) = 0;
  /// Calls the actor's `on_timer` with `tag` after `after` has elapsed.
  virtual TimerId set_timer(Duration after, std::string tag) = 0;
  /// Cancels a timer; a no-op if it has fired already.
  virtual void cancel_timer(TimerId id) = 0;
  /// A fresh id, unique across the region for this run (STD-2.5).
  [[nodiscard]] virtual std::string new_id() = 0;
  /// Writes a log line (time, actor, text); the runtime masks personal data.
  virtual void log(LogLevel level, std::string_view text) = 0;

  /// Sends a request of `type` to `to`; returns its id (the correlation of the response).
  std::string request(const std::string& to, const std::string& type, Json::Value body) {
    Envelope e;
    e.type = type;
    e.id = new_id();
    e.to = to;
    e.body = std::move(body);
    std::string id = e.id;
    send(std::move(e));
    return id;
  }
  /// Sends the response to `req` with `body`; the type is `req.type + ".rsp"`.
  void reply(const Envelope& req, Json::Value body) {
    Envelope e;
    e.type = response_type(req.type);
    e.id = req.id;
    e.to = req.from;
    e.body = std::move(body);
    e.is_reply = true;
    send(std::move(e));
  }
};

}  // namespace ykt
