#include "purchase_record.hpp"

#include <cstdio>

#include "bcd.hpp"
#include "json_util.hpp"

using ykt::json::operator""_k;

namespace ykt {

namespace {
std::string type_text(std::uint8_t t) {
  char buf[3];
  std::snprintf(buf, sizeof buf, "%02X", t);
  return buf;
}
}  // namespace

Json::Value PurchaseRecord::to_json() const {
  Json::Value v(Json::objectValue);
  v["txn_id"_k] = txn_id;
  v["terminal_id"_k] = terminal_id;
  v["card_ref"_k] = card.to_json();
  v["amount"_k] = amount;
  v["txn_type"_k] = type_text(txn_type);
  v["atc"_k] = atc;
  v["term_seq"_k] = term_seq;
  v["date"_k] = date;
  v["time"_k] = time;
  v["tac"_k] = tac;
  v["online"_k] = online;
  v["alg"_k] = std::string(purse::algorithm_name(alg));
  return v;
}

Result<purse::PurchaseData> PurchaseRecord::purchase_data() const {
  purse::PurchaseData d;
  auto term = codec::terminal_id_bytes(terminal_id);
  auto dt = codec::digits_to_bcd(date);
  auto tm = codec::digits_to_bcd(time);
  if (!term) return Error{"E1002", "terminal_id must be 12 digits"};
  if (!dt || dt->size() != 4 || !codec::valid_bcd_date(*dt))
    return Error{"E1002", "date must be YYYYMMDD"};
  if (!tm || tm->size() != 3 || !codec::valid_bcd_time(*tm))
    return Error{"E1002", "time must be hhmmss"};
  d.amount = amount;
  d.txn_type = txn_type;
  d.terminal = *term;
  d.term_seq = term_seq;
  d.atc = atc;
  d.date = *dt;
  d.time = *tm;
  return d;
}

bool PurchaseRecord::tac_valid() const {
  auto d = purchase_data();
  auto t = from_hex(tac);
  if (!d || !t || t->size() != 4) return false;
  return purse::verify_purchase_tac(alg, card, *d, *t);
}

Result<PurchaseRecord> parse_purchase_record(const Json::Value& v) {
  if (!v.isObject()) return Error{"E1002", "purchase record is not an object"};
  // Each member is looked up once (records are parsed at every hop of a day's clearing).
  PurchaseRecord r;
  const Json::Value& txn_id = v["txn_id"];
  if (!txn_id.isString()) return Error{"E1002", "txn_id missing"};
  r.txn_id = txn_id.asString();
  if (r.txn_id.empty()) return Error{"E1002", "txn_id missing"};
  const Json::Value& terminal_id = v["terminal_id"];
  if (!terminal_id.isString()) return Error{"E1002", "terminal_id must be 12 digits"};
  r.terminal_id = terminal_id.asString();
  if (!codec::valid_terminal_id(r.terminal_id))
    return Error{"E1002", "terminal_id must be 12 digits"};
  auto card = parse_card_ref(v["card_ref"]);
  if (!card) return card.error();
  r.card = std::move(*card);
  const Json::Value& amount = v["amount"];
  if (!amount.isUInt() || amount.asUInt() > 0xFFFFFFFFu)
    return Error{"E1002", "amount must be a non-negative integer (fen)"};
  r.amount = amount.asUInt();
  const Json::Value& type = v["txn_type"];
  const char* type_begin = nullptr;
  const char* type_end = nullptr;
  if (!type.isString() || !type.getString(&type_begin, &type_end) || type_end - type_begin != 2)
    return Error{"E1002", "txn_type must be \"06\" or \"09\""};
  if (type_begin[0] == '0' && type_begin[1] == '6') {
    r.txn_type = purse::kTypePurchase;
  } else if (type_begin[0] == '0' && type_begin[1] == '9') {
    r.txn_type = purse::kTypeCompound;
  } else {
    return Error{"E1002", "txn_type must be \"06\" or \"09\""};
  }
  const Json::Value& atc = v["atc"];
  if (!atc.isUInt() || atc.asUInt() > 0xFFFF) return Error{"E1002", "atc must be 0..65535"};
  r.atc = static_cast<std::uint16_t>(atc.asUInt());
  const Json::Value& term_seq = v["term_seq"];
  if (!term_seq.isUInt()) return Error{"E1002", "term_seq must be a non-negative integer"};
  r.term_seq = term_seq.asUInt();
  const Json::Value& date = v["date"];
  const Json::Value& time = v["time"];
  if (!date.isString() || !time.isString()) return Error{"E1002", "date and time must be strings"};
  r.date = date.asString();
  r.time = time.asString();
  const Json::Value& tac = v["tac"];
  if (!tac.isString()) return Error{"E1002", "tac must be 8 hex digits"};
  r.tac = tac.asString();
  auto t = from_hex(r.tac);
  if (!t || t->size() != 4) return Error{"E1002", "tac must be 8 hex digits"};
  const Json::Value& online = v["online"];
  r.online = online.isBool() && online.asBool();
  static constexpr char kAlg[] = "alg";
  if (const Json::Value* alg_v = v.find(kAlg, kAlg + 3)) {
    auto alg = alg_v->isString() ? purse::parse_algorithm(alg_v->asString()) : std::nullopt;
    if (!alg) return Error{"E1002", "alg must be \"sm4\" or \"3des\""};
    r.alg = *alg;
  }
  auto d = r.purchase_data();
  if (!d) return d.error();
  return r;
}

}  // namespace ykt
