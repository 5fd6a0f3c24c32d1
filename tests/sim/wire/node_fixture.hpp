#pragma once
/// Test helper: a ZmqNode on 127.0.0.1 (free port) running in a background thread.
#include <boost/test/unit_test.hpp>

#include <sstream>
#include <thread>

#include "echo_actor.hpp"
#include "wire_client.hpp"
#include "zmq_node.hpp"

namespace ykt::wire::testing {

/// Runs a node until destroyed; the log is readable after stop().
class RunningNode {
 public:
  /// Binds `opt` (endpoint defaults to 127.0.0.1:0); `setup` adds actors before the loop starts.
  explicit RunningNode(NodeOptions opt, const std::function<void(ZmqNode&)>& setup = {}) {
    if (opt.endpoint.empty()) opt.endpoint = "tcp://127.0.0.1:0";
    opt.log = &log_;
    auto n = ZmqNode::create(std::move(opt));
    BOOST_TEST_REQUIRE(n.ok(), (n.ok() ? "" : n.error().message));
    node_ = std::move(n.value());
    if (setup) setup(*node_);
    thread_ = std::thread([this] { node_->run(); });
  }
  ~RunningNode() { stop(); }
  /// Stops the loop and joins the thread.
  void stop() {
    if (!thread_.joinable()) return;
    node_->request_stop();
    thread_.join();
  }
  /// True once the loop has ended (e.g. after sys.shutdown).
  bool wait_stopped(std::chrono::milliseconds within) {
    const auto end = std::chrono::steady_clock::now() + within;
    while (std::chrono::steady_clock::now() < end) {
      if (node_->stop_requested()) {
        stop();
        return true;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    return false;
  }
  const std::string& endpoint() const { return node_->endpoint(); }
  ZmqNode& node() { return *node_; }
  std::string log() const { return log_.str(); }

 private:
  std::ostringstream log_;
  std::unique_ptr<ZmqNode> node_;
  std::thread thread_;
};

/// Options of a node hosting `actors` that accepts `driver` and `harness.*` clients.
inline NodeOptions echo_options(const std::string& name, std::vector<std::string> actors) {
  NodeOptions o;
  o.name = name;
  o.role = "echo";
  o.actors = std::move(actors);
  for (const auto& a : o.actors) o.keys.accept_pattern(a);
  o.keys.accept_pattern("driver");
  o.keys.accept_pattern("harness.*");
  o.keys.accept_pattern("node.*");
  return o;
}

/// A client signing as `kid`.
inline std::unique_ptr<WireClient> client(const std::string& endpoint,
                                          const std::string& kid = "driver") {
  auto c = WireClient::connect(endpoint, ClientOptions{kid});
  BOOST_TEST_REQUIRE(c.ok());
  return std::move(c.value());
}

/// A request envelope.
inline Envelope request(const std::string& to, const std::string& type,
                        Json::Value body = Json::Value(Json::objectValue)) {
  Envelope e;
  e.to = to;
  e.type = type;
  e.body = std::move(body);
  return e;
}

}  // namespace ykt::wire::testing
