#include "network_state.hpp"

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <fstream>
#include <sstream>
#include <thread>

#include "json_util.hpp"
#include "wire_client.hpp"

namespace ykt::app {
namespace {

/// The kid `ykt up` and `ykt down` sign with (accepted by the default `harness.*` clients).
const char* const kControlKid = "harness.up";

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

/// True when /proc says `pid` is a live (not zombie) `serve ... --node <name>` process.
bool is_our_serve_process(pid_t pid, const std::string& name) {
  const std::string stat = read_file("/proc/" + std::to_string(pid) + "/stat");
  if (stat.empty()) return false;
  const auto close = stat.rfind(')');
  if (close == std::string::npos || close + 2 >= stat.size() || stat[close + 2] == 'Z')
    return false;
  std::string cmd = read_file("/proc/" + std::to_string(pid) + "/cmdline");
  std::vector<std::string> args;
  std::string cur;
  for (char c : cmd) {
    if (c == '\0') {
      args.push_back(cur);
      cur.clear();
    } else {
      cur += c;
    }
  }
  bool serve = false, node = false;
  for (std::size_t i = 0; i < args.size(); ++i) {
    if (args[i] == "serve") serve = true;
    if (args[i] == "--node" && i + 1 < args.size() && args[i + 1] == name) node = true;
  }
  return serve && node;
}

/// Waits until none of `nodes` (indices in `which`) is alive or `grace` passed; returns survivors.
std::vector<std::size_t> wait_gone(const std::vector<NodeProcess>& nodes,
                                   std::vector<std::size_t> which,
                                   std::chrono::milliseconds grace) {
  const auto deadline = std::chrono::steady_clock::now() + grace;
  for (;;) {
    std::vector<std::size_t> left;
    for (auto i : which)
      if (node_alive(nodes[i])) left.push_back(i);
    if (left.empty() || std::chrono::steady_clock::now() >= deadline) return left;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
    which = std::move(left);
  }
}

}  // namespace

std::string state_path(const std::string& run_dir) {
  return run_dir + "/state.json";
}

Status save_state(const std::string& run_dir, const NetworkState& s) {
  Json::Value doc;
  doc["topology"] = s.topology;
  doc["source"] = s.source;
  doc["nodes"] = Json::Value(Json::arrayValue);
  for (const auto& n : s.nodes) {
    Json::Value j;
    j["name"] = n.name;
    j["role"] = n.role;
    j["endpoint"] = n.endpoint;
    j["pid"] = static_cast<Json::Int64>(n.pid);
    j["log"] = n.log;
    j["out"] = n.out;
    doc["nodes"].append(j);
  }
  return json::save_file(state_path(run_dir), doc);
}

Result<NetworkState> load_state(const std::string& run_dir) {
  auto doc = json::load_file(state_path(run_dir));
  if (!doc) return doc.error();
  NetworkState s;
  const Json::Value& d = *doc;
  const std::string where = state_path(run_dir);
  if (!d.isObject() || !d["nodes"].isArray()) return Error{"state", where + ": no nodes array"};
  s.topology = d["topology"].asString();
  s.source = d["source"].asString();
  for (const auto& j : d["nodes"]) {
    if (!j["name"].isString() || !j["pid"].isIntegral() || j["pid"].asInt64() <= 0)
      return Error{"state", where + ": node entry without name or pid"};
    NodeProcess n;
    n.name = j["name"].asString();
    n.role = j["role"].asString();
    n.endpoint = j["endpoint"].asString();
    n.pid = static_cast<pid_t>(j["pid"].asInt64());
    n.log = j["log"].asString();
    n.out = j["out"].asString();
    s.nodes.push_back(std::move(n));
  }
  return s;
}

bool node_alive(const NodeProcess& p) {
  int status = 0;
  // Our own child (during `ykt up`): waitpid knows, even before it has exec'd `serve`.
  const pid_t r = ::waitpid(p.pid, &status, WNOHANG);
  if (r == p.pid) return false;
  if (r == 0) return true;
  // Not our child (`ykt down`): trust /proc, and only if it still is that node's process.
  return is_our_serve_process(p.pid, p.name);
}

Status ping_node(const NodeProcess& p, std::chrono::milliseconds timeout) {
  auto client = wire::WireClient::connect(p.endpoint, wire::ClientOptions{kControlKid});
  if (!client) return client.error();
  Envelope e;
  e.type = "sys.ping";
  e.to = "node." + p.name;
  auto r = (*client)->call(e, timeout);
  if (!r) return r.error();
  const std::string status = r->body["status"].asString();
  if (status != "OK")
    return Error{status,
                 "node " + p.name + " answered " + status + ": " + r->body["reason"].asString()};
  return ok_status();
}

std::size_t stop_nodes(const std::vector<NodeProcess>& nodes, std::chrono::milliseconds grace,
                       std::vector<std::string>& report) {
  std::vector<std::string> how(nodes.size());
  std::vector<std::size_t> running;
  for (std::size_t i = 0; i < nodes.size(); ++i) {
    if (node_alive(nodes[i]))
      running.push_back(i);
    else
      how[i] = "already gone";
  }
  for (auto i : running) {
    auto client = wire::WireClient::connect(nodes[i].endpoint, wire::ClientOptions{kControlKid});
    if (!client) continue;
    Envelope e;
    e.type = "sys.shutdown";
    e.to = "node." + nodes[i].name;
    (void)(*client)->call(e, std::chrono::milliseconds(1000));
  }
  auto left = wait_gone(nodes, running, grace);
  for (auto i : running) how[i] = "stopped (sys.shutdown)";
  for (auto i : left) ::kill(nodes[i].pid, SIGTERM);
  auto after_term = wait_gone(nodes, left, grace);
  for (auto i : left) how[i] = "stopped (SIGTERM)";
  for (auto i : after_term) ::kill(nodes[i].pid, SIGKILL);
  auto after_kill = wait_gone(nodes, after_term, std::chrono::milliseconds(2000));
  for (auto i : after_term) how[i] = "stopped (SIGKILL)";
  for (auto i : after_kill) how[i] = "STILL RUNNING";
  for (std::size_t i = 0; i < nodes.size(); ++i)
    report.push_back("node " + nodes[i].name + " (pid " + std::to_string(nodes[i].pid) +
                     "): " + how[i]);
  return after_kill.size();
}

}  // namespace ykt::app
