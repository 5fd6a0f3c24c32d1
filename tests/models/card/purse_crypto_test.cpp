// The shared purse MACs and encodings (STD-4.6, STD-4.7).
#include <boost/test/unit_test.hpp>

#include "common/bcd.hpp"
#include "common/card_ref.hpp"
#include "common/purchase_record.hpp"
#include "common/purse_crypto.hpp"

using namespace ykt;

BOOST_AUTO_TEST_SUITE(purse_crypto)

// Purpose: the SM4 session key is ENC(key, input ‖ NOT input) and 3DES's is 8 bytes (STD-4.6).
BOOST_AUTO_TEST_CASE(session_key_widening) {
  const Bytes key = hex_bytes("0123456789abcdeffedcba9876543210");
  const Bytes in = hex_bytes("0011223344556677");
  const Bytes sk = purse::session_key(crypto::Algorithm::sm4, key, in);
  BOOST_TEST(sk == crypto::ecb_encrypt(crypto::Algorithm::sm4, key,
                                       hex_bytes("0011223344556677ffeeddccbbaa9988")));
  BOOST_TEST(purse::session_key(crypto::Algorithm::des3, key, in).size() == 8u);
}

// Purpose: keys differ per card and per issuing province (STD-4.7).
BOOST_AUTO_TEST_CASE(keys_are_diversified) {
  const CardRef a{"310000", "Y31000042"};
  const CardRef b{"310000", "Y31000043"};
  const CardRef c{"320500", "Y31000042"};
  using keys::Purpose;
  const auto alg = crypto::Algorithm::sm4;
  BOOST_TEST(purse::card_key(alg, a, Purpose::purchase) !=
             purse::card_key(alg, b, Purpose::purchase));
  BOOST_TEST(purse::card_key(alg, a, Purpose::purchase) !=
             purse::card_key(alg, c, Purpose::purchase));
  BOOST_TEST(purse::card_key(alg, a, Purpose::purchase) != purse::card_key(alg, a, Purpose::tac));
}

// Purpose: BCD and terminal-id encodings round-trip and reject bad input (STD-4.3).
BOOST_AUTO_TEST_CASE(encodings) {
  BOOST_TEST(to_hex(*codec::terminal_id_bytes("310000000123")) == "310000000123");
  BOOST_TEST(!codec::terminal_id_bytes("31000000012"));
  BOOST_TEST(!codec::terminal_id_text(hex_bytes("3100000001AB")));
  BOOST_TEST(codec::acquirer_address("320500000001") == "backend.320000");
  BOOST_TEST(codec::valid_bcd_date(hex_bytes("20240229")));
  BOOST_TEST(!codec::valid_bcd_date(hex_bytes("20241301")));
  BOOST_TEST(!codec::valid_bcd_time(hex_bytes("240000")));
  // 2026-11-30T06:30:00Z is 14:30:00 in Beijing.
  const SimTime t{1'796'020'200LL * 1'000'000'000};
  BOOST_TEST(to_hex(codec::bcd_date(t)) == "20261130");
  BOOST_TEST(to_hex(codec::bcd_time(t)) == "143000");
  BOOST_TEST(to_hex(codec::be_bytes(20000, 4)) == "00004e20");
  auto bad = parse_card_ref(Json::Value("x"));
  BOOST_TEST(!bad.ok());
}

