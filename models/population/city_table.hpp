#pragma once
/// The region's provinces and 41 cities (GB/T 2260 codes, FACTS §3), province populations (FACTS
/// §2) and the estimated split of each province's population over its cities. Loaded from
/// scenarios/data/cities.json or built in.
#include <json/value.h>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "result.hpp"

namespace ykt::population {

/// One province-level division (FACTS §3) with its 2023 resident population (FACTS §2).
struct Province {
  std::string code;              ///< "310000"
  std::string prefix;            ///< "31": the first two digits, used in card numbers
  std::string name_zh;           ///< 上海市
  std::string name_en;           ///< Shanghai
  std::uint64_t population = 0;  ///< residents 2023 (FACTS §2, [recalled])
};

/// One prefecture-level city (FACTS §3); Shanghai is one city with code 310000.
struct City {
  std::string code;      ///< GB/T 2260 code, "320500"
  std::string province;  ///< "320000"
  std::string name_zh;   ///< 苏州市
  std::string name_en;   ///< Suzhou
  double weight = 1.0;   ///< share of its province's population, relative ([estimate], ykt data)
};

/// A demonstration-zone district (FACTS §1) inside a city: some holders of the city live there.
struct DemoDistrict {
  std::string code;     ///< "310118"
  std::string city;     ///< "310000"
  std::string name_zh;  ///< 青浦区
  std::string name_en;  ///< Qingpu
  double share = 0.0;   ///< share of the city's holders whose home is the district ([estimate])
};

/// Provinces, cities and demonstration-zone districts.
struct CityTable {
  std::vector<Province> provinces;
  std::vector<City> cities;  ///< grouped by province, in province order
  std::vector<DemoDistrict> demo_districts;

  /// The province with `code`, or nullptr.
  [[nodiscard]] const Province* province(std::string_view code) const;
  /// The city with `code`, or nullptr.
  [[nodiscard]] const City* city(std::string_view code) const;
  /// True when `code` is one of the demonstration-zone districts (FACTS §1).
  [[nodiscard]] bool is_demo_district(std::string_view code) const;
};

/// The built-in table: 41 cities of FACTS §3, populations of FACTS §2, estimated city weights.
const CityTable& default_city_table();

/// Parses the cities.json format; the error names the offending entry.
Result<CityTable> city_table_from_json(const Json::Value& v);

/// Loads `path`; a missing file gives the built-in table, a broken one an error naming it.
Result<CityTable> load_city_table_or_default(const std::string& path);

/// The built-in table as cities.json content (the shipped file is this, pretty-printed).
Json::Value city_table_to_json(const CityTable& t);

}  // namespace ykt::population
