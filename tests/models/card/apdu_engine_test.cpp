// APDU flows of the reference card: purchase, compound purchase, load, files, SM4 and 3DES.
#include <boost/test/data/test_case.hpp>
#include <boost/test/unit_test.hpp>

#include "card_test_util.hpp"
#include "common/purchase_record.hpp"
#include "pii.hpp"

using namespace ykt;
using ykt::test::run;
using ykt::test::sw;
namespace bdata = boost::unit_test::data;
BOOST_TEST_DONT_PRINT_LOG_VALUE(ykt::crypto::Algorithm)

namespace {
const crypto::Algorithm kAlgs[] = {crypto::Algorithm::sm4, crypto::Algorithm::des3};
}

BOOST_AUTO_TEST_SUITE(apdu_engine)

// Purpose: SELECT by AID answers an FCI whose 9F0C is file 0015; unknown AID is 6A82 (STD-4.1).
BOOST_AUTO_TEST_CASE(select_transit_returns_fci) {
  card::ApduEngine e(test::sample_profile());
  auto [fci, s] = run(e, apdu::select_aid(card::kTransitAid));
  BOOST_TEST(s == 0x9000);
  BOOST_TEST(fci[0] == 0x6F);
  auto df = apdu::find_tlv(fci, 0x84);
  BOOST_REQUIRE(df);
  BOOST_TEST(*df == card::kTransitAid);
  auto issuer = apdu::find_tlv(fci, 0x9F0C);
  BOOST_REQUIRE(issuer);
  BOOST_TEST(*issuer == card::file_0015(e.profile()));
  BOOST_TEST(issuer->size() == 30u);
  BOOST_TEST(sw(e, apdu::select_aid(hex_bytes("A000000333010101"))) == 0x6A82);
}

// Purpose: 0015/0017 are readable with READ BINARY in the transit app only (STD-4.2).
BOOST_AUTO_TEST_CASE(transit_files_read_binary) {
  card::ApduEngine e(test::sample_profile());
  BOOST_TEST(sw(e, apdu::select_aid(card::kTransitAid)) == 0x9000);
  BOOST_TEST(sw(e, apdu::select_ef(0x0017)) == 0x9000);
  auto [f17, s] = run(e, hex_bytes("00B0000000"));
  BOOST_TEST(s == 0x9000);
  BOOST_TEST(to_hex(f17).substr(0, 10) == "2900310000");  // Shanghai transit code 2900 (FACTS §4)
  auto [f15, s2] = run(e, hex_bytes("00B0950000"));       // by SFI 0x15
  BOOST_TEST(s2 == 0x9000);
  BOOST_TEST(f15 == card::file_0015(e.profile()));
  BOOST_TEST(sw(e, apdu::select_ef(0xEF05)) == 0x6A82);  // SSC file not in the transit app
}

// Purpose: a purchase debits the balance, bumps the ATC, logs the record and answers a TAC and a
// MAC2 that the issuer and terminal verify, for SM4 and 3DES cards (STD-4.3.3, STD-4.6).
BOOST_DATA_TEST_CASE(purchase_flow, bdata::make(kAlgs), alg) {
  card::ApduEngine e(test::sample_profile(alg, 5000));
  auto plan = test::start_purchase(e, 300);
  auto [out, s] = run(e, plan.debit_apdu);
  BOOST_REQUIRE_EQUAL(s, 0x9000);
  BOOST_REQUIRE_EQUAL(out.size(), 8u);
  const Bytes tac(out.begin(), out.begin() + 4);
  const Bytes mac2(out.begin() + 4, out.end());
  BOOST_TEST(purse::verify_purchase_mac2(alg, e.profile().ref(), plan.data, mac2));
  BOOST_TEST(purse::verify_purchase_tac(alg, e.profile().ref(), plan.data, tac));
  Bytes bad_tac = tac;
  bad_tac[0] ^= 1;
  BOOST_TEST(!purse::verify_purchase_tac(alg, e.profile().ref(), plan.data, bad_tac));
  BOOST_TEST(e.purse().balance() == 4700u);
  BOOST_TEST(e.purse().atc() == 1u);
  auto [bal, s2] = run(e, apdu::get_balance());
  BOOST_TEST(s2 == 0x9000);
  BOOST_TEST(codec::be_value(bal, 0, 4) == 4700u);
  auto [rec, s3] = run(e, apdu::read_log(1));
  BOOST_TEST(s3 == 0x9000);
  auto log = apdu::parse_log_record(rec);
  BOOST_REQUIRE(log);
  BOOST_TEST(log->atc == 0u);
  BOOST_TEST(log->amount == 300u);
  BOOST_TEST(log->txn_type == 0x06);
  BOOST_TEST(log->terminal_id == "310000000123");
  BOOST_TEST(log->date == "20261130");
  BOOST_TEST(log->time == "143000");
  // The clearing record built from it verifies too (exchange side).
  PurchaseRecord r;
  r.txn_id = "310000000123-000000000001";
  r.terminal_id = "310000000123";
  r.card = e.profile().ref();
  r.amount = 300;
  r.atc = 0;
  r.term_seq = 7;
  r.date = "20261130";
  r.time = "143000";
  r.tac = to_hex(tac);
  r.alg = alg;
  auto parsed = parse_purchase_record(r.to_json());
  BOOST_REQUIRE(parsed.ok());
  BOOST_TEST(parsed->tac_valid());
  r.amount = 301;
  BOOST_TEST(!r.tac_valid());
}

