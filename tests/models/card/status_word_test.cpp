// Every status word the card answers has a path (FACTS §4, STD-4.4); bad APDUs never crash it.
#include <boost/test/unit_test.hpp>
#include <random>

#include "card_test_util.hpp"

using namespace ykt;
using ykt::test::run;
using ykt::test::sw;

BOOST_AUTO_TEST_SUITE(status_words)

// Purpose: truncated or inconsistent APDUs answer 6700, never crash (STD-4.4).
BOOST_AUTO_TEST_CASE(truncated_apdus_are_6700) {
  card::ApduEngine e(test::sample_profile());
  BOOST_TEST(sw(e, {}) == 0x6700);
  BOOST_TEST(sw(e, hex_bytes("00")) == 0x6700);
  BOOST_TEST(sw(e, hex_bytes("00A404")) == 0x6700);
  BOOST_TEST(sw(e, hex_bytes("00A4040008A0000006")) == 0x6700);  // Lc 8, 3 data bytes
  BOOST_TEST(sw(e, hex_bytes("00A4040000A000")) == 0x6700);      // Lc 0 followed by data
  BOOST_TEST(sw(e, apdu::select_aid(card::kTransitAid)) == 0x9000);
  Bytes init = apdu::initialize_purchase(false, 10, test::terminal6());
  for (std::size_t cut = 1; cut + 1 < init.size(); ++cut) {  // without Le it is a case-3 command
    Bytes t(init.begin(), init.begin() + static_cast<std::ptrdiff_t>(cut));
    const auto s = sw(e, t);
    BOOST_TEST((s == 0x6700 || s == 0x6A86), "cut " << cut << " gave " << std::hex << s);
  }
  BOOST_TEST(sw(e, hex_bytes("8050010208010000000A310000")) == 0x6700);  // Lc 8 instead of 0B
  auto plan = test::start_purchase(e, 10);
  Bytes short_debit(plan.debit_apdu.begin(), plan.debit_apdu.end() - 3);
  BOOST_TEST(sw(e, short_debit) == 0x6700);
  BOOST_TEST(e.purse().balance() == 5000u);
}

// Purpose: unknown INS is 6D00 and unknown CLA is 6E00 (STD-4.4).
BOOST_AUTO_TEST_CASE(unknown_ins_and_cla) {
  card::ApduEngine e(test::sample_profile());
  BOOST_TEST(sw(e, hex_bytes("00FF000000")) == 0x6D00);
  BOOST_TEST(sw(e, hex_bytes("905C000204")) == 0x6E00);
  BOOST_TEST(sw(e, hex_bytes("005C000204")) == 0x6E00);  // purse INS needs CLA 80
}

// Purpose: commands out of sequence are 6985 (STD-4.4).
BOOST_AUTO_TEST_CASE(out_of_sequence_is_6985) {
  card::ApduEngine e(test::sample_profile());
  BOOST_TEST(sw(e, apdu::get_balance()) == 0x6985);  // no application selected
  BOOST_TEST(sw(e, apdu::select_aid(card::kTransitAid)) == 0x9000);
  BOOST_TEST(sw(e, apdu::debit(1, test::kDate, test::kTime, hex_bytes("00000000"))) == 0x6985);
  BOOST_TEST(sw(e, apdu::credit(test::kDate, test::kTime, hex_bytes("00000000"))) == 0x6985);
  BOOST_TEST(sw(e, apdu::get_response(0)) == 0x6985);
  BOOST_TEST(sw(e, hex_bytes("00B0000000")) == 0x6985);  // no binary EF selected
  // A purchase session does not allow CREDIT, a load session does not allow DEBIT.
  auto plan = test::start_purchase(e, 10);
  BOOST_TEST(sw(e, apdu::credit(test::kDate, test::kTime, hex_bytes("00000000"))) == 0x6985);
  auto load = test::start_load(e, 10);
  BOOST_TEST(sw(e, plan.debit_apdu) == 0x6985);
  (void)load;
}

