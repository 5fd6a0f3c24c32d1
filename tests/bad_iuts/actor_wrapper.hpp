#pragma once
/// A known-bad IUT is a reference actor with one behaviour altered: this wrapper passes every
/// message and timer to the inner actor, and lets a defect rewrite (or drop) what goes in and out.
#include <functional>
#include <memory>

#include "actor.hpp"
#include "common/purse_apdu.hpp"
#include "hex.hpp"

namespace ykt::testing {

/// Wraps `inner`; `in` may rewrite an incoming envelope (false drops it), `out` an outgoing one.
class ActorWrapper final : public Actor {
 public:
  using Hook = std::function<bool(Envelope&)>;
  /// Sends an extra envelope (a defect that duplicates).
  using Emit = std::function<void(Envelope)>;
  /// An outgoing hook that may also emit extra envelopes.
  using OutHook = std::function<bool(Envelope&, const Emit&)>;
  ActorWrapper(std::shared_ptr<Actor> inner, Hook in, Hook out)
      : inner_(std::move(inner)), in_(std::move(in)) {
    if (out) out_ = [out](Envelope& e, const Emit&) { return out(e); };
  }
  ActorWrapper(std::shared_ptr<Actor> inner, Hook in, OutHook out)
      : inner_(std::move(inner)), in_(std::move(in)), out_(std::move(out)) {}
  void on_start(Context& ctx) override {
    Relay r(ctx, *this);
    inner_->on_start(r);
  }
  void on_message(Context& ctx, const Envelope& msg) override {
    Envelope m = msg;
    if (in_ && !in_(m)) return;
    Relay r(ctx, *this);
    inner_->on_message(r, m);
  }
  void on_timer(Context& ctx, TimerId id, std::string_view tag) override {
    Relay r(ctx, *this);
    inner_->on_timer(r, id, tag);
  }

 private:
  class Relay final : public Context {
   public:
    Relay(Context& outer, ActorWrapper& w) : outer_(outer), w_(w) {}
    SimTime now() const override { return outer_.now(); }
    const std::string& self() const override { return outer_.self(); }
    void send(Envelope e) override {
      if (w_.out_ && !w_.out_(e, [this](Envelope x) { outer_.send(std::move(x)); })) return;
      outer_.send(std::move(e));
    }
    TimerId set_timer(Duration a, std::string t) override {
      return outer_.set_timer(a, std::move(t));
    }
    void cancel_timer(TimerId id) override { outer_.cancel_timer(id); }
    std::string new_id() override { return outer_.new_id(); }
    void log(LogLevel l, std::string_view t) override { outer_.log(l, t); }

   private:
    Context& outer_;
    ActorWrapper& w_;
  };
  std::shared_ptr<Actor> inner_;
  Hook in_;
  OutHook out_;
};

/// For a card's outgoing `card.apdu.rsp` answering 9000: lets `edit` change the response data and
/// puts it back with 9000; any other envelope or status word is left alone.
inline void rewrite_ok_answer(Envelope& e, const std::function<void(Bytes&)>& edit) {
  if (!e.body["rapdu"].isString()) return;
  auto r = from_hex(e.body["rapdu"].asString());
  auto split = r ? apdu::split_response(*r) : std::nullopt;
  if (!split || split->second != 0x9000) return;
  Bytes data = split->first;
  edit(data);
  data.push_back(0x90);
  data.push_back(0x00);
  e.body["rapdu"] = to_hex_upper(data);
}

}  // namespace ykt::testing
