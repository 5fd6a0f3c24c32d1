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
  PurchaseRecord r;
  if (!v["txn_id"].isString() || v["txn_id"].asString().empty())
    return Error{"E1002", "txn_id missing"};
  r.txn_id = v["txn_id"].asString();
  if (!v["terminal_id"].isString() || !codec::valid_terminal_id(v["terminal_id"].asString()))
    return Error{"E1002", "terminal_id must be 12 digits"};
  r.terminal_id = v["terminal_id"].asString();
  auto card = parse_card_ref(v["card_ref"]);
  if (!card) return card.error();
  r.card = *card;
  if (!v["amount"].isUInt() || v["amount"].asUInt() > 0xFFFFFFFFu)
    return Error{"E1002", "amount must be a non-negative integer (fen)"};
  r.amount = v["amount"].asUInt();
  const std::string type = v["txn_type"].isString() ? v["txn_type"].asString() : "";
  if (type == "06") {
    r.txn_type = purse::kTypePurchase;
  } else if (type == "09") {
    r.txn_type = purse::kTypeCompound;
  } else {
    return Error{"E1002", "txn_type must be \"06\" or \"09\""};
  }
  if (!v["atc"].isUInt() || v["atc"].asUInt() > 0xFFFF)
    return Error{"E1002", "atc must be 0..65535"};
  r.atc = static_cast<std::uint16_t>(v["atc"].asUInt());
  if (!v["term_seq"].isUInt()) return Error{"E1002", "term_seq must be a non-negative integer"};
  r.term_seq = v["term_seq"].asUInt();
  if (!v["date"].isString() || !v["time"].isString())
    return Error{"E1002", "date and time must be strings"};
  r.date = v["date"].asString();
  r.time = v["time"].asString();
  if (!v["tac"].isString()) return Error{"E1002", "tac must be 8 hex digits"};
  r.tac = v["tac"].asString();
  auto t = from_hex(r.tac);
  if (!t || t->size() != 4) return Error{"E1002", "tac must be 8 hex digits"};
  r.online = v["online"].isBool() && v["online"].asBool();
  if (v.isMember("alg")) {
    auto alg = v["alg"].isString() ? purse::parse_algorithm(v["alg"].asString()) : std::nullopt;
    if (!alg) return Error{"E1002", "alg must be \"sm4\" or \"3des\""};
    r.alg = *alg;
  }
  auto d = r.purchase_data();
  if (!d) return d.error();
  return r;
}

}  // namespace ykt
