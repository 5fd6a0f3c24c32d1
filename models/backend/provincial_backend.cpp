#include "provincial_backend.hpp"

#include <cstdio>
#include <set>
#include <utility>

#include "backend/qr_token.hpp"
#include "common/purchase_record.hpp"
#include "json_util.hpp"

using ykt::json::operator""_k;

namespace ykt::backend {

namespace {

const std::set<std::string>& issuer_types() {
  static const std::set<std::string> t = {"card.status", "id.verify",  "venue.admit",
                                          "med.policy",  "topup.auth", "topup.confirm",
                                          "qr.issue",    "qr.verify",  "txn.purchase"};
  return t;
}

std::string status_of(const Json::Value& rsp) {
  return rsp.isObject() && rsp["status"].isString() ? rsp["status"].asString() : "E9001";
}

/// Whether an online `txn.purchase` answered `status` is kept by the acquirer (STD-6.2 rule 2):
/// another province's card whatever its issuer answered (the clearing centre rejects bad records,
/// STD-12.2, STD-12.3); the own province's card when OK or refused only for the card's state
/// (the debit stands, STD-4.5), not an unknown card or a bad TAC (as in a batch, STD-6.3); never
/// as the issuer asked by the exchange. A request that never got to be checked as a record
/// (E1xxx) is not kept.
bool stored_for_clearing(const std::string& status, bool own_card, bool from_exchange) {
  // As the issuer of a record another province acquired: the acquirer clears it (STD-12.2); the
  // issuer books it from clr.issuer (STD-12.3), never as a record of its own.
  if (from_exchange) return false;
  if (status.rfind("E1", 0) == 0) return false;
  if (!own_card) return true;
  return status == "OK" || status == to_string(ErrorCode::card_lost) ||
         status == to_string(ErrorCode::card_frozen) ||
         status == to_string(ErrorCode::card_revoked);
}

void send_error(Context& ctx, const Envelope& req, ErrorCode code, const std::string& reason) {
  Envelope e;
  e.type = "error";
  e.id = req.id;
  e.to = req.from;
  e.is_reply = true;
  e.body = status_body(code, reason);
  ctx.send(std::move(e));
}

}  // namespace

ProvincialBackend::ProvincialBackend(BackendConfig config)
    : config_(std::move(config)),
      issuer_(config_.province, config_.population, config_.rules, config_.idempotency_window),
      acquirer_store_(config_.idempotency_window),
      acquired_ids_(config_.acquired_window),
      presettlements_(config_.idempotency_window) {
  if (config_.clearing_part_size == 0) config_.clearing_part_size = 150;
}

void ProvincialBackend::on_start(Context& ctx) {
  if (config_.clearing_period > Duration::zero())
    ctx.set_timer(config_.clearing_period, "clearing");
}

std::int64_t ProvincialBackend::position(const std::string& date) const {
  auto it = positions_.find(date);
  return it == positions_.end() ? 0 : it->second;
}

void ProvincialBackend::count_status(const Json::Value& rsp) {
  count("status." + status_of(rsp));
}

void ProvincialBackend::on_message(Context& ctx, const Envelope& msg) {
  // Bad input gives a clear error, never a crash (STD-9): jsoncpp throws on a wrongly typed
  // access that a check missed; the request is then answered E1002.
  try {
    dispatch(ctx, msg);
  } catch (const std::exception& e) {
    count("status.E1002");
    if (!msg.is_reply)
      send_error(ctx, msg, ErrorCode::schema_violation, std::string("malformed body: ") + e.what());
  }
}

void ProvincialBackend::dispatch(Context& ctx, const Envelope& msg) {
  if (msg.is_reply) {
    on_reply(ctx, msg);
    return;
  }
  count("requests");
  if (config_.validator) {
    // A request that breaks the registry is answered with `error` and never acted on
    // (STD-3.2, STD-3.6), as the exchange does (STD-7.6).
    const Status st = config_.validator->validate(msg);
    if (!st.ok()) {
      const ErrorCode code =
          parse_error_code(st.error().code).value_or(ErrorCode::schema_violation);
      count("status." + std::string(to_string(code)));
      ctx.log(LogLevel::warn, msg.type + " from " + msg.from + " refused: " + st.error().message);
      send_error(ctx, msg, code, st.error().message);
      return;
    }
  }
  if (!msg.body.isObject()) {
    count("status.E1002");
    send_error(ctx, msg, ErrorCode::schema_violation, "body must be a JSON object");
    return;
  }
  const std::string& t = msg.type;
  const Json::Value& b = msg.body;
  if (t == "sys.ping") {
    Json::Value v = status_body(ErrorCode::ok);
    v["actor"_k] = ctx.self();
    v["role"_k] = "backend";
    ctx.reply(msg, v);
  } else if (t == "sys.stats") {
    Json::Value v = status_body(ErrorCode::ok);
    for (const auto& [k, n] : counters_) v[k] = Json::UInt64(n);
    v["uncleared_records"_k] = Json::UInt64(clearing_queue_.size());
    v["touched_holders"_k] = Json::UInt64(issuer_.touched_holders());
    ctx.reply(msg, v);
  } else if (t == "apps.list") {
    const std::string prov = b["province"].isString() ? b["province"].asString() : config_.province;
    ctx.reply(msg, config_.items.list_for(prov));
  } else if (t == "clr.run") {
    run_clearing(ctx, &msg,
                 b["date"].isString() ? b["date"].asString() : format_beijing_date(ctx.now()));
  } else if (t == "clr.issuer") {
    issuer_clearing(ctx, msg);
  } else if (t == "clr.adjust") {
    const std::string date =
        b["date"].isString() ? b["date"].asString() : format_beijing_date(ctx.now());
    const std::int64_t amount = b["amount"].isInt64() ? b["amount"].asInt64() : 0;
    const std::string txn_id = b["txn_id"].asString();
    // Each side corrects only what it booked: an issuer that refused a record never booked it.
    if (b["acquirer"].asString() == config_.province && acquired_ids_.contains(txn_id))
      positions_[date] += amount;
    if (b["issuer"].asString() == config_.province && issuer_.cleared(txn_id))
      positions_[date] -= amount;
    count("clearing.adjustments");
    ctx.reply(msg, status_body(ErrorCode::ok));
  } else if (t == "clr.settle") {
    const std::string date =
        b["date"].isString() ? b["date"].asString() : format_beijing_date(ctx.now());
    Json::Value v = status_body(ErrorCode::ok);
    v["positions"_k][config_.province] = Json::Int64(position(date));
    v["transfers"_k] = Json::Value(Json::arrayValue);
    count("clearing.settlements");
    ctx.reply(msg, v);
  } else {
    serve_as_acquirer(ctx, msg);
  }
}

void ProvincialBackend::serve_as_acquirer(Context& ctx, const Envelope& msg) {
  const std::string& t = msg.type;
  const bool from_exchange = msg.from == config_.exchange;
  const std::string_view service = service_of(t);
  if (!from_exchange && !service.empty() && !config_.items.offers(config_.province, service)) {
    const Json::Value rsp = status_body(ErrorCode::service_not_offered,
                                        std::string(service) + " is not on the application list");
    count_status(rsp);
    ctx.reply(msg, rsp);
    return;
  }
  if (t == "txn.batch") return acquire_batch(ctx, msg);
  if (t == "med.presettle") return presettle(ctx, msg);
  if (t == "med.settle") return settle(ctx, msg);
  if (!issuer_types().count(t)) {
    count("status.E1005");
    send_error(ctx, msg, ErrorCode::unknown_type, "backend does not serve " + t);
    return;
  }
  std::string province;
  if (t == "qr.verify") {
    auto token = msg.body["token"].isString() ? parse_qr_token(msg.body["token"].asString())
                                              : Result<QrToken>(Error{"E2010", "token missing"});
    if (!token) {
      Json::Value rsp = status_body(ErrorCode::qr_invalid, token.error().message);
      rsp["valid"_k] = false;
      count_status(rsp);
      ctx.reply(msg, rsp);
      return;
    }
    province = token->card.province();
  } else {
    auto card = parse_card_ref(msg.body["card_ref"]);
    if (!card) {
      const Json::Value rsp = status_body(ErrorCode::schema_violation, card.error().message);
      count_status(rsp);
      ctx.reply(msg, rsp);
      return;
    }
    province = card->province();
  }
  const bool own_card = province == config_.province;
  auto finish = [this, msg, own_card, from_exchange](Context& c, const Json::Value& rsp) {
    const std::string st = status_of(rsp);
    // A non-OK answer may come before any check of the record (E3002): keep only a record.
    if (msg.type == "txn.purchase" && stored_for_clearing(st, own_card, from_exchange) &&
        (st == "OK" || parse_purchase_record(msg.body).ok()))
      keep_for_clearing(msg.body);
    count_status(rsp);
    c.reply(msg, rsp);
  };
  if (province == config_.province || from_exchange) {
    count("served.local");
    finish(ctx, issuer_.handle(t, msg.body, ctx.now()));
    return;
  }
  count("forwarded");
  ask_issuer(ctx, province, t, msg.body, finish);
}

void ProvincialBackend::ask_issuer(Context& ctx, const std::string& province,
                                   const std::string& type, const Json::Value& body,
                                   Continuation done) {
  if (province == config_.province) {
    done(ctx, issuer_.handle(type, body, ctx.now()));
    return;
  }
  request(ctx, config_.exchange, type, body, std::move(done));
}

void ProvincialBackend::request(Context& ctx, const std::string& to, const std::string& type,
                                Json::Value body, Continuation done) {
  const std::string id = ctx.request(to, type, std::move(body));
  const TimerId timer = ctx.set_timer(config_.forward_timeout, "fwd:" + id);
  pending_[id] = Pending{std::move(done), timer};
}

void ProvincialBackend::on_reply(Context& ctx, const Envelope& msg) {
  auto it = pending_.find(msg.id);
  if (it == pending_.end()) {
    count("late_replies");
    return;
  }
  Pending p = std::move(it->second);
  pending_.erase(it);
  ctx.cancel_timer(p.timer);
  count("relayed");
  p.done(ctx, msg.body);
}

void ProvincialBackend::on_timer(Context& ctx, TimerId, std::string_view tag) {
  if (tag == "clearing") {
    run_clearing(ctx, nullptr, format_beijing_date(ctx.now()));
    ctx.set_timer(config_.clearing_period, "clearing");
    return;
  }
  if (tag.substr(0, 4) != "fwd:") return;
  auto it = pending_.find(std::string(tag.substr(4)));
  if (it == pending_.end()) return;
  Pending p = std::move(it->second);
  pending_.erase(it);
  count("timeouts");
  p.done(ctx, status_body(ErrorCode::issuer_unavailable, "no answer through the exchange in time"));
}

bool ProvincialBackend::keep_for_clearing(const Json::Value& record, const Digest* digest) {
  const std::string txn_id = record["txn_id"].asString();
  const Digest d = digest ? *digest : IdempotencyStore::digest("rec", record);
  auto seen = acquired_ids_.check(txn_id, d);
  if (seen.seen == Seen::conflict) return false;
  if (seen.seen == Seen::same) return true;
  acquired_ids_.remember(txn_id, d, Json::Value());
  const std::string issuer = record["card_ref"_k]["issuer"].asString();
  if (issuer.size() >= 2 && issuer.compare(0, 2, config_.province, 0, 2) == 0) {
    // The province's own card: settled inside the province, never sent to the exchange
    // (STD-12.1.2); the acquirer only counts it for its next clearing run.
    count("clearing.local");
    count("clearing.local_fen",
          static_cast<std::uint64_t>(std::max<Json::Int64>(0, record["amount"].asInt64())));
    return true;
  }
  if (record["online"].isBool()) {
    clearing_queue_.push_back(PackedPurchase::pack(record));
  } else {
    Json::Value r = record;
    r["online"_k] = false;
    clearing_queue_.push_back(PackedPurchase::pack(r));
  }
  count("clearing.kept");
  return true;
}

void ProvincialBackend::acquire_batch(Context& ctx, const Envelope& msg) {
  const Json::Value& records = msg.body["records"];
  if (!records.isArray()) {
    const Json::Value rsp = status_body(ErrorCode::schema_violation, "records must be an array");
    count_status(rsp);
    ctx.reply(msg, rsp);
    return;
  }
  std::uint64_t accepted = 0;
  Json::Value rejects(Json::arrayValue);
  for (const auto& r : records) {
    ErrorCode code = ErrorCode::ok;
    auto rec = parse_purchase_record(r);
    if (!rec) {
      code = ErrorCode::schema_violation;
    } else {
      const Digest d = IdempotencyStore::digest("rec", r);
      auto seen = acquired_ids_.check(rec->txn_id, d);
      if (seen.seen == Seen::conflict)
        code = ErrorCode::duplicate_conflict;
      else if (seen.seen == Seen::fresh && rec->card.province() == config_.province)
        code = issuer_.check_offline_record(*rec);
      // Other provinces' records are checked by the exchange at clearing (STD-12.2).
      if (code == ErrorCode::ok) keep_for_clearing(r, &d);
    }
    if (code == ErrorCode::ok) {
      ++accepted;
    } else if (rejects.size() < 150) {
      Json::Value o;
      o["txn_id"_k] =
          r.isObject() && r["txn_id"].isString() ? r["txn_id"].asString() : std::string("unknown");
      o["status"_k] = std::string(to_string(code));
      rejects.append(o);
    }
  }
  count("batch.records", records.size());
  count("batch.rejects", rejects.size());
  Json::Value rsp = status_body(ErrorCode::ok);
  rsp["accepted"_k] = Json::UInt64(accepted);
  rsp["rejects"_k] = rejects;
  count_status(rsp);
  ctx.reply(msg, rsp);
}

void ProvincialBackend::answer_once(Context& ctx, const Envelope& msg, const Json::Value& rsp) {
  const std::string key = msg.type + "|" + msg.body["txn_id"].asString();
  // A missing answer is not an answer: a retry after E3002 is served afresh.
  if (status_of(rsp) != "E3002") acquirer_store_.remember(key, msg.type, msg.body, rsp);
  auto it = in_flight_.find(key);
  std::vector<Envelope> waiting;
  if (it != in_flight_.end()) {
    waiting = std::move(it->second);
    in_flight_.erase(it);
  } else {
    waiting.push_back(msg);
  }
  for (const auto& w : waiting) {
    count_status(rsp);
    ctx.reply(w, rsp);
  }
}

bool ProvincialBackend::begin_once(Context& ctx, const Envelope& msg) {
  if (!msg.body["txn_id"].isString() || msg.body["txn_id"].asString().empty()) {
    const Json::Value rsp = status_body(ErrorCode::schema_violation, "txn_id missing");
    count_status(rsp);
    ctx.reply(msg, rsp);
    return false;
  }
  const std::string key = msg.type + "|" + msg.body["txn_id"].asString();
  auto seen = acquirer_store_.check(key, msg.type, msg.body);
  auto flying = in_flight_.find(key);
  if (seen.seen == Seen::conflict ||
      (flying != in_flight_.end() &&
       IdempotencyStore::digest(msg.type, flying->second.front().body) !=
           IdempotencyStore::digest(msg.type, msg.body))) {
    const Json::Value rsp =
        status_body(ErrorCode::duplicate_conflict, "txn_id reused with different content");
    count_status(rsp);
    ctx.reply(msg, rsp);
    return false;
  }
  if (seen.seen == Seen::same) {
    count("repeats");
    count_status(seen.response);
    ctx.reply(msg, seen.response);
    return false;
  }
  if (flying != in_flight_.end()) {
    count("repeats");
    flying->second.push_back(msg);
    return false;
  }
  in_flight_[key].push_back(msg);
  return true;
}

void ProvincialBackend::presettle(Context& ctx, const Envelope& msg) {
  if (!begin_once(ctx, msg)) return;
  const Json::Value& b = msg.body;
  auto card = parse_card_ref(b["card_ref"]);
  if (!card)
    return answer_once(ctx, msg, status_body(ErrorCode::schema_violation, card.error().message));
  auto bill = parse_bill(b["items"]);
  if (!bill)
    return answer_once(ctx, msg, status_body(ErrorCode::schema_violation, bill.error().message));
  // The treatment place's catalogue applies (FACTS §6): this backend's, or the province named by
  // treatment_city when the tables hold it.
  const std::string treat =
      b["treatment_city"].isString() && b["treatment_city"].asString().size() == 6
          ? b["treatment_city"].asString().substr(0, 2) + "0000"
          : config_.province;
  const MedicalCatalogue* cat = config_.rules.catalogue(treat);
  if (!cat) cat = config_.rules.catalogue(config_.province);
  if (!cat) return answer_once(ctx, msg, status_body(ErrorCode::internal, "no medical catalogue"));
  const CoveredBill cover = cover_bill(*cat, *bill);
  Json::Value policy(Json::objectValue);
  policy["card_ref"_k] = card->to_json();
  policy["covered_amount"_k] = Json::Int64(cover.covered);
  policy["year"_k] = to_beijing(ctx.now()).year;
  count(card->province() == config_.province ? "served.local" : "forwarded");
  ask_issuer(ctx, card->province(), "med.policy", policy,
             [this, msg, cover, c = *card](Context& cx, const Json::Value& rsp) {
               if (status_of(rsp) != "OK" || !rsp["fund_pays"].isInt64()) {
                 Json::Value e = status_body(
                     status_of(rsp) == "OK"
                         ? ErrorCode::internal
                         : parse_error_code(status_of(rsp)).value_or(ErrorCode::internal),
                     rsp["reason"].isString() ? rsp["reason"].asString() : "");
                 return answer_once(cx, msg, e);
               }
               const std::int64_t fund = std::min(rsp["fund_pays"].asInt64(), cover.covered);
               const std::string id = msg.body["txn_id"].asString();
               presettlements_.insert(id, Presettlement{c, cover.total, cover.covered, fund});
               Json::Value out = status_body(ErrorCode::ok);
               out["total"_k] = Json::Int64(cover.total);
               out["covered"_k] = Json::Int64(cover.covered);
               out["fund_pays"_k] = Json::Int64(fund);
               out["self_pays"_k] = Json::Int64(cover.total - fund);
               answer_once(cx, msg, out);
             });
}

void ProvincialBackend::settle(Context& ctx, const Envelope& msg) {
  if (!begin_once(ctx, msg)) return;
  const Json::Value& b = msg.body;
  auto card = parse_card_ref(b["card_ref"]);
  if (!card)
    return answer_once(ctx, msg, status_body(ErrorCode::schema_violation, card.error().message));
  const std::string pid = b["presettle_id"].asString();
  Presettlement* it = presettlements_.find(pid).value;
  if (!it || !(it->card == *card))
    return answer_once(ctx, msg, status_body(ErrorCode::not_found, "no such pre-settlement"));
  if (it->settled)
    return answer_once(ctx, msg,
                       status_body(ErrorCode::not_found, "pre-settlement already settled"));
  it->settled = true;  // held while the commit is in flight
  Json::Value policy(Json::objectValue);
  policy["txn_id"_k] = b["txn_id"];
  policy["card_ref"_k] = card->to_json();
  policy["covered_amount"_k] = Json::Int64(it->covered);
  policy["year"_k] = to_beijing(ctx.now()).year;
  policy["commit"_k] = true;
  ask_issuer(ctx, card->province(), "med.policy", policy,
             [this, msg, pid](Context& cx, const Json::Value& rsp) {
               Presettlement* p = presettlements_.find(pid).value;
               if (status_of(rsp) != "OK" || !rsp["fund_pays"].isInt64() || !p) {
                 if (p) p->settled = false;
                 Json::Value e =
                     status_body(parse_error_code(status_of(rsp)).value_or(ErrorCode::internal),
                                 rsp["reason"].isString() ? rsp["reason"].asString() : "");
                 if (status_of(rsp) == "OK")
                   e = status_body(ErrorCode::internal, "bad policy answer");
                 return answer_once(cx, msg, e);
               }
               const std::int64_t fund = std::min(rsp["fund_pays"].asInt64(), p->covered);
               Json::Value out = status_body(ErrorCode::ok);
               out["settlement_id"_k] = cx.new_id();
               out["fund_pays"_k] = Json::Int64(fund);
               out["self_pays"_k] = Json::Int64(p->total - fund);
               count("medical.settled");
               answer_once(cx, msg, out);
             });
}

/// One clearing run: the records taken from the queue and what their parts got.
struct ProvincialBackend::ClearingRun {
  std::size_t parts = 0, records = 0, failed_parts = 0, remaining = 0, next = 0;
  std::uint64_t accepted = 0, rejected = 0;
  std::optional<Envelope> requester;
  std::vector<PackedPurchase> queue;
  std::string date;
};

void ProvincialBackend::run_clearing(Context& ctx, const Envelope* requester,
                                     const std::string& date) {
  auto run = std::make_shared<ClearingRun>();
  if (requester) run->requester = *requester;
  run->queue = std::move(clearing_queue_);
  clearing_queue_.clear();
  run->date = date;
  run->records = run->queue.size();
  const std::size_t size = config_.clearing_part_size;
  run->parts = (run->records + size - 1) / size;
  run->remaining = run->parts;
  if (run->parts == 0) return finish_clearing(ctx, *run);
  // A window of parts in flight, the next sent as one is answered: a day's file does not flood
  // the exchange and the issuers, and answers come back within the time-out.
  const std::size_t window = std::max<std::size_t>(1, config_.clearing_window);
  while (run->next < run->parts && run->next < window) send_clearing_part(ctx, run, run->next++, 1);
}

void ProvincialBackend::send_clearing_part(Context& ctx, const std::shared_ptr<ClearingRun>& run,
                                           std::size_t part, int attempt) {
  const std::size_t size = config_.clearing_part_size;
  const std::size_t from = part * size, to = std::min(run->queue.size(), from + size);
  Json::Value body(Json::objectValue);
  body["acquirer"_k] = config_.province;
  body["date"_k] = run->date;
  body["part"_k] = Json::UInt64(part + 1);
  body["parts"_k] = Json::UInt64(run->parts);
  body["records"_k] = Json::Value(Json::arrayValue);
  for (std::size_t i = from; i < to; ++i) body["records"_k].append(run->queue[i].to_json());
  if (attempt == 1) {
    count("clearing.files");
    count("clearing.records", to - from);
  } else {
    count("clearing.resent");
  }
  auto on_answer = [this, run, part, attempt, from, to](Context& c, const Json::Value& rsp) {
    const std::string status = status_of(rsp);
    if (status == "OK") {
      std::unordered_map<std::string, std::int64_t> amounts;
      std::int64_t net = 0;
      for (std::size_t i = from; i < to; ++i) {
        const Json::Value r = run->queue[i].to_json();
        amounts[r["txn_id"].asString()] = r["amount"].asInt64();
        net += r["amount"].asInt64();
      }
      for (const auto& r : rsp["rejects"]) {
        auto it = amounts.find(r["txn_id"].asString());
        if (it != amounts.end()) net -= it->second;
      }
      positions_[run->date] += net;
      run->accepted += rsp["accepted"].asUInt64();
      run->rejected += rsp["rejects"].size();
      count("clearing.rejected", rsp["rejects"].size());
    } else if (status == to_string(ErrorCode::issuer_unavailable) &&
               attempt < config_.clearing_attempts) {
      // No answer: the whole part again with the same content (STD-12.2); the exchange books
      // an accepted record once however often it comes.
      send_clearing_part(c, run, part, attempt + 1);
      return;
    } else {
      ++run->failed_parts;  // keep the records for the next run
      for (std::size_t i = from; i < to; ++i) clearing_queue_.push_back(std::move(run->queue[i]));
    }
    if (run->next < run->parts) send_clearing_part(c, run, run->next++, 1);
    if (--run->remaining == 0) finish_clearing(c, *run);
  };
  request(ctx, config_.exchange, "clr.file", std::move(body), std::move(on_answer));
}

void ProvincialBackend::finish_clearing(Context& ctx, ClearingRun& run) {
  count("clearing.runs");
  if (!run.requester) return;
  Json::Value v =
      status_body(run.failed_parts && run.failed_parts == run.parts ? ErrorCode::issuer_unavailable
                                                                    : ErrorCode::ok);
  v["parts"_k] = Json::UInt64(run.parts);
  v["records"_k] = Json::UInt64(run.records);
  v["accepted"_k] = Json::UInt64(run.accepted);
  v["rejected"_k] = Json::UInt64(run.rejected);
  v["failed_parts"_k] = Json::UInt64(run.failed_parts);
  ctx.reply(*run.requester, v);
}

void ProvincialBackend::issuer_clearing(Context& ctx, const Envelope& msg) {
  std::int64_t amount = 0;
  const Json::Value rsp = issuer_.clear_records(msg.body, amount);
  const std::string date =
      msg.body["date"].isString() ? msg.body["date"].asString() : format_beijing_date(ctx.now());
  positions_[date] -= amount;
  count("clearing.issued_records", rsp["accepted"].asUInt64());
  count_status(rsp);
  ctx.reply(msg, rsp);
}

}  // namespace ykt::backend
