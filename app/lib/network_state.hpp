#pragma once
/// The run directory of a network started by `ykt up`: its state file (`state.json`: pids,
/// endpoints, logs) and the process control that `ykt up` and `ykt down` share.
#include <sys/types.h>

#include <chrono>
#include <string>
#include <vector>

#include "result.hpp"

namespace ykt::app {

/// One node process of a running network.
struct NodeProcess {
  std::string name;      ///< node name in the topology
  std::string role;      ///< its role
  std::string endpoint;  ///< resolved endpoint
  pid_t pid = 0;         ///< process id
  std::string log;       ///< the node's log file
  std::string out;       ///< its captured stdout/stderr
};

/// What `state.json` holds.
struct NetworkState {
  std::string topology;            ///< the resolved topology file the nodes were started with
  std::string source;              ///< the topology file given to `ykt up`
  std::vector<NodeProcess> nodes;  ///< every node process
};

/// Path of the state file in `run_dir`.
std::string state_path(const std::string& run_dir);
/// Writes the state file.
[[nodiscard]] Status save_state(const std::string& run_dir, const NetworkState& s);
/// Reads the state file; the error names the file.
[[nodiscard]] Result<NetworkState> load_state(const std::string& run_dir);

/// True while `p` runs and is still our `ykt serve --node <name>` (never a recycled pid).
bool node_alive(const NodeProcess& p);

/// Sends sys.ping to the node; ok when it answers status OK within `timeout`.
[[nodiscard]] Status ping_node(const NodeProcess& p, std::chrono::milliseconds timeout);

/// Stops nodes: sys.shutdown, then SIGTERM, then SIGKILL, each after `grace`. One line per node
/// is appended to `report`; returns how many are still running at the end.
std::size_t stop_nodes(const std::vector<NodeProcess>& nodes, std::chrono::milliseconds grace,
                       std::vector<std::string>& report);

}  // namespace ykt::app