// Purpose: MAC1, MAC2, TAC and the load MACs match vectors computed independently with Python's
// cryptography/hashlib from the layouts in models/card/APDU.md §6-§7 (STD-4.6, STD-4.7).
BOOST_AUTO_TEST_CASE(independent_vectors) {
  struct Vec {
    crypto::Algorithm alg;
    const char *mac1, *mac2, *tac, *lmac1, *lmac2, *ltac;
  };
  const Vec vecs[] = {
      {crypto::Algorithm::sm4, "e1e3904e", "3304a6bc", "e1e45871", "6cb78650", "614608e4",
       "cc8ebab8"},
      {crypto::Algorithm::des3, "36219575", "f0ae85b5", "9c915f91", "3ededbe4", "7e65336b",
       "63c78776"},
  };
  const CardRef card{"310000", "Y31000042"};
  for (const Vec& v : vecs) {
    purse::PurchaseData d;
    d.amount = 300;
    d.txn_type = purse::kTypePurchase;
    d.terminal = hex_bytes("310000000123");
    d.term_seq = 0x102;
    d.atc = 5;
    d.card_random = hex_bytes("01020304");
    d.date = hex_bytes("20261130");
    d.time = hex_bytes("143000");
    BOOST_TEST(to_hex(purse::terminal_purchase_mac1(v.alg, card, d)) == v.mac1);
    BOOST_TEST(purse::verify_purchase_mac2(v.alg, card, d, hex_bytes(v.mac2)));
    BOOST_TEST(to_hex(purse::issuer_purchase_tac(v.alg, card, d)) == v.tac);
    purse::LoadData l{5000,
                      hex_bytes("310000000123"),
                      7,
                      hex_bytes("01020304"),
                      1500,
                      hex_bytes("20261130"),
                      hex_bytes("143000")};
    const Bytes sk =
        purse::load_session_key(v.alg, purse::card_key(v.alg, card, keys::Purpose::load), l);
    BOOST_TEST(to_hex(purse::load_mac1(v.alg, sk, l)) == v.lmac1);
    BOOST_TEST(purse::verify_load_mac1(v.alg, card, l, hex_bytes(v.lmac1)));
    BOOST_TEST(to_hex(purse::issuer_load_mac2(v.alg, card, l)) == v.lmac2);
    BOOST_TEST(purse::verify_load_tac(v.alg, card, l, hex_bytes(v.ltac)));
  }
}

// Purpose: a purchase record parses back from its JSON, and each malformed field is refused with
// E1002 naming that field, never accepted or thrown (STD-6.3, STD-3.3).
BOOST_AUTO_TEST_CASE(purchase_record_fields) {
  PurchaseRecord r;
  r.txn_id = "310000000123-000000000001";
  r.terminal_id = "310000000123";
  r.card = CardRef{"310000", "Y31000042"};
  r.amount = 300;
  r.term_seq = 7;
  r.date = "20261130";
  r.time = "143000";
  r.tac = "0a0b0c0d";
  const Json::Value good = r.to_json();
  auto back = parse_purchase_record(good);
  BOOST_TEST_REQUIRE(back.ok());
  BOOST_TEST(back->card.card_no == "Y31000042");
  BOOST_TEST(back->txn_type == purse::kTypePurchase);
  Json::Value compound = good;
  compound["txn_type"] = "09";
  compound["alg"] = "3des";
  auto c = parse_purchase_record(compound);
  BOOST_TEST_REQUIRE(c.ok());
  BOOST_TEST(c->txn_type == purse::kTypeCompound);
  BOOST_TEST((c->alg == crypto::Algorithm::des3));
  struct Bad {
    const char* field;
    Json::Value value;
    const char* says;
  };
  Json::Value obj(Json::objectValue);
  const Bad bad[] = {{"txn_id", "", "txn_id"},
                     {"txn_id", 5, "txn_id"},
                     {"terminal_id", "31", "terminal_id"},
                     {"terminal_id", obj, "terminal_id"},
                     {"amount", -1, "amount"},
                     {"amount", "300", "amount"},
                     {"txn_type", "6", "txn_type"},
                     {"txn_type", "07", "txn_type"},
                     {"txn_type", obj, "txn_type"},
                     {"atc", 70000, "atc"},
                     {"term_seq", "7", "term_seq"},
                     {"date", 20261130, "date"},
                     {"tac", "0a0b0c", "tac"},
                     {"tac", obj, "tac"},
                     {"alg", "aes", "alg"},
                     {"alg", 1, "alg"}};
  for (const auto& b : bad) {
    Json::Value v = good;
    v[b.field] = b.value;
    auto p = parse_purchase_record(v);
    BOOST_TEST_REQUIRE(!p.ok(), b.field);
    BOOST_TEST(p.error().code == "E1002");
    BOOST_TEST(p.error().message.find(b.says) != std::string::npos, p.error().message);
  }
  Json::Value no_card = good;
  no_card["card_ref"]["card_no"] = 42;
  BOOST_TEST(!parse_purchase_record(no_card).ok());
  no_card["card_ref"] = "Y31000042";
  BOOST_TEST(!parse_purchase_record(no_card).ok());
  BOOST_TEST(!parse_purchase_record(Json::Value("record")).ok());
}

BOOST_AUTO_TEST_SUITE_END()