// Purpose: the log keeps 10 records, newest first (FACTS §4, STD-4.3.7).
BOOST_AUTO_TEST_CASE(log_keeps_ten_newest_first) {
  card::ApduEngine e(test::sample_profile(crypto::Algorithm::sm4, 20000));
  for (std::uint32_t i = 1; i <= 12; ++i) {
    auto plan = test::start_purchase(e, i, false, 100 + i);
    BOOST_REQUIRE_EQUAL(sw(e, plan.debit_apdu), 0x9000);
  }
  for (std::uint8_t n = 1; n <= 10; ++n) {
    auto [rec, s] = run(e, apdu::read_log(n));
    BOOST_REQUIRE_EQUAL(s, 0x9000);
    auto log = apdu::parse_log_record(rec);
    BOOST_REQUIRE(log);
    BOOST_TEST(log->amount == 13u - n);
    BOOST_TEST(log->atc == 12u - n);
  }
  BOOST_TEST(sw(e, apdu::read_log(11)) == 0x6A83);
}

// Purpose: a compound purchase commits its CAPP record with the debit and uses type 09 in MAC1
// and the TAC; a MAC1 computed for type 06 is refused (STD-4.3.4).
BOOST_DATA_TEST_CASE(compound_purchase_flow, bdata::make(kAlgs), alg) {
  card::ApduEngine e(test::sample_profile(alg, 1000));
  auto plan = test::start_purchase(e, 200, true);
  const Bytes record = hex_bytes("0129000000000001202611301430");
  BOOST_TEST(sw(e, apdu::update_capp_cache(0x01, record)) == 0x9000);
  // Nothing is written before the debit.
  BOOST_TEST(sw(e, apdu::read_capp(0x01)) == 0x6A83);
  auto [out, s] = run(e, plan.debit_apdu);
  BOOST_REQUIRE_EQUAL(s, 0x9000);
  const Bytes tac(out.begin(), out.begin() + 4);
  BOOST_TEST(purse::verify_purchase_tac(alg, e.profile().ref(), plan.data, tac));
  auto [capp, s2] = run(e, apdu::read_capp(0x01));
  BOOST_TEST(s2 == 0x9000);
  BOOST_TEST(capp == record);
  auto log = apdu::parse_log_record(run(e, apdu::read_log(1)).first);
  BOOST_REQUIRE(log);
  BOOST_TEST(log->txn_type == 0x09);
  BOOST_TEST(e.purse().balance() == 800u);

  // Second compound purchase whose terminal computes MAC1 with type 06: 9302, nothing written.
  auto plan2 = test::start_purchase(e, 100, true, 8);
  purse::PurchaseData wrong = plan2.data;
  wrong.txn_type = purse::kTypePurchase;
  const Bytes bad_mac1 = purse::terminal_purchase_mac1(alg, e.profile().ref(), wrong);
  BOOST_TEST(sw(e, apdu::update_capp_cache(0x01, hex_bytes("01FF"))) == 0x9000);
  BOOST_TEST(sw(e, apdu::debit(8, test::kDate, test::kTime, bad_mac1)) == 0x9302);
  BOOST_TEST(e.purse().balance() == 800u);
  BOOST_TEST(run(e, apdu::read_capp(0x01)).first == record);
}

// Purpose: UPDATE CAPP DATA CACHE outside a compound purchase is 6985 (STD-4.3.4).
BOOST_AUTO_TEST_CASE(capp_cache_needs_compound_session) {
  card::ApduEngine e(test::sample_profile());
  test::start_purchase(e, 10, false);
  BOOST_TEST(sw(e, apdu::update_capp_cache(0x01, hex_bytes("0102"))) == 0x6985);
}

// Purpose: a load credits the purse; MAC1 verifies at the issuer, the issuer's MAC2 is accepted
// and the TAC verifies, for SM4 and 3DES cards (STD-4.3.5, STD-4.6).
BOOST_DATA_TEST_CASE(load_flow, bdata::make(kAlgs), alg) {
  card::ApduEngine e(test::sample_profile(alg, 1500));
  auto plan = test::start_load(e, 5000);
  BOOST_TEST(purse::verify_load_mac1(alg, e.profile().ref(), plan.data, plan.mac1));
  BOOST_TEST(plan.data.old_balance == 1500u);
  auto [tac, s] = run(e, plan.credit_apdu);
  BOOST_REQUIRE_EQUAL(s, 0x9000);
  BOOST_TEST(purse::verify_load_tac(alg, e.profile().ref(), plan.data, tac));
  BOOST_TEST(e.purse().balance() == 6500u);
  BOOST_TEST(e.purse().online_atc() == 1u);
  BOOST_TEST(e.purse().atc() == 0u);
  auto log = apdu::parse_log_record(run(e, apdu::read_log(1)).first);
  BOOST_REQUIRE(log);
  BOOST_TEST(log->txn_type == 0x02);
  BOOST_TEST(log->amount == 5000u);
  // GET TRANSACTION PROVE gives back the same TAC.
  auto [prove, s2] = run(e, apdu::get_transaction_prove(0x02, 0));
  BOOST_TEST(s2 == 0x9000);
  BOOST_TEST(Bytes(prove.begin(), prove.begin() + 4) == tac);
}

