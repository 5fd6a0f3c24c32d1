#include "demo_certify.hpp"

#include <unistd.h>

#include <filesystem>
#include <iostream>

#include "backend_test_data.hpp"
#include "child_process.hpp"
#include "json_util.hpp"
#include "model_roles.hpp"
#include "topology.hpp"

namespace ykt::app {

namespace {
const char* const kProvince = "310000";

std::string self_exe() {
  char exe[4096];
  const ssize_t n = ::readlink("/proc/self/exe", exe, sizeof exe - 1);
  return n > 0 ? std::string(exe, static_cast<std::size_t>(n)) : std::string("ykt");
}
}  // namespace

int certify_reference_backend(const std::string& out, std::uint64_t seed, double scale) {
  namespace fs = std::filesystem;
  std::error_code ec;
  fs::create_directories(out, ec);
  Json::Value params;
  params["seed"] = Json::UInt64(seed);
  params["scale"] = scale;
  params["province"] = kProvince;

  // The IUT is a reference backend; every other actor it talks to (the exchange, the other
  // provinces' backends) is played by the harness at its peer endpoint.
  Json::Value doc;
  doc["name"] = "ykt-demo-certification";
  Json::Value iut;
  iut["name"] = "iut";
  iut["role"] = "backend";
  iut["endpoint"] = "tcp://127.0.0.1:0";
  iut["actors"].append(std::string("backend.") + kProvince);
  iut["params"] = params;
  Json::Value peers;
  peers["name"] = "harness";
  peers["role"] = "harness";
  peers["endpoint"] = "tcp://127.0.0.1:0";
  for (const char* a :
       {"exchange", "backend.32*", "backend.33*", "backend.34*", "card.*", "reader.*"})
    peers["actors"].append(a);
  doc["nodes"].append(iut);
  doc["nodes"].append(peers);
  auto topo = wire::Topology::from_json(doc, "demo certification topology");
  if (!topo || !topo->resolve_free_ports()) {
    std::cerr << "ykt demo: cannot build the IUT topology\n";
    return 2;
  }
  const std::string topo_path = out + "/iut-topology.json";
  const std::string ixit_path = out + "/iut-ixit.json";
  if (!json::save_file(topo_path, topo->to_json())) return 2;

  auto cards = certify::pick_cards_by_state(*population_for(params), kProvince);
  if (!cards) {
    std::cerr << "ykt demo: the population has no card in every state for the suite\n";
    return 2;
  }
  Json::Value ixit;
  ixit["iut"]["endpoint"] = topo->find_node("iut")->endpoint;
  ixit["iut"]["address"] = std::string("backend.") + kProvince;
  ixit["iut"]["province"] = kProvince;
  ixit["harness"]["peer_endpoint"] = topo->find_node("harness")->endpoint;
  ixit["timers"]["reply_ms"] = 2500;
  ixit["test_data"] = certify::backend_test_data(*cards, kProvince);
  auto serve = [&](const std::string& topology, const std::string& log) {
    Json::Value argv(Json::arrayValue);
    for (const std::string& a :
         {self_exe(), std::string("serve"), std::string("backend"), std::string("--topology"),
          topology, std::string("--node"), std::string("iut"), std::string("--log"), log})
      argv.append(a);
    return argv;
  };
  ixit["start_command"] = serve(topo_path, out + "/iut.log");
  // BE-SVC-001 needs the backend configured without one service: a second IUT configuration,
  // the same backend with `venue` omitted from its application list.
  Json::Value alt = topo->to_json();
  for (auto& node : alt["nodes"])
    if (node["name"].asString() == "iut") node["params"]["omit_services"].append("venue");
  const std::string alt_path = out + "/iut-topology-venue-omitted.json";
  if (!json::save_file(alt_path, alt)) return 2;
  Json::Value& conf = ixit["configurations"]["venue_omitted"];
  conf["cases"] = "BE-SVC-*";
  conf["start_command"] = serve(alt_path, out + "/iut-venue-omitted.log");
  conf["test_data"]["unoffered_service"] = "venue";
  if (!json::save_file(ixit_path, ixit)) return 2;

  const std::string ics =
      std::string(YKT_SOURCE_DIR) + "/conformance/suites/examples/backend.ics.json";
  return run_self({"certify", "--role", "backend", "--ics", ics, "--ixit", ixit_path, "--start-iut",
                   "--out", out, "--seed", std::to_string(seed)});
}

}  // namespace ykt::app
