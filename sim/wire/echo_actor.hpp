#pragma once
/// A diagnostic actor (role `echo`, a ykt definition): answers every request with its own body.
/// Used by the wire tests, benches and `ykt up` smoke checks; carries no business logic.
#include "actor.hpp"

namespace ykt::wire {

/// Replies to each request with a copy of its body; ignores replies.
class EchoActor final : public Actor {
 public:
  /// Answers `msg` (a request) with its body.
  void on_message(Context& ctx, const Envelope& msg) override {
    if (!msg.is_reply) ctx.reply(msg, msg.body);
  }
};

}  // namespace ykt::wire