// Purpose: an invalid BCD date/time or CAPP record in the command data is 6988 (STD-4.4).
BOOST_AUTO_TEST_CASE(bad_data_object_is_6988) {
  card::ApduEngine e(test::sample_profile());
  test::start_purchase(e, 10);
  BOOST_TEST(sw(e, apdu::debit(7, hex_bytes("20261399"), test::kTime, hex_bytes("00000000"))) ==
             0x6988);
  test::start_purchase(e, 10, true);
  BOOST_TEST(sw(e, apdu::update_capp_cache(0x02, hex_bytes("0102"))) == 0x6988);  // id mismatch
  BOOST_TEST(sw(e, apdu::update_capp_cache(0x09, hex_bytes("0902"))) == 0x6988);  // id > 8
  BOOST_TEST(sw(e, hex_bytes("8050010208")) == 0x6700);
  BOOST_TEST(e.purse().balance() == 5000u);
}

// Purpose: unknown files are 6A82, absent records 6A83, bad P1/P2 6A86 (STD-4.4).
BOOST_AUTO_TEST_CASE(file_record_p1p2_errors) {
  card::ApduEngine e(test::sample_profile());
  BOOST_TEST(sw(e, apdu::select_aid(hex_bytes("A0000006320101FF"))) == 0x6A82);
  BOOST_TEST(sw(e, apdu::select_ef(0x0015)) == 0x6A82);  // no application selected
  BOOST_TEST(sw(e, apdu::read_log(1)) == 0x6A82);
  BOOST_TEST(sw(e, apdu::select_aid(card::kTransitAid)) == 0x9000);
  BOOST_TEST(sw(e, apdu::select_ef(0x0099)) == 0x6A82);
  BOOST_TEST(sw(e, apdu::read_log(1)) == 0x6A83);  // empty log
  BOOST_TEST(sw(e, apdu::read_log(0)) == 0x6A83);
  BOOST_TEST(sw(e, apdu::read_capp(0x03)) == 0x6A83);
  BOOST_TEST(sw(e, hex_bytes("805C000104")) == 0x6A86);  // GET BALANCE of an ED: not supported
  BOOST_TEST(sw(e, hex_bytes("00A4080000")) == 0x6A86);
  BOOST_TEST(sw(e, hex_bytes("00B2010C00")) == 0x6A86);
  BOOST_TEST(sw(e, hex_bytes("805002020B010000000A310000000123")) == 0x6A86);
  BOOST_TEST(sw(e, apdu::select_aid(card::kSscAid)) == 0x9000);
  BOOST_TEST(sw(e, apdu::read_tag(0x01)) == 0x6985);  // no EF selected
  BOOST_TEST(sw(e, apdu::select_ef(0xEF05)) == 0x9000);
  BOOST_TEST(sw(e, apdu::read_tag(0x42)) == 0x6A83);
}

// Purpose: a wrong MAC1 is 9302; the third consecutive MAC failure locks the purse (9303) and a
// locked purse refuses everything but SELECT and reads (STD-4.4, STD-4.5).
BOOST_AUTO_TEST_CASE(mac_error_then_lock) {
  card::ApduEngine e(test::sample_profile());
  for (int i = 1; i <= 3; ++i) {
    auto plan = test::start_purchase(e, 10);
    Bytes bad = plan.mac1;
    bad[3] ^= 0x01;
    const auto s = sw(e, apdu::debit(7, test::kDate, test::kTime, bad));
    BOOST_TEST(s == (i < 3 ? 0x9302 : 0x9303), "failure " << i);
  }
  BOOST_TEST(e.purse().locked());
  BOOST_TEST(sw(e, apdu::get_balance()) == 0x9303);
  BOOST_TEST(sw(e, apdu::initialize_purchase(false, 10, test::terminal6())) == 0x9303);
  BOOST_TEST(sw(e, apdu::initialize_load(10, test::terminal6())) == 0x9303);
  BOOST_TEST(sw(e, apdu::select_aid(card::kTransitAid)) == 0x9000);
  BOOST_TEST(e.purse().balance() == 5000u);
}

// Purpose: a good MAC resets the failure count, so two failures then a success do not lock
// (STD-4.5).
BOOST_AUTO_TEST_CASE(success_resets_mac_failures) {
  card::ApduEngine e(test::sample_profile());
  for (int round = 0; round < 2; ++round) {
    for (int i = 0; i < 2; ++i) {
      auto plan = test::start_purchase(e, 10);
      BOOST_TEST(sw(e, apdu::debit(7, test::kDate, test::kTime, hex_bytes("01020304"))) == 0x9302);
    }
    auto plan = test::start_purchase(e, 10);
    BOOST_TEST(sw(e, plan.debit_apdu) == 0x9000);
  }
  BOOST_TEST(!e.purse().locked());
}

