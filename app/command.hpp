#pragma once
/// Sub-commands of `ykt` register themselves here, one file each (app/cmd_<name>.cpp), so that
/// commands are added without touching main.
#include <CLI/CLI.hpp>

#include <functional>
#include <vector>

namespace ykt::app {

/// Adds a sub-command to the root app; returns the callback that runs it after parsing.
using CommandSetup = std::function<void(CLI::App& root)>;

/// The registry of sub-commands.
std::vector<CommandSetup>& command_registry();

/// Registers a sub-command at static-initialisation time.
struct RegisterCommand {
  explicit RegisterCommand(CommandSetup setup) { command_registry().push_back(std::move(setup)); }
};

/// Exit codes shared by every command: 0 success, 1 failed checks, 2 could not run.
enum ExitCode : int { kExitOk = 0, kExitFailed = 1, kExitUsage = 2 };

/// Thrown by a command's callback to end with a one-line message and an exit code.
struct CommandExit {
  int code;
  std::string message;
};

}  // namespace ykt::app
