/// `ykt up <topology> [--run-dir DIR] [--foreground] [--timeout S]`: starts every node of a
/// topology as its own `ykt serve` process, records them in DIR/state.json, and waits until each
/// answers sys.ping. With --foreground it stays and takes the network down on Ctrl-C.
#include <fcntl.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <csignal>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <thread>

#include "command.hpp"
#include "json_util.hpp"
#include "network_state.hpp"
#include "topology.hpp"

namespace {

using ykt::app::CommandExit;
using ykt::app::kExitUsage;
using ykt::app::NodeProcess;
namespace fs = std::filesystem;

volatile std::sig_atomic_t g_interrupted = 0;
extern "C" void on_interrupt(int) {
  g_interrupted = 1;
}

struct UpArgs {
  std::string topology;
  std::string run_dir = ".ykt-run";
  bool foreground = false;
  double timeout_s = 15.0;
};

/// Starts `ykt serve` for one node; stdout/stderr go to `out`.
pid_t spawn_node(const std::vector<std::string>& argv, const std::string& out) {
  const pid_t pid = ::fork();
  if (pid != 0) return pid;
  ::setsid();  // its own session: a terminal's Ctrl-C does not reach it behind our back
  const int devnull = ::open("/dev/null", O_RDONLY);
  const int fd = ::open(out.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  if (devnull >= 0) ::dup2(devnull, 0);
  if (fd >= 0) {
    ::dup2(fd, 1);
    ::dup2(fd, 2);
  }
  std::vector<char*> cargv;
  for (const auto& s : argv) cargv.push_back(const_cast<char*>(s.c_str()));
  cargv.push_back(nullptr);
  ::execv("/proc/self/exe", cargv.data());
  ::_exit(127);
}

std::string last_line(const std::string& path) {
  std::ifstream in(path);
  std::string line, last;
  while (std::getline(in, line))
    if (!line.empty()) last = line;
  return last;
}

void take_down(const std::vector<NodeProcess>& nodes) {
  std::vector<std::string> report;
  ykt::app::stop_nodes(nodes, std::chrono::milliseconds(2000), report);
}

void up(const UpArgs& a) {
  if (a.timeout_s <= 0) throw CommandExit{kExitUsage, "up: --timeout must be positive"};
  auto topo = ykt::wire::Topology::load(a.topology);
  if (!topo) throw CommandExit{kExitUsage, "up: " + topo.error().message};
  std::error_code ec;
  fs::create_directories(a.run_dir, ec);
  if (ec)
    throw CommandExit{kExitUsage, "up: cannot create run dir " + a.run_dir + ": " + ec.message()};
  const std::string run_dir = fs::absolute(a.run_dir).string();
  if (auto old = ykt::app::load_state(run_dir)) {
    for (const auto& n : old->nodes)
      if (ykt::app::node_alive(n))
        throw CommandExit{kExitUsage, "up: a network is already running from " + run_dir +
                                          " (node " + n.name + ", pid " + std::to_string(n.pid) +
                                          "); run `ykt down --run-dir " + a.run_dir + "` first"};
  }
  if (auto s = topo->resolve_free_ports(); !s)
    throw CommandExit{kExitUsage, "up: " + s.error().message};
  const std::string resolved = run_dir + "/topology.json";
  if (auto s = ykt::json::save_file(resolved, topo->to_json()); !s)
    throw CommandExit{kExitUsage, "up: " + s.error().message};

  ykt::app::NetworkState state;
  state.topology = resolved;
  state.source = fs::absolute(a.topology).string();
  for (const auto& n : topo->nodes()) {
    NodeProcess p;
    p.name = n.name;
    p.role = n.role;
    p.endpoint = n.endpoint;
    p.log = run_dir + "/" + n.name + ".log";
    p.out = run_dir + "/" + n.name + ".out";
    p.pid = spawn_node(
        {"ykt", "serve", n.role, "--topology", resolved, "--node", n.name, "--log", p.log}, p.out);
    if (p.pid < 0) {
      take_down(state.nodes);
      throw CommandExit{kExitUsage, "up: cannot fork for node " + n.name};
    }
    state.nodes.push_back(std::move(p));
  }
  if (auto s = ykt::app::save_state(run_dir, state); !s) {
    take_down(state.nodes);
    throw CommandExit{kExitUsage, "up: " + s.error().message};
  }

  // Wait until every node answers sys.ping; a node that dies meanwhile fails the start at once.
  const auto deadline = std::chrono::steady_clock::now() +
                        std::chrono::milliseconds(static_cast<long>(a.timeout_s * 1000));
  std::vector<bool> ready(state.nodes.size(), false);
  std::size_t n_ready = 0;
  std::string last_error;
  while (n_ready < state.nodes.size()) {
    for (std::size_t i = 0; i < state.nodes.size(); ++i) {
      if (ready[i]) continue;
      const auto& p = state.nodes[i];
      if (!ykt::app::node_alive(p)) {
        take_down(state.nodes);
        throw CommandExit{kExitUsage, "up: node " + p.name + " exited during start-up: " +
                                          last_line(p.out) + " (see " + p.out + ")"};
      }
      auto s = ykt::app::ping_node(p, std::chrono::milliseconds(300));
      if (s) {
        ready[i] = true;
        ++n_ready;
      } else {
        last_error = "node " + p.name + ": " + s.error().code + " " + s.error().message;
      }
    }
    if (n_ready < state.nodes.size() && std::chrono::steady_clock::now() >= deadline) {
      take_down(state.nodes);
      throw CommandExit{kExitUsage, "up: not every node answered sys.ping within " +
                                        std::to_string(a.timeout_s) + " s (" + last_error + ")"};
    }
  }
  for (const auto& p : state.nodes)
    std::cout << "up: node " << p.name << " (" << p.role << ") pid " << p.pid << " on "
              << p.endpoint << "\n";
  std::cout << "up: " << state.nodes.size() << " nodes running; state in "
            << ykt::app::state_path(run_dir) << std::endl;
  if (!a.foreground) return;

  struct sigaction sa {};
  sa.sa_handler = on_interrupt;
  sigemptyset(&sa.sa_mask);
  sigaction(SIGINT, &sa, nullptr);
  sigaction(SIGTERM, &sa, nullptr);
  std::cout << "up: running in the foreground; Ctrl-C takes the network down" << std::endl;
  while (g_interrupted == 0) {
    for (const auto& p : state.nodes)
      if (!ykt::app::node_alive(p)) {
        std::cout << "up: node " << p.name << " exited; taking the network down" << std::endl;
        g_interrupted = 1;
        break;
      }
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  std::vector<std::string> report;
  const auto left = ykt::app::stop_nodes(state.nodes, std::chrono::milliseconds(2000), report);
  for (const auto& line : report) std::cout << "down: " << line << "\n";
  if (left == 0) fs::remove(ykt::app::state_path(run_dir), ec);
  std::cout.flush();
}

const ykt::app::RegisterCommand reg([](CLI::App& root) {
  auto args = std::make_shared<UpArgs>();
  auto* cmd = root.add_subcommand("up", "Start every node of a topology as a separate process");
  cmd->add_option("topology", args->topology, "Topology file (JSON)")
      ->required()
      ->check(CLI::ExistingFile);
  cmd->add_option("--run-dir", args->run_dir, "Where state.json, logs and the resolved topology go")
      ->capture_default_str();
  cmd->add_flag("--foreground", args->foreground, "Stay, and take the network down on Ctrl-C");
  cmd->add_option("--timeout", args->timeout_s, "Seconds to wait for every node to answer sys.ping")
      ->capture_default_str();
  cmd->callback([args] { up(*args); });
});

}  // namespace