// Purpose: a wrong load MAC2 is 9302 and the balance is unchanged (STD-4.3.5).
BOOST_AUTO_TEST_CASE(load_wrong_mac2) {
  card::ApduEngine e(test::sample_profile());
  auto plan = test::start_load(e, 100);
  BOOST_TEST(sw(e, apdu::credit(test::kDate, test::kTime, hex_bytes("DEADBEEF"))) == 0x9302);
  BOOST_TEST(e.purse().balance() == 5000u);
  BOOST_TEST(sw(e, plan.credit_apdu) == 0x6985);  // the session is gone after a failure
}

// Purpose: a revoked card's purse is locked from the start (STD-4.5).
BOOST_AUTO_TEST_CASE(revoked_card_is_locked) {
  auto p = test::sample_profile();
  p.state = card::CardState::revoked;
  card::ApduEngine e(p);
  BOOST_TEST(sw(e, apdu::select_aid(card::kTransitAid)) == 0x9000);
  BOOST_TEST(sw(e, apdu::get_balance()) == 0x9303);
}

// Purpose: purchase above the balance is 9401 (STD-4.4).
BOOST_AUTO_TEST_CASE(insufficient_balance_9401) {
  card::ApduEngine e(test::sample_profile(crypto::Algorithm::sm4, 100));
  BOOST_TEST(sw(e, apdu::select_aid(card::kTransitAid)) == 0x9000);
  BOOST_TEST(sw(e, apdu::initialize_purchase(false, 101, test::terminal6())) == 0x9401);
  BOOST_TEST(sw(e, apdu::initialize_purchase(false, 100, test::terminal6())) == 0x9000);
}

// Purpose: an unknown key index is 9403 (STD-4.4, STD-4.7).
BOOST_AUTO_TEST_CASE(key_index_9403) {
  card::ApduEngine e(test::sample_profile());
  BOOST_TEST(sw(e, apdu::select_aid(card::kTransitAid)) == 0x9000);
  BOOST_TEST(sw(e, apdu::initialize_purchase(false, 1, test::terminal6(), 0x02)) == 0x9403);
  BOOST_TEST(sw(e, apdu::initialize_load(1, test::terminal6(), 0x00)) == 0x9403);
}

// Purpose: GET TRANSACTION PROVE for a transaction the card does not hold is 9406 (STD-4.4).
BOOST_AUTO_TEST_CASE(prove_unavailable_9406) {
  card::ApduEngine e(test::sample_profile());
  BOOST_TEST(sw(e, apdu::select_aid(card::kTransitAid)) == 0x9000);
  BOOST_TEST(sw(e, apdu::get_transaction_prove(0x06, 0)) == 0x9406);
  auto plan = test::start_purchase(e, 10);
  auto [out, s] = run(e, plan.debit_apdu);
  BOOST_REQUIRE_EQUAL(s, 0x9000);
  auto [prove, s2] = run(e, apdu::get_transaction_prove(0x06, 0));
  BOOST_TEST(s2 == 0x9000);
  BOOST_TEST(prove == out);
  BOOST_TEST(sw(e, apdu::get_transaction_prove(0x06, 1)) == 0x9406);
  BOOST_TEST(sw(e, apdu::get_transaction_prove(0x09, 0)) == 0x9406);
}

// Purpose: an exhausted ATC is 9407 for purchase and load (STD-4.4).
BOOST_AUTO_TEST_CASE(atc_exhausted_9407) {
  auto p = test::sample_profile();
  p.atc = 0xFFFF;
  p.online_atc = 0xFFFF;
  card::ApduEngine e(p);
  BOOST_TEST(sw(e, apdu::select_aid(card::kTransitAid)) == 0x9000);
  BOOST_TEST(sw(e, apdu::initialize_purchase(false, 1, test::terminal6())) == 0x9407);
  BOOST_TEST(sw(e, apdu::initialize_load(1, test::terminal6())) == 0x9407);
}

