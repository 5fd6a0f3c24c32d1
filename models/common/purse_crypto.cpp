#include "purse_crypto.hpp"

#include "bcd.hpp"

namespace ykt::purse {

using crypto::Algorithm;

std::uint8_t algorithm_byte(Algorithm alg) {
  return alg == Algorithm::sm4 ? kAlgByteSm4 : kAlgByteDes3;
}

std::optional<Algorithm> algorithm_from_byte(std::uint8_t b) {
  if (b == kAlgByteSm4) return Algorithm::sm4;
  if (b == kAlgByteDes3) return Algorithm::des3;
  return std::nullopt;
}

std::string_view algorithm_name(Algorithm alg) {
  return alg == Algorithm::sm4 ? "sm4" : "3des";
}

std::optional<Algorithm> parse_algorithm(std::string_view name) {
  if (name == "sm4") return Algorithm::sm4;
  if (name == "3des") return Algorithm::des3;
  return std::nullopt;
}

namespace {
void append(Bytes& out, const Bytes& b) {
  out.insert(out.end(), b.begin(), b.end());
}
void append_be(Bytes& out, std::uint32_t v, std::size_t n) {
  append(out, codec::be_bytes(v, n));
}
}  // namespace

Bytes session_key(Algorithm alg, const Bytes& card_key, const Bytes& input8) {
  if (alg == Algorithm::sm4) {
    Bytes block = input8;
    for (std::uint8_t b : input8) block.push_back(static_cast<std::uint8_t>(~b));
    return crypto::ecb_encrypt(alg, card_key, block);
  }
  return crypto::ecb_encrypt(alg, card_key, input8);
}

Bytes session_mac(Algorithm alg, const Bytes& sk, const Bytes& data) {
  if (alg == Algorithm::des3 && sk.size() == 8) {
    Bytes doubled = sk;
    append(doubled, sk);
    return crypto::card_mac(alg, doubled, data);
  }
  return crypto::card_mac(alg, sk, data);
}

Bytes purchase_session_key(Algorithm alg, const Bytes& purchase_key, const PurchaseData& d) {
  Bytes in = d.card_random;
  append_be(in, d.atc, 2);
  append_be(in, d.term_seq & 0xFFFF, 2);
  return session_key(alg, purchase_key, in);
}

Bytes purchase_mac1(Algorithm alg, const Bytes& sk, const PurchaseData& d) {
  Bytes in = codec::be_bytes(d.amount, 4);
  in.push_back(d.txn_type);
  append(in, d.terminal);
  append(in, d.date);
  append(in, d.time);
  return session_mac(alg, sk, in);
}

Bytes purchase_mac2(Algorithm alg, const Bytes& sk, const PurchaseData& d) {
  return session_mac(alg, sk, codec::be_bytes(d.amount, 4));
}

Bytes purchase_tac(Algorithm alg, const Bytes& tac_key, const PurchaseData& d) {
  Bytes in = codec::be_bytes(d.amount, 4);
  in.push_back(d.txn_type);
  append(in, d.terminal);
  append_be(in, d.term_seq, 4);
  append_be(in, d.atc, 2);
  append(in, d.date);
  append(in, d.time);
  return crypto::card_mac(alg, tac_key, in);
}

Bytes load_session_key(Algorithm alg, const Bytes& load_key, const LoadData& d) {
  Bytes in = d.card_random;
  append_be(in, d.online_atc, 2);
  in.push_back(0x80);
  in.push_back(0x00);
  return session_key(alg, load_key, in);
}

Bytes load_mac1(Algorithm alg, const Bytes& sk, const LoadData& d) {
  Bytes in = codec::be_bytes(d.old_balance, 4);
  append_be(in, d.amount, 4);
  in.push_back(kTypeLoad);
  append(in, d.terminal);
  return session_mac(alg, sk, in);
}

Bytes load_mac2(Algorithm alg, const Bytes& sk, const LoadData& d) {
  Bytes in = codec::be_bytes(d.amount, 4);
  in.push_back(kTypeLoad);
  append(in, d.terminal);
  append(in, d.date);
  append(in, d.time);
  return session_mac(alg, sk, in);
}

Bytes load_tac(Algorithm alg, const Bytes& tac_key, const LoadData& d) {
  Bytes in = codec::be_bytes(d.old_balance + d.amount, 4);
  append_be(in, d.online_atc, 2);
  append_be(in, d.amount, 4);
  in.push_back(kTypeLoad);
  append(in, d.terminal);
  append(in, d.date);
  append(in, d.time);
  return crypto::card_mac(alg, tac_key, in);
}

Bytes card_key(Algorithm alg, const CardRef& card, keys::Purpose purpose) {
  return keys::card_key(alg, card.province(), purpose, card.card_no);
}

Bytes terminal_purchase_mac1(Algorithm alg, const CardRef& card, const PurchaseData& d) {
  const Bytes sk = purchase_session_key(alg, card_key(alg, card, keys::Purpose::purchase), d);
  return purchase_mac1(alg, sk, d);
}

bool verify_purchase_mac2(Algorithm alg, const CardRef& card, const PurchaseData& d,
                          const Bytes& mac2) {
  const Bytes sk = purchase_session_key(alg, card_key(alg, card, keys::Purpose::purchase), d);
  return crypto::equal_ct(purchase_mac2(alg, sk, d), mac2);
}

Bytes issuer_purchase_tac(Algorithm alg, const CardRef& card, const PurchaseData& d) {
  return purchase_tac(alg, card_key(alg, card, keys::Purpose::tac), d);
}

bool verify_purchase_tac(Algorithm alg, const CardRef& card, const PurchaseData& d,
                         const Bytes& tac) {
  return crypto::equal_ct(issuer_purchase_tac(alg, card, d), tac);
}

bool verify_load_mac1(Algorithm alg, const CardRef& card, const LoadData& d, const Bytes& mac1) {
  const Bytes sk = load_session_key(alg, card_key(alg, card, keys::Purpose::load), d);
  return crypto::equal_ct(load_mac1(alg, sk, d), mac1);
}

Bytes issuer_load_mac2(Algorithm alg, const CardRef& card, const LoadData& d) {
  const Bytes sk = load_session_key(alg, card_key(alg, card, keys::Purpose::load), d);
  return load_mac2(alg, sk, d);
}

bool verify_load_tac(Algorithm alg, const CardRef& card, const LoadData& d, const Bytes& tac) {
  return crypto::equal_ct(load_tac(alg, card_key(alg, card, keys::Purpose::tac), d), tac);
}

}  // namespace ykt::purse
