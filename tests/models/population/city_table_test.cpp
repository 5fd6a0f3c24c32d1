#include <boost/test/unit_test.hpp>

#include <set>

#include "json_util.hpp"
#include "population/city_table.hpp"

using namespace ykt;
using namespace ykt::population;

BOOST_AUTO_TEST_SUITE(city_table)

// Purpose: the built-in table has the 41 cities of FACTS §3 with unique codes inside the four
// provinces and no 341400 (STD-2.3).
BOOST_AUTO_TEST_CASE(forty_one_cities) {
  const CityTable& t = default_city_table();
  BOOST_TEST(t.provinces.size() == 4u);
  BOOST_TEST(t.cities.size() == 41u);
  std::set<std::string> codes;
  for (const auto& c : t.cities) {
    codes.insert(c.code);
    BOOST_TEST(c.code.substr(0, 2) == c.province.substr(0, 2), c.code);
    BOOST_TEST(!c.name_zh.empty());
    BOOST_TEST(!c.name_en.empty());
  }
  BOOST_TEST(codes.size() == 41u);
  BOOST_TEST(codes.count("341400") == 0u);
  BOOST_TEST(codes.count("341300") == 1u);
  BOOST_TEST(t.province("320000")->population == 85'260'000u);
  BOOST_TEST(t.is_demo_district("310118"));
  BOOST_TEST(t.is_demo_district("320509"));
  BOOST_TEST(t.is_demo_district("330421"));
  BOOST_TEST(!t.is_demo_district("310000"));
}

// Purpose: the shipped scenarios/data/cities.json parses and equals the built-in table, so the
// file and the default cannot drift apart (STD-2.3).
BOOST_AUTO_TEST_CASE(shipped_file_matches_default) {
  const std::string path = std::string(YKT_SOURCE_DIR) + "/scenarios/data/cities.json";
  auto raw = json::load_file(path);
  BOOST_TEST_REQUIRE(raw.ok(), "the shipped file must exist and parse");
  auto t = city_table_from_json(*raw);
  BOOST_TEST_REQUIRE(t.ok());
  BOOST_TEST(json::compact(city_table_to_json(*t)) ==
             json::compact(city_table_to_json(default_city_table())));
}

// Purpose: a missing file gives the default table and a broken one a clear error naming the
// entry, never a crash (STD-9).
BOOST_AUTO_TEST_CASE(load_or_default_and_errors) {
  auto missing = load_city_table_or_default("/nonexistent/cities.json");
  BOOST_TEST_REQUIRE(missing.ok());
  BOOST_TEST(missing->cities.size() == 41u);
  Json::Value v = city_table_to_json(default_city_table());
  v["cities"][3]["weight"] = -1;
  auto bad = city_table_from_json(v);
  BOOST_TEST_REQUIRE(!bad.ok());
  BOOST_TEST(bad.error().message.find("320300") != std::string::npos);
  v = city_table_to_json(default_city_table());
  v["cities"][0]["province"] = "990000";
  BOOST_TEST(!city_table_from_json(v).ok());
  BOOST_TEST(!city_table_from_json(Json::Value("x")).ok());
}

BOOST_AUTO_TEST_SUITE_END()
