// The shared purse MACs and encodings (STD-4.6, STD-4.7).
#include <boost/test/unit_test.hpp>

#include "common/bcd.hpp"
#include "common/card_ref.hpp"
#include "common/purchase_record.hpp"
#include "common/purse_crypto.hpp"
#include "json_util.hpp"

using namespace ykt;

namespace {
Bytes concat(std::initializer_list<Bytes> parts) {
  Bytes out;
  for (const Bytes& p : parts) out.insert(out.end(), p.begin(), p.end());
  return out;
}
Bytes hex_of(const Json::Value& v) {
  BOOST_REQUIRE_MESSAGE(v.isString(), "crypto-vectors.json: a hex field is missing");
  return hex_bytes(v.asString());
}
}  // namespace

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

// Purpose: every value of conformance/spec/examples/crypto-vectors.json (the worked vectors STD-4.7
// cites) is recomputed with the project's key derivation and purse MAC functions, so the file
// cannot drift from the reference (STD-4.6, STD-4.7).
BOOST_AUTO_TEST_CASE(spec_crypto_vectors_file) {
  auto doc = json::load_file(std::string(YKT_SOURCE_DIR) +
                             "/conformance/spec/examples/crypto-vectors.json");
  BOOST_TEST_REQUIRE(doc.ok(), (doc.ok() ? "" : doc.error().message));
  const Json::Value& v = *doc;
  const CardRef card{v["card"]["issuer"].asString(), v["card"]["card_no"].asString()};
  BOOST_TEST(v["card"]["province"].asString() == card.province());
  BOOST_TEST(hex_of(v["card"]["factor"]) == keys::card_factor(card.card_no));
  const std::pair<const char*, keys::Purpose> purposes[] = {{"purchase", keys::Purpose::purchase},
                                                            {"load", keys::Purpose::load},
                                                            {"tac", keys::Purpose::tac}};
  for (const auto& [name, purpose] : purposes) {
    const Json::Value& m = v["masters"][name];
    BOOST_TEST(m["label"].asString() == "ykt-test-master|" + card.province() + "|" + name);
    BOOST_TEST(hex_of(m["key"]) == keys::issuer_master(card.province(), purpose), name);
    const Bytes d = crypto::sm3(m["label"].asString());
    BOOST_TEST(hex_of(m["key"]) == Bytes(d.begin(), d.begin() + 16), name);
  }

  const Json::Value& pi = v["purchase_input"];
  purse::PurchaseData d;
  d.amount = pi["amount"].asUInt();
  d.txn_type = hex_of(pi["txn_type"]).at(0);
  d.terminal = hex_of(pi["terminal_id"]);
  d.term_seq = codec::be_value(hex_of(pi["term_seq"]), 0, 4);
  d.atc = static_cast<std::uint16_t>(codec::be_value(hex_of(pi["atc"]), 0, 2));
  d.card_random = hex_of(pi["card_random"]);
  d.date = hex_of(pi["date"]);
  d.time = hex_of(pi["time"]);
  const Json::Value& li = v["load_input"];
  purse::LoadData l;
  l.amount = li["amount"].asUInt();
  l.old_balance = li["old_balance"].asUInt();
  l.terminal = hex_of(li["terminal_id"]);
  l.online_atc = static_cast<std::uint16_t>(codec::be_value(hex_of(li["online_atc"]), 0, 2));
  l.card_random = hex_of(li["card_random"]);
  l.date = hex_of(li["date"]);
  l.time = hex_of(li["time"]);

  BOOST_TEST_REQUIRE(v["vectors"].size() == 2u);
  for (const Json::Value& x : v["vectors"]) {
    const auto alg = purse::parse_algorithm(x["alg"].asString());
    BOOST_TEST_REQUIRE(alg.has_value());
    const std::string an = x["alg"].asString();
    BOOST_TEST(hex_of(x["algorithm_byte"]) == Bytes{purse::algorithm_byte(*alg)}, an);
    for (const auto& [name, purpose] : purposes) {
      const Bytes key = purse::card_key(*alg, card, purpose);
      BOOST_TEST(hex_of(x["card_keys"][name]) == key, an << " " << name);
      // STD-4.7 item 4 spelled out: ECB(master, factor ‖ NOT factor).
      Bytes block = keys::card_factor(card.card_no);
      for (std::size_t i = 0; i < 8; ++i) block.push_back(static_cast<std::uint8_t>(~block[i]));
      BOOST_TEST(
          crypto::ecb_encrypt(*alg, keys::issuer_master(card.province(), purpose), block) == key,
          an << " " << name);
    }
    const Bytes tac_key = purse::card_key(*alg, card, keys::Purpose::tac);

    const Json::Value& p = x["purchase"];
    const Bytes psk =
        purse::purchase_session_key(*alg, purse::card_key(*alg, card, keys::Purpose::purchase), d);
    BOOST_TEST(hex_of(p["session_key_input"]) == concat({d.card_random, codec::be_bytes(d.atc, 2),
                                                         codec::be_bytes(d.term_seq & 0xFFFF, 2)}));
    BOOST_TEST(hex_of(p["session_key"]) == psk, an);
    BOOST_TEST(purse::session_key(*alg, purse::card_key(*alg, card, keys::Purpose::purchase),
                                  hex_of(p["session_key_input"])) == psk,
               an);
    BOOST_TEST(hex_of(p["mac1_input"]) == concat({codec::be_bytes(d.amount, 4), Bytes{d.txn_type},
                                                  d.terminal, d.date, d.time}));
    BOOST_TEST(hex_of(p["mac1"]) == purse::purchase_mac1(*alg, psk, d), an);
    BOOST_TEST(hex_of(p["mac1"]) == purse::terminal_purchase_mac1(*alg, card, d), an);
    BOOST_TEST(hex_of(p["mac1"]) == purse::session_mac(*alg, psk, hex_of(p["mac1_input"])), an);
    BOOST_TEST(hex_of(p["mac2_input"]) == codec::be_bytes(d.amount, 4));
    BOOST_TEST(hex_of(p["mac2"]) == purse::purchase_mac2(*alg, psk, d), an);
    BOOST_TEST(hex_of(p["mac2"]) == purse::session_mac(*alg, psk, hex_of(p["mac2_input"])), an);
    BOOST_TEST(hex_of(p["tac_input"]) ==
               concat({codec::be_bytes(d.amount, 4), Bytes{d.txn_type}, d.terminal,
                       codec::be_bytes(d.term_seq, 4), codec::be_bytes(d.atc, 2), d.date, d.time}));
    BOOST_TEST(hex_of(p["tac"]) == purse::purchase_tac(*alg, tac_key, d), an);
    BOOST_TEST(hex_of(p["tac"]) == purse::issuer_purchase_tac(*alg, card, d), an);
    BOOST_TEST(hex_of(p["tac"]) == crypto::card_mac(*alg, tac_key, hex_of(p["tac_input"])), an);

    const Json::Value& lo = x["load"];
    const Bytes lsk =
        purse::load_session_key(*alg, purse::card_key(*alg, card, keys::Purpose::load), l);
    BOOST_TEST(hex_of(lo["session_key_input"]) ==
               concat({l.card_random, codec::be_bytes(l.online_atc, 2), Bytes{0x80, 0x00}}));
    BOOST_TEST(hex_of(lo["session_key"]) == lsk, an);
    BOOST_TEST(hex_of(lo["mac1_input"]) ==
               concat({codec::be_bytes(l.old_balance, 4), codec::be_bytes(l.amount, 4), Bytes{0x02},
                       l.terminal}));
    BOOST_TEST(hex_of(lo["mac1"]) == purse::load_mac1(*alg, lsk, l), an);
    BOOST_TEST(hex_of(lo["mac1"]) == purse::session_mac(*alg, lsk, hex_of(lo["mac1_input"])), an);
    BOOST_TEST(hex_of(lo["mac2_input"]) ==
               concat({codec::be_bytes(l.amount, 4), Bytes{0x02}, l.terminal, l.date, l.time}));
    BOOST_TEST(hex_of(lo["mac2"]) == purse::load_mac2(*alg, lsk, l), an);
    BOOST_TEST(hex_of(lo["mac2"]) == purse::issuer_load_mac2(*alg, card, l), an);
    BOOST_TEST(hex_of(lo["mac2"]) == purse::session_mac(*alg, lsk, hex_of(lo["mac2_input"])), an);
    BOOST_TEST(
        hex_of(lo["tac_input"]) ==
        concat({codec::be_bytes(l.old_balance + l.amount, 4), codec::be_bytes(l.online_atc, 2),
                codec::be_bytes(l.amount, 4), Bytes{0x02}, l.terminal, l.date, l.time}));
    BOOST_TEST(hex_of(lo["tac"]) == purse::load_tac(*alg, tac_key, l), an);
    BOOST_TEST(hex_of(lo["tac"]) == crypto::card_mac(*alg, tac_key, hex_of(lo["tac_input"])), an);

    if (*alg == crypto::Algorithm::des3) {
      // STD-4.6 item 2 for a 16-byte 3DES key: plain CBC with two-key 3DES on every block (not
      // the retail MAC), and a MAC under the 8-byte session key uses SK ‖ SK.
      auto cbc_mac = [](const Bytes& key16, Bytes data) {
        data.push_back(0x80);
        while (data.size() % 8 != 0) data.push_back(0x00);
        Bytes chain(8, 0x00);
        for (std::size_t off = 0; off < data.size(); off += 8) {
          for (std::size_t i = 0; i < 8; ++i) chain[i] ^= data[off + i];
          chain = crypto::ecb_encrypt(crypto::Algorithm::des3, key16, chain);
        }
        return Bytes(chain.begin(), chain.begin() + 4);
      };
      BOOST_TEST(hex_of(p["tac"]) == cbc_mac(tac_key, hex_of(p["tac_input"])));
      BOOST_TEST(hex_of(lo["tac"]) == cbc_mac(tac_key, hex_of(lo["tac_input"])));
      BOOST_TEST(hex_of(p["mac1"]) == cbc_mac(concat({psk, psk}), hex_of(p["mac1_input"])));
      BOOST_TEST(hex_of(lo["mac2"]) == cbc_mac(concat({lsk, lsk}), hex_of(lo["mac2_input"])));
    }
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
