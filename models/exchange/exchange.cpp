#include "exchange.hpp"

#include <algorithm>

#include "backend/qr_token.hpp"
#include "json_util.hpp"
#include "pii.hpp"

using ykt::json::operator""_k;

namespace ykt::exchange {

namespace {

Json::Value status_body(ErrorCode code, const std::string& reason) {
  Json::Value v(Json::objectValue);
  v["status"_k] = std::string(to_string(code));
  if (!reason.empty()) v["reason"_k] = pii::mask_text(reason).substr(0, 256);
  return v;
}

std::string status_of(const Json::Value& b) {
  return b.isObject() && b["status"].isString() ? b["status"].asString() : "";
}

std::string province_of_address(const std::string& address) {
  const std::string prefix = "backend.";
  return address.rfind(prefix, 0) == 0 ? address.substr(prefix.size()) : std::string();
}

const std::vector<std::string>& routed_types() {
  static const std::vector<std::string> t = {
      "txn.purchase", "card.status", "id.verify",     "venue.admit", "med.presettle", "med.settle",
      "med.policy",   "topup.auth",  "topup.confirm", "qr.verify",   "qr.issue",      "apps.list"};
  return t;
}

}  // namespace

Exchange::Exchange(ExchangeConfig config)
    : config_(std::move(config)), clearing_(config_.provinces) {
  if (!config_.audit) config_.audit = std::make_shared<InMemoryAuditSink>();
}

bool Exchange::known(const std::string& province) const {
  return std::find(config_.provinces.begin(), config_.provinces.end(), province) !=
         config_.provinces.end();
}

void Exchange::audit_in(Context& ctx, const Envelope& msg, const std::string& note) {
  AuditRecord r;
  r.at = ctx.now();
  r.dir = "in";
  r.from = msg.from;
  r.to = msg.to;
  r.type = msg.type;
  r.id = msg.id;
  r.status = status_of(msg.body);
  if (msg.body.isObject() && msg.body["txn_id"].isString())
    r.txn_id = msg.body["txn_id"].asString();
  if (msg.body.isObject() && msg.body["card_ref"].isObject() &&
      msg.body["card_ref"_k]["card_no"].isString())
    r.card_no = msg.body["card_ref"_k]["card_no"].asString();
  r.note = note;
  config_.audit->append(r);
}

void Exchange::send(Context& ctx, Envelope e, const std::string& note) {
  AuditRecord r;
  r.at = ctx.now();
  r.dir = "out";
  r.from = ctx.self();
  r.to = e.to;
  r.type = e.type;
  r.id = e.id;
  // Read through a const reference: jsoncpp's non-const operator[] would add null members.
  const Json::Value& body = e.body;
  r.status = status_of(body);
  if (body.isObject() && body["txn_id"].isString()) r.txn_id = body["txn_id"].asString();
  if (body.isObject() && body["card_ref"].isObject() && body["card_ref"_k]["card_no"].isString())
    r.card_no = body["card_ref"_k]["card_no"].asString();
  r.note = note;
  config_.audit->append(r);
  ctx.send(std::move(e));
}

void Exchange::answer(Context& ctx, const Envelope& req, const Json::Value& body, bool as_error,
                      const std::string& note) {
  Envelope e;
  e.type = as_error ? "error" : response_type(req.type);
  e.id = req.id;
  e.to = req.from;
  e.is_reply = true;
  e.body = body;
  const std::string st = status_of(body);
  if (!st.empty()) count("answered." + st);
  send(ctx, std::move(e), note);
}

std::optional<std::string> Exchange::route_of(const Envelope& msg) const {
  const Json::Value& b = msg.body;
  std::string province;
  if (b.isObject() && b["card_ref"].isObject() && b["card_ref"_k]["issuer"].isString()) {
    const std::string issuer = b["card_ref"_k]["issuer"].asString();
    if (issuer.size() == 6) province = issuer.substr(0, 2) + "0000";
  } else if (msg.type == "qr.verify" && b["token"].isString()) {
    auto t = backend::parse_qr_token(b["token"].asString());
    if (t) province = t->card.province();
  } else if (msg.type == "apps.list" && b["province"].isString()) {
    province = b["province"].asString();
  }
  if (province.empty() || !known(province)) return std::nullopt;
  return province;
}

void Exchange::on_message(Context& ctx, const Envelope& msg) {
  // Bad input gives a clear error, never a crash (STD-9).
  try {
    dispatch(ctx, msg);
  } catch (const std::exception& e) {
    count("rejected.E1002");
    if (!msg.is_reply)
      answer(ctx, msg,
             status_body(ErrorCode::schema_violation, std::string("malformed body: ") + e.what()),
             true);
  }
}

void Exchange::dispatch(Context& ctx, const Envelope& msg) {
  audit_in(ctx, msg);
  count(msg.is_reply ? "replies" : "requests");
  if (config_.validator) {
    const Status st = config_.validator->validate(msg);
    if (!st.ok()) {
      const ErrorCode code =
          parse_error_code(st.error().code).value_or(ErrorCode::schema_violation);
      count("rejected." + std::string(to_string(code)));
      if (msg.is_reply) {
        // An issuer's answer that breaks the spec never reaches the requester as it was.
        auto it = pending_.find(msg.id);
        if (it == pending_.end()) return;
        Pending p = std::move(it->second);
        pending_.erase(it);
        ctx.cancel_timer(p.timer);
        ctx.log(LogLevel::warn,
                "answer " + msg.type + " from " + msg.from + " refused: " + st.error().message);
        if (p.kind == Kind::relay)
          answer(ctx, p.request, status_body(code, "issuer answer invalid: " + st.error().message),
                 true, "invalid issuer answer");
        release(ctx, p);
        return;
      }
      ctx.log(LogLevel::warn, msg.type + " from " + msg.from + " refused: " + st.error().message);
      answer(ctx, msg, status_body(code, st.error().message), true, "validation failed");
      return;
    }
  }
  if (!msg.body.isObject()) {
    count("rejected.E1002");
    if (!msg.is_reply)
      answer(ctx, msg, status_body(ErrorCode::schema_violation, "body must be a JSON object"),
             true);
    return;
  }
  if (pii::contains_citizen_id(json::compact(msg.body))) {
    count("rejected.E1201");
    if (msg.is_reply) {
      auto it = pending_.find(msg.id);
      if (it == pending_.end()) return;
      Pending p = std::move(it->second);
      pending_.erase(it);
      ctx.cancel_timer(p.timer);
      if (p.kind == Kind::relay)
        answer(ctx, p.request,
               status_body(ErrorCode::pii_leak, "issuer answer carried a full citizen ID"), false,
               "pii in answer");
      release(ctx, p);
      return;
    }
    answer(ctx, msg, status_body(ErrorCode::pii_leak, "body carries a full citizen ID"), false,
           "pii in request");
    return;
  }
  if (msg.is_reply) return on_reply(ctx, msg);
  const std::string& t = msg.type;
  if (t == "sys.ping") {
    Json::Value v = status_body(ErrorCode::ok, "");
    v["actor"_k] = ctx.self();
    v["role"_k] = "exchange";
    answer(ctx, msg, v);
  } else if (t == "sys.stats") {
    Json::Value v = status_body(ErrorCode::ok, "");
    for (const auto& [k, n] : counters_) v[k] = Json::UInt64(n);
    v["clearing.accepted_records"] = Json::UInt64(clearing_.accepted_records());
    v["clearing.accepted_amount"] = Json::Int64(clearing_.accepted_amount());
    v["pending"_k] = Json::UInt64(pending_.size());
    answer(ctx, msg, v);
  } else if (t == "clr.file") {
    clearing_file(ctx, msg);
  } else if (t == "clr.settle") {
    settle(ctx, msg);
  } else if (t == "clr.adjust") {
    adjust(ctx, msg);
  } else if (std::find(routed_types().begin(), routed_types().end(), t) != routed_types().end()) {
    forward(ctx, msg);
  } else {
    count("rejected.E1005");
    answer(ctx, msg, status_body(ErrorCode::unknown_type, "exchange does not route " + t), true);
  }
}

std::string Exchange::track(Context& ctx, Kind kind, const std::string& to, const std::string& type,
                            Json::Value body, const Envelope* original) {
  Envelope e;
  e.type = type;
  e.id = ctx.new_id();
  e.to = to;
  e.body = std::move(body);
  Pending p;
  p.kind = kind;
  if (original) {
    p.request = *original;
  } else {
    // Only the header and the date are read back later (settle reconciliation): no body copy.
    p.request.type = e.type;
    p.request.id = e.id;
    p.request.to = e.to;
    if (e.body.isObject() && e.body.isMember("date")) p.request.body["date"_k] = e.body["date"];
  }
  p.province = province_of_address(to);
  p.timer = ctx.set_timer(config_.forward_timeout, "fwd:" + e.id);
  const std::string id = e.id;
  pending_[id] = std::move(p);
  send(ctx, std::move(e));
  return id;
}

void Exchange::forward(Context& ctx, const Envelope& msg) {
  auto province = route_of(msg);
  if (!province) {
    count("routed.unknown");
    answer(ctx, msg, status_body(ErrorCode::route_unknown, "no backend for the card's region"),
           false, "no route");
    return;
  }
  count("forwarded");
  count("routed." + *province);
  track(ctx, Kind::relay, "backend." + *province, msg.type, msg.body, &msg);
}

void Exchange::on_reply(Context& ctx, const Envelope& msg) {
  auto it = pending_.find(msg.id);
  if (it == pending_.end()) {
    count("late_replies");
    return;
  }
  Pending p = std::move(it->second);
  pending_.erase(it);
  ctx.cancel_timer(p.timer);
  switch (p.kind) {
    case Kind::relay:
      count("relayed");
      answer(ctx, p.request, msg.body, msg.type == "error");
      break;
    case Kind::issuer_file:
      issuer_rejects(ctx, p, msg.body);
      release(ctx, p);
      break;
    case Kind::notify_settle: {
      const Json::Value& pos = msg.body["positions"_k][p.province];
      const std::string date = p.request.body["date"].asString();
      const Settlement s = clearing_.settle(date);
      auto want = s.positions.find(p.province);
      const bool same = pos.isInt64() && want != s.positions.end() && pos.asInt64() == want->second;
      count(same ? "settle.reconciled" : "settle.mismatch");
      break;
    }
    case Kind::notify_adjust:
      count("adjust.notified");
      break;
  }
}

void Exchange::on_timer(Context& ctx, TimerId, std::string_view tag) {
  if (tag.substr(0, 4) != "fwd:") return;
  auto it = pending_.find(std::string(tag.substr(4)));
  if (it == pending_.end()) return;
  Pending p = std::move(it->second);
  pending_.erase(it);
  count("timeouts");
  if (p.kind == Kind::relay)
    answer(ctx, p.request,
           status_body(ErrorCode::issuer_unavailable, "backend." + p.province + " did not answer"),
           false, "issuer timeout");
  release(ctx, p);
}

void Exchange::release(Context& ctx, const Pending& p) {
  if (p.kind != Kind::issuer_file) return;
  const std::string date = p.request.body["date"].asString();
  auto open = issuer_parts_open_.find(date);
  if (open == issuer_parts_open_.end()) return;
  if (--open->second > 0) return;
  issuer_parts_open_.erase(open);
  // Every issuer of the date has answered (or timed out): settlement may go ahead (STD-12.1.3).
  auto waiting = settle_waiting_.find(date);
  if (waiting == settle_waiting_.end()) return;
  const std::vector<Envelope> requests = std::move(waiting->second);
  settle_waiting_.erase(waiting);
  for (const auto& req : requests) answer_settle(ctx, req);
}

void Exchange::clearing_file(Context& ctx, const Envelope& msg) {
  FileOutcome out = clearing_.accept_file(msg.body, province_of_address(msg.from));
  count("clearing.files");
  if (status_of(out.response) == "OK") {
    count("clearing.accepted", out.response["accepted"].asUInt64());
    count("clearing.rejected", out.response["rejects"].size());
  }
  answer(ctx, msg, out.response);
  for (auto& [issuer, records] : out.by_issuer) {
    Json::Value body(Json::objectValue);
    body["issuer"_k] = issuer;
    body["date"_k] = msg.body["date"];
    body["records"_k] = std::move(records);
    track(ctx, Kind::issuer_file, "backend." + issuer, "clr.issuer", std::move(body), nullptr);
    ++issuer_parts_open_[msg.body["date"].asString()];
  }
}

void Exchange::issuer_rejects(Context& ctx, const Pending& p, const Json::Value& rsp) {
  if (status_of(rsp) != "OK") {
    count("clearing.issuer_errors");
    return;
  }
  if (!rsp["rejects"].isArray()) return;
  for (const auto& r : rsp["rejects"]) {
    if (!r.isObject() || !r["txn_id"].isString()) continue;
    // Only the answering issuer's own records can be refused by it.
    auto booked = clearing_.reverse(r["txn_id"].asString(), p.province);
    if (!booked) continue;
    count("clearing.reversed");
    // The issuer refused it: the record leaves settlement by an adjustment sent to the acquirer
    // and a copy to the issuer (STD-12.4.2).
    Json::Value adj(Json::objectValue);
    adj["txn_id"_k] = booked->txn_id;
    adj["amount"_k] = Json::Int64(-booked->amount);
    adj["reason"_k] = r["status"].isString() ? r["status"].asString() : std::string("E3003");
    adj["date"_k] = booked->date;
    adj["acquirer"_k] = booked->acquirer;
    adj["issuer"_k] = booked->issuer;
    count("clearing.adjustments");
    track(ctx, Kind::notify_adjust, "backend." + booked->acquirer, "clr.adjust", adj, nullptr);
    if (booked->issuer != booked->acquirer)
      track(ctx, Kind::notify_adjust, "backend." + booked->issuer, "clr.adjust", adj, nullptr);
  }
}

void Exchange::settle(Context& ctx, const Envelope& msg) {
  if (!msg.body["date"].isString()) {
    answer(ctx, msg, status_body(ErrorCode::schema_violation, "date missing"), true);
    return;
  }
  const std::string date = msg.body["date"].asString();
  if (issuer_parts_open_.count(date)) {
    // Issuer rejects of D become adjustments before D is settled (STD-12.1.3, STD-12.4.2); the
    // wait is bounded by the forward timeout of each open `clr.issuer` part.
    count("clearing.settle_deferred");
    settle_waiting_[date].push_back(msg);
    return;
  }
  answer_settle(ctx, msg);
}

void Exchange::answer_settle(Context& ctx, const Envelope& msg) {
  const Settlement s = clearing_.settle(msg.body["date"].asString());
  count("clearing.settlements");
  answer(ctx, msg, s.to_json());
  if (province_of_address(msg.from).empty()) {
    Json::Value body(Json::objectValue);
    body["date"_k] = s.date;
    for (const auto& p : config_.provinces)
      track(ctx, Kind::notify_settle, "backend." + p, "clr.settle", body, nullptr);
  }
}

void Exchange::adjust(Context& ctx, const Envelope& msg) {
  const Json::Value& b = msg.body;
  if (!b["txn_id"].isString() || !b["amount"].isInt64()) {
    answer(ctx, msg, status_body(ErrorCode::schema_violation, "txn_id and amount required"), true);
    return;
  }
  const std::string reason = b["reason"].isString() ? b["reason"].asString() : std::string("OK");
  auto r = clearing_.adjust(b["txn_id"].asString(), b["amount"].asInt64(), reason);
  if (!r) {
    answer(ctx, msg,
           status_body(parse_error_code(r.error().code).value_or(ErrorCode::clearing_reject),
                       r.error().message));
    return;
  }
  answer(ctx, msg, status_body(ErrorCode::ok, ""));
  if (r->repeat) {  // the same adjustment again: answered, booked and notified once (STD-12.4.3)
    count("clearing.adjustments_repeated");
    return;
  }
  count("clearing.adjustments");
  const BookedRecord& rec = r->record;
  Json::Value adj(Json::objectValue);
  adj["txn_id"_k] = rec.txn_id;
  adj["amount"_k] = b["amount"];
  adj["reason"_k] = reason;
  adj["date"_k] = rec.date;
  adj["acquirer"_k] = rec.acquirer;
  adj["issuer"_k] = rec.issuer;
  track(ctx, Kind::notify_adjust, "backend." + rec.acquirer, "clr.adjust", adj, nullptr);
  if (rec.issuer != rec.acquirer)
    track(ctx, Kind::notify_adjust, "backend." + rec.issuer, "clr.adjust", adj, nullptr);
}

}  // namespace ykt::exchange
