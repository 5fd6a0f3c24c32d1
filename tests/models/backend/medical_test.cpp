#include <boost/test/unit_test.hpp>

#include "backend/medical_rules.hpp"
#include "net_fixture.hpp"

using namespace ykt;
using namespace ykt::testing;
using population::Cardholder;

namespace {
// Hand-checkable bill at a Shanghai hospital: DRUG-0001 (A, 100 %) 2 × 50.00, DRUG-0003 (B, 90 %
// in Shanghai) 1 × 100.00, SELF-0001 (C, 0 %) 1 × 30.00: total 23000, covered 10000 + 9000 = 19000.
Json::Value bill(const Cardholder& h, const std::string& txn_id) {
  Json::Value b(Json::objectValue);
  b["txn_id"] = txn_id;
  b["card_ref"] = ref_of(h).to_json();
  b["treatment_city"] = "310000";
  Json::Value i1, i2, i3;
  i1["code"] = "DRUG-0001", i1["qty"] = 2, i1["unit_price"] = 5000;
  i2["code"] = "DRUG-0003", i2["qty"] = 1, i2["unit_price"] = 10000;
  i3["code"] = "SELF-0001", i3["qty"] = 1, i3["unit_price"] = 3000;
  b["items"].append(i1);
  b["items"].append(i2);
  b["items"].append(i3);
  return b;
}
Json::Value settle_body(const Cardholder& h, const std::string& txn_id, const std::string& pre) {
  Json::Value b(Json::objectValue);
  b["txn_id"] = txn_id;
  b["presettle_id"] = pre;
  b["card_ref"] = ref_of(h).to_json();
  return b;
}
}  // namespace

BOOST_AUTO_TEST_SUITE(medical)

// Purpose: deductible, ratio and cap arithmetic equals hand-computed values (STD-6.7.3, FACTS §6).
BOOST_AUTO_TEST_CASE(policy_arithmetic) {
  const backend::MedicalPolicy p{5000, 800, 20000};
  // covered 19000, nothing used: deductible 5000, fund floor(14000 × 0.8) = 11200.
  auto a = backend::apply_policy(p, 19000, 0);
  BOOST_TEST(a.deductible_applied == 5000);
  BOOST_TEST(a.fund_pays == 11200);
  // a later visit bears the deductible again; 11200 used: 11200 capped at 20000 − 11200 = 8800.
  auto b = backend::apply_policy(p, 19000, 11200);
  BOOST_TEST(b.deductible_applied == 5000);
  BOOST_TEST(b.fund_pays == 8800);
  // covered below the deductible: nothing from the fund.
  auto c = backend::apply_policy(p, 3000, 0);
  BOOST_TEST(c.deductible_applied == 3000);
  BOOST_TEST(c.fund_pays == 0);
  // cap exhausted.
  BOOST_TEST(backend::apply_policy(p, 19000, 20000).fund_pays == 0);
  // rounding down: 333 × 0.8 = 266.4 -> 266.
  BOOST_TEST(backend::apply_policy(backend::MedicalPolicy{0, 800, 100000}, 333, 0).fund_pays ==
             266);
  const backend::MedicalCatalogue& cat = *backend::default_service_rules().catalogue("310000");
  auto parsed = backend::parse_bill(bill(Cardholder{}, "x")["items"]);
  BOOST_TEST_REQUIRE(parsed.ok());
  const auto cov = backend::cover_bill(cat, *parsed);
  BOOST_TEST(cov.total == 23000);
  BOOST_TEST(cov.covered == 19000);
}

