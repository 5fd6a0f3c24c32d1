// The card as an actor: card.apdu, test.tear, test.power, bad input (CATALOG, STD-4.9) and
// parking (the idle card's state kept compactly and rebuilt, ykt simulate).
#include <boost/test/unit_test.hpp>
#include <stdexcept>

#include "card/card_actor.hpp"
#include "card_test_util.hpp"
#include "local_runtime.hpp"

using namespace ykt;

namespace {
struct Fixture {
  LocalRuntime rt;
  std::shared_ptr<card::CardActor> card;
  explicit Fixture(std::shared_ptr<card::CardActor> c =
                       std::make_shared<card::CardActor>(test::sample_profile()))
      : card(std::move(c)) {
    rt.add("card.Y31000042", card);
  }
  // Sends one request from a harness address no actor holds; the reply lands in undeliverable().
  std::optional<Envelope> ask(const std::string& type, Json::Value body) {
    const std::size_t before = rt.undeliverable().size();
    Envelope e;
    e.type = type;
    e.id = "t-" + std::to_string(++n);
    e.from = "harness.test";
    e.to = "card.Y31000042";
    e.body = std::move(body);
    rt.inject(e);
    rt.run_for(std::chrono::seconds(1));
    if (rt.undeliverable().size() == before) return std::nullopt;
    return rt.undeliverable().back();
  }
  std::optional<Envelope> apdu(const Bytes& c) {
    Json::Value b;
    b["capdu"] = to_hex_upper(c);
    return ask("card.apdu", b);
  }
  int n = 0;
};
/// A SELECT of the transit application from the harness to card.Y31000042, with message id `id`.
Envelope select_transit(const std::string& id) {
  Envelope e;
  e.type = "card.apdu";
  e.id = id;
  e.from = "harness.test";
  e.to = "card.Y31000042";
  e.body["capdu"] = to_hex(apdu::select_aid(card::kTransitAid));
  return e;
}
}  // namespace

BOOST_AUTO_TEST_SUITE(card_actor)

// Purpose: card.apdu carries hex APDUs both ways (CATALOG card.apdu).
BOOST_AUTO_TEST_CASE(apdu_round_trip) {
  Fixture f;
  auto r = f.apdu(apdu::select_aid(card::kTransitAid));
  BOOST_REQUIRE(r);
  BOOST_TEST(r->type == "card.apdu.rsp");
  BOOST_TEST(r->body["status"].asString() == "OK");
  const std::string rapdu = r->body["rapdu"].asString();
  BOOST_TEST(rapdu.substr(rapdu.size() - 4) == "9000");
}

// Purpose: malformed hex or a missing capdu is E1002 (schema violation) and the card keeps serving
// (STD-4.10, STD-9.1).
BOOST_AUTO_TEST_CASE(malformed_hex_is_e1001) {
  Fixture f;
  Json::Value b;
  b["capdu"] = "00A4ZZ";
  auto r = f.ask("card.apdu", b);
  BOOST_REQUIRE(r);
  BOOST_TEST(r->body["status"].asString() == "E1002");
  b["capdu"] = "00A";
  BOOST_TEST(f.ask("card.apdu", b)->body["status"].asString() == "E1002");
  BOOST_TEST(f.ask("card.apdu", Json::Value(Json::objectValue))->body["status"].asString() ==
             "E1002");
  BOOST_TEST(f.ask("card.bogus", Json::Value(Json::objectValue))->body["status"].asString() ==
             "E1005");
  auto ok = f.apdu(apdu::select_aid(card::kTransitAid));
  BOOST_REQUIRE(ok);
  BOOST_TEST(ok->body["status"].asString() == "OK");
}

// Purpose: test.tear cuts power in the next command (no answer) and test.power recovers
// (STD-4.9).
BOOST_AUTO_TEST_CASE(tear_and_power) {
  Fixture f;
  card::ApduEngine twin(test::sample_profile());
  const Bytes debit = test::start_purchase(twin, 100).debit_apdu;
  BOOST_REQUIRE(f.apdu(apdu::select_aid(card::kTransitAid)));
  BOOST_REQUIRE(f.apdu(apdu::initialize_purchase(false, 100, test::terminal6())));
  Json::Value t;
  t["after_writes"] = 1;
  BOOST_TEST(f.ask("test.tear", t)->body["status"].asString() == "OK");
  BOOST_TEST(!f.apdu(debit).has_value());
  BOOST_TEST(!f.apdu(apdu::get_balance()).has_value());
  Json::Value on;
  on["on"] = true;
  auto p = f.ask("test.power", on);
  BOOST_REQUIRE(p);
  BOOST_TEST(p->body["status"].asString() == "OK");
  BOOST_TEST(p->body["recovered"].asBool() == false);
  BOOST_TEST(f.card->engine().purse().balance() == 5000u);
  t["after_writes"] = "x";
  BOOST_TEST(f.ask("test.tear", t)->body["status"].asString() == "E1002");
}

