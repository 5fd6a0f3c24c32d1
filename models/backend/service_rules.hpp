#pragma once
/// Data tables the backends apply (ykt data, estimates, not FACTS): venue prices for same-city
/// treatment (STD-6.6), each treatment place's medical catalogue and each insured place's policy
/// (STD-6.7, FACTS §6). Loaded from scenarios/data/service_rules.json or built in.
#include <json/value.h>

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "result.hpp"

namespace ykt::backend {

/// A culture or tourism venue and its two prices.
struct VenueRule {
  std::string venue_id;          ///< "JS-WJ-MUS-01"
  std::string city;              ///< city or district code where it is
  std::string name_en;           ///< for reports
  std::int64_t base_price = 0;   ///< fen, what visitors pay
  std::int64_t local_price = 0;  ///< fen, what local residents (and same-city holders) pay
};

/// A treatment place's catalogue: item code -> category, category -> covered share (per mille).
struct MedicalCatalogue {
  std::map<std::string, std::string> item_category;  ///< "DRUG-0001" -> "A"
  std::map<std::string, int> category_permille;      ///< "A" -> 1000, "B" -> 900, "C" -> 0
  std::string unknown_category = "C";                ///< category of codes not in the list
};

/// An insured place's policy for one scheme, per calendar year.
struct MedicalPolicy {
  std::int64_t deductible = 0;  ///< fen the insured bears first at each visit (STD-6.7.3)
  int ratio_permille = 0;       ///< share of the covered amount above the deductible the fund pays
  std::int64_t cap = 0;         ///< fund payments per year at most, fen
};

/// All tables of the region (each backend uses its own province's catalogue and policy).
struct ServiceRules {
  std::vector<VenueRule> venues;
  int default_local_permille = 500;  ///< local price of a venue not in the table, per mille of base
  std::map<std::string, MedicalCatalogue> catalogues;  ///< province -> catalogue
  /// province -> scheme ("employee"/"resident") -> policy
  std::map<std::string, std::map<std::string, MedicalPolicy>> policies;

  /// The venue with `id`, or nullptr.
  [[nodiscard]] const VenueRule* venue(std::string_view id) const;
  /// The catalogue of a province, or nullptr.
  [[nodiscard]] const MedicalCatalogue* catalogue(std::string_view province) const;
  /// The policy of a province and scheme, or nullptr.
  [[nodiscard]] const MedicalPolicy* policy(std::string_view province,
                                            std::string_view scheme) const;
};

/// The built-in tables (equal to the shipped scenarios/data/service_rules.json).
const ServiceRules& default_service_rules();
/// Parses the service_rules.json format; the error names the offending entry.
Result<ServiceRules> service_rules_from_json(const Json::Value& v);
/// The tables as service_rules.json content.
Json::Value service_rules_to_json(const ServiceRules& r);
/// Loads `path`; a missing file gives the built-in tables, a broken one an error naming it.
Result<ServiceRules> load_service_rules_or_default(const std::string& path);

}  // namespace ykt::backend
