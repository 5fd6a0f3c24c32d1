// The standard, CATALOG.md, messages.json, the examples and the application-item list agree.
#include <boost/test/unit_test.hpp>

#include <cstdlib>
#include <fstream>
#include <regex>
#include <set>
#include <sstream>

#include "json_schema.hpp"
#include "pii.hpp"
#include "spec_dir.hpp"
#include "spec_fixture.hpp"
#include "spec_index.hpp"

using ykt::test::example;
using ykt::test::registry;
using ykt::test::spec_dir;
using ykt::test::spec_json;

namespace {
std::string read_text(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

const ykt::spec::SpecIndex& spec_doc() {
  static const ykt::spec::SpecIndex idx = [] {
    auto r = ykt::spec::SpecIndex::load(spec_dir() + "/ykt-std-1.0.md");
    if (!r) throw std::runtime_error(r.error().message);
    return std::move(r.value());
  }();
  return idx;
}

// Message types named in CATALOG.md's tables: the first back-quoted cell of a row.
std::set<std::string> catalog_types() {
  std::set<std::string> out;
  static const std::regex row(R"(^\|\s*`([a-z]+\.[a-z_]+)`\s*(\([^)]*\))?\s*\|)");
  std::istringstream in(read_text(spec_dir() + "/CATALOG.md"));
  for (std::string l; std::getline(in, l);) {
    std::smatch m;
    if (std::regex_search(l, m, row)) out.insert(m[1]);
  }
  return out;
}

bool crosses_province(const ykt::spec::MessageType& t) {
  for (const auto& r : t.from)
    if (r == "exchange") return true;
  for (const auto& r : t.to)
    if (r == "exchange") return true;
  return false;
}
}  // namespace

BOOST_AUTO_TEST_SUITE(spec_consistency)

BOOST_AUTO_TEST_CASE(every_catalog_type_has_schema_and_clause) {
  // Purpose: every message type of CATALOG.md has a schema, a response schema and a clause that
  // exists in the standard (STD-3.2).
  const auto types = catalog_types();
  BOOST_TEST(types.size() >= 24u);
  for (const std::string& t : types) {
    const auto* mt = registry().find(t);
    BOOST_TEST_REQUIRE(mt != nullptr, t << " has no entry in messages.json");
    BOOST_TEST(!mt->response_schema_file.empty(), t);
  }
  BOOST_TEST(registry().find("error") != nullptr);
  for (const auto& [name, mt] : registry().types()) {
    BOOST_TEST(spec_doc().find(mt.clause) != nullptr, name << " cites missing " << mt.clause);
    BOOST_TEST(!mt.from.empty(), name);
    BOOST_TEST(!mt.to.empty(), name);
    if (name != "error") BOOST_TEST(types.count(name) == 1, name << " is not in CATALOG.md");
  }
}

BOOST_AUTO_TEST_CASE(every_field_is_documented_in_its_clause) {
  // Purpose: the standard lists every top-level field of each request and response body in the
  // clause that defines the type, so the text and the schemas agree (STD-3.2).
  for (const auto& [name, mt] : registry().types()) {
    const auto* clause = spec_doc().find(mt.clause);
    BOOST_TEST_REQUIRE(clause != nullptr, name);
    std::vector<std::string> files{mt.schema_file};
    if (!mt.response_schema_file.empty()) files.push_back(mt.response_schema_file);
    for (const std::string& f : files) {
      const Json::Value schema = spec_json(f);
      for (const std::string& field : schema["properties"].getMemberNames())
        BOOST_TEST(clause->text.find("`" + field + "`") != std::string::npos,
                   mt.clause << " does not document field `" << field << "` of " << f);
    }
    BOOST_TEST(clause->text.find("`" + name + "`") != std::string::npos,
               mt.clause << " does not name type " << name);
  }
}

BOOST_AUTO_TEST_CASE(no_citizen_id_crosses_a_province) {
  // Purpose: no example of a message that passes the exchange carries a valid citizen ID, and
  // the test itself detects one when planted (STD-8.4).
  int checked = 0;
  for (const auto& [name, mt] : registry().types()) {
    if (!crosses_province(mt)) continue;
    for (const std::string& f : {name, name + ".rsp"}) {
      const std::string path = spec_dir() + "/examples/" + f + ".json";
      if (name == "error" && f != name) continue;
      const std::string text = read_text(path);
      BOOST_TEST_REQUIRE(!text.empty(), path);
      BOOST_TEST(!ykt::pii::contains_citizen_id(text), path << " holds a citizen ID");
      ++checked;
    }
  }
  BOOST_TEST(checked >= 30);
  BOOST_TEST(ykt::pii::contains_citizen_id(R"({"x":"31011819900101001X"})"));
}

BOOST_AUTO_TEST_CASE(application_item_list_is_valid) {
  // Purpose: the application-item list is versioned, holds 20-40 items with unique ids, each
  // offered by at least one province, and matches its schema (STD-11, FACTS §1).
  auto schema = ykt::spec::JsonSchema::load(spec_dir() + "/schemas/data/application-items.json");
  BOOST_TEST_REQUIRE(schema.ok(), (schema ? "" : schema.error().message));
  const Json::Value list = spec_json("application-items.json");
  auto s = schema->check(list, "application-items", "E1002");
  BOOST_TEST(s.ok(), (s ? "" : s.error().message));
  const Json::Value& items = list["items"];
  BOOST_TEST(items.size() >= 20u);
  BOOST_TEST(items.size() <= 40u);
  std::set<std::string> ids;
  std::set<std::string> services;
  for (const Json::Value& it : items) {
    BOOST_TEST(ids.insert(it["id"].asString()).second, it["id"].asString());
    services.insert(it["service"].asString());
  }
  BOOST_TEST(services.size() == 7u);
  // Every item is also acceptable inside an apps.list response.
  Json::Value rsp = example("apps.list.rsp");
  rsp["items"] = Json::Value(Json::arrayValue);
  for (Json::Value it : items) {
    it.removeMember("provinces");
    rsp["items"].append(it);
  }
  rsp["version"] = list["version"];
  auto r = registry().validate_body("apps.list.rsp", rsp);
  BOOST_TEST(r.ok(), (r ? "" : r.error().message));
  Json::Value broken = list;
  broken["items"][0]["service"] = "teleport";
  BOOST_TEST(!schema->check(broken, "application-items", "E1002").ok());
}

BOOST_AUTO_TEST_CASE(versions_agree) {
  // Purpose: messages.json, the standard's title and the envelope examples all say ykt-std/1.0
  // (STD-1.2).
  BOOST_TEST(spec_json("messages.json")["version"].asString() == "ykt-std/1.0");
  BOOST_TEST(example("envelope")["v"].asString() == "ykt-std/1.0");
  const std::string doc = read_text(spec_dir() + "/ykt-std-1.0.md");
  BOOST_TEST(doc.find("`ykt-std/1.0`") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(default_spec_dir_honours_env) {
  // Purpose: YKT_SPEC_DIR overrides the compiled-in spec directory, which otherwise holds the
  // standard (STD-1.2).
  ::unsetenv("YKT_SPEC_DIR");
  const std::string def = ykt::spec::default_spec_dir();
  BOOST_TEST(def == spec_dir());
  ::setenv("YKT_SPEC_DIR", "/tmp/other-spec", 1);
  BOOST_TEST(ykt::spec::default_spec_dir() == "/tmp/other-spec");
  ::unsetenv("YKT_SPEC_DIR");
}

BOOST_AUTO_TEST_SUITE_END()
