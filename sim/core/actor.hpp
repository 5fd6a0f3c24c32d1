#pragma once
/// An actor reacts to messages and timers through its Context and never blocks.
#include <optional>
#include <string>
#include <string_view>

#include "context.hpp"

namespace ykt {

/// Base of every model: card, reader, backend, exchange, workload drivers.
class Actor {
 public:
  virtual ~Actor() = default;
  /// Called once when the runtime starts the actor.
  virtual void on_start(Context& /*ctx*/) {}
  /// Called for every envelope addressed to this actor.
  virtual void on_message(Context& ctx, const Envelope& msg) = 0;
  /// Called when a timer set by this actor fires.
  virtual void on_timer(Context& /*ctx*/, TimerId /*id*/, std::string_view /*tag*/) {}
  /// Idle actor's state to rebuild it from (the runtime then destroys it); nullopt: not now.
  virtual std::optional<std::string> park() { return std::nullopt; }
};

}  // namespace ykt
