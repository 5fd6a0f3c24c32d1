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

void NetworkGuard::down() {
  if (down_) return;
  down_ = true;
  run_self({"down", "--run-dir", run_dir_}, run_dir_ + "/down.log");
}

}  // namespace ykt::app
