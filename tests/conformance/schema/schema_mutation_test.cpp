// Mutated examples of every request type are rejected with E1002 naming the field (STD-3.2).
#include <boost/test/unit_test.hpp>

#include "spec_fixture.hpp"

using ykt::test::example;
using ykt::test::registry;
using ykt::test::spec_json;

namespace {

// A value of a JSON type other than the one(s) the property schema allows.
Json::Value wrong_type_for(const Json::Value& prop) {
  const std::string t = prop["type"].isString() ? prop["type"].asString() : "";
  if (t == "string") return Json::Value(12345);
  return Json::Value("not-a-" + (t.empty() ? std::string("value") : t));
}

void expect_field_error(const std::string& type, const Json::Value& body, const std::string& field,
                        const std::string& what) {
  auto s = registry().validate_body(type, body);
  BOOST_TEST_REQUIRE(!s.ok(), type << ": " << what << " of " << field << " was accepted");
  BOOST_TEST(s.error().code == "E1002", type << ": " << what);
  BOOST_TEST(s.error().message.find("body." + field) != std::string::npos,
             type << ": " << what << ": reason '" << s.error().message << "' does not name body."
                  << field);
}

}  // namespace

BOOST_AUTO_TEST_SUITE(schema_mutation)

BOOST_AUTO_TEST_CASE(required_field_removed) {
  // Purpose: removing any required field of any request body gives E1002 naming it (STD-3.2).
  int checked = 0;
  for (const auto& [name, t] : registry().types()) {
    const Json::Value schema = spec_json(t.schema_file);
    for (const Json::Value& req : schema["required"]) {
      Json::Value body = example(name);
      BOOST_TEST_REQUIRE(body.isMember(req.asString()),
                         name << " example lacks " << req.asString());
      body.removeMember(req.asString());
      expect_field_error(name, body, req.asString(), "removal");
      ++checked;
    }
  }
  BOOST_TEST(checked > 60);
}

BOOST_AUTO_TEST_CASE(wrong_type) {
  // Purpose: a field of the wrong JSON type in any request body gives E1002 naming it (STD-3.2).
  int checked = 0;
  for (const auto& [name, t] : registry().types()) {
    const Json::Value schema = spec_json(t.schema_file);
    const Json::Value& props = schema["properties"];
    for (const std::string& field : props.getMemberNames()) {
      Json::Value body = example(name);
      body[field] = wrong_type_for(props[field]);
      expect_field_error(name, body, field, "wrong type");
      ++checked;
    }
  }
  BOOST_TEST(checked > 80);
}

BOOST_AUTO_TEST_CASE(wrong_type_names_expected_and_given_type) {
  // Purpose: a wrong-type reason says which JSON type the schema expects and which it got, so a
  // vendor or planner can fix the field from the message alone (STD-3.2).
  int checked = 0;
  for (const auto& [name, t] : registry().types()) {
    const Json::Value schema = spec_json(t.schema_file);
    const Json::Value& props = schema["properties"];
    for (const std::string& field : props.getMemberNames()) {
      if (!props[field]["type"].isString()) continue;
      Json::Value body = example(name);
      body[field] = wrong_type_for(props[field]);
      auto s = registry().validate_body(name, body);
      BOOST_TEST_REQUIRE(!s.ok());
      if (s.error().message.find("wrong type") == std::string::npos) continue;
      const std::string given = body[field].isString() ? "string" : "integer";
      const std::string detail =
          "(expected " + props[field]["type"].asString() + ", got " + given + ")";
      BOOST_TEST(s.error().message.find(detail) != std::string::npos,
                 name << "." << field << ": '" << s.error().message << "' lacks " << detail);
      ++checked;
    }
  }
  BOOST_TEST(checked > 60);
}

