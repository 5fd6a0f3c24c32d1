/// `ykt down [--run-dir DIR] [--grace S]`: stops the network `ykt up` started from DIR:
/// sys.shutdown, then SIGTERM, then SIGKILL after each grace period, and reports each node.
#include <filesystem>
#include <iostream>

#include "command.hpp"
#include "network_state.hpp"

namespace {

using ykt::app::CommandExit;

struct DownArgs {
  std::string run_dir = ".ykt-run";
  double grace_s = 3.0;
};

void down(const DownArgs& a) {
  if (a.grace_s <= 0) throw CommandExit{ykt::app::kExitUsage, "down: --grace must be positive"};
  auto state = ykt::app::load_state(a.run_dir);
  if (!state)
    throw CommandExit{ykt::app::kExitUsage, "down: no network recorded in " + a.run_dir + " (" +
                                                state.error().message + ")"};
  std::vector<std::string> report;
  const auto left = ykt::app::stop_nodes(
      state->nodes, std::chrono::milliseconds(static_cast<long>(a.grace_s * 1000)), report);
  for (const auto& line : report) std::cout << "down: " << line << "\n";
  if (left != 0)
    throw CommandExit{ykt::app::kExitFailed,
                      "down: " + std::to_string(left) + " node(s) still running; state kept"};
  std::error_code ec;
  std::filesystem::remove(ykt::app::state_path(a.run_dir), ec);
  std::cout << "down: " << state->nodes.size() << " node(s) stopped" << std::endl;
}

const ykt::app::RegisterCommand reg([](CLI::App& root) {
  auto args = std::make_shared<DownArgs>();
  auto* cmd = root.add_subcommand("down", "Stop the network started by `ykt up`");
  cmd->add_option("--run-dir", args->run_dir, "The run directory given to `ykt up`")
      ->capture_default_str();
  cmd->add_option("--grace", args->grace_s, "Seconds to wait after each stop step")
      ->capture_default_str();
  cmd->callback([args] { down(*args); });
});

}  // namespace