// Purpose: test.power, on or off, disarms a cut armed by test.tear that no write has reached, so
// it cannot land in a later command (STD-4.9); a 3-byte capdu is answered 6700 (STD-4.10).
BOOST_AUTO_TEST_CASE(power_disarms_an_unreached_tear) {
  for (const bool on_first : {true, false}) {
    Fixture f;
    Json::Value t;
    t["after_writes"] = 11;  // beyond the 10 write points of a plain debit
    BOOST_REQUIRE(f.ask("test.tear", t));
    card::ApduEngine twin(test::sample_profile());
    BOOST_REQUIRE(f.apdu(apdu::select_aid(card::kTransitAid)));
    BOOST_REQUIRE(f.apdu(apdu::initialize_purchase(false, 100, test::terminal6())));
    const Bytes first = test::start_purchase(twin, 100).debit_apdu;
    BOOST_REQUIRE(twin.process(first));  // the twin stays in step (same ATC, same challenge)
    auto d = f.apdu(first);
    BOOST_REQUIRE(d);  // 10 writes: the cut at write 11 is not reached
    BOOST_TEST(d->body["rapdu"].asString().substr(16) == "9000");
    Json::Value p;
    p["on"] = on_first;
    BOOST_REQUIRE(f.ask("test.power", p));
    if (!on_first) {
      p["on"] = true;
      BOOST_REQUIRE(f.ask("test.power", p));
    }
    BOOST_TEST(f.card->park().has_value());  // quiescent: nothing armed any more
    // The next debit's first write would have been write 11: it now completes and is answered.
    BOOST_REQUIRE(f.apdu(apdu::select_aid(card::kTransitAid)));
    BOOST_REQUIRE(f.apdu(apdu::initialize_purchase(false, 100, test::terminal6())));
    auto again = f.apdu(test::start_purchase(twin, 100).debit_apdu);
    BOOST_TEST_REQUIRE(again.has_value(), "armed cut survived test.power on=" << on_first);
    BOOST_TEST(f.card->engine().purse().balance() == 4800u);
  }
  Fixture f;
  Json::Value b;
  b["capdu"] = "805001";
  auto r = f.ask("card.apdu", b);
  BOOST_REQUIRE(r);
  BOOST_TEST(r->body["status"].asString() == "OK");
  BOOST_TEST(r->body["rapdu"].asString() == "6700");
}

// Purpose: with FACTS timing the card answers after its modelled processing time (STD-10).
BOOST_AUTO_TEST_CASE(modelled_timing) {
  LocalRuntime rt;
  rt.add("card.Y31000042",
         std::make_shared<card::CardActor>(test::sample_profile(), card::CardTiming::facts()));
  const Envelope e = select_transit("x");
  const SimTime t0 = rt.now();
  rt.inject(e);
  rt.run();
  BOOST_REQUIRE_EQUAL(rt.undeliverable().size(), 1u);
  BOOST_TEST((rt.now() - t0).count() >= 20'000'000);
}

namespace {
// Runs the same purchase on a twin engine (which computes the terminal's MAC1) and on the card
// actor; returns the actor's rapdu of the DEBIT. Twin and card must have the same history.
std::string purchase(Fixture& f, card::ApduEngine& twin, std::uint32_t amount) {
  const test::PurchasePlan plan = test::start_purchase(twin, amount);
  BOOST_REQUIRE_EQUAL(test::sw(twin, plan.debit_apdu), 0x9000);
  BOOST_REQUIRE(f.apdu(apdu::select_aid(card::kTransitAid)));
  BOOST_REQUIRE(f.apdu(apdu::initialize_purchase(false, amount, test::terminal6())));
  auto r = f.apdu(plan.debit_apdu);
  BOOST_REQUIRE(r);
  return r->body["rapdu"].asString();
}

// Same for a load (the twin computes the issuer's MAC2).
std::string load(Fixture& f, card::ApduEngine& twin, std::uint32_t amount) {
  const test::LoadPlan plan = test::start_load(twin, amount);
  BOOST_REQUIRE_EQUAL(test::sw(twin, plan.credit_apdu), 0x9000);
  BOOST_REQUIRE(f.apdu(apdu::select_aid(card::kTransitAid)));
  BOOST_REQUIRE(f.apdu(apdu::initialize_load(amount, test::terminal6())));
  auto r = f.apdu(plan.credit_apdu);
  BOOST_REQUIRE(r);
  return r->body["rapdu"].asString();
}
}  // namespace

