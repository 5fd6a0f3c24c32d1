#include "issuer_service.hpp"

#include <algorithm>
#include <iterator>

#include "backend/qr_token.hpp"
#include "common/bcd.hpp"
#include "common/purchase_record.hpp"
#include "common/purse_crypto.hpp"
#include "crypto.hpp"
#include "json_util.hpp"
#include "pii.hpp"

using ykt::json::operator""_k;

namespace ykt::backend {

using population::CardState;

namespace {

constexpr std::int64_t kPurseMax = 20000;  // fen: transit purse maximum 200 CNY (FACTS §2)

ErrorCode state_error(CardState s) {
  switch (s) {
    case CardState::lost:
      return ErrorCode::card_lost;
    case CardState::frozen:
      return ErrorCode::card_frozen;
    case CardState::revoked:
      return ErrorCode::card_revoked;
    case CardState::active:
      break;
  }
  return ErrorCode::ok;
}

Json::Value error_from(const Error& e) {
  Json::Value v(Json::objectValue);
  v["status"_k] = e.code;
  v["reason"_k] = pii::mask_text(e.message).substr(0, 256);
  return v;
}

bool is_hex(const Json::Value& v, std::size_t chars) {
  if (!v.isString() || v.asString().size() != chars) return false;
  return from_hex(v.asString()).has_value();
}

// The card algorithm a body names in `alg` (absent: SM4, STD-4.6); nullopt for an unknown name.
std::optional<crypto::Algorithm> card_algorithm(const Json::Value& b) {
  if (!b.isMember("alg")) return crypto::Algorithm::sm4;
  return b["alg"].isString() ? purse::parse_algorithm(b["alg"].asString()) : std::nullopt;
}

// The MAC input of a load from a topup.auth body; E1002 naming the bad field.
Result<purse::LoadData> load_data(const Json::Value& b) {
  purse::LoadData d;
  auto term = b["terminal_id"].isString() ? codec::terminal_id_bytes(b["terminal_id"].asString())
                                          : std::nullopt;
  if (!term) return Error{"E1002", "terminal_id must be 12 digits"};
  if (!b["amount"].isUInt() || b["amount"].asUInt() > kPurseMax)
    return Error{"E1002", "amount must be 0..20000 fen"};
  if (!b["old_balance"].isUInt() || b["old_balance"].asUInt() > kPurseMax)
    return Error{"E1002", "old_balance must be 0..20000 fen"};
  if (!b["online_atc"].isUInt() || b["online_atc"].asUInt() > 0xFFFF)
    return Error{"E1002", "online_atc must be 0..65535"};
  if (!is_hex(b["card_random"], 8)) return Error{"E1002", "card_random must be 8 hex digits"};
  auto date = b["date"].isString() ? codec::digits_to_bcd(b["date"].asString()) : std::nullopt;
  auto time = b["time"].isString() ? codec::digits_to_bcd(b["time"].asString()) : std::nullopt;
  if (!date || date->size() != 4 || !codec::valid_bcd_date(*date))
    return Error{"E1002", "date must be YYYYMMDD"};
  if (!time || time->size() != 3 || !codec::valid_bcd_time(*time))
    return Error{"E1002", "time must be hhmmss"};
  d.amount = b["amount"].asUInt();
  d.old_balance = b["old_balance"].asUInt();
  d.online_atc = static_cast<std::uint16_t>(b["online_atc"].asUInt());
  d.card_random = *from_hex(b["card_random"].asString());
  d.terminal = *term;
  d.date = *date;
  d.time = *time;
  return d;
}

}  // namespace

Json::Value status_body(ErrorCode code, const std::string& reason) {
  Json::Value v(Json::objectValue);
  v["status"_k] = std::string(to_string(code));
  if (!reason.empty()) v["reason"_k] = pii::mask_text(reason).substr(0, 256);
  return v;
}

IssuerService::IssuerService(std::string province,
                             std::shared_ptr<const population::Population> population,
                             ServiceRules rules, std::size_t idempotency_window)
    : province_(std::move(province)),
      population_(std::move(population)),
      rules_(std::move(rules)),
      store_(idempotency_window),
      loads_(idempotency_window ? idempotency_window : 1),
      cleared_(idempotency_window) {}

Result<HolderView> IssuerService::lookup(const Json::Value& card_ref) const {
  auto card = parse_card_ref(card_ref);
  if (!card) return card.error();
  auto v = view(*card);
  if (!v) return Error{"E2001", "no card " + card->card_no + " at issuer " + province_};
  return *v;
}

std::optional<std::uint64_t> IssuerService::index_here(const CardRef& card) const {
  if (card.province() != province_ || !population_) return std::nullopt;
  const auto index = population_->index_of_card_no(card.card_no);
  const population::CitySlice* s = index ? population_->slice_of(*index) : nullptr;
  if (!s || s->city->code != card.issuer) return std::nullopt;
  return index;
}

std::optional<HolderView> IssuerService::view(const CardRef& card) const {
  const auto index = index_here(card);
  auto h = index ? population_->holder(*index) : std::nullopt;
  if (!h) return std::nullopt;
  HolderView v{*h, h->state};
  auto it = overlay_.find(card.card_no);
  if (it != overlay_.end() && it->second.state) v.state = *it->second.state;
  return v;
}

bool IssuerService::knows(const CardRef& card) const {
  return index_here(card).has_value();
}

bool IssuerService::set_card_state(const std::string& card_no, CardState state) {
  if (!population_) return false;
  auto h = population_->find_by_card_no(card_no);
  if (!h || h->province() != province_) return false;
  overlay_[card_no].state = state;
  return true;
}

IssuerService::Overlay& IssuerService::medical_overlay(const population::Cardholder& h, int year) {
  Overlay& o = overlay_[h.card_no];
  if (o.med_year == 0) {
    o.fund_used = h.medical_fund_used;
  } else if (o.med_year != year) {
    o.fund_used = 0;
  }
  o.med_year = year;
  return o;
}

std::int64_t IssuerService::medical_usage(const std::string& card_no, int year) const {
  auto it = overlay_.find(card_no);
  if (it != overlay_.end() && it->second.med_year == year) return it->second.fund_used;
  if (it != overlay_.end() && it->second.med_year != 0) return 0;
  auto h = population_ ? population_->find_by_card_no(card_no) : std::nullopt;
  if (!h) return 0;
  return h->medical_fund_used;
}

Json::Value IssuerService::handle(const std::string& type, const Json::Value& body, SimTime now) {
  if (!body.isObject()) return status_body(ErrorCode::schema_violation, "body must be an object");
  const std::string txn_id = body["txn_id"].isString() ? body["txn_id"].asString() : "";
  if (txn_id.empty()) return serve(type, body, now);
  // Keyed by type and id: topup.confirm reuses its topup.auth's txn_id by design (STD-6.8).
  const std::string key = type + "|" + txn_id;
  const Digest d = IdempotencyStore::digest(type, body);
  auto seen = store_.check(key, d);
  if (seen.seen == Seen::conflict)
    return status_body(ErrorCode::duplicate_conflict, "txn_id reused with different content");
  if (seen.seen == Seen::same) return seen.response;
  Json::Value rsp = serve(type, body, now);
  store_.remember(key, d, rsp);
  return rsp;
}

Json::Value IssuerService::serve(const std::string& type, const Json::Value& body, SimTime now) {
  if (type == "card.status") return card_status(body);
  if (type == "id.verify") return id_verify(body);
  if (type == "venue.admit") return venue_admit(body);
  if (type == "med.policy") return med_policy(body);
  if (type == "topup.auth") return topup_auth(body);
  if (type == "topup.confirm") return topup_confirm(body);
  if (type == "qr.issue") return qr_issue(body, now);
  if (type == "qr.verify") return qr_verify(body, now);
  if (type == "txn.purchase") return purchase(body);
  return status_body(ErrorCode::unknown_type, "issuer does not serve " + type);
}

Json::Value IssuerService::card_status(const Json::Value& body) {
  auto h = lookup(body["card_ref"]);
  if (!h) return error_from(h.error());
  Json::Value v = status_body(ErrorCode::ok);
  v["state"_k] = std::string(population::to_string(h->state));
  v["home_city"_k] = h->holder.home_city;
  return v;
}

Json::Value IssuerService::id_verify(const Json::Value& body) {
  auto h = lookup(body["card_ref"]);
  if (!h) return error_from(h.error());
  if (h->state != CardState::active) return status_body(state_error(h->state));
  if (!is_hex(body["id_digest"], 64))
    return status_body(ErrorCode::schema_violation, "id_digest must be 64 hex digits");
  const Bytes want =
      crypto::sm3(std::string_view("ykt-id/1|" + h->holder.citizen_id + "|" + h->holder.card_no));
  if (!crypto::equal_ct(want, *from_hex(body["id_digest"].asString()))) {
    Json::Value v = status_body(ErrorCode::identity_mismatch, "id_digest does not match");
    v["match"_k] = false;
    return v;
  }
  Json::Value v = status_body(ErrorCode::ok);
  v["match"_k] = true;
  Json::Value holder(Json::objectValue);
  holder["id_masked"_k] = pii::mask_citizen_id(h->holder.citizen_id);
  holder["sex"_k] = std::string(population::to_string(h->holder.sex));
  holder["birth_year"_k] = h->holder.birth_year;
  holder["home_city"_k] = h->holder.home_city;
  v["holder"_k] = holder;
  return v;
}

std::string IssuerService::city_of(const std::string& code) const {
  for (const auto& d : population_->table().demo_districts)
    if (d.code == code) return d.city;
  return code;
}

Json::Value IssuerService::venue_admit(const Json::Value& body) {
  auto h = lookup(body["card_ref"]);
  if (!h) return error_from(h.error());
  if (h->state != CardState::active) return status_body(state_error(h->state));
  if (!body["venue_id"].isString() || !body["venue_city"].isString() ||
      !valid_city_code(body["venue_city"].asString()))
    return status_body(ErrorCode::schema_violation, "venue_id and a 6-digit venue_city required");
  if (!body["base_price"].isInt64() || body["base_price"].asInt64() < 0)
    return status_body(ErrorCode::schema_violation, "base_price must be fen >= 0");
  const std::int64_t base = body["base_price"].asInt64();
  const std::string venue_city = body["venue_city"].asString();
  const VenueRule* rule = rules_.venue(body["venue_id"].asString());
  const std::int64_t local = rule ? rule->local_price : base * rules_.default_local_permille / 1000;
  const auto& table = population_->table();
  // Local residents pay the local price; same-city treatment extends it to residents of any
  // demonstration-zone district at venues in any of the three (FACTS §1, STD-6.6).
  const bool same_city =
      city_of(h->holder.home_city) == city_of(venue_city) ||
      (table.is_demo_district(h->holder.home_city) && table.is_demo_district(venue_city));
  Json::Value v = status_body(ErrorCode::ok);
  v["admitted"_k] = true;
  v["price"_k] = Json::Int64(same_city ? std::min(local, base) : base);
  v["same_city"_k] = same_city;
  return v;
}

Json::Value IssuerService::med_policy(const Json::Value& body) {
  auto h = lookup(body["card_ref"]);
  if (!h) return error_from(h.error());
  if (h->state != CardState::active) return status_body(state_error(h->state));
  if (!body["covered_amount"].isInt64() || body["covered_amount"].asInt64() < 0)
    return status_body(ErrorCode::schema_violation, "covered_amount must be fen >= 0");
  if (!body["year"].isInt() || body["year"].asInt() < 2000 || body["year"].asInt() > 2100)
    return status_body(ErrorCode::schema_violation, "year must be 2000..2100");
  const MedicalPolicy* policy = rules_.policy(province_, population::to_string(h->holder.scheme));
  if (!policy) return status_body(ErrorCode::internal, "no medical policy for this scheme");
  Overlay& o = medical_overlay(h->holder, body["year"].asInt());
  const PolicyOutcome out = apply_policy(*policy, body["covered_amount"].asInt64(), o.fund_used);
  Json::Value v = status_body(ErrorCode::ok);
  v["deductible"_k] = Json::Int64(policy->deductible);
  v["ratio"_k] = policy->ratio_permille / 1000.0;
  v["cap"_k] = Json::Int64(policy->cap);
  v["used"_k] = Json::Int64(o.fund_used);
  v["fund_pays"_k] = Json::Int64(out.fund_pays);
  if (body["commit"].isBool() && body["commit"].asBool()) {
    o.fund_used += out.fund_pays;
  }
  return v;
}

Json::Value IssuerService::topup_auth(const Json::Value& body) {
  auto h = lookup(body["card_ref"]);
  if (!h) return error_from(h.error());
  if (h->state != CardState::active) return status_body(state_error(h->state));
  auto d = load_data(body);
  if (!d) return error_from(d.error());
  if (!is_hex(body["mac1"], 8))
    return status_body(ErrorCode::schema_violation, "mac1 must be 8 hex");
  if (static_cast<std::int64_t>(d->old_balance) + d->amount > kPurseMax)
    return status_body(ErrorCode::limit_exceeded, "balance would exceed 20000 fen");
  const CardRef card{body["card_ref"_k]["issuer"].asString(), h->holder.card_no};
  const auto alg = card_algorithm(body);
  if (!alg) return status_body(ErrorCode::schema_violation, "alg must be \"sm4\" or \"3des\"");
  if (!purse::verify_load_mac1(*alg, card, *d, *from_hex(body["mac1"].asString())))
    return status_body(ErrorCode::tac_invalid, "MAC1 does not verify");
  PendingLoad load;
  load.card = card;
  load.amount = d->amount;
  load.old_balance = d->old_balance;
  load.online_atc = d->online_atc;
  std::copy(d->terminal.begin(), d->terminal.end(), load.terminal);
  std::copy(d->card_random.begin(), d->card_random.end(), load.card_random);
  std::copy(d->date.begin(), d->date.end(), load.date);
  std::copy(d->time.begin(), d->time.end(), load.time);
  load.alg = *alg;
  loads_.insert(body["txn_id"].asString(), std::move(load));
  Json::Value v = status_body(ErrorCode::ok);
  v["mac2"_k] = to_hex(purse::issuer_load_mac2(*alg, card, *d));
  return v;
}

Json::Value IssuerService::topup_confirm(const Json::Value& body) {
  PendingLoad* load = loads_.find(body["txn_id"].asString()).value;
  if (!load) return status_body(ErrorCode::not_found, "no authorised top-up with this txn_id");
  auto card = parse_card_ref(body["card_ref"]);
  if (card && !(*card == load->card))
    return status_body(ErrorCode::not_found, "the authorised top-up is for another card");
  if (!is_hex(body["tac"], 8)) return status_body(ErrorCode::schema_violation, "tac must be 8 hex");
  purse::LoadData d;
  d.amount = load->amount;
  d.old_balance = load->old_balance;
  d.online_atc = load->online_atc;
  d.terminal.assign(std::begin(load->terminal), std::end(load->terminal));
  d.card_random.assign(std::begin(load->card_random), std::end(load->card_random));
  d.date.assign(std::begin(load->date), std::end(load->date));
  d.time.assign(std::begin(load->time), std::end(load->time));
  if (!purse::verify_load_tac(load->alg, load->card, d, *from_hex(body["tac"].asString())))
    return status_body(ErrorCode::tac_invalid, "load TAC does not verify");
  load->confirmed = true;
  return status_body(ErrorCode::ok);
}

Json::Value IssuerService::qr_issue(const Json::Value& body, SimTime now) {
  auto h = lookup(body["card_ref"]);
  if (!h) return error_from(h.error());
  if (h->state != CardState::active) return status_body(state_error(h->state));
  std::int64_t ttl = body["ttl_s"].isInt64() ? body["ttl_s"].asInt64() : 60;
  ttl = std::max<std::int64_t>(1, std::min<std::int64_t>(ttl, 60));  // STD-5.2 lifetime
  const std::int64_t expiry = now.ns / 1'000'000'000 + ttl;
  Bytes n = crypto::sm3(std::string_view(province_ + "|qr|" + std::to_string(++qr_counter_)));
  n.resize(8);  // 16 hex characters (STD-5.1)
  const CardRef card{h->holder.issuer_city, h->holder.card_no};
  Json::Value v = status_body(ErrorCode::ok);
  v["token"_k] = issue_qr_token(card, expiry, to_hex(n));
  v["expires"_k] = Json::Int64(expiry);
  v["card_ref"_k] = card.to_json();
  return v;
}

Json::Value IssuerService::qr_verify(const Json::Value& body, SimTime now) {
  if (!body["token"].isString()) return status_body(ErrorCode::schema_violation, "token missing");
  auto t = parse_qr_token(body["token"].asString());
  Json::Value invalid = status_body(ErrorCode::qr_invalid);
  invalid["valid"_k] = false;
  if (!t) {
    invalid["reason"_k] = t.error().message;
    return invalid;
  }
  if (t->card.province() != province_ || !qr_signature_valid(*t)) {
    invalid["reason"_k] = "QR token signature does not verify";
    return invalid;
  }
  if (now.ns / 1'000'000'000 > t->expiry) {
    Json::Value v = status_body(ErrorCode::qr_expired, "QR token expired");
    v["valid"_k] = false;
    v["expires"_k] = Json::Int64(t->expiry);
    return v;
  }
  if (t->expiry - now.ns / 1'000'000'000 > 60 + 30) {  // lifetime + clock window (STD-5.3 rule 4)
    invalid["reason"_k] = "QR token claims a lifetime beyond 60 s";
    return invalid;
  }
  auto h = lookup(t->card.to_json());
  if (!h) return error_from(h.error());
  if (h->state != CardState::active) return status_body(state_error(h->state));
  Json::Value v = status_body(ErrorCode::ok);
  v["card_ref"_k] = t->card.to_json();
  v["valid"_k] = true;
  v["expires"_k] = Json::Int64(t->expiry);
  return v;
}

Json::Value IssuerService::purchase(const Json::Value& body) {
  auto rec = parse_purchase_record(body);
  if (!rec) return error_from(rec.error());
  auto h = lookup(body["card_ref"]);
  if (!h) return error_from(h.error());
  if (h->state != CardState::active) return status_body(state_error(h->state));
  if (!rec->tac_valid()) return status_body(ErrorCode::tac_invalid, "TAC does not verify");
  return status_body(ErrorCode::ok);
}

ErrorCode IssuerService::check_offline_record(const Json::Value& record) const {
  auto rec = parse_purchase_record(record);
  if (!rec) return ErrorCode::schema_violation;
  return check_offline_record(*rec);
}

ErrorCode IssuerService::check_offline_record(const PurchaseRecord& rec) const {
  if (!knows(rec.card)) return ErrorCode::card_unknown;
  return rec.tac_valid() ? ErrorCode::ok : ErrorCode::tac_invalid;
}

Json::Value IssuerService::clear_records(const Json::Value& body, std::int64_t& accepted_amount) {
  if (!body.isObject() || !body["records"].isArray())
    return status_body(ErrorCode::schema_violation, "records must be an array");
  std::uint64_t accepted = 0;
  Json::Value rejects(Json::arrayValue);
  auto reject = [&](const Json::Value& r, ErrorCode c) {
    Json::Value o;
    o["txn_id"_k] =
        r.isObject() && r["txn_id"].isString() ? r["txn_id"].asString() : std::string("unknown");
    o["status"_k] = std::string(to_string(c));
    if (rejects.size() < 150) rejects.append(o);
  };
  for (const auto& r : body["records"]) {
    auto rec = parse_purchase_record(r);
    if (!rec) {
      reject(r, ErrorCode::schema_violation);
      continue;
    }
    if (!knows(rec->card)) {
      reject(r, ErrorCode::card_unknown);
      continue;
    }
    const Digest d = IdempotencyStore::digest("rec", r);
    auto seen = cleared_.check(rec->txn_id, d);
    if (seen.seen == Seen::conflict) {
      reject(r, ErrorCode::duplicate_conflict);
      continue;
    }
    ++accepted;
    if (seen.seen == Seen::fresh) {
      cleared_.remember(rec->txn_id, d, Json::Value());
      accepted_amount += rec->amount;
    }
  }
  Json::Value v = status_body(ErrorCode::ok);
  v["accepted"_k] = Json::UInt64(accepted);
  v["rejects"_k] = rejects;
  return v;
}

}  // namespace ykt::backend
