#pragma once
// Test helpers: a synthetic card and a minimal "terminal" that drives the APDU engine directly.
#include <boost/test/unit_test.hpp>

#include "card/apdu_engine.hpp"
#include "common/bcd.hpp"
#include "common/purse_apdu.hpp"
#include "common/purse_crypto.hpp"

namespace ykt::test {

inline card::CardProfile sample_profile(crypto::Algorithm alg = crypto::Algorithm::sm4,
                                        std::uint32_t balance = 5000) {
  card::CardProfile p;
  p.card_no = "Y31000042";
  p.issuer = "310000";
  p.citizen_id = "31011819900101001X";  // synthetic, valid GB 11643 (FACTS §3)
  p.name = "Test Holder";
  p.alg = alg;
  p.balance = balance;
  return p;
}

inline const Bytes& terminal6() {
  static const Bytes t = *codec::terminal_id_bytes("310000000123");
  return t;
}
inline const Bytes kDate = hex_bytes("20261130");
inline const Bytes kTime = hex_bytes("143000");

/// Runs one APDU that must be answered; returns data and SW.
inline std::pair<Bytes, std::uint16_t> run(card::ApduEngine& e, const Bytes& capdu) {
  auto r = e.process(capdu);
  BOOST_REQUIRE_MESSAGE(r.has_value(), "card did not answer " + to_hex_upper(capdu));
  auto s = apdu::split_response(*r);
  BOOST_REQUIRE(s.has_value());
  return *s;
}

/// SW of one APDU.
inline std::uint16_t sw(card::ApduEngine& e, const Bytes& capdu) {
  return run(e, capdu).second;
}

/// What a terminal computes for a purchase after INITIALIZE FOR PURCHASE.
struct PurchasePlan {
  purse::PurchaseData data;
  Bytes mac1;
  Bytes debit_apdu;
};

/// SELECT transit + INITIALIZE FOR PURCHASE; returns the DEBIT the terminal would send.
inline PurchasePlan start_purchase(card::ApduEngine& e, std::uint32_t amount, bool compound = false,
                                   std::uint32_t term_seq = 7) {
  BOOST_REQUIRE_EQUAL(sw(e, apdu::select_aid(card::kTransitAid)), 0x9000);
  auto [data, s] = run(e, apdu::initialize_purchase(compound, amount, terminal6()));
  BOOST_REQUIRE_EQUAL(s, 0x9000);
  auto init = apdu::parse_init_purchase(data);
  BOOST_REQUIRE(init && init->alg);
  PurchasePlan p;
  p.data.amount = amount;
  p.data.txn_type = compound ? purse::kTypeCompound : purse::kTypePurchase;
  p.data.terminal = terminal6();
  p.data.term_seq = term_seq;
  p.data.atc = init->atc;
  p.data.card_random = init->random;
  p.data.date = kDate;
  p.data.time = kTime;
  p.mac1 = purse::terminal_purchase_mac1(*init->alg, e.profile().ref(), p.data);
  p.debit_apdu = apdu::debit(term_seq, kDate, kTime, p.mac1);
  return p;
}

/// What the issuer computes for a load after INITIALIZE FOR LOAD.
struct LoadPlan {
  purse::LoadData data;
  Bytes mac1;
  Bytes credit_apdu;
};

/// SELECT transit + INITIALIZE FOR LOAD; returns the CREDIT the terminal would send.
inline LoadPlan start_load(card::ApduEngine& e, std::uint32_t amount) {
  BOOST_REQUIRE_EQUAL(sw(e, apdu::select_aid(card::kTransitAid)), 0x9000);
  auto [data, s] = run(e, apdu::initialize_load(amount, terminal6()));
  BOOST_REQUIRE_EQUAL(s, 0x9000);
  auto init = apdu::parse_init_load(data);
  BOOST_REQUIRE(init && init->alg);
  LoadPlan p;
  p.data = purse::LoadData{amount, terminal6(), init->online_atc, init->random, init->old_balance,
                           kDate,  kTime};
  p.mac1 = init->mac1;
  const Bytes mac2 = purse::issuer_load_mac2(*init->alg, e.profile().ref(), p.data);
  p.credit_apdu = apdu::credit(kDate, kTime, mac2);
  return p;
}

}  // namespace ykt::test