// Purpose: a card parked after debits and a load and rebuilt from its state has the same
// persistent store and counters, and answers the next APDUs byte for byte like the card that
// stayed (parking changes no outcome).
BOOST_AUTO_TEST_CASE(park_and_rebuild_round_trip_is_exact) {
  Fixture stay;
  card::ApduEngine twin(test::sample_profile());
  for (std::uint32_t amount : {300U, 200U}) BOOST_TEST(purchase(stay, twin, amount) != "");
  BOOST_TEST(load(stay, twin, 5000) != "");
  BOOST_TEST(purchase(stay, twin, 150) != "");
  const std::optional<std::string> state = stay.card->park();
  BOOST_REQUIRE(state.has_value());
  BOOST_TEST(state->size() < 200u, "parked state is " << state->size() << " bytes");
  Fixture back(
      std::make_shared<card::CardActor>(test::sample_profile(), card::CardTiming{}, *state));
  const card::ApduEngine& a = stay.card->engine();
  const card::ApduEngine& b = back.card->engine();
  BOOST_TEST((a.store().contents() == b.store().contents()));
  BOOST_TEST(a.store().write_count() == b.store().write_count());
  BOOST_TEST(a.purse().rng_counter() == b.purse().rng_counter());
  BOOST_TEST(a.purse().balance() == 5000u - 300 - 200 + 5000 - 150);
  // The next transaction and reads: both cards give the same answers (challenge, MAC2 and TAC,
  // log, prove, counters). One twin plan serves both: they have the same history.
  const test::PurchasePlan plan = test::start_purchase(twin, 120);
  const std::vector<Bytes> next = {
      apdu::get_balance(),  // needs the transit app still selected
      apdu::select_aid(card::kTransitAid),
      apdu::initialize_purchase(false, 120, test::terminal6()),
      plan.debit_apdu,
      apdu::get_balance(),
      apdu::read_log(1),
      apdu::read_log(2),
      apdu::get_transaction_prove(purse::kTypePurchase, plan.data.atc)};
  for (const Bytes& c : next) {
    auto x = stay.apdu(c);
    auto y = back.apdu(c);
    BOOST_REQUIRE((x && y));
    BOOST_TEST(x->body["rapdu"].asString() == y->body["rapdu"].asString(), to_hex_upper(c));
  }
  BOOST_TEST(a.store().write_count() == b.store().write_count());
  BOOST_TEST(stay.ask("sys.stats", Json::Value(Json::objectValue))->body ==
             back.ask("sys.stats", Json::Value(Json::objectValue))->body);
}

// Purpose: a card refuses to park while busy (a delayed reply pending, a purchase session open, a
// power cut armed, power off) and parks once idle again, so no transaction is ever cut short.
BOOST_AUTO_TEST_CASE(park_is_refused_while_busy) {
  Fixture f(std::make_shared<card::CardActor>(test::sample_profile(), card::CardTiming::facts()));
  const Envelope e = select_transit("slow");
  f.rt.inject(e);
  f.rt.run_for(std::chrono::milliseconds(5));  // the reply waits for its 20 ms
  BOOST_TEST(!f.card->park().has_value());
  f.rt.run_for(std::chrono::seconds(1));
  BOOST_TEST(f.card->park().has_value());
  BOOST_REQUIRE(f.apdu(apdu::initialize_purchase(false, 100, test::terminal6())));
  BOOST_TEST(!f.card->park().has_value());  // session open until DEBIT or a new SELECT
  BOOST_REQUIRE(f.apdu(apdu::select_aid(card::kTransitAid)));
  BOOST_TEST(f.card->park().has_value());
  Json::Value off;
  off["on"] = false;
  BOOST_REQUIRE(f.ask("test.power", off));
  BOOST_TEST(!f.card->park().has_value());
  Json::Value on;
  on["on"] = true;
  BOOST_REQUIRE(f.ask("test.power", on));
  BOOST_TEST(f.card->park().has_value());
  Json::Value t;
  t["after_writes"] = 1;
  BOOST_REQUIRE(f.ask("test.tear", t));
  BOOST_TEST(!f.card->park().has_value());  // armed until a write consumes it
}

// Purpose: a corrupt parked state (empty, unknown version, any truncation, trailing bytes, an
// unknown field code) is rejected with std::invalid_argument, and random damage never crashes.
BOOST_AUTO_TEST_CASE(corrupt_parked_state_is_rejected) {
  Fixture f;
  card::ApduEngine twin(test::sample_profile());
  (void)purchase(f, twin, 300);
  const std::string good = *f.card->park();
  auto build = [](const std::string& st) {
    return card::CardActor(test::sample_profile(), card::CardTiming{}, st);
  };
  BOOST_CHECK_NO_THROW(build(good));
  BOOST_CHECK_THROW(build(""), std::invalid_argument);
  BOOST_CHECK_THROW(build(std::string(1, '\x07') + good.substr(1)), std::invalid_argument);
  for (std::size_t n = 0; n < good.size(); ++n)
    BOOST_CHECK_THROW(build(good.substr(0, n)), std::invalid_argument);
  BOOST_CHECK_THROW(build(good + "x"), std::invalid_argument);
  // version, apdus, unanswered, selection, writes, challenges, one field with code 0x55.
  BOOST_CHECK_THROW(build(std::string("\x01\x00\x00\x00\x00\x00\x01\x55\x00", 9)),
                    std::invalid_argument);
  BOOST_CHECK_THROW(build(std::string("\x01\x00\x00\xF0\x00\x00\x00", 7)),
                    std::invalid_argument);  // no such application
  for (std::size_t i = 1; i < good.size(); ++i) {
    for (int bit = 0; bit < 8; ++bit) {
      std::string bad = good;
      bad[i] = static_cast<char>(bad[i] ^ (1 << bit));
      try {
        (void)build(bad);
      } catch (const std::invalid_argument&) {
      }
    }
  }
}

BOOST_AUTO_TEST_SUITE_END()
