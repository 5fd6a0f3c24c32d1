#include "service_rules.hpp"

#include <cmath>
#include <fstream>

#include "json_util.hpp"

namespace ykt::backend {

namespace {

// Every figure below is a ykt estimate for the model, not a published price or policy.
ServiceRules build_default() {
  ServiceRules r;
  r.venues = {
      {"SH-MUS-01", "310000", "Shanghai city museum (model)", 6000, 3000},
      {"SH-QP-MUS-01", "310118", "Qingpu museum (model)", 4000, 2000},
      {"JS-NJ-MUS-01", "320100", "Nanjing museum (model)", 5000, 2500},
      {"JS-SZ-GDN-01", "320500", "Suzhou garden (model)", 7000, 3500},
      {"JS-WJ-MUS-01", "320509", "Wujiang museum (model)", 4000, 2000},
      {"ZJ-HZ-LIB-01", "330100", "Hangzhou library (model)", 0, 0},
      {"ZJ-HZ-MUS-01", "330100", "Hangzhou museum (model)", 5000, 2500},
      {"ZJ-JS-PRK-01", "330421", "Jiashan scenic park (model)", 6000, 3000},
      {"AH-HF-MUS-01", "340100", "Hefei museum (model)", 3000, 1500},
      {"AH-HS-PRK-01", "341000", "Huangshan scenic area (model)", 19000, 9500},
  };
  r.default_local_permille = 500;
  const std::map<std::string, std::string> items = {
      {"DRUG-0001", "A"},  {"DRUG-0002", "A"},  {"DRUG-0003", "B"},
      {"DRUG-0004", "B"},  {"EXAM-0001", "A"},  {"EXAM-0002", "B"},
      {"TREAT-0001", "A"}, {"TREAT-0002", "B"}, {"SELF-0001", "C"},
  };
  const std::map<std::string, std::map<std::string, int>> cats = {
      {"310000", {{"A", 1000}, {"B", 900}, {"C", 0}}},
      {"320000", {{"A", 1000}, {"B", 850}, {"C", 0}}},
      {"330000", {{"A", 1000}, {"B", 900}, {"C", 0}}},
      {"340000", {{"A", 1000}, {"B", 800}, {"C", 0}}},
  };
  for (const auto& [prov, perm] : cats) {
    MedicalCatalogue c;
    c.item_category = items;
    c.category_permille = perm;
    r.catalogues[prov] = c;
  }
  // deductible (fen), ratio (per mille), annual cap (fen)
  r.policies["310000"] = {{"employee", {150000, 850, 55000000}},
                          {"resident", {30000, 700, 30000000}}};
  r.policies["320000"] = {{"employee", {100000, 850, 40000000}},
                          {"resident", {80000, 650, 25000000}}};
  r.policies["330000"] = {{"employee", {100000, 850, 45000000}},
                          {"resident", {80000, 650, 25000000}}};
  r.policies["340000"] = {{"employee", {80000, 800, 35000000}},
                          {"resident", {60000, 600, 20000000}}};
  return r;
}

int permille(const Json::Value& v) {
  return static_cast<int>(std::lround(v.asDouble() * 1000));
}

}  // namespace

const VenueRule* ServiceRules::venue(std::string_view id) const {
  for (const auto& v : venues)
    if (v.venue_id == id) return &v;
  return nullptr;
}

const MedicalCatalogue* ServiceRules::catalogue(std::string_view province) const {
  auto it = catalogues.find(std::string(province));
  return it == catalogues.end() ? nullptr : &it->second;
}

const MedicalPolicy* ServiceRules::policy(std::string_view province,
                                          std::string_view scheme) const {
  auto it = policies.find(std::string(province));
  if (it == policies.end()) return nullptr;
  auto jt = it->second.find(std::string(scheme));
  return jt == it->second.end() ? nullptr : &jt->second;
}

const ServiceRules& default_service_rules() {
  static const ServiceRules r = build_default();
  return r;
}

Result<ServiceRules> service_rules_from_json(const Json::Value& v) {
  if (!v.isObject()) return Error{"config", "service rules: top level must be an object"};
  ServiceRules r;
  const Json::Value& venues = v["venues"];
  if (!venues.isArray()) return Error{"config", "service rules: `venues` must be an array"};
  for (Json::ArrayIndex i = 0; i < venues.size(); ++i) {
    const Json::Value& o = venues[i];
    VenueRule vr;
    vr.venue_id = o["venue_id"].asString();
    vr.city = o["city"].asString();
    vr.name_en = o["name_en"].asString();
    if (vr.venue_id.empty() || vr.city.size() != 6 || !o["base_price"].isInt64() ||
        !o["local_price"].isInt64() || o["base_price"].asInt64() < 0 ||
        o["local_price"].asInt64() < 0)
      return Error{"config", "service rules: venues[" + std::to_string(i) +
                                 "] needs venue_id, a 6-digit city and prices >= 0 (fen)"};
    vr.base_price = o["base_price"].asInt64();
    vr.local_price = o["local_price"].asInt64();
    r.venues.push_back(std::move(vr));
  }
  if (v["default_local_ratio"].isNumeric())
    r.default_local_permille = permille(v["default_local_ratio"]);
  const Json::Value& cats = v["catalogues"];
  if (!cats.isObject()) return Error{"config", "service rules: `catalogues` must be an object"};
  for (const auto& prov : cats.getMemberNames()) {
    const Json::Value& c = cats[prov];
    MedicalCatalogue mc;
    if (!c["categories"].isObject() || !c["items"].isObject())
      return Error{"config", "service rules: catalogue " + prov + " needs categories and items"};
    for (const auto& cat : c["categories"].getMemberNames()) {
      const Json::Value& ratio = c["categories"][cat];
      if (!ratio.isNumeric() || ratio.asDouble() < 0 || ratio.asDouble() > 1)
        return Error{"config", "service rules: catalogue " + prov + " category " + cat +
                                   " ratio must be in [0,1]"};
      mc.category_permille[cat] = permille(ratio);
    }
    for (const auto& code : c["items"].getMemberNames()) {
      const std::string cat = c["items"][code].asString();
      if (!mc.category_permille.count(cat))
        return Error{"config", "service rules: catalogue " + prov + " item " + code +
                                   " has an unknown category"};
      mc.item_category[code] = cat;
    }
    mc.unknown_category = c["unknown_category"].isString() ? c["unknown_category"].asString() : "C";
    if (!mc.category_permille.count(mc.unknown_category))
      return Error{"config", "service rules: catalogue " + prov + " unknown_category undefined"};
    r.catalogues[prov] = std::move(mc);
  }
  const Json::Value& pols = v["policies"];
  if (!pols.isObject()) return Error{"config", "service rules: `policies` must be an object"};
  for (const auto& prov : pols.getMemberNames()) {
    for (const auto& scheme : pols[prov].getMemberNames()) {
      const Json::Value& p = pols[prov][scheme];
      if (!p["deductible"].isInt64() || !p["cap"].isInt64() || !p["ratio"].isNumeric() ||
          p["deductible"].asInt64() < 0 || p["cap"].asInt64() < 0 || p["ratio"].asDouble() < 0 ||
          p["ratio"].asDouble() > 1)
        return Error{"config", "service rules: policy " + prov + "/" + scheme +
                                   " needs deductible, cap (fen >= 0) and ratio in [0,1]"};
      r.policies[prov][scheme] =
          MedicalPolicy{p["deductible"].asInt64(), permille(p["ratio"]), p["cap"].asInt64()};
    }
  }
  return r;
}

Json::Value service_rules_to_json(const ServiceRules& r) {
  Json::Value v(Json::objectValue);
  v["format"] = "ykt-service-rules/1";
  v["note"] =
      "ykt model data, ESTIMATES only (not published prices or policies): venue prices in fen "
      "with the local price that same-city treatment grants (STD-6.6, FACTS §1); treatment "
      "places' catalogues (item -> category, category -> covered share) and insured places' "
      "policies (deductible and annual cap in fen, fund ratio) (STD-6.7, FACTS §6)";
  v["venues"] = Json::Value(Json::arrayValue);
  for (const auto& vr : r.venues) {
    Json::Value o;
    o["venue_id"] = vr.venue_id;
    o["city"] = vr.city;
    o["name_en"] = vr.name_en;
    o["base_price"] = Json::Int64(vr.base_price);
    o["local_price"] = Json::Int64(vr.local_price);
    v["venues"].append(o);
  }
  v["default_local_ratio"] = r.default_local_permille / 1000.0;
  for (const auto& [prov, c] : r.catalogues) {
    Json::Value o;
    for (const auto& [cat, pm] : c.category_permille) o["categories"][cat] = pm / 1000.0;
    for (const auto& [code, cat] : c.item_category) o["items"][code] = cat;
    o["unknown_category"] = c.unknown_category;
    v["catalogues"][prov] = o;
  }
  for (const auto& [prov, schemes] : r.policies)
    for (const auto& [scheme, p] : schemes) {
      Json::Value o;
      o["deductible"] = Json::Int64(p.deductible);
      o["ratio"] = p.ratio_permille / 1000.0;
      o["cap"] = Json::Int64(p.cap);
      v["policies"][prov][scheme] = o;
    }
  return v;
}

Result<ServiceRules> load_service_rules_or_default(const std::string& path) {
  if (!std::ifstream(path)) return default_service_rules();
  auto v = json::load_file(path);
  if (!v) return v.error();
  auto r = service_rules_from_json(*v);
  if (!r) return Error{r.error().code, path + ": " + r.error().message};
  return r;
}

}  // namespace ykt::backend
