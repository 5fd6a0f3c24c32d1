/// `ykt spec-version`: prints the standard version this build implements.
#include <iostream>

#include "command.hpp"

namespace {
const ykt::app::RegisterCommand reg([](CLI::App& root) {
  auto* cmd = root.add_subcommand("spec-version", "Print the unified standard version implemented");
  cmd->callback([] { std::cout << "ykt-std/1.0\n"; });
});
}  // namespace
