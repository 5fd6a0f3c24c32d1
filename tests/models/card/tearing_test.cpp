// Anti-tearing: a power cut at every write point of a debit and a load leaves the old or the new
// state, never a mix (FACTS §4 "Tearing", STD-4.8).
#include <boost/test/unit_test.hpp>
#include <functional>

#include "card_test_util.hpp"

using namespace ykt;
using ykt::test::run;
using ykt::test::sw;
using Contents = std::map<std::string, Bytes>;

namespace {

// A command on a fresh card, split into the part before the tearable command and the command.
struct Scenario {
  std::function<Bytes(card::ApduEngine&)> prepare;  // returns the tearable APDU
};

struct Sweep {
  std::uint64_t writes = 0;
  int old_states = 0;
  int new_states = 0;
};

// Runs the scenario untorn to learn its write count and final state, then tears it at every
// write point n = 1..writes and checks the recovered state.
Sweep sweep(const Scenario& sc, crypto::Algorithm alg) {
  Sweep out;
  card::ApduEngine clean(test::sample_profile(alg));
  const Bytes cmd = sc.prepare(clean);
  const Contents before = clean.store().contents();
  const std::uint64_t w0 = clean.store().write_count();
  const auto answer = clean.process(cmd);
  BOOST_REQUIRE(answer.has_value());
  BOOST_REQUIRE_EQUAL(card::sw_of(*answer), 0x9000);
  out.writes = clean.store().write_count() - w0;
  const Contents after = clean.store().contents();
  BOOST_REQUIRE(before != after);
  BOOST_REQUIRE_GE(out.writes, 4u);

  for (std::uint32_t n = 1; n <= out.writes + 1; ++n) {
    card::ApduEngine e(test::sample_profile(alg));
    const Bytes c = sc.prepare(e);
    BOOST_REQUIRE(e.store().contents() == before);
    e.arm_tear(n);
    const auto r = e.process(c);
    if (n == out.writes + 1) {  // beyond the last write: no cut, normal answer
      BOOST_REQUIRE(r.has_value());
      BOOST_TEST((*r == *answer));
      BOOST_TEST((e.store().contents() == after));
      continue;
    }
    BOOST_TEST(!r.has_value(), "write point " << n << " still answered");
    BOOST_TEST(!e.powered());
    BOOST_TEST(!e.process(apdu::get_balance()).has_value(), "unpowered card answered");
    e.power_up();
    const Contents& now = e.store().contents();
    const bool is_old = now == before;
    const bool is_new = now == after;
    BOOST_TEST((is_old || is_new), "mixed state after a cut at write " << n);
    out.old_states += is_old ? 1 : 0;
    out.new_states += is_new ? 1 : 0;
    BOOST_TEST(e.store().journal_entries() == 0u);
    // The card keeps working afterwards and its balance equals what its log says.
    BOOST_TEST(sw(e, apdu::select_aid(card::kTransitAid)) == 0x9000);
    BOOST_TEST(sw(e, apdu::get_balance()) == 0x9000);
  }
  return out;
}

Bytes prepare_debit(card::ApduEngine& e) {
  return test::start_purchase(e, 123).debit_apdu;
}
Bytes prepare_compound(card::ApduEngine& e) {
  auto plan = test::start_purchase(e, 50, true);
  BOOST_REQUIRE_EQUAL(sw(e, apdu::update_capp_cache(0x01, hex_bytes("01AABBCC"))), 0x9000);
  return plan.debit_apdu;
}
Bytes prepare_load(card::ApduEngine& e) {
  return test::start_load(e, 2000).credit_apdu;
}
Bytes prepare_second_debit(card::ApduEngine& e) {  // a debit that also resets the MAC counter
  auto first = test::start_purchase(e, 10);
  BOOST_REQUIRE_EQUAL(sw(e, apdu::debit(7, test::kDate, test::kTime, hex_bytes("00000000"))),
                      0x9302);
  return test::start_purchase(e, 10, false, 9).debit_apdu;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(tearing)

// Purpose: the persistent store rolls a committed journal forward and discards an uncommitted
// one (STD-4.8).
BOOST_AUTO_TEST_CASE(store_journal_semantics) {
  card::PersistentStore s;
  s.personalise("a", {1});
  s.personalise("b", {2});
  s.stage("a", {10});
  s.stage("b", {20});
  s.arm_tear(3);  // after both journal entries, before the commit flag
  BOOST_TEST(!s.commit());
  BOOST_TEST(s.journal_entries() == 2u);
  BOOST_TEST(!s.journal_committed());
  BOOST_TEST(!s.power_up());
  BOOST_TEST(*s.get("a") == Bytes{1});
  BOOST_TEST(*s.get("b") == Bytes{2});
  s.stage("a", {10});
  s.stage("b", {20});
  s.arm_tear(5);  // flag written, "a" home written, cut before "b"
  BOOST_TEST(!s.commit());
  BOOST_TEST(*s.get("a") == Bytes{10});
  BOOST_TEST(*s.get("b") == Bytes{2});  // the mixed physical state that recovery repairs
  BOOST_TEST(s.power_up());
  BOOST_TEST(*s.get("b") == Bytes{20});
  s.stage("a", {11});
  BOOST_TEST(s.commit());
  // 2 writes before the first cut, 4 before the second, 4 for a one-entry commit.
  BOOST_TEST(s.write_count() == 2u + 4u + 4u);
}

// Purpose: tearing at every write point of a debit gives the old or the new state, both occur,
// and the card then works (FACTS §4, STD-4.8), for SM4 and 3DES.
BOOST_AUTO_TEST_CASE(debit_every_write_point) {
  for (auto alg : {crypto::Algorithm::sm4, crypto::Algorithm::des3}) {
    const Sweep s = sweep({prepare_debit}, alg);
    BOOST_TEST_MESSAGE("debit write points: " << s.writes);
    BOOST_TEST(s.old_states >= 1);
    BOOST_TEST(s.new_states >= 1);
    BOOST_TEST(static_cast<std::uint64_t>(s.old_states + s.new_states) == s.writes);
  }
}

// Purpose: tearing at every write point of a compound debit keeps the CAPP record and the
// debit together (STD-4.3.4, STD-4.8).
BOOST_AUTO_TEST_CASE(compound_debit_every_write_point) {
  const Sweep s = sweep({prepare_compound}, crypto::Algorithm::sm4);
  BOOST_TEST(s.old_states >= 1);
  BOOST_TEST(s.new_states >= 1);
}

// Purpose: tearing at every write point of a load gives the old or the new state (STD-4.8).
BOOST_AUTO_TEST_CASE(load_every_write_point) {
  for (auto alg : {crypto::Algorithm::sm4, crypto::Algorithm::des3}) {
    const Sweep s = sweep({prepare_load}, alg);
    BOOST_TEST_MESSAGE("load write points: " << s.writes);
    BOOST_TEST(s.old_states >= 1);
    BOOST_TEST(s.new_states >= 1);
  }
}

// Purpose: tearing a debit that also clears the MAC-failure counter, and tearing the counter
// update of a MAC failure, are atomic too (STD-4.8).
BOOST_AUTO_TEST_CASE(mac_counter_writes_every_write_point) {
  const Sweep a = sweep({prepare_second_debit}, crypto::Algorithm::sm4);
  BOOST_TEST(a.old_states >= 1);
  BOOST_TEST(a.new_states >= 1);
}

// Purpose: after a torn debit the terminal can tell from the log and GET TRANSACTION PROVE
// whether it happened, and gets the same TAC as an untorn run (STD-4.8, STD-6).
BOOST_AUTO_TEST_CASE(torn_debit_is_provable) {
  card::ApduEngine clean(test::sample_profile());
  const Bytes cmd = prepare_debit(clean);
  const auto answer = clean.process(cmd);
  BOOST_REQUIRE(answer);
  const std::uint64_t writes = clean.store().write_count();
  int proven = 0;
  for (std::uint32_t n = 1; n <= writes; ++n) {
    card::ApduEngine e(test::sample_profile());
    const Bytes c = prepare_debit(e);
    e.arm_tear(n);
    BOOST_REQUIRE(!e.process(c).has_value());
    e.power_up();
    BOOST_TEST(sw(e, apdu::select_aid(card::kTransitAid)) == 0x9000);
    auto [prove, s] = run(e, apdu::get_transaction_prove(0x06, 0));
    if (e.purse().atc() == 1) {
      BOOST_TEST(s == 0x9000);
      BOOST_TEST(Bytes(prove.begin(), prove.begin() + 4) ==
                 Bytes(answer->begin(), answer->begin() + 4));
      BOOST_TEST(e.purse().balance() == 5000u - 123u);
      ++proven;
    } else {
      BOOST_TEST(s == 0x9406);
      BOOST_TEST(e.purse().balance() == 5000u);
      BOOST_TEST(sw(e, apdu::read_log(1)) == 0x6A83);
    }
  }
  BOOST_TEST(proven >= 1);
}

// Purpose: an armed cut counts persistent writes from arming, so commands that write nothing
// pass and the next writing command is cut (STD-4.9).
BOOST_AUTO_TEST_CASE(tear_counts_writes_from_arming) {
  card::ApduEngine e(test::sample_profile());
  e.arm_tear(1);
  BOOST_TEST(sw(e, apdu::select_aid(card::kTransitAid)) == 0x9000);  // no writes: not torn
  auto plan = test::start_purchase(e, 10);
  BOOST_TEST(!e.process(plan.debit_apdu).has_value());
  e.power_up();
  BOOST_TEST(e.purse().balance() == 5000u);
  e.arm_tear(0);
  plan = test::start_purchase(e, 10);
  BOOST_TEST(sw(e, plan.debit_apdu) == 0x9000);
  BOOST_TEST(e.purse().balance() == 4990u);
}

BOOST_AUTO_TEST_SUITE_END()
