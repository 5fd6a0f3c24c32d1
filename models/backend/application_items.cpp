#include "application_items.hpp"

#include <algorithm>

#include "json_util.hpp"

namespace ykt::backend {

bool ApplicationItems::offers(std::string_view province, std::string_view service) const {
  for (const auto& it : items) {
    if (std::find(it.services.begin(), it.services.end(), service) == it.services.end()) continue;
    if (std::find(it.provinces.begin(), it.provinces.end(), province) != it.provinces.end())
      return true;
  }
  return false;
}

void ApplicationItems::drop_service(std::string_view service) {
  items.erase(std::remove_if(items.begin(), items.end(),
                             [&](const ApplicationItem& it) {
                               return std::find(it.services.begin(), it.services.end(), service) !=
                                      it.services.end();
                             }),
              items.end());
}

Json::Value ApplicationItems::list_for(std::string_view province) const {
  Json::Value v(Json::objectValue);
  v["status"] = "OK";
  v["version"] = version;
  v["items"] = Json::Value(Json::arrayValue);
  for (const auto& it : items) {
    if (std::find(it.provinces.begin(), it.provinces.end(), province) == it.provinces.end())
      continue;
    Json::Value o(Json::objectValue);
    o["id"] = it.id;
    o["name_zh"] = it.name_zh;
    o["name_en"] = it.name_en;
    for (const auto& s : it.services) o["services"].append(s);
    v["items"].append(o);
  }
  return v;
}

Result<ApplicationItems> application_items_from_json(const Json::Value& v) {
  if (!v.isObject() || !v["items"].isArray())
    return Error{"config", "application items: `items` must be an array"};
  ApplicationItems out;
  out.version = v["version"].isString() ? v["version"].asString() : "";
  if (out.version.empty()) return Error{"config", "application items: `version` missing"};
  for (Json::ArrayIndex i = 0; i < v["items"].size(); ++i) {
    const Json::Value& o = v["items"][i];
    ApplicationItem it;
    const std::string where = "application items: items[" + std::to_string(i) + "]";
    if (!o.isObject() || !o["id"].isString()) return Error{"config", where + " needs an `id`"};
    it.id = o["id"].asString();
    it.name_zh = o["name_zh"].asString();
    it.name_en = o["name_en"].asString();
    if (o["service"].isString()) it.services.push_back(o["service"].asString());
    if (o["services"].isArray())
      for (const auto& s : o["services"])
        if (s.isString()) it.services.push_back(s.asString());
    if (it.services.empty()) return Error{"config", where + " (" + it.id + ") names no service"};
    if (!o["provinces"].isArray()) return Error{"config", where + " needs `provinces`"};
    for (const auto& p : o["provinces"])
      if (p.isString()) it.provinces.push_back(p.asString());
    out.items.push_back(std::move(it));
  }
  return out;
}

Result<ApplicationItems> load_application_items(const std::string& path) {
  auto v = json::load_file(path);
  if (!v) return v.error();
  auto items = application_items_from_json(*v);
  if (!items) return Error{items.error().code, path + ": " + items.error().message};
  return items;
}

std::string_view service_of(std::string_view type) {
  if (type == "txn.purchase" || type == "txn.batch") return "transit";
  if (type == "venue.admit") return "venue";
  if (type == "id.verify") return "identity";
  if (type == "med.presettle" || type == "med.settle") return "medical";
  if (type == "topup.auth" || type == "topup.confirm") return "topup";
  if (type == "qr.verify") return "qr";
  if (type == "card.status") return "status";
  return {};
}

}  // namespace ykt::backend
