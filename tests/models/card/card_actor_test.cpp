// The card as an actor: card.apdu, test.tear, test.power and bad input (CATALOG, STD-4.9).
#include <boost/test/unit_test.hpp>

#include "card/card_actor.hpp"
#include "card_test_util.hpp"
#include "local_runtime.hpp"

using namespace ykt;

namespace {
struct Fixture {
  LocalRuntime rt;
  std::shared_ptr<card::CardActor> card = std::make_shared<card::CardActor>(test::sample_profile());
  Fixture() { rt.add("card.Y31000042", card); }
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

// Purpose: malformed hex or a missing capdu is E1002 (schema violation) and the card keeps serving (STD-4.10, STD-9.1).
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

// Purpose: with FACTS timing the card answers after its modelled processing time (STD-10).
BOOST_AUTO_TEST_CASE(modelled_timing) {
  LocalRuntime rt;
  rt.add("card.Y31000042",
         std::make_shared<card::CardActor>(test::sample_profile(), card::CardTiming::facts()));
  Envelope e;
  e.type = "card.apdu";
  e.id = "x";
  e.from = "harness.test";
  e.to = "card.Y31000042";
  e.body["capdu"] = to_hex(apdu::select_aid(card::kTransitAid));
  const SimTime t0 = rt.now();
  rt.inject(e);
  rt.run();
  BOOST_REQUIRE_EQUAL(rt.undeliverable().size(), 1u);
  BOOST_TEST((rt.now() - t0).count() >= 20'000'000);
}

BOOST_AUTO_TEST_SUITE_END()
