#include "city_table.hpp"

#include <fstream>

#include "json_util.hpp"

namespace ykt::population {

namespace {

// City weights are rough resident counts in units of 10,000 ([estimate], ykt data, not FACTS):
// only their ratios inside a province matter; province totals come from FACTS §2.
CityTable build_default() {
  CityTable t;
  t.provinces = {
      {"310000", "31", "上海市", "Shanghai", 24'870'000},
      {"320000", "32", "江苏省", "Jiangsu", 85'260'000},
      {"330000", "33", "浙江省", "Zhejiang", 66'270'000},
      {"340000", "34", "安徽省", "Anhui", 61'210'000},
  };
  t.cities = {
      {"310000", "310000", "上海市", "Shanghai", 2487},
      {"320100", "320000", "南京市", "Nanjing", 954},
      {"320200", "320000", "无锡市", "Wuxi", 749},
      {"320300", "320000", "徐州市", "Xuzhou", 902},
      {"320400", "320000", "常州市", "Changzhou", 537},
      {"320500", "320000", "苏州市", "Suzhou", 1296},
      {"320600", "320000", "南通市", "Nantong", 774},
      {"320700", "320000", "连云港市", "Lianyungang", 459},
      {"320800", "320000", "淮安市", "Huai'an", 454},
      {"320900", "320000", "盐城市", "Yancheng", 668},
      {"321000", "320000", "扬州市", "Yangzhou", 458},
      {"321100", "320000", "镇江市", "Zhenjiang", 322},
      {"321200", "320000", "泰州市", "Taizhou", 450},
      {"321300", "320000", "宿迁市", "Suqian", 499},
      {"330100", "330000", "杭州市", "Hangzhou", 1252},
      {"330200", "330000", "宁波市", "Ningbo", 970},
      {"330300", "330000", "温州市", "Wenzhou", 976},
      {"330400", "330000", "嘉兴市", "Jiaxing", 558},
      {"330500", "330000", "湖州市", "Huzhou", 344},
      {"330600", "330000", "绍兴市", "Shaoxing", 537},
      {"330700", "330000", "金华市", "Jinhua", 716},
      {"330800", "330000", "衢州市", "Quzhou", 229},
      {"330900", "330000", "舟山市", "Zhoushan", 117},
      {"331000", "330000", "台州市", "Taizhou", 668},
      {"331100", "330000", "丽水市", "Lishui", 251},
      {"340100", "340000", "合肥市", "Hefei", 985},
      {"340200", "340000", "芜湖市", "Wuhu", 374},
      {"340300", "340000", "蚌埠市", "Bengbu", 329},
      {"340400", "340000", "淮南市", "Huainan", 302},
      {"340500", "340000", "马鞍山市", "Ma'anshan", 219},
      {"340600", "340000", "淮北市", "Huaibei", 194},
      {"340700", "340000", "铜陵市", "Tongling", 130},
      {"340800", "340000", "安庆市", "Anqing", 412},
      {"341000", "340000", "黄山市", "Huangshan", 132},
      {"341100", "340000", "滁州市", "Chuzhou", 404},
      {"341200", "340000", "阜阳市", "Fuyang", 813},
      {"341300", "340000", "宿州市", "Suzhou (Anhui)", 527},
      {"341500", "340000", "六安市", "Lu'an", 437},
      {"341600", "340000", "亳州市", "Bozhou", 496},
      {"341700", "340000", "池州市", "Chizhou", 133},
      {"341800", "340000", "宣城市", "Xuancheng", 248},
  };
  // Shares of the city's holders living in the district ([estimate], ykt data).
  t.demo_districts = {
      {"310118", "310000", "青浦区", "Qingpu", 0.05},
      {"320509", "320500", "吴江区", "Wujiang", 0.12},
      {"330421", "330400", "嘉善县", "Jiashan", 0.12},
  };
  return t;
}

bool is_code(const std::string& s) {
  if (s.size() != 6) return false;
  for (char c : s)
    if (c < '0' || c > '9') return false;
  return true;
}

std::string str(const Json::Value& v, const char* key) {
  const Json::Value& f = v[key];
  return f.isString() ? f.asString() : std::string();
}

}  // namespace

const Province* CityTable::province(std::string_view code) const {
  for (const auto& p : provinces)
    if (p.code == code) return &p;
  return nullptr;
}

const City* CityTable::city(std::string_view code) const {
  for (const auto& c : cities)
    if (c.code == code) return &c;
  return nullptr;
}

bool CityTable::is_demo_district(std::string_view code) const {
  for (const auto& d : demo_districts)
    if (d.code == code) return true;
  return false;
}

const CityTable& default_city_table() {
  static const CityTable t = build_default();
  return t;
}

Result<CityTable> city_table_from_json(const Json::Value& v) {
  if (!v.isObject()) return Error{"config", "cities: top level must be an object"};
  CityTable t;
  const Json::Value& provs = v["provinces"];
  if (!provs.isArray() || provs.empty())
    return Error{"config", "cities: `provinces` must be a non-empty array"};
  for (Json::ArrayIndex i = 0; i < provs.size(); ++i) {
    const Json::Value& p = provs[i];
    Province pr{str(p, "code"), str(p, "code").substr(0, 2), str(p, "name_zh"), str(p, "name_en"),
                0};
    if (!is_code(pr.code) || pr.code.substr(2) != "0000")
      return Error{"config", "cities: provinces[" + std::to_string(i) + "] bad code"};
    if (!p["population"].isUInt64() || p["population"].asUInt64() == 0)
      return Error{"config", "cities: province " + pr.code + " needs a positive `population`"};
    pr.population = p["population"].asUInt64();
    t.provinces.push_back(std::move(pr));
  }
  const Json::Value& cities = v["cities"];
  if (!cities.isArray() || cities.empty())
    return Error{"config", "cities: `cities` must be a non-empty array"};
  for (Json::ArrayIndex i = 0; i < cities.size(); ++i) {
    const Json::Value& c = cities[i];
    City city{str(c, "code"), str(c, "province"), str(c, "name_zh"), str(c, "name_en"), 0.0};
    if (!is_code(city.code))
      return Error{"config", "cities: cities[" + std::to_string(i) + "] bad code"};
    if (city.province.empty()) city.province = city.code.substr(0, 2) + "0000";
    if (!t.province(city.province))
      return Error{"config", "cities: city " + city.code + " names an unknown province"};
    if (!c["weight"].isNumeric() || c["weight"].asDouble() <= 0)
      return Error{"config", "cities: city " + city.code + " needs a positive `weight`"};
    city.weight = c["weight"].asDouble();
    if (t.city(city.code)) return Error{"config", "cities: duplicate city " + city.code};
    t.cities.push_back(std::move(city));
  }
  // Keep cities grouped by province in province order (global indices depend on it).
  std::vector<City> grouped;
  for (const auto& p : t.provinces)
    for (const auto& c : t.cities)
      if (c.province == p.code) grouped.push_back(c);
  t.cities = std::move(grouped);
  const Json::Value& ds = v["demo_districts"];
  if (!ds.isNull() && !ds.isArray())
    return Error{"config", "cities: `demo_districts` must be an array"};
  for (Json::ArrayIndex i = 0; i < ds.size(); ++i) {
    const Json::Value& d = ds[i];
    DemoDistrict dd{str(d, "code"), str(d, "city"), str(d, "name_zh"), str(d, "name_en"), 0.0};
    if (!is_code(dd.code) || !t.city(dd.city))
      return Error{"config", "cities: demo_districts[" + std::to_string(i) + "] bad code or city"};
    const double share = d["share_of_city"].isNumeric() ? d["share_of_city"].asDouble() : -1;
    if (share < 0 || share > 1)
      return Error{"config", "cities: district " + dd.code + " needs `share_of_city` in [0,1]"};
    dd.share = share;
    t.demo_districts.push_back(std::move(dd));
  }
  return t;
}

Result<CityTable> load_city_table_or_default(const std::string& path) {
  if (!std::ifstream(path)) return default_city_table();
  auto v = json::load_file(path);
  if (!v) return v.error();
  auto t = city_table_from_json(*v);
  if (!t) return Error{t.error().code, path + ": " + t.error().message};
  return t;
}

Json::Value city_table_to_json(const CityTable& t) {
  Json::Value v(Json::objectValue);
  v["format"] = "ykt-cities/1";
  v["sources"] =
      "codes and English names: FACTS.md §3 [recalled]; Chinese names: GB/T 2260 names "
      "[recalled]; province populations: FACTS.md §2 resident population 2023 [recalled]; "
      "city weights and demonstration-zone district shares: ykt ESTIMATES (rough residents in "
      "units of 10,000; only ratios inside a province are used) — tune freely";
  for (const auto& p : t.provinces) {
    Json::Value o;
    o["code"] = p.code;
    o["name_zh"] = p.name_zh;
    o["name_en"] = p.name_en;
    o["population"] = Json::UInt64(p.population);
    v["provinces"].append(o);
  }
  for (const auto& c : t.cities) {
    Json::Value o;
    o["code"] = c.code;
    o["province"] = c.province;
    o["name_zh"] = c.name_zh;
    o["name_en"] = c.name_en;
    o["weight"] = c.weight;
    v["cities"].append(o);
  }
  for (const auto& d : t.demo_districts) {
    Json::Value o;
    o["code"] = d.code;
    o["city"] = d.city;
    o["name_zh"] = d.name_zh;
    o["name_en"] = d.name_en;
    o["share_of_city"] = d.share;
    v["demo_districts"].append(o);
  }
  return v;
}

}  // namespace ykt::population
