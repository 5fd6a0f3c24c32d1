#include "packed_purchase.hpp"

#include <cstring>
#include <string_view>

#include "json_util.hpp"

using ykt::json::operator""_k;

namespace ykt::backend {

namespace {

constexpr std::uint8_t kOnline = 1, kHasAlg = 2, kAlg3des = 4;
constexpr char kHex[] = "0123456789abcdef";

bool is_int(const Json::Value& v) {
  return v.type() == Json::intValue || v.type() == Json::uintValue;
}

bool string_of(const Json::Value& v, std::size_t size, std::string_view& out) {
  if (!v.isString()) return false;
  const char* b = nullptr;
  const char* e = nullptr;
  v.getString(&b, &e);
  if (static_cast<std::size_t>(e - b) != size) return false;
  out = std::string_view(b, size);
  return true;
}

int nibble(char c, bool digits_only) {
  if (c >= '0' && c <= '9') return c - '0';
  if (!digits_only && c >= 'a' && c <= 'f') return c - 'a' + 10;
  return -1;  // upper case or other: not in the usual form
}

// Packs an even number of digits (or lower-case hex) two per byte.
bool pack_nibbles(std::string_view s, std::uint8_t* out, bool digits_only) {
  for (std::size_t i = 0; i < s.size(); i += 2) {
    const int hi = nibble(s[i], digits_only), lo = nibble(s[i + 1], digits_only);
    if (hi < 0 || lo < 0) return false;
    out[i / 2] = static_cast<std::uint8_t>(hi << 4 | lo);
  }
  return true;
}

std::string unpack_nibbles(const std::uint8_t* in, std::size_t bytes) {
  std::string s(bytes * 2, '0');
  for (std::size_t i = 0; i < bytes; ++i) {
    s[2 * i] = kHex[in[i] >> 4];
    s[2 * i + 1] = kHex[in[i] & 0xF];
  }
  return s;
}

}  // namespace

PackedPurchase PackedPurchase::pack(const Json::Value& r) {
  PackedPurchase p;
  auto fallback = [&r] {
    PackedPurchase f;
    f.text_ = std::make_unique<std::string>(json::compact(r));
    return f;
  };
  if (!r.isObject()) return fallback();
  const bool has_alg = r.isMember("alg");
  if (r.size() != (has_alg ? 12u : 11u)) return fallback();
  std::string_view txn_id, terminal, issuer, card_no, type, date, time, tac;
  const Json::Value& card = r["card_ref"];
  if (!string_of(r["txn_id"], 25, txn_id) || !string_of(r["terminal_id"], 12, terminal) ||
      !card.isObject() || card.size() != 2u || !string_of(card["issuer"], 6, issuer) ||
      !string_of(card["card_no"], 9, card_no) || !string_of(r["txn_type"], 2, type) ||
      !string_of(r["date"], 8, date) || !string_of(r["time"], 6, time) ||
      !string_of(r["tac"], 8, tac) || !r["online"].isBool())
    return fallback();
  const Json::Value &amount = r["amount"], &atc = r["atc"], &seq = r["term_seq"];
  if (!is_int(amount) || !amount.isUInt() || !is_int(atc) || !atc.isUInt() ||
      atc.asUInt() > 0xFFFF || !is_int(seq) || !seq.isUInt())
    return fallback();
  if (txn_id.substr(0, 12) != terminal || txn_id[12] != '-') return fallback();
  std::uint8_t issuer_bcd[3], type_bcd[1];
  if (!pack_nibbles(terminal, p.terminal_, true) ||
      !pack_nibbles(txn_id.substr(13), p.txn_, false) || !pack_nibbles(issuer, issuer_bcd, true) ||
      !pack_nibbles(type, type_bcd, true) || !pack_nibbles(date, p.date_, true) ||
      !pack_nibbles(time, p.time_, true) || !pack_nibbles(tac, p.tac_, false))
    return fallback();
  if (has_alg) {
    const Json::Value& alg = r["alg"];
    if (!alg.isString()) return fallback();
    if (alg.asString() == "3des") {
      p.flags_ |= kAlg3des;
    } else if (alg.asString() != "sm4") {
      return fallback();
    }
    p.flags_ |= kHasAlg;
  }
  if (r["online"].asBool()) p.flags_ |= kOnline;
  p.issuer_ = static_cast<std::uint32_t>(issuer_bcd[0]) << 16 |
              static_cast<std::uint32_t>(issuer_bcd[1]) << 8 | issuer_bcd[2];
  std::memcpy(p.card_no_, card_no.data(), sizeof p.card_no_);
  p.txn_type_ = type_bcd[0];
  p.amount_ = amount.asUInt();
  p.atc_ = static_cast<std::uint16_t>(atc.asUInt());
  p.term_seq_ = seq.asUInt();
  return p;
}

Json::Value PackedPurchase::to_json() const {
  if (text_) {
    auto v = json::parse(*text_);
    return v ? *v : Json::Value();
  }
  const std::uint8_t issuer[3] = {static_cast<std::uint8_t>(issuer_ >> 16),
                                  static_cast<std::uint8_t>(issuer_ >> 8),
                                  static_cast<std::uint8_t>(issuer_)};
  const std::string terminal = unpack_nibbles(terminal_, 6);
  Json::Value v(Json::objectValue);
  v["txn_id"_k] = terminal + "-" + unpack_nibbles(txn_, 6);
  v["terminal_id"_k] = terminal;
  Json::Value card(Json::objectValue);
  card["issuer"_k] = unpack_nibbles(issuer, 3);
  card["card_no"_k] = std::string(card_no_, sizeof card_no_);
  v["card_ref"_k] = std::move(card);
  v["amount"_k] = amount_;
  v["txn_type"_k] = unpack_nibbles(&txn_type_, 1);
  v["atc"_k] = atc_;
  v["term_seq"_k] = term_seq_;
  v["date"_k] = unpack_nibbles(date_, 4);
  v["time"_k] = unpack_nibbles(time_, 3);
  v["tac"_k] = unpack_nibbles(tac_, 4);
  v["online"_k] = (flags_ & kOnline) != 0;
  if (flags_ & kHasAlg) v["alg"_k] = (flags_ & kAlg3des) ? "3des" : "sm4";
  return v;
}

std::string PackedPurchase::txn_id() const {
  if (text_) {
    const Json::Value v = to_json();
    return v.isObject() && v["txn_id"].isString() ? v["txn_id"].asString() : std::string();
  }
  return unpack_nibbles(terminal_, 6) + "-" + unpack_nibbles(txn_, 6);
}

std::int64_t PackedPurchase::amount() const {
  if (text_) {
    const Json::Value v = to_json();
    return v.isObject() && v["amount"].isInt64() ? v["amount"].asInt64() : 0;
  }
  return amount_;
}

}  // namespace ykt::backend
