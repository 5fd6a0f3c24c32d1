#pragma once
/// A reference model (models/) played by the harness inside a PeerHost handler: the actor runs
/// synchronously on a small Context whose timers fire at once (modelled delays are skipped; the
/// wire adds the real ones) and whose reply to the request is returned as the answer body.
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "actor.hpp"

namespace ykt::certify {

/// One actor, driven message by message.
class HostedActor {
 public:
  /// Hosts `actor` at `address` and starts it.
  HostedActor(std::string address, std::shared_ptr<Actor> actor);
  ~HostedActor();
  /// Delivers `req`; the body of the actor's reply to it, or nullopt when it stays silent.
  std::optional<Json::Value> handle(const Envelope& req);
  /// The actor (to inspect its state).
  [[nodiscard]] const std::shared_ptr<Actor>& actor() const { return actor_; }
  /// Envelopes the actor sent to anyone else than the requester (kept for inspection).
  [[nodiscard]] std::vector<Envelope> sent_elsewhere() const;

 private:
  class SyncContext;
  std::string address_;
  std::shared_ptr<Actor> actor_;
  std::unique_ptr<SyncContext> ctx_;
  mutable std::mutex mu_;
};

}  // namespace ykt::certify
