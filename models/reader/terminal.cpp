#include "terminal.hpp"

#include <algorithm>
#include <cstdio>
#include <iterator>

#include "common/bcd.hpp"
#include "common/purse_apdu.hpp"
#include "error_code.hpp"
#include "json_util.hpp"

using ykt::json::operator""_k;

namespace ykt::reader {

namespace {
constexpr const char* kUploadTag = "upload";
constexpr const char* kTimeoutPrefix = "to:";

double to_ms(Duration d) {
  return static_cast<double>(d.count()) / 1e6;
}
}  // namespace

Terminal::Terminal(TerminalConfig cfg) : cfg_(std::move(cfg)) {
  if (cfg_.acquirer.empty() && codec::valid_terminal_id(cfg_.terminal_id))
    cfg_.acquirer = codec::acquirer_address(cfg_.terminal_id);
  terminal_bcd_ = codec::terminal_id_bytes(cfg_.terminal_id).value_or(Bytes(6, 0));
}

void Terminal::on_start(Context& ctx) {
  if (!rebuilt_) started_ = ctx.now();
  if (offline_.total() > 0) arm_upload(ctx);
}

// The upload timer ticks on the grid start + k * period (the same instants as a timer re-armed
// forever), but only while records are held: an idle terminal has no event in the queue and can
// be parked.
void Terminal::arm_upload(Context& ctx) {
  if (upload_armed_) return;
  const auto period = cfg_.upload_period.count();
  if (period <= 0) return;
  const auto since = (ctx.now() - started_).count();
  const auto next = (since / period + 1) * period;
  ctx.set_timer(Duration{next - since}, kUploadTag);
  upload_armed_ = true;
}

std::string Terminal::new_txn_id(Context& ctx) {
  const std::string seed =
      cfg_.terminal_id + "|" + std::to_string(ctx.now().ns) + "|" + std::to_string(++txn_counter_);
  const std::string h = to_hex(crypto::sm3(std::string_view(seed)));
  return cfg_.terminal_id + "-" + h.substr(0, 12);
}

void Terminal::on_message(Context& ctx, const Envelope& msg) {
  if (!upload_armed_ && offline_.total() > 0) arm_upload(ctx);  // e.g. records restored
  if (msg.is_reply) {
    auto taken = take_outstanding(msg.id);
    if (!taken) return;  // late answer to a request already given up
    Outstanding o = std::move(*taken);
    ctx.cancel_timer(o.timer);
    if (!o.card) {
      o.on_backend(ctx, &msg.body);
      return;
    }
    if (o.tap) o.tap->card_time += ctx.now() - o.sent;
    CardAnswer a;
    const Json::Value& status = msg.body["status"];
    const Json::Value& rapdu = msg.body["rapdu"];
    const char* hex_begin = nullptr;
    const char* hex_end = nullptr;
    if (status.isString() && status.asString() == "OK" && rapdu.getString(&hex_begin, &hex_end)) {
      auto r = from_hex(std::string_view(hex_begin, static_cast<std::size_t>(hex_end - hex_begin)));
      if (r && r->size() >= 2) {
        a.answered = true;
        a.sw = static_cast<std::uint16_t>(((*r)[r->size() - 2] << 8) | r->back());
        a.data.assign(r->begin(), r->end() - 2);
      }
    }
    if (a.answered && (a.sw >> 8) == 0x61 && o.tap && o.tap->get_responses < 4) {
      ++o.tap->get_responses;  // T=0 style: fetch the answer (bounded against a looping card)
      apdu(ctx, o.tap, apdu::get_response(static_cast<std::uint8_t>(a.sw & 0xFF)),
           std::move(o.on_card));
      return;
    }
    if (o.tap) o.tap->get_responses = 0;
    o.on_card(ctx, a);
    return;
  }
  if (msg.type == "term.tap") {
    taps_.push_back(msg);
    start_next(ctx);
    return;
  }
  if (msg.type == "term.flush") {
    upload(ctx, msg);
    return;
  }
  Json::Value b(Json::objectValue);
  if (msg.type == "sys.ping") {
    b["status"_k] = "OK";
    b["actor"_k] = ctx.self();
    b["role"_k] = "reader";
    ctx.reply(msg, b);
    return;
  }
  if (msg.type == "sys.stats") {
    b["status"_k] = "OK";
    static constexpr const char* kNames[] = {
        "apdus",          "backend_requests",   "card_timeouts", "backend_timeouts",
        "taps_ok",        "taps_failed",        "debits",        "loads",
        "recovered_done", "recovered_not_done", "uploaded",      "upload_rejects",
        "upload_failures"};
    static_assert(std::size(kNames) == static_cast<std::size_t>(Stat::count_));
    for (std::size_t i = 0; i < stats_.size(); ++i) b[kNames[i]] = Json::UInt64(stats_[i]);
    b["stored_records"_k] = Json::UInt64(offline_.total());
    b["pending_recoveries"_k] = Json::UInt64(pending_.size());
    b["term_seq"_k] = psam_.sequence();
    ctx.reply(msg, b);
    return;
  }
  b["status"_k] = std::string(to_string(ErrorCode::unknown_type));
  b["reason"_k] = "reader does not handle " + msg.type;
  ctx.reply(msg, b);
}

void Terminal::on_timer(Context& ctx, TimerId /*id*/, std::string_view tag) {
  if (tag == kUploadTag) {
    upload_armed_ = false;
    upload(ctx, std::nullopt);
    if (offline_.total() > 0) arm_upload(ctx);
    return;
  }
  if (tag.substr(0, 3) != kTimeoutPrefix) return;
  auto taken = take_outstanding(tag.substr(3));
  if (!taken) return;
  Outstanding o = std::move(*taken);
  if (o.card) {
    if (o.tap) o.tap->card_time += ctx.now() - o.sent;
    ++stat(Stat::card_timeouts);
    o.on_card(ctx, CardAnswer{});
    return;
  }
  ++stat(Stat::backend_timeouts);
  if (o.attempts < cfg_.backend_attempts) {
    send_backend_attempt(ctx, std::move(o));  // a retry: the same body, so the same txn_id
    return;
  }
  o.on_backend(ctx, nullptr);
}

void Terminal::apdu(Context& ctx, const TapPtr& tap, Bytes capdu, CardHandler k) {
  Json::Value body(Json::objectValue);
  body["capdu"_k] = to_hex_upper(capdu);
  const std::string id = ctx.request(tap->card, "card.apdu", std::move(body));
  Outstanding o;
  o.card = true;
  o.on_card = std::move(k);
  o.sent = ctx.now();
  o.tap = tap;
  o.capdu = std::move(capdu);
  o.timer = ctx.set_timer(cfg_.card_timeout, kTimeoutPrefix + id);
  outstanding_.emplace_back(id, std::move(o));
  ++stat(Stat::apdus);
}

void Terminal::backend(Context& ctx, const TapPtr& tap, const std::string& type, Json::Value body,
                       BackendHandler k) {
  Outstanding o;
  o.on_backend = std::move(k);
  o.tap = tap;
  o.to = cfg_.acquirer;
  o.type = type;
  o.body = std::move(body);
  send_backend_attempt(ctx, std::move(o));
}

void Terminal::send_backend_attempt(Context& ctx, Outstanding o) {
  ++o.attempts;
  const std::string id = ctx.request(o.to, o.type, o.body);
  o.sent = ctx.now();
  o.timer = ctx.set_timer(cfg_.backend_timeout, kTimeoutPrefix + id);
  outstanding_.emplace_back(id, std::move(o));
  ++stat(Stat::backend_requests);
}

std::optional<Terminal::Outstanding> Terminal::take_outstanding(std::string_view id) {
  auto it = std::find_if(outstanding_.begin(), outstanding_.end(),
                         [id](const auto& o) { return o.first == id; });
  if (it == outstanding_.end()) return std::nullopt;
  Outstanding o = std::move(it->second);
  outstanding_.erase(it);
  return o;
}

void Terminal::start_next(Context& ctx) {
  if (busy_ || taps_.empty()) return;
  busy_ = true;
  auto tap = std::make_shared<Tap>();
  tap->request = std::move(taps_.front());
  taps_.pop_front();
  run_tap(ctx, tap);
}

void Terminal::finish(Context& ctx, const TapPtr& tap, const std::string& status,
                      const std::string& reason) {
  Json::Value& r = tap->result;
  r["status"_k] = status;
  if (!reason.empty()) r["reason"_k] = reason;
  r["service"_k] = tap->service;
  if (!tap->txn_id.empty()) r["txn_id"_k] = tap->txn_id;
  const double ms = to_ms(tap->card_time);
  r["card_ms"_k] = static_cast<double>(static_cast<std::int64_t>(ms * 1000.0)) / 1000.0;
  const Duration budget = tap->service == "topup" ? cfg_.topup_budget : cfg_.purchase_budget;
  r["over_budget"_k] = tap->card_time > budget;
  ++stat(status == "OK" ? Stat::taps_ok : Stat::taps_failed);
  ctx.reply(tap->request, std::move(r));  // the tap ends here: its result is not read again
  busy_ = false;
  start_next(ctx);
}

void Terminal::upload(Context& ctx, std::optional<Envelope> flush_request) {
  if (flush_request) {
    if (flush_waiters_.empty()) flush_uploaded_ = 0;
    flush_waiters_.push_back(std::move(*flush_request));
  }
  if (offline_.batch_in_flight()) return;  // answered when the batch in flight completes
  const auto& records = offline_.start_batch(cfg_.batch_max);
  if (records.empty()) {
    while (!flush_waiters_.empty()) {
      Json::Value b(Json::objectValue);
      b["status"_k] = "OK";
      b["uploaded"_k] = Json::UInt64(flush_uploaded_);
      ctx.reply(flush_waiters_.front(), b);
      flush_waiters_.pop_front();
    }
    return;
  }
  Json::Value body(Json::objectValue);
  body["batch_id"_k] = cfg_.terminal_id + "-B" + std::to_string(++batch_counter_);
  body["terminal_id"_k] = cfg_.terminal_id;
  body["records"_k] = Json::Value(Json::arrayValue);
  for (const auto& r : records) body["records"_k].append(r.to_json());
  const std::size_t n = records.size();
  backend(
      ctx, nullptr, "txn.batch", std::move(body), [this, n](Context& c, const Json::Value* rsp) {
        if (rsp != nullptr && (*rsp)["status"].asString() == "OK") {
          offline_.batch_done();
          const std::uint64_t accepted = (*rsp)["accepted"].isUInt()
                                             ? (*rsp)["accepted"].asUInt()
                                             : static_cast<std::uint64_t>(n);
          stat(Stat::uploaded) += accepted;
          flush_uploaded_ += accepted;
          stat(Stat::upload_rejects) += (*rsp)["rejects"].isArray() ? (*rsp)["rejects"].size() : 0;
          upload(c, std::nullopt);  // next batch, or answer the flush waiters
          return;
        }
        offline_.batch_failed();
        ++stat(Stat::upload_failures);
        while (!flush_waiters_.empty()) {
          Json::Value b(Json::objectValue);
          b["status"_k] = rsp ? (*rsp)["status"].asString()
                              : std::string(to_string(ErrorCode::issuer_unavailable));
          b["reason"_k] = "acquiring backend did not accept the batch";
          b["uploaded"_k] = Json::UInt64(flush_uploaded_);
          c.reply(flush_waiters_.front(), b);
          flush_waiters_.pop_front();
        }
      });
}

}  // namespace ykt::reader
