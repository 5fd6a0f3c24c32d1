#include "card_actor.hpp"

#include <algorithm>
#include <stdexcept>

#include "error_code.hpp"
#include "json_util.hpp"

using ykt::json::operator""_k;

namespace ykt::card {

namespace {
Json::Value status_body(ErrorCode code, const std::string& reason = {}) {
  Json::Value b(Json::objectValue);
  b["status"_k] = std::string(to_string(code));
  if (!reason.empty()) b["reason"_k] = reason;
  return b;
}
constexpr char kParkedVersion = 1;
}  // namespace

CardActor::CardActor(CardProfile profile, CardTiming timing)
    : engine_(std::move(profile)), timing_(timing) {}

// Parked state: a version byte, varint APDU and unanswered counters, then the engine's delta.
CardActor::CardActor(CardProfile profile, CardTiming timing, std::string_view parked)
    : engine_(std::move(profile)), timing_(timing) {
  std::string_view in = parked;
  if (in.empty() || in.front() != kParkedVersion)
    throw std::invalid_argument("corrupt parked card state: unknown version");
  in.remove_prefix(1);
  const std::uint64_t apdus = parked::take_varint(in, "corrupt parked card state");
  const std::uint64_t unanswered = parked::take_varint(in, "corrupt parked card state");
  engine_.apply_delta(in);
  if (!in.empty()) throw std::invalid_argument("corrupt parked card state: trailing bytes");
  apdus_ = apdus;
  unanswered_ = unanswered;
}

std::optional<std::string> CardActor::park() {
  if (!delayed_.empty() || !engine_.quiescent()) return std::nullopt;
  std::string out(1, kParkedVersion);
  parked::put_varint(out, apdus_);
  parked::put_varint(out, unanswered_);
  engine_.save_delta(out);
  return out;
}

void CardActor::answer(Context& ctx, const Envelope& req, Json::Value body, Duration delay) {
  if (delay.count() <= 0) {
    ctx.reply(req, std::move(body));
    return;
  }
  Envelope e;
  e.type = response_type(req.type);
  e.id = req.id;
  e.to = req.from;
  e.body = std::move(body);
  e.is_reply = true;
  const TimerId id = ctx.set_timer(delay, "reply");
  delayed_.emplace_back(id, std::move(e));
}

void CardActor::on_timer(Context& ctx, TimerId id, std::string_view tag) {
  auto it =
      std::find_if(delayed_.begin(), delayed_.end(), [id](const auto& d) { return d.first == id; });
  if (tag != "reply" || it == delayed_.end()) return;
  Envelope e = std::move(it->second);
  delayed_.erase(it);  // keeps the order of the others: replies leave as their timers fire
  ctx.send(std::move(e));
}

void CardActor::on_message(Context& ctx, const Envelope& msg) {
  if (msg.is_reply) return;
  if (msg.type == "card.apdu") return handle_apdu(ctx, msg);
  if (msg.type == "test.tear") return handle_tear(ctx, msg);
  if (msg.type == "test.power") return handle_power(ctx, msg);
  if (msg.type == "sys.ping") {
    Json::Value b = status_body(ErrorCode::ok);
    b["actor"_k] = ctx.self();
    b["role"_k] = "card";
    return ctx.reply(msg, b);
  }
  if (msg.type == "sys.stats") {
    Json::Value b = status_body(ErrorCode::ok);
    b["apdus"_k] = Json::UInt64(apdus_);
    b["unanswered"_k] = Json::UInt64(unanswered_);
    b["writes"_k] = Json::UInt64(engine_.store().write_count());
    b["powered"_k] = engine_.powered();
    return ctx.reply(msg, b);
  }
  ctx.reply(msg, status_body(ErrorCode::unknown_type, "card does not handle " + msg.type));
}

void CardActor::handle_apdu(Context& ctx, const Envelope& msg) {
  if (!engine_.powered()) {  // no power: nothing at all comes back
    ++unanswered_;
    return;
  }
  const Json::Value& c = msg.body["capdu"];
  if (!c.isString())
    return ctx.reply(msg, status_body(ErrorCode::schema_violation, "capdu missing"));
  auto capdu = from_hex(c.asString());
  if (!capdu) return ctx.reply(msg, status_body(ErrorCode::schema_violation, "capdu is not hex"));
  ++apdus_;
  const bool writes = capdu->size() >= 2 && (((*capdu)[1] == 0x54) || ((*capdu)[1] == 0x52));
  auto r = engine_.process(*capdu);
  if (!r) {  // no power, or lost it during the command: the reader sees nothing
    ++unanswered_;
    ctx.log(LogLevel::info, "power cut: no answer to " + c.asString().substr(0, 8));
    return;
  }
  Json::Value b = status_body(ErrorCode::ok);
  b["rapdu"_k] = to_hex_upper(*r);
  answer(ctx, msg, std::move(b), writes ? timing_.write_command : timing_.command);
}

void CardActor::handle_tear(Context& ctx, const Envelope& msg) {
  const Json::Value& n = msg.body["after_writes"];
  if (!n.isUInt() || n.asUInt() == 0)
    return ctx.reply(
        msg, status_body(ErrorCode::schema_violation, "after_writes must be a positive integer"));
  engine_.arm_tear(n.asUInt());
  ctx.reply(msg, status_body(ErrorCode::ok));
}

void CardActor::handle_power(Context& ctx, const Envelope& msg) {
  const Json::Value& on = msg.body["on"];
  if (!on.isBool())
    return ctx.reply(msg, status_body(ErrorCode::schema_violation, "on must be a bool"));
  Json::Value b = status_body(ErrorCode::ok);
  // A power cycle ends the test step: a cut armed by test.tear and not yet reached is dropped, so
  // it never lands in a later, unrelated command (STD-4.9).
  engine_.arm_tear(0);
  if (on.asBool()) {
    b["recovered"_k] = engine_.power_up();
  } else {
    engine_.power_off();
  }
  ctx.reply(msg, b);
}

}  // namespace ykt::card
