#include <boost/test/unit_test.hpp>

#include "backend/idempotency_store.hpp"
#include "crypto.hpp"
#include "net_fixture.hpp"

using namespace ykt;
using namespace ykt::testing;
using population::Cardholder;

BOOST_AUTO_TEST_SUITE(idempotency)

// Purpose: a repeated online purchase with the same txn_id and content gets the original answer
// and is kept for clearing once (cross-province: queued for the exchange; own card: settled in the
// province, STD-12.1.2); the same txn_id with other content gives E2007 (STD-2.5).
BOOST_AUTO_TEST_CASE(repeat_purchase_never_debits_twice) {
  Net net;
  for (const std::string prov : {"310000", "320000"}) {  // local card, then cross-province
    const Cardholder h = find_holder(prov);
    const std::string id = "310000000001-0000000000" + prov.substr(0, 2);
    Json::Value rec = purchase(h, id, 250, "310000000001", 11, true);
    const bool local = prov == "310000";
    auto kept = [&] {
      return local ? net.be["310000"]->local_records() : net.be["310000"]->uncleared_records();
    };
    const std::size_t before = kept();
    Envelope a = net.call("backend.310000", "txn.purchase", rec);
    Envelope b = net.call("backend.310000", "txn.purchase", rec);
    BOOST_TEST(status(a) == "OK");
    BOOST_TEST(json::compact(a.body) == json::compact(b.body));
    BOOST_TEST(kept() == before + 1);
    Json::Value changed = purchase(h, id, 260, "310000000001", 11, true);
    BOOST_TEST(status(net.call("backend.310000", "txn.purchase", changed)) == "E2007");
    BOOST_TEST(kept() == before + 1);
  }
}

// Purpose: repeated identity and venue requests return the stored original answer, changed
// content gives E2007, and a repeated top-up authorisation returns the same MAC2 (STD-2.5).
BOOST_AUTO_TEST_CASE(repeat_other_services) {
  Net net;
  const Cardholder h = find_holder("330000");
  Json::Value v(Json::objectValue);
  v["txn_id"] = "rep-v";
  v["card_ref"] = ref_of(h).to_json();
  v["venue_id"] = "SH-MUS-01";
  v["venue_city"] = "310000";
  v["base_price"] = 6000;
  Envelope a = net.call("backend.310000", "venue.admit", v);
  Envelope b = net.call("backend.310000", "venue.admit", v);
  BOOST_TEST(json::compact(a.body) == json::compact(b.body));
  v["base_price"] = 1;
  BOOST_TEST(status(net.call("backend.310000", "venue.admit", v)) == "E2007");
  Envelope t1 = net.call("backend.310000", "topup.auth", topup_auth(h, "rep-t", 1000, 500));
  Envelope t2 = net.call("backend.310000", "topup.auth", topup_auth(h, "rep-t", 1000, 500));
  BOOST_TEST(status(t1) == "OK");
  BOOST_TEST(t1.body["mac2"].asString() == t2.body["mac2"].asString());
  BOOST_TEST(status(net.call("backend.310000", "topup.auth", topup_auth(h, "rep-t", 1200, 500))) ==
             "E2007");
}

// Purpose: a repeated committing med.policy (same txn_id) is answered from the store and adds
// the fund payment to the year's usage once (STD-2.5, STD-6.7.3).
BOOST_AUTO_TEST_CASE(repeat_policy_commit_counts_once) {
  Net net({"320000"});
  const Cardholder h = find_holder("320000");
  const int year = to_beijing(net.rt.now()).year;
  const auto before = net.be["320000"]->issuer().medical_usage(h.card_no, year);
  Json::Value b(Json::objectValue);
  b["txn_id"] = "pol-1";
  b["card_ref"] = ref_of(h).to_json();
  b["covered_amount"] = 2'000'000;
  b["year"] = year;
  b["commit"] = true;
  Envelope a = net.call("backend.320000", "med.policy", b);
  Envelope c = net.call("backend.320000", "med.policy", b);
  BOOST_TEST_REQUIRE(status(a) == "OK");
  BOOST_TEST(a.body["fund_pays"].asInt64() > 0);
  BOOST_TEST(json::compact(a.body) == json::compact(c.body));
  const auto after = net.be["320000"]->issuer().medical_usage(h.card_no, year);
  BOOST_TEST(after == before + a.body["fund_pays"].asInt64());
}

// Purpose: the idempotency window is bounded: beyond its capacity the oldest id is forgotten
// (STD-2.5, documented window).
BOOST_AUTO_TEST_CASE(bounded_window) {
  backend::IdempotencyStore s(3);
  Json::Value body(Json::objectValue);
  body["x"] = 1;
  for (int i = 0; i < 5; ++i) s.remember("id" + std::to_string(i), "t", body, Json::Value(i));
  BOOST_TEST(s.size() == 3u);
  BOOST_TEST((s.check("id0", "t", body).seen == backend::Seen::fresh));
  BOOST_TEST((s.check("id4", "t", body).seen == backend::Seen::same));
  BOOST_TEST(s.check("id4", "t", body).response.asInt() == 4);
  body["x"] = 2;
  BOOST_TEST((s.check("id4", "t", body).seen == backend::Seen::conflict));
}

BOOST_AUTO_TEST_SUITE_END()