// Purpose: cross-province pre-settlement and settlement apply the treatment place's catalogue and
// the insured place's deductible, ratio and annual cap, committing usage only at settlement
// (STD-6.7.1, STD-6.7.2, STD-6.7.3, FACTS §6).
BOOST_AUTO_TEST_CASE(presettle_and_settle_cross_province) {
  Net net({"310000", "340000"}, [](backend::BackendConfig& c) {
    c.rules.policies["340000"]["employee"] = backend::MedicalPolicy{5000, 800, 20000};
  });
  const Cardholder h = find_holder("340000", [](const Cardholder& c) {
    return c.state == population::CardState::active &&
           c.scheme == population::MedicalScheme::employee && c.medical_fund_used == 0 &&
           c.medical_deductible_met == 0;
  });
  Envelope p1 = net.call("backend.310000", "med.presettle", bill(h, "med-p1"));
  BOOST_TEST_REQUIRE(status(p1) == "OK");
  BOOST_TEST(p1.body["total"].asInt64() == 23000);
  BOOST_TEST(p1.body["covered"].asInt64() == 19000);
  BOOST_TEST(p1.body["fund_pays"].asInt64() == 11200);
  BOOST_TEST(p1.body["self_pays"].asInt64() == 11800);
  // A pre-settlement commits nothing: asking again gives the same figures.
  Envelope p1b = net.call("backend.310000", "med.presettle", bill(h, "med-p1b"));
  BOOST_TEST(p1b.body["fund_pays"].asInt64() == 11200);
  Envelope s1 = net.call("backend.310000", "med.settle", settle_body(h, "med-s1", "med-p1"));
  BOOST_TEST_REQUIRE(status(s1) == "OK");
  BOOST_TEST(s1.body["fund_pays"].asInt64() == 11200);
  BOOST_TEST(s1.body["self_pays"].asInt64() == 11800);
  BOOST_TEST(!s1.body["settlement_id"].asString().empty());
  // A repeated settle is answered from the store and commits nothing more.
  Envelope s1b = net.call("backend.310000", "med.settle", settle_body(h, "med-s1", "med-p1"));
  BOOST_TEST(json::compact(s1b.body) == json::compact(s1.body));
  const int year = to_beijing(net.rt.now()).year;
  BOOST_TEST(net.be["340000"]->issuer().medical_usage(h.card_no, year) == 11200);
  // Second visit: deductible again, 14000 × 0.8 = 11200, capped at 20000 − 11200 = 8800.
  Envelope p2 = net.call("backend.310000", "med.presettle", bill(h, "med-p2"));
  BOOST_TEST(p2.body["fund_pays"].asInt64() == 8800);
  BOOST_TEST(p2.body["self_pays"].asInt64() == 23000 - 8800);
  Envelope s2 = net.call("backend.310000", "med.settle", settle_body(h, "med-s2", "med-p2"));
  BOOST_TEST(s2.body["fund_pays"].asInt64() == 8800);
  BOOST_TEST(net.be["340000"]->issuer().medical_usage(h.card_no, year) == 20000);
  // Unknown, already settled, or another card's pre-settlement: E2015.
  BOOST_TEST(status(net.call("backend.310000", "med.settle", settle_body(h, "med-s3", "nope"))) ==
             "E2015");
  BOOST_TEST(status(net.call("backend.310000", "med.settle", settle_body(h, "med-s4", "med-p2"))) ==
             "E2015");
  const Cardholder other = find_holder("340000", [&](const Cardholder& c) {
    return c.state == population::CardState::active && c.card_no != h.card_no;
  });
  BOOST_TEST(status(net.call("backend.310000", "med.settle",
                             settle_body(other, "med-s5", "med-p1b"))) == "E2015");
  BOOST_TEST(net.trace_has_no_citizen_id());
}

// Purpose: the insured place's deductible applies at every visit, not once a year: a second
// visit below the cap is paid on the covered amount less the whole deductible again (STD-6.7.3).
BOOST_AUTO_TEST_CASE(deductible_applies_per_visit) {
  Net net({"310000", "340000"}, [](backend::BackendConfig& c) {
    c.rules.policies["340000"]["employee"] = backend::MedicalPolicy{5000, 800, 1000000};
  });
  const Cardholder h = find_holder("340000", [](const Cardholder& c) {
    return c.state == population::CardState::active &&
           c.scheme == population::MedicalScheme::employee && c.medical_fund_used == 0 &&
           c.medical_deductible_met == 0;
  });
  for (const std::string visit : {"1", "2", "3"}) {
    Envelope p = net.call("backend.310000", "med.presettle", bill(h, "ded-p" + visit));
    BOOST_TEST_REQUIRE(status(p) == "OK");
    // covered 19000 − deductible 5000 = 14000, × 0.8 = 11200 at every visit.
    BOOST_TEST(p.body["fund_pays"].asInt64() == 11200, "visit " + visit);
    Envelope s =
        net.call("backend.310000", "med.settle", settle_body(h, "ded-s" + visit, "ded-p" + visit));
    BOOST_TEST_REQUIRE(status(s) == "OK");
    BOOST_TEST(s.body["fund_pays"].asInt64() == 11200, "visit " + visit);
  }
  const int year = to_beijing(net.rt.now()).year;
  BOOST_TEST(net.be["340000"]->issuer().medical_usage(h.card_no, year) == 3 * 11200);
  // A holder who had borne deductible earlier in the year still bears it at this visit.
  const Cardholder met = find_holder("340000", [](const Cardholder& c) {
    return c.state == population::CardState::active &&
           c.scheme == population::MedicalScheme::employee && c.medical_fund_used == 0 &&
           c.medical_deductible_met > 0;
  });
  Envelope m = net.call("backend.310000", "med.presettle", bill(met, "ded-met"));
  BOOST_TEST_REQUIRE(status(m) == "OK");
  BOOST_TEST(m.body["fund_pays"].asInt64() == 11200);
}

BOOST_AUTO_TEST_SUITE_END()
