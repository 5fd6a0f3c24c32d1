#include "ixit.hpp"

#include "common/issuer_keys.hpp"
#include "json_util.hpp"

namespace ykt::certify {

Bytes Ixit::key_of(const std::string& address) const {
  auto it = keys.find(address);
  if (it != keys.end()) return it->second;
  return keys::actor_key(address);
}

std::string default_address(const std::string& role, const std::string& province) {
  const std::string p = province.empty() ? "310000" : province;
  if (role == "backend") return "backend." + p;
  if (role == "exchange") return "exchange";
  if (role == "card") return "card.Y" + p.substr(0, 2) + "000001";
  return "reader." + p + "000001";
}

namespace {
Error bad(const std::string& field, const std::string& why) {
  return Error{"ixit", "IXIT field '" + field + "' " + why};
}
}  // namespace

Result<Ixit> parse_ixit(const Json::Value& doc, const std::string& role,
                        const std::string& endpoint) {
  if (!doc.isObject()) return Error{"ixit", "IXIT must be a JSON object"};
  Ixit x;
  x.raw = doc;
  x.role = role;
  const Json::Value& iut = doc["iut"];
  if (!iut.isNull() && !iut.isObject()) return bad("iut", "must be an object");
  auto str = [&](const Json::Value& o, const char* k, std::string& out) -> bool {
    if (!o.isMember(k)) return true;
    if (!o[k].isString()) return false;
    out = o[k].asString();
    return true;
  };
  if (iut.isObject()) {
    if (!str(iut, "endpoint", x.iut_endpoint)) return bad("iut.endpoint", "must be a string");
    if (!str(iut, "address", x.iut_address)) return bad("iut.address", "must be a string");
    if (!str(iut, "province", x.province)) return bad("iut.province", "must be a string");
  }
  if (!endpoint.empty()) x.iut_endpoint = endpoint;  // the command line wins
  if (x.iut_endpoint.empty()) return bad("iut.endpoint", "missing (or give --iut)");
  if (x.province.empty()) x.province = "310000";
  if (x.province.size() != 6 || x.province.substr(2) != "0000")
    return bad("iut.province", "must be a province code such as 310000");
  if (x.iut_address.empty()) x.iut_address = default_address(role, x.province);
  const Json::Value& h = doc["harness"];
  if (h.isObject() && !str(h, "peer_endpoint", x.peer_endpoint))
    return bad("harness.peer_endpoint", "must be a string");
  const Json::Value& keys = doc["keys"];
  if (!keys.isNull()) {
    if (!keys.isObject()) return bad("keys", "must be an object of address: hex key");
    for (const auto& a : keys.getMemberNames()) {
      auto k = keys[a].isString() ? from_hex(keys[a].asString()) : std::nullopt;
      if (!k || k->empty()) return bad("keys." + a, "must be a non-empty hex string");
      x.keys[a] = *k;
    }
  }
  const Json::Value& t = doc["timers"];
  if (!t.isNull()) {
    if (!t.isObject()) return bad("timers", "must be an object");
    auto ms = [&](const char* k, std::chrono::milliseconds& out) -> bool {
      if (!t.isMember(k)) return true;
      if (!t[k].isInt() || t[k].asInt() <= 0) return false;
      out = std::chrono::milliseconds(t[k].asInt());
      return true;
    };
    if (!ms("reply_ms", x.reply_timeout))
      return bad("timers.reply_ms", "must be a positive integer");
    if (!ms("case_ms", x.case_timeout)) return bad("timers.case_ms", "must be a positive integer");
    if (!ms("connect_ms", x.connect_timeout))
      return bad("timers.connect_ms", "must be a positive integer");
  }
  const Json::Value& sc = doc["start_command"];
  if (!sc.isNull()) {
    if (!sc.isArray() || sc.empty()) return bad("start_command", "must be a non-empty array");
    for (const auto& a : sc) {
      if (!a.isString()) return bad("start_command", "must hold strings only");
      x.start_command.push_back(a.asString());
    }
  }
  if (doc.isMember("test_data")) {
    if (!doc["test_data"].isObject()) return bad("test_data", "must be an object");
    x.test_data = doc["test_data"];
  }
  const Json::Value& cf = doc["configurations"];
  if (!cf.isNull()) {
    if (!cf.isObject()) return bad("configurations", "must be an object of name: configuration");
    for (const auto& name : cf.getMemberNames()) {
      const std::string f = "configurations." + name;
      const Json::Value& c = cf[name];
      if (!c.isObject()) return bad(f, "must be an object");
      IutConfiguration conf;
      if (!c["cases"].isString() || c["cases"].asString().empty())
        return bad(f + ".cases", "must be a non-empty case id glob, e.g. BE-SVC-*");
      conf.cases = c["cases"].asString();
      const Json::Value& cmd = c["start_command"];
      if (!cmd.isArray() || cmd.empty())
        return bad(f + ".start_command", "must be a non-empty array");
      for (const auto& a : cmd) {
        if (!a.isString()) return bad(f + ".start_command", "must hold strings only");
        conf.start_command.push_back(a.asString());
      }
      if (c.isMember("test_data")) {
        if (!c["test_data"].isObject()) return bad(f + ".test_data", "must be an object");
        conf.test_data = c["test_data"];
      }
      x.configurations.emplace(name, std::move(conf));
    }
  }
  return x;
}

Result<Ixit> load_ixit(const std::string& path, const std::string& role,
                       const std::string& endpoint) {
  auto doc = json::load_file(path);
  if (!doc) return Error{"ixit", "IXIT file " + path + ": " + doc.error().message};
  auto x = parse_ixit(*doc, role, endpoint);
  if (!x) return Error{"ixit", "IXIT file " + path + ": " + x.error().message};
  return x;
}

}  // namespace ykt::certify
