#include <boost/test/unit_test.hpp>

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <fcntl.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <thread>

#include "json_util.hpp"
#include "wire_client.hpp"

using namespace ykt;
using namespace ykt::wire;
using namespace std::chrono_literals;
namespace fs = std::filesystem;

namespace {

struct RunResult {
  int exit_code = -1;
  std::string out;  // stdout and stderr together
  bool timed_out = false;
};

std::string slurp(const std::string& path) {
  std::ifstream in(path);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

/// A fresh scratch directory, removed at the end of the test.
struct ScratchDir {
  fs::path path;
  ScratchDir() {
    char tmpl[] = "/tmp/ykt-wire-proc-XXXXXX";
    path = ::mkdtemp(tmpl);
  }
  ~ScratchDir() {
    std::error_code ec;
    fs::remove_all(path, ec);
  }
  std::string file(const std::string& name) const { return (path / name).string(); }
};

/// Starts the ykt binary with `args`, output to `out_path`; returns the child's pid.
pid_t start_ykt(const std::vector<std::string>& args, const std::string& out_path) {
  const pid_t pid = ::fork();
  if (pid == 0) {
    const int fd = ::open(out_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    ::dup2(fd, 1);
    ::dup2(fd, 2);
    std::vector<char*> argv{const_cast<char*>(YKT_BIN)};
    for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
    argv.push_back(nullptr);
    ::execv(YKT_BIN, argv.data());
    ::_exit(127);
  }
  return pid;
}

/// Waits for our child `pid` at most `timeout`; kills it on time-out.
int wait_child(pid_t pid, std::chrono::milliseconds timeout, bool* timed_out) {
  const auto end = std::chrono::steady_clock::now() + timeout;
  int status = 0;
  while (std::chrono::steady_clock::now() < end) {
    if (::waitpid(pid, &status, WNOHANG) == pid)
      return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    std::this_thread::sleep_for(10ms);
  }
  ::kill(pid, SIGKILL);
  ::waitpid(pid, &status, 0);
  *timed_out = true;
  return -1;
}

/// Runs ykt to completion (bounded by `timeout`).
RunResult run_ykt(const std::vector<std::string>& args, const ScratchDir& dir,
                  std::chrono::milliseconds timeout = 30s) {
  static int n = 0;
  const std::string out = dir.file("cmd" + std::to_string(++n) + ".txt");
  RunResult r;
  r.exit_code = wait_child(start_ykt(args, out), timeout, &r.timed_out);
  r.out = slurp(out);
  return r;
}

/// True while `pid` runs as a `ykt serve` (not a zombie, not a recycled pid).
bool serve_alive(pid_t pid) {
  const std::string stat = slurp("/proc/" + std::to_string(pid) + "/stat");
  if (stat.empty()) return false;
  const auto close = stat.rfind(')');
  if (stat[close + 2] == 'Z') return false;
  return slurp("/proc/" + std::to_string(pid) + "/cmdline").find("serve") != std::string::npos;
}

/// Kills any `ykt serve` left by a failed test, by pid only.
struct ReapGuard {
  std::vector<pid_t> pids;
  ~ReapGuard() {
    for (pid_t p : pids)
      if (serve_alive(p)) ::kill(p, SIGKILL);
  }
};

std::string write_topology(const ScratchDir& dir, const std::string& text) {
  const std::string path = dir.file("topology.json");
  std::ofstream(path) << text;
  return path;
}

const char* kEchoNet = R"({
  "nodes": [
    {"name": "alpha", "role": "echo", "endpoint": "tcp://127.0.0.1:0", "actors": ["echo.alpha"]},
    {"name": "beta", "role": "echo", "endpoint": "tcp://127.0.0.1:0", "actors": ["echo.beta"]},
    {"name": "cards", "role": "echo", "endpoint": "tcp://127.0.0.1:*", "actors": ["card.Y31*"]}
  ]
})";

std::unique_ptr<WireClient> driver(const std::string& endpoint) {
  auto c = WireClient::connect(endpoint, ClientOptions{"driver"});
  BOOST_TEST_REQUIRE(c.ok());
  return std::move(c.value());
}

Envelope request(const std::string& to, const std::string& type) {
  Envelope e;
  e.to = to;
  e.type = type;
  e.body["probe"] = to;
  return e;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(process_suite)

// Purpose: every command has --help, and bad arguments end with one line and exit 2 (issue 2 §5).
BOOST_AUTO_TEST_CASE(help_and_bad_arguments) {
  ScratchDir dir;
  for (const char* cmd : {"serve", "up", "down"}) {
    auto r = run_ykt({cmd, "--help"}, dir);
    BOOST_TEST(r.exit_code == 0, cmd);
    BOOST_TEST((r.out.find("--run-dir") != std::string::npos ||
                r.out.find("--topology") != std::string::npos),
               r.out);
  }
  const std::string topo = write_topology(dir, kEchoNet);
  struct Case {
    std::vector<std::string> args;
    std::string expect;
  } cases[] = {
      {{"serve", "nosuchrole", "--topology", topo, "--node", "alpha"},
       "unknown role \"nosuchrole\""},
      {{"serve", "echo", "--topology", topo, "--node", "nobody"}, "no node \"nobody\""},
      {{"serve", "echo", "--node", "alpha"}, "--topology"},
      {{"serve", "echo", "--topology", dir.file("missing.json"), "--node", "alpha"},
       "missing.json"},
      {{"up", dir.file("missing.json")}, "missing.json"},
      {{"down", "--run-dir", dir.file("nothing-here")}, "no network recorded"},
      {{"up", topo, "--timeout", "-1"}, "--timeout"},
  };
  for (const auto& c : cases) {
    auto r = run_ykt(c.args, dir);
    BOOST_TEST(r.exit_code == 2, r.out);
    BOOST_TEST(r.out.find(c.expect) != std::string::npos,
               r.out << " (expected " << c.expect << ")");
    BOOST_TEST(std::count(r.out.begin(), r.out.end(), '\n') == 1, r.out);
  }
}

// Purpose: `ykt up` starts each node as its own process on a free loopback port, every node
// answers, `ykt down` stops them all and leaves no process behind (issue 2 §3, §5).
BOOST_AUTO_TEST_CASE(up_ping_down) {
  ScratchDir dir;
  ReapGuard guard;
  const std::string topo = write_topology(dir, kEchoNet);
  const std::string run = dir.file("run");
  auto up = run_ykt({"up", topo, "--run-dir", run, "--timeout", "20"}, dir, 40s);
  auto state = json::load_file(run + "/state.json");
  if (state)
    for (const auto& n : (*state)["nodes"])
      guard.pids.push_back(static_cast<pid_t>(n["pid"].asInt()));
  BOOST_TEST_REQUIRE(up.exit_code == 0, up.out);
  BOOST_TEST_REQUIRE(state.ok());
  BOOST_TEST_REQUIRE((*state)["nodes"].size() == 3u);
  std::set<pid_t> pids;
  for (const auto& n : (*state)["nodes"]) {
    const pid_t pid = static_cast<pid_t>(n["pid"].asInt());
    pids.insert(pid);
    BOOST_TEST(pid != ::getpid());
    BOOST_TEST(serve_alive(pid), n["name"].asString());
    const std::string ep = n["endpoint"].asString();
    BOOST_TEST(ep.rfind("tcp://127.0.0.1:", 0) == 0);
    BOOST_TEST(ep.find(":0") == std::string::npos);
    BOOST_TEST(ep.find('*') == std::string::npos);
  }
  BOOST_TEST(pids.size() == 3u);
  const std::map<std::string, std::string> actor_of{
      {"alpha", "echo.alpha"}, {"beta", "echo.beta"}, {"cards", "card.Y31000042"}};
  for (const auto& n : (*state)["nodes"]) {
    auto c = driver(n["endpoint"].asString());
    const std::string actor = actor_of.at(n["name"].asString());
    auto ping = c->call(request(actor, "sys.ping"), 3s);
    BOOST_TEST_REQUIRE(ping.ok(), (ping.ok() ? "" : ping.error().message));
    BOOST_TEST(ping->body["role"].asString() == "echo");
    BOOST_TEST(ping->body["node"].asString() == n["name"].asString());
    auto echo = c->call(request(actor, "demo.echo"), 3s);
    BOOST_TEST_REQUIRE(echo.ok());
    BOOST_TEST(echo->body["probe"].asString() == actor);
    BOOST_TEST(slurp(n["log"].asString()).find("listening on " + n["endpoint"].asString()) !=
               std::string::npos);
  }
  // Starting twice from the same run dir is refused while the network runs.
  auto again = run_ykt({"up", topo, "--run-dir", run}, dir, 20s);
  BOOST_TEST(again.exit_code == 2);
  BOOST_TEST(again.out.find("already running") != std::string::npos, again.out);

  auto down = run_ykt({"down", "--run-dir", run}, dir, 30s);
  BOOST_TEST(down.exit_code == 0, down.out);
  BOOST_TEST(down.out.find("node alpha") != std::string::npos, down.out);
  BOOST_TEST(down.out.find("stopped (sys.shutdown)") != std::string::npos, down.out);
  for (pid_t p : pids) BOOST_TEST(!serve_alive(p), p);
  BOOST_TEST(!fs::exists(run + "/state.json"));
  auto twice = run_ykt({"down", "--run-dir", run}, dir);
  BOOST_TEST(twice.exit_code == 2);
}

// Purpose: `ykt serve` alone binds port 0, says where, serves, and ends cleanly on SIGTERM.
BOOST_AUTO_TEST_CASE(serve_stops_on_sigterm) {
  ScratchDir dir;
  const std::string topo = write_topology(dir, kEchoNet);
  const std::string out = dir.file("serve.out");
  const pid_t pid = start_ykt(
      {"serve", "echo", "--topology", topo, "--node", "beta", "--log", dir.file("beta.log")}, out);
  std::string endpoint;
  for (int i = 0; i < 500 && endpoint.empty(); ++i) {
    const std::string text = slurp(out);
    const auto at = text.find("listening on ");
    if (at != std::string::npos && text.find('\n', at) != std::string::npos)
      endpoint = text.substr(at + 13, text.find('\n', at) - at - 13);
    else
      std::this_thread::sleep_for(10ms);
  }
  if (endpoint.empty()) ::kill(pid, SIGKILL);
  BOOST_TEST_REQUIRE(!endpoint.empty(), slurp(out));
  auto c = driver(endpoint);
  auto ping = c->call(request("echo.beta", "sys.ping"), 3s);
  BOOST_TEST(ping.ok());
  ::kill(pid, SIGTERM);
  bool timed_out = false;
  const int code = wait_child(pid, 5s, &timed_out);
  BOOST_TEST(!timed_out);
  BOOST_TEST(code == 0);
  BOOST_TEST(slurp(dir.file("beta.log")).find("stopping on signal") != std::string::npos);
}

// Purpose: when a node cannot start, `ykt up` says which, exits 2 and leaves no process behind.
BOOST_AUTO_TEST_CASE(up_failure_cleans_up) {
  ScratchDir dir;
  ReapGuard guard;
  const std::string topo = write_topology(dir, R"({
    "nodes": [
      {"name": "good1", "role": "echo", "endpoint": "tcp://127.0.0.1:0", "actors": ["echo.g1"]},
      {"name": "bad", "role": "no-such-role", "endpoint": "tcp://127.0.0.1:0", "actors": ["x.bad"]},
      {"name": "good2", "role": "echo", "endpoint": "tcp://127.0.0.1:0", "actors": ["echo.g2"]}
    ]})");
  const std::string run = dir.file("run");
  auto up = run_ykt({"up", topo, "--run-dir", run, "--timeout", "10"}, dir, 40s);
  auto state = json::load_file(run + "/state.json");
  BOOST_TEST_REQUIRE(state.ok());
  for (const auto& n : (*state)["nodes"])
    guard.pids.push_back(static_cast<pid_t>(n["pid"].asInt()));
  BOOST_TEST(up.exit_code == 2, up.out);
  BOOST_TEST(up.out.find("node bad") != std::string::npos, up.out);
  BOOST_TEST(up.out.find("unknown role") != std::string::npos, up.out);
  for (pid_t p : guard.pids) BOOST_TEST(!serve_alive(p), p);
}

BOOST_AUTO_TEST_SUITE_END()
