#include "replay_network.hpp"

namespace ykt::app {

const char* const kRegionProvinces[4] = {"310000", "320000", "330000", "340000"};

Json::Value reference_topology(const ReferenceNetwork& n) {
  Json::Value t;
  t["name"] = n.name;
  auto node = [&](const std::string& name, const std::string& role, const std::string& actor) {
    Json::Value v;
    v["name"] = name;
    v["role"] = role;
    v["endpoint"] = "tcp://127.0.0.1:0";
    v["actors"].append(actor);
    v["params"]["seed"] = Json::UInt64(n.seed);
    v["params"]["scale"] = n.scale;
    if (n.timeout_scale != 1) v["params"]["timeout_scale"] = n.timeout_scale;
    return v;
  };
  Json::Value ex = node("exchange", "exchange", "exchange");
  if (!n.audit_log.empty()) ex["params"]["audit_log"] = n.audit_log;
  t["nodes"].append(ex);
  for (const std::string p : kRegionProvinces) {
    Json::Value be = node("backend-" + p, "backend", "backend." + p);
    be["params"]["province"] = p;
    t["nodes"].append(be);
    t["nodes"].append(node("cards-" + p, "card", "card.Y" + p.substr(0, 2) + "*"));
    Json::Value rd = node("readers-" + p, "reader", "reader." + p.substr(0, 2) + "*");
    rd["params"]["upload_period_ms"] = Json::Int64(n.upload_period_ms);
    t["nodes"].append(rd);
  }
  return t;
}

}  // namespace ykt::app
