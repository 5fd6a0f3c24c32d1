#include "network_session.hpp"

#include "child_process.hpp"
#include "wire_client.hpp"

namespace ykt::app {

Json::Value ask(const std::string& endpoint, const std::string& kid, const std::string& to,
                const std::string& type, Json::Value body, std::chrono::milliseconds timeout) {
  Json::Value failed;
  failed["status"] = "E3002";
  if (endpoint.empty()) {
    failed["reason"] = "no node serves " + to;
    return failed;
  }
  auto client = wire::WireClient::connect(endpoint, wire::ClientOptions(kid));
  if (!client) {
    failed["reason"] = client.error().message;
    return failed;
  }
  Envelope e;
  e.type = type;
  e.to = to;
  e.body = std::move(body);
  auto r = client.value()->call(std::move(e), timeout);
  if (!r) {
    failed["status"] = r.error().code;
    failed["reason"] = r.error().message;
    return failed;
  }
  return r->body;
}

DayClose close_day(const wire::Topology& topo, const std::vector<std::string>& readers,
                   const std::string& date, const std::string& kid) {
  auto ask_actor = [&](const std::string& to, const std::string& type, Json::Value body,
                       std::chrono::milliseconds timeout) {
    const auto* node = topo.route(to);
    return ask(node ? node->endpoint : std::string(), kid, to, type, std::move(body), timeout);
  };
  DayClose d;
  for (const auto& r : readers)
    d.uploaded +=
        ask_actor(r, "term.flush", Json::Value(Json::objectValue), std::chrono::seconds(10))
            .get("uploaded", 0)
            .asUInt64();
  Json::Value req;
  req["date"] = date;
  const char* const kCounts[] = {"records", "accepted", "rejected", "failed_parts"};
  for (const char* k : kCounts) d.totals[k] = 0;
  for (const char* p : {"310000", "320000", "330000", "340000"}) {
    const std::string backend = std::string("backend.") + p;
    d.clearing[p] = ask_actor(backend, "clr.run", req, std::chrono::seconds(20));
    for (const char* k : kCounts)
      d.totals[k] = Json::UInt64(d.totals[k].asUInt64() + d.clearing[p].get(k, 0).asUInt64());
  }
  d.settlement = ask_actor("exchange", "clr.settle", req, std::chrono::seconds(20));
  return d;
}

void NetworkGuard::down() {
  if (down_) return;
  down_ = true;
  run_self({"down", "--run-dir", run_dir_}, run_dir_ + "/down.log");
}

}  // namespace ykt::app
