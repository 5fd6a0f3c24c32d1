// Terminal-level recovery of torn debits and loads: at every write point the card ends old or
// new and the terminal neither debits twice nor loses the record (FACTS §4, STD-4.8, STD-6).
#include <boost/test/unit_test.hpp>

#include "reader_test_util.hpp"

using namespace ykt;
using test::World;

namespace {
constexpr std::uint32_t kDebitWrites = 10;  // 4 fields: 2*4 + 2 (APDU.md §8)

void tear(World& w, const std::string& card, std::uint32_t n) {
  Json::Value t;
  t["after_writes"] = n;
  BOOST_REQUIRE_EQUAL(w.ask(card, "test.tear", t)["status"].asString(), "OK");
}
void power_on(World& w, const std::string& card) {
  Json::Value on;
  on["on"] = true;
  BOOST_REQUIRE_EQUAL(w.ask(card, "test.power", on)["status"].asString(), "OK");
}
}  // namespace

BOOST_AUTO_TEST_SUITE(terminal_tearing)

// Purpose: a debit torn at write n (n = 1..10) is re-read at the next tap: exactly one debit, one
// record with a valid TAC, and the same txn_id when the first debit had happened (STD-4.8).
BOOST_AUTO_TEST_CASE(debit_torn_at_every_write_point) {
  int recovered = 0, redone = 0;
  for (std::uint32_t n = 1; n <= kDebitWrites; ++n) {
    World w;
    const auto card = w.add_card(test::profile());
    tear(w, card, n);
    auto first = w.tap("transit", {card}, test::amount(100));
    BOOST_TEST(first["status"].asString() == "E2014", "n=" << n);
    BOOST_TEST(first["pending"].asBool());
    BOOST_TEST(w.terminal->pending_recoveries() == 1u);
    power_on(w, card);
    auto second = w.tap("transit", {card}, test::amount(100));
    BOOST_REQUIRE_EQUAL(second["status"].asString(), "OK");
    BOOST_TEST(w.balance(card) == 4900u, "double or lost debit at n=" << n);
    BOOST_TEST(w.terminal->pending_recoveries() == 0u);
    if (second["recovered"].asBool()) {
      ++recovered;
      BOOST_TEST(second["txn_id"].asString() == first["txn_id"].asString());
    } else {
      ++redone;
      BOOST_TEST(second["recovered_done"].asBool() == false);
    }
    w.flush();
    BOOST_REQUIRE_EQUAL(w.backend->records.size(), 1u);
    BOOST_TEST(w.backend->records[0].tac_valid());
    BOOST_TEST(w.backend->records[0].atc == 0u);
    BOOST_TEST(w.cards[card]->engine().purse().atc() == 1u);
  }
  BOOST_TEST(recovered >= 1);
  BOOST_TEST(redone >= 1);
}

// Purpose: a load torn at write n is decided at the next tap: if the card was credited the
// terminal sends topup.confirm with the card's TAC, otherwise nothing; the later debit is single
// (STD-4.8, STD-6.3).
BOOST_AUTO_TEST_CASE(load_torn_at_every_write_point) {
  int credited = 0, not_credited = 0;
  for (std::uint32_t n = 1; n <= kDebitWrites; ++n) {
    World w;
    const auto card = w.add_card(test::profile());
    // SELECT, INITIALIZE FOR LOAD and topup.auth write nothing: the cut falls inside CREDIT.
    tear(w, card, n);
    auto first = w.tap("topup", {card}, test::amount(1000));
    BOOST_TEST(first["status"].asString() == "E2014", "n=" << n);
    BOOST_TEST(w.backend->confirmed.empty());
    power_on(w, card);
    auto second = w.tap("transit", {card}, test::amount(100));
    BOOST_REQUIRE_EQUAL(second["status"].asString(), "OK");
    BOOST_TEST(second["recovered_txn"].asString() == first["txn_id"].asString());
    if (second["recovered_done"].asBool()) {
      ++credited;
      BOOST_TEST(w.balance(card) == 5000u + 1000u - 100u);
      BOOST_REQUIRE_EQUAL(w.backend->confirmed.size(), 1u);
      BOOST_TEST(w.backend->confirmed[0] == first["txn_id"].asString());
    } else {
      ++not_credited;
      BOOST_TEST(w.balance(card) == 5000u - 100u);
      BOOST_TEST(w.backend->confirmed.empty());
    }
  }
  BOOST_TEST(credited >= 1);
  BOOST_TEST(not_credited >= 1);
}