// Purpose: a load above the 200 CNY purse maximum or of zero is 9408 (FACTS §2, STD-4.4).
BOOST_AUTO_TEST_CASE(load_above_max_9408) {
  card::ApduEngine e(test::sample_profile(crypto::Algorithm::sm4, 19000));
  BOOST_TEST(sw(e, apdu::select_aid(card::kTransitAid)) == 0x9000);
  BOOST_TEST(sw(e, apdu::initialize_load(1001, test::terminal6())) == 0x9408);
  BOOST_TEST(sw(e, apdu::initialize_load(0, test::terminal6())) == 0x9408);
  auto plan = test::start_load(e, 1000);  // exactly to the maximum
  BOOST_TEST(sw(e, plan.credit_apdu) == 0x9000);
  BOOST_TEST(e.purse().balance() == card::kPurseMax);
}

// Purpose: a case-3 command with data to return answers 61xx and GET RESPONSE delivers it, in
// parts when Le is smaller (STD-4.4).
BOOST_AUTO_TEST_CASE(get_response_61xx) {
  card::ApduEngine e(test::sample_profile());
  Bytes sel = apdu::select_aid(card::kTransitAid);
  sel.pop_back();  // no Le: a case-3 command
  auto [d, s] = run(e, sel);
  BOOST_TEST(d.empty());
  const std::uint16_t fci_len = card::fci(card::kTransitAid, card::file_0015(e.profile())).size();
  BOOST_TEST(s == (0x6100 | fci_len));
  auto [part, s2] = run(e, apdu::get_response(10));
  BOOST_TEST(part.size() == 10u);
  BOOST_TEST(s2 == (0x6100 | (fci_len - 10)));
  auto [rest, s3] = run(e, apdu::get_response(0));
  BOOST_TEST(s3 == 0x9000);
  Bytes all = part;
  all.insert(all.end(), rest.begin(), rest.end());
  BOOST_TEST(all == card::fci(card::kTransitAid, card::file_0015(e.profile())));
  BOOST_TEST(sw(e, apdu::get_response(0)) == 0x6985);
  // Le smaller than the answer of a case-2/4 command is 6700.
  BOOST_TEST(sw(e, hex_bytes("805C000202")) == 0x6700);
}

// Purpose: thousands of random and mutated APDUs never crash the card and always get a 2-byte
// status word (STD-4.4 robustness).
BOOST_AUTO_TEST_CASE(fuzz_random_apdus) {
  std::mt19937 rng(20261130);
  card::ApduEngine e(test::sample_profile(crypto::Algorithm::sm4, 20000));
  const std::uint8_t ins[] = {0xA4, 0xB0, 0xB2, 0xC0, 0x5C, 0x50, 0xDC, 0x54, 0x52, 0x5A, 0x00};
  std::size_t answered = 0;
  for (int i = 0; i < 30000; ++i) {
    Bytes c;
    const int mode = static_cast<int>(rng() % 3);
    if (mode == 0) {  // pure noise
      c.resize(rng() % 40);
      for (auto& b : c) b = static_cast<std::uint8_t>(rng());
    } else {  // plausible header, random body
      c = {static_cast<std::uint8_t>(rng() % 2 ? 0x80 : 0x00), ins[rng() % sizeof ins],
           static_cast<std::uint8_t>(rng() % 4),
           static_cast<std::uint8_t>(rng() % 2 ? 0x02 : rng())};
      const std::size_t n = rng() % 20;
      if (n > 0) c.push_back(static_cast<std::uint8_t>(mode == 1 ? n : rng()));
      for (std::size_t k = 0; k < n; ++k) c.push_back(static_cast<std::uint8_t>(rng()));
      if (rng() % 2) c.push_back(static_cast<std::uint8_t>(rng()));
      if (rng() % 5 == 0) {
        auto sel = apdu::select_aid(rng() % 2 ? card::kTransitAid : card::kSscAid);
        BOOST_REQUIRE(e.process(sel).has_value());
      }
    }
    auto r = e.process(c);
    BOOST_REQUIRE(r.has_value());
    BOOST_REQUIRE_GE(r->size(), 2u);
    ++answered;
  }
  BOOST_TEST(answered == 30000u);
  BOOST_TEST(e.purse().balance() <= card::kPurseMax);
}

BOOST_AUTO_TEST_SUITE_END()
