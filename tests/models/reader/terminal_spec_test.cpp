// The reference terminal against clauses a clean-room audit found it deviating from: the 9303
// mapping (STD-4.4), venue base_price (STD-6.1) and the wrong-MAC2 record (STD-4.3.4).
#include <boost/test/unit_test.hpp>

#include <algorithm>

#include "../../bad_iuts/actor_wrapper.hpp"
#include "reader/status_mapping.hpp"
#include "reader_test_util.hpp"

using namespace ykt;
using test::World;

namespace {

/// Adds a card whose DEBIT answers carry a MAC2 with one bit flipped (a forged card).
std::string add_forged_mac2_card(World& w, const card::CardProfile& p) {
  auto inner = std::make_shared<card::CardActor>(p, card::CardTiming{});
  auto debit_sent = std::make_shared<bool>(false);
  auto wrapped = std::make_shared<testing::ActorWrapper>(
      inner,
      [debit_sent](Envelope& e) {
        *debit_sent = e.body["capdu"].asString().rfind("8054", 0) == 0;
        return true;
      },
      [debit_sent](Envelope& e) {
        if (*debit_sent)
          testing::rewrite_ok_answer(e, [](Bytes& d) {
            if (d.size() == 8) d[4] ^= 0x01;  // TAC 4 ‖ MAC2 4: flip MAC2's first byte
          });
        return true;
      });
  const std::string addr = "card." + p.card_no;
  w.cards[addr] = inner;
  w.rt.add(addr, wrapped);
  return addr;
}

/// True when a log line of the runtime contains `text`.
bool logged(const World& w, const std::string& text) {
  for (const auto& l : w.rt.logs())
    if (l.find(text) != std::string::npos) return true;
  return false;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(terminal_spec)

// Purpose: status word 9303 (application locked) maps to E2004, and the other card words as
// listed (STD-4.4 reader mapping, STD-4.5 revoked = the application lock).
BOOST_AUTO_TEST_CASE(status_word_mapping) {
  BOOST_TEST(reader::code(reader::sw_error(0x9303)) == "E2004");
  BOOST_TEST(reader::code(reader::sw_error(0x9401)) == "E2005");
  BOOST_TEST(reader::code(reader::sw_error(0x9302)) == "E2006");
  BOOST_TEST(reader::code(reader::sw_error(0x9408)) == "E2012");
  BOOST_TEST(reader::code(reader::sw_error(0x6A82)) == "E9001");
}

// Purpose: a tap on a card whose purse is locked (a revoked card, 9303 at INITIALIZE) answers
// E2004 with sw 9303 and stores nothing, for a purchase and for a load (STD-4.4, STD-4.5).
BOOST_AUTO_TEST_CASE(locked_card_answers_e2004) {
  World w;
  auto p = test::profile();
  p.state = CardState::revoked;
  const auto card = w.add_card(p);
  auto r = w.tap("transit", {card}, test::amount(100));
  BOOST_TEST(r["status"].asString() == "E2004");
  BOOST_TEST(r["sw"].asString() == "9303");
  BOOST_TEST(w.balance(card) == 5000u);
  BOOST_TEST(w.terminal->stored_records() == 0u);
  r = w.tap("topup", {card}, test::amount(100));
  BOOST_TEST(r["status"].asString() == "E2004");
  BOOST_TEST(w.backend->of("topup.auth").empty());
}

// Purpose: venue.admit carries the tap's base_price, else its amount, else 0 (STD-6.1 venue).
BOOST_AUTO_TEST_CASE(venue_base_price) {
  World w;
  const auto card = w.add_card(test::profile());
  Json::Value v;
  v["venue_id"] = "V-310000-001";
  v["base_price"] = 6000;
  v["amount"] = 4000;
  BOOST_TEST(w.tap("venue", {card}, v)["status"].asString() == "OK");
  v.removeMember("base_price");
  BOOST_TEST(w.tap("venue", {card}, v)["status"].asString() == "OK");
  v.removeMember("amount");
  BOOST_TEST(w.tap("venue", {card}, v)["status"].asString() == "OK");
  v["base_price"] = 0;
  v["amount"] = 4000;
  BOOST_TEST(w.tap("venue", {card}, v)["status"].asString() == "OK");
  const auto sent = w.backend->of("venue.admit");
  BOOST_REQUIRE_EQUAL(sent.size(), 4u);
  BOOST_TEST(sent[0].body["base_price"].asUInt() == 6000u);
  BOOST_TEST(sent[1].body["base_price"].asUInt() == 4000u);
  BOOST_TEST(sent[2].body["base_price"].asUInt() == 0u);
  BOOST_TEST(sent[3].body["base_price"].asUInt() == 0u);  // a given 0 is the base price
}

// Purpose: a debit whose MAC2 does not verify answers E2006, is flagged in the reader's log only,
// and its record is uploaded unchanged with the schema's fields and a valid TAC (STD-4.3.4).
BOOST_AUTO_TEST_CASE(wrong_mac2_flag_stays_local) {
  World w;
  const auto card = add_forged_mac2_card(w, test::profile());
  auto r = w.tap("transit", {card}, test::amount(120));
  BOOST_TEST(r["status"].asString() == "E2006");
  BOOST_TEST(!r["mac2_ok"].asBool());
  BOOST_TEST(w.balance(card) == 4880u);  // the card did debit
  const std::string txn = r["txn_id"].asString();
  BOOST_TEST(logged(w, "MAC2 failure: txn " + txn));
  BOOST_TEST(w.flush()["uploaded"].asUInt() == 1u);
  const auto batches = w.backend->of("txn.batch");
  BOOST_REQUIRE_EQUAL(batches.size(), 1u);
  const Json::Value& rec = batches[0].body["records"][0];
  BOOST_TEST(rec["txn_id"].asString() == txn);
  // Unchanged: exactly the fields of txn.purchase (STD-6.2), no flag among them.
  std::vector<std::string> fields = rec.getMemberNames();
  std::sort(fields.begin(), fields.end());
  const std::vector<std::string> want = {"alg",         "amount", "atc",    "card_ref",
                                         "date",        "online", "tac",    "term_seq",
                                         "terminal_id", "time",   "txn_id", "txn_type"};
  BOOST_TEST(fields == want, boost::test_tools::per_element());
  BOOST_REQUIRE_EQUAL(w.backend->records.size(), 1u);
  BOOST_TEST(w.backend->records[0].tac_valid());
}

// Purpose: a top-up of 0 fen is not refused by the reader (E1002 is for an absent amount only):
// the card refuses INITIALIZE FOR LOAD with 9408, so the tap answers E2012 (STD-6.1, STD-4.3.5).
BOOST_AUTO_TEST_CASE(topup_of_zero_is_refused_by_the_card) {
  World w;
  const auto card = w.add_card(test::profile());
  auto r = w.tap("topup", {card}, test::amount(0));
  BOOST_TEST(r["status"].asString() == "E2012");
  BOOST_TEST(r["sw"].asString() == "9408");
  BOOST_TEST(w.backend->of("topup.auth").empty());
  BOOST_TEST(w.balance(card) == 5000u);
  BOOST_TEST(w.tap("topup", {card})["status"].asString() == "E1002");  // no amount
}

BOOST_AUTO_TEST_SUITE_END()
