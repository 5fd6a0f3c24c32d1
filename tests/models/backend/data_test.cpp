#include <boost/test/unit_test.hpp>

#include "backend/application_items.hpp"
#include "backend/qr_token.hpp"
#include "backend/service_rules.hpp"
#include "json_util.hpp"

using namespace ykt;

BOOST_AUTO_TEST_SUITE(backend_data)

// Purpose: the shipped scenarios/data/service_rules.json parses and equals the built-in tables
// (STD-6.6, STD-6.7).
BOOST_AUTO_TEST_CASE(shipped_rules_match_default) {
  auto raw = json::load_file(std::string(YKT_SOURCE_DIR) + "/scenarios/data/service_rules.json");
  BOOST_TEST_REQUIRE(raw.ok(), "the shipped file must exist and parse");
  auto r = backend::service_rules_from_json(*raw);
  BOOST_TEST_REQUIRE(r.ok());
  BOOST_TEST(json::compact(backend::service_rules_to_json(*r)) ==
             json::compact(backend::service_rules_to_json(backend::default_service_rules())));
  BOOST_TEST(r->venue("JS-WJ-MUS-01")->local_price == 2000);
}

// Purpose: broken rule tables and item lists give errors naming the entry, not crashes (STD-9).
BOOST_AUTO_TEST_CASE(broken_tables) {
  Json::Value v = backend::service_rules_to_json(backend::default_service_rules());
  v["venues"][0]["base_price"] = -5;
  auto r = backend::service_rules_from_json(v);
  BOOST_TEST_REQUIRE(!r.ok());
  BOOST_TEST(r.error().message.find("venues[0]") != std::string::npos);
  v = backend::service_rules_to_json(backend::default_service_rules());
  v["policies"]["310000"]["employee"]["ratio"] = 2;
  BOOST_TEST(!backend::service_rules_from_json(v).ok());
  Json::Value items =
      json::parse(R"({"version":"1","items":[{"id":"X-01","provinces":[]}]})").value();
  BOOST_TEST(!backend::application_items_from_json(items).ok());
  BOOST_TEST(!backend::load_application_items("/nonexistent.json").ok());
}

// Purpose: the QR token format round-trips and rejects malformed fields (STD-5.1).
BOOST_AUTO_TEST_CASE(qr_token_format) {
  const std::string t =
      backend::issue_qr_token(CardRef{"320500", "Y32000042"}, 1'780'000'060, "0a0b0c0d0e0f1011");
  auto p = backend::parse_qr_token(t);
  BOOST_TEST_REQUIRE(p.ok());
  BOOST_TEST(p->card.card_no == "Y32000042");
  BOOST_TEST(p->expiry == 1'780'000'060);
  BOOST_TEST(p->sig.size() == 64u);
  BOOST_TEST(backend::qr_signature_valid(*p));
  for (const char* bad :
       {"", "YQR1", "YQR2.320500.Y32000042.1780000060.0a0b0c0d0e0f1011.0000000000000000000000000000000000000000000000000000000000000000",
        "YQR1.32050.Y32000042.1780000060.0a0b0c0d0e0f1011.0000000000000000000000000000000000000000000000000000000000000000",
        "YQR1.320500.Y32000042.178000006x.0a0b0c0d0e0f1011.0000000000000000000000000000000000000000000000000000000000000000",
        "YQR1.320500.Y32000042.1780000060.0a0b0c0d0e0f101.0000000000000000000000000000000000000000000000000000000000000000",
        "YQR1.320500.Y32000042.1780000060.0a0b0c0d0e0f1011.0000"})
    BOOST_TEST(!backend::parse_qr_token(bad).ok(), bad);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(qr_spec_example)

// Purpose: the token printed in the standard's example verifies with the reference code, so an
// implementation written from STD-5.1 and the reference agree on the format and signature.
BOOST_AUTO_TEST_CASE(spec_example_token_verifies) {
  auto ex = ykt::json::load_file(std::string(YKT_SOURCE_DIR) +
                                 "/conformance/spec/examples/qr.verify.json");
  BOOST_TEST_REQUIRE(ex.ok());
  auto t = ykt::backend::parse_qr_token(ex.value()["token"].asString());
  BOOST_TEST_REQUIRE(t.ok());
  BOOST_TEST(ykt::backend::qr_signature_valid(*t));
  std::string tampered = ex.value()["token"].asString();
  tampered[tampered.size() - 1] = tampered.back() == '0' ? '1' : '0';
  BOOST_TEST(!ykt::backend::qr_signature_valid(*ykt::backend::parse_qr_token(tampered)));
}

BOOST_AUTO_TEST_SUITE_END()
