#include "table.hpp"

#include <cstdio>
#include <sstream>

#include "json_util.hpp"

namespace ykt::reports {
namespace {

std::string csv_cell(const Json::Value& v) {
  std::string s;
  if (v.isString())
    s = v.asString();
  else if (v.isNull())
    s = "";
  else if (v.isBool())
    s = v.asBool() ? "true" : "false";
  else if (v.type() == Json::realValue) {  // as the JSON files: 15 significant digits
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.15g", v.asDouble());
    s = buf;
  } else
    s = json::compact(v);
  if (s.find_first_of(",\"\n") == std::string::npos) return s;
  std::string q = "\"";
  for (char c : s) q += c == '"' ? std::string("\"\"") : std::string(1, c);
  return q + "\"";
}

}  // namespace

Json::Value Table::to_json() const {
  Json::Value j;
  j["name"] = name;
  j["title"] = title;
  j["columns"] = Json::Value(Json::arrayValue);
  for (const auto& c : columns) j["columns"].append(c);
  j["rows"] = Json::Value(Json::arrayValue);
  for (const auto& r : rows) {
    Json::Value o(Json::objectValue);
    for (std::size_t i = 0; i < columns.size() && i < r.size(); ++i) o[columns[i]] = r[i];
    j["rows"].append(o);
  }
  return j;
}

std::string Table::to_csv() const {
  std::ostringstream o;
  for (std::size_t i = 0; i < columns.size(); ++i) o << (i ? "," : "") << csv_cell(columns[i]);
  o << "\n";
  for (const auto& r : rows) {
    for (std::size_t i = 0; i < columns.size(); ++i)
      o << (i ? "," : "") << (i < r.size() ? csv_cell(r[i]) : "");
    o << "\n";
  }
  return o.str();
}

Result<Table> Table::from_json(const Json::Value& v) {
  if (!v.isObject() || !v["name"].isString() || !v["columns"].isArray() || !v["rows"].isArray())
    return Error{"report", "table: needs name, columns and rows"};
  Table t;
  t.name = v["name"].asString();
  t.title = v.get("title", t.name).asString();
  for (const auto& c : v["columns"]) t.columns.push_back(c.asString());
  for (const auto& r : v["rows"]) {
    std::vector<Json::Value> row;
    for (const auto& c : t.columns) row.push_back(r.get(c, Json::Value()));
    t.rows.push_back(std::move(row));
  }
  return t;
}

}  // namespace ykt::reports
