/// `ykt`: the command line of the YRD one-card simulation and conformance harness.
#include <iostream>

#include "allocator_config.hpp"
#include "command.hpp"

namespace ykt::app {
std::vector<CommandSetup>& command_registry() {
  static std::vector<CommandSetup> r;
  return r;
}
}  // namespace ykt::app

int main(int argc, char** argv) {
  ykt::app::allow_huge_pages(false);  // `simulate` allows them again
  CLI::App app{"ykt - Yangtze River Delta one-card simulation and conformance harness"};
  app.require_subcommand(1);
  app.set_version_flag("--version", "ykt 0.1.0 (ykt-std/1.0)");
  for (auto& setup : ykt::app::command_registry()) setup(app);
  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForVersion& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    std::cerr << "ykt: " << e.what() << " (see --help)\n";
    return ykt::app::kExitUsage;
  } catch (const ykt::app::CommandExit& e) {
    if (!e.message.empty()) std::cerr << "ykt: " << e.message << "\n";
    return e.code;
  } catch (const std::exception& e) {
    std::cerr << "ykt: " << e.what() << "\n";
    return ykt::app::kExitUsage;
  }
  return ykt::app::kExitOk;
}