BOOST_AUTO_TEST_CASE(extra_property_where_forbidden) {
  // Purpose: an extra field where the schema forbids one (hostile extra data, e.g. a citizen ID
  // smuggled past the exchange) gives E1002 naming it, with personal data masked (STD-3.2,
  // STD-8.4).
  int checked = 0;
  for (const auto& [name, t] : registry().types()) {
    const Json::Value schema = spec_json(t.schema_file);
    if (schema["additionalProperties"] != Json::Value(false)) continue;
    Json::Value body = example(name);
    body["citizen_id"] = "11010519491231002X";
    expect_field_error(name, body, "citizen_id", "extra property");
    Json::Value body2 = example(name);
    body2["11010519491231002X"] = 1;
    auto s = registry().validate_body(name, body2);
    BOOST_TEST_REQUIRE(!s.ok(), name);
    BOOST_TEST(s.error().message.find("11010519491231002X") == std::string::npos,
               s.error().message);
    ++checked;
  }
  BOOST_TEST(checked >= 20);
}

BOOST_AUTO_TEST_CASE(nested_fields_are_named) {
  // Purpose: a violation inside a nested object or array names the full path (STD-3.2).
  Json::Value p = example("txn.purchase");
  p["card_ref"]["card_no"] = "Y31-00042";
  expect_field_error("txn.purchase", p, "card_ref.card_no", "bad pattern");
  Json::Value b = example("txn.batch");
  b["records"][0]["amount"] = 20001;
  expect_field_error("txn.batch", b, "records[0].amount", "over the purse maximum");
  Json::Value m = example("med.presettle");
  m["items"][1].removeMember("qty");
  expect_field_error("med.presettle", m, "items[1].qty", "removal");
  Json::Value v = example("venue.admit");
  v["card_ref"]["extra"] = "x";
  expect_field_error("venue.admit", v, "card_ref.extra", "extra property");
  Json::Value t = example("term.tap");
  t["service"] = "teleport";
  expect_field_error("term.tap", t, "service", "bad enum");
}

BOOST_AUTO_TEST_CASE(identifier_patterns_and_bounds) {
  // Purpose: ids, hex fields and amounts are bounded as STD-2 and STD-6 define them.
  auto rejects = [](const std::string& type, const std::string& field, const Json::Value& v) {
    Json::Value body = example(type);
    body[field] = v;
    BOOST_TEST(!registry().validate_body(type, body).ok(),
               type << "." << field << " = " << v.toStyledString());
  };
  auto accepts = [](const std::string& type, const std::string& field, const Json::Value& v) {
    Json::Value body = example(type);
    body[field] = v;
    BOOST_TEST(registry().validate_body(type, body).ok(),
               type << "." << field << " = " << v.toStyledString());
  };
  rejects("txn.purchase", "terminal_id", "31000000001");
  rejects("txn.purchase", "terminal_id", "31000000001a");
  accepts("txn.purchase", "terminal_id", "330421000001");
  rejects("txn.purchase", "amount", -1);
  rejects("txn.purchase", "amount", 20001);
  accepts("txn.purchase", "amount", 0);
  rejects("txn.purchase", "tac", "1A2B3C4");
  rejects("txn.purchase", "tac", "1A2B3C4G");
  rejects("txn.purchase", "txn_type", "07");
  rejects("txn.purchase", "date", "20261301");
  rejects("txn.purchase", "time", "246000");
  rejects("txn.purchase", "atc", 65536);
  rejects("id.verify", "id_digest", std::string(63, 'a'));
  rejects("venue.admit", "venue_city", "110000");
  accepts("venue.admit", "venue_city", "320509");
  rejects("apps.list", "province", "310100");
  rejects("card.apdu", "capdu", "");
  rejects("card.apdu", "capdu", "805C0002G4");
  rejects("test.tear", "after_writes", 0);
  rejects("med.presettle", "items", Json::Value(Json::arrayValue));
  Json::Value cr(Json::objectValue);
  cr["issuer"] = "310118";
  cr["card_no"] = "y31000042";
  rejects("card.status", "card_ref", cr);
}

BOOST_AUTO_TEST_SUITE_END()