// Purpose: a debit torn after its commit and recovered at a top-up tap is stored as its own record
// with the card's TAC and the first txn_id, and the top-up then runs as its own transaction
// (STD-4.8 rule 2: "in every other case the tap then continues with its own transaction").
BOOST_AUTO_TEST_CASE(debit_recovered_at_a_topup_tap) {
  World w;
  const auto card = w.add_card(test::profile());
  tear(w, card, kDebitWrites);  // the last write: the card holds the new state after power-up
  auto first = w.tap("transit", {card}, test::amount(100));
  BOOST_REQUIRE_EQUAL(first["status"].asString(), "E2014");
  power_on(w, card);
  auto second = w.tap("topup", {card}, test::amount(1000));
  BOOST_REQUIRE_EQUAL(second["status"].asString(), "OK");
  BOOST_TEST(second["recovered_txn"].asString() == first["txn_id"].asString());
  BOOST_TEST(second["recovered_done"].asBool());
  BOOST_TEST(second["txn_id"].asString() != first["txn_id"].asString());
  BOOST_TEST(w.terminal->pending_recoveries() == 0u);
  BOOST_TEST(w.balance(card) == 5000u - 100u + 1000u);
  w.flush();
  BOOST_REQUIRE_EQUAL(w.backend->records.size(), 1u);
  BOOST_TEST(w.backend->records[0].txn_id == first["txn_id"].asString());
  BOOST_TEST(w.backend->records[0].amount == 100u);
  BOOST_TEST(w.backend->records[0].tac_valid());
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(terminal_power_loss)

// Purpose: a terminal that loses power after a torn debit keeps its records, sequence number and
// pending recovery through snapshot/restore, and the re-tap still debits once (FACTS §5, STD-6).
BOOST_AUTO_TEST_CASE(state_survives_restart) {
  World w;
  const auto card = w.add_card(test::profile());
  BOOST_REQUIRE_EQUAL(w.tap("transit", {card}, test::amount(50))["status"].asString(), "OK");
  tear(w, card, 8);  // after the commit flag: the second debit happens on the card
  auto torn = w.tap("transit", {card}, test::amount(100));
  BOOST_REQUIRE_EQUAL(torn["status"].asString(), "E2014");
  const Json::Value snap = w.terminal->snapshot();
  BOOST_TEST(snap["records"].size() == 1u);
  BOOST_TEST(snap["pending"].size() == 1u);
  BOOST_TEST(json::compact(snap).find("31011819900101001X") == std::string::npos);

  // A new terminal process with the same id, restored from the snapshot (added under a second
  // address: LocalRuntime cannot replace a live actor that still has timers).
  reader::TerminalConfig cfg;
  cfg.terminal_id = test::kTerminalId;
  auto fresh = std::make_shared<reader::Terminal>(cfg);
  BOOST_REQUIRE(fresh->restore(snap).ok());
  w.terminal = fresh;
  w.reader = test::kReader + ".restarted";
  w.rt.add(w.reader, fresh);
  power_on(w, card);
  auto again = w.tap("transit", {card}, test::amount(100));
  BOOST_REQUIRE_EQUAL(again["status"].asString(), "OK");
  BOOST_TEST(again["recovered"].asBool());
  BOOST_TEST(again["txn_id"].asString() == torn["txn_id"].asString());
  BOOST_TEST(w.balance(card) == 5000u - 50u - 100u);
  BOOST_TEST(w.flush()["uploaded"].asUInt() == 2u);
  for (const auto& r : w.backend->records) BOOST_TEST(r.tac_valid());
  BOOST_TEST(w.backend->records[1].term_seq == 2u);
  // A snapshot of another terminal or a broken one is refused.
  Json::Value bad = snap;
  bad["pending"][0]["random"] = "zz";
  BOOST_TEST(!fresh->restore(bad).ok());
  bad = snap;
  bad["terminal_id"] = "310000000999";
  BOOST_TEST(!fresh->restore(bad).ok());
}

BOOST_AUTO_TEST_SUITE_END()