// Purpose: a card of one algorithm refuses MAC1 made with the other (STD-4.6).
BOOST_AUTO_TEST_CASE(algorithm_mismatch_is_mac_error) {
  card::ApduEngine e(test::sample_profile(crypto::Algorithm::des3));
  auto plan = test::start_purchase(e, 10);
  const Bytes sm4_mac1 =
      purse::terminal_purchase_mac1(crypto::Algorithm::sm4, e.profile().ref(), plan.data);
  BOOST_TEST(sw(e, apdu::debit(7, test::kDate, test::kTime, sm4_mac1)) == 0x9302);
}

// Purpose: EF05 and EF06 answer their TLV items; the citizen ID appears only in EF06 tag 08
// (STD-4.2, STD-8.4).
BOOST_AUTO_TEST_CASE(ssc_records_and_citizen_id_only_in_ef06) {
  card::ApduEngine e(test::sample_profile());
  const std::string cid = e.profile().citizen_id;
  auto contains_cid = [&](const Bytes& b) {
    return std::string(b.begin(), b.end()).find(cid) != std::string::npos;
  };
  auto [fci, s] = run(e, apdu::select_aid(card::kSscAid));
  BOOST_REQUIRE_EQUAL(s, 0x9000);
  BOOST_TEST(!contains_cid(fci));
  auto issuer = apdu::find_tlv(fci, 0x9F0C);
  BOOST_REQUIRE(issuer);
  BOOST_TEST(to_hex(Bytes(issuer->begin(), issuer->begin() + 3)) == "310000");
  BOOST_TEST(std::string(issuer->begin() + 3, issuer->end()) == "Y31000042");
  BOOST_TEST(sw(e, apdu::select_ef(0xEF05)) == 0x9000);
  for (std::uint8_t tag : {0x01, 0x04, 0x05, 0x06, 0x07}) {
    auto [tlv, s2] = run(e, apdu::read_tag(tag));
    BOOST_TEST(s2 == 0x9000);
    BOOST_TEST(tlv[0] == tag);
    BOOST_TEST(!contains_cid(tlv));
  }
  const Bytes no = run(e, apdu::read_tag(0x07)).first;
  BOOST_TEST(std::string(no.begin() + 2, no.end()) == "Y31000042");
  BOOST_TEST(sw(e, apdu::read_tag(0x08)) == 0x6A83);  // the citizen ID is not in EF05
  BOOST_TEST(sw(e, apdu::select_ef(0xEF06)) == 0x9000);
  auto [idtlv, s3] = run(e, apdu::read_tag(0x08));
  BOOST_TEST(s3 == 0x9000);
  BOOST_TEST(idtlv.size() == 20u);
  BOOST_TEST(contains_cid(idtlv));
  BOOST_TEST(run(e, apdu::read_tag(0x0A)).first[2] == '1');  // sequence 001: odd = male
  BOOST_TEST(to_hex(run(e, apdu::read_tag(0x0D)).first) == "0d0419900101");
  // Nothing in the transit application carries it.
  auto [tfci, s4] = run(e, apdu::select_aid(card::kTransitAid));
  BOOST_TEST(!contains_cid(tfci));
  BOOST_TEST(!contains_cid(run(e, hex_bytes("00B0970000")).first));
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(apdu_engine_rate)

// Purpose: 20000 SELECT+INITIALIZE+DEBIT sequences leave exactly the expected balance and ATC,
// and report the engine's rate (STD-4.3.3; figure for the report, no timing assertion).
BOOST_AUTO_TEST_CASE(many_debits) {
  card::ApduEngine e(test::sample_profile(crypto::Algorithm::sm4, 20000));
  const int n = 20000;
  const auto t0 = std::chrono::steady_clock::now();
  for (int i = 0; i < n; ++i) {
    auto plan = test::start_purchase(e, 1, false, static_cast<std::uint32_t>(i));
    BOOST_REQUIRE_EQUAL(sw(e, plan.debit_apdu), 0x9000);
  }
  const double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  BOOST_TEST(e.purse().balance() == 0u);
  BOOST_TEST(e.purse().atc() == static_cast<unsigned>(n));
  BOOST_TEST_MESSAGE("card engine: "
                     << static_cast<long>(n / s)
                     << " purchases/s (SELECT+INIT+DEBIT, SM4, incl. terminal MAC1)");
}

BOOST_AUTO_TEST_SUITE_END()
