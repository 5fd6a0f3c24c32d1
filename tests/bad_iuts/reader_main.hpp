#pragma once
// The shared main of the reader IUT programs (reference and known-bad):
// `<prog> --endpoint E --peer P [--ixit-out FILE]`; the terminal is reader.310000000001 and the
// harness plays its cards and its acquiring backend at P.
#include <vector>

#include "actor_wrapper.hpp"
#include "iut_host.hpp"
#include "json_util.hpp"
#include "reader/terminal.hpp"

namespace ykt::testing {

/// Runs the reference terminal, wrapped with `out` when given.
inline int run_reader(int argc, char** argv, ActorWrapper::OutHook out = nullptr) {
  std::string ixit_out;
  std::vector<char*> rest = {argv[0]};
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    if (a == "--ixit-out" && i + 1 < argc)
      ixit_out = argv[++i];
    else
      rest.push_back(argv[i]);
  }
  auto args = parse_iut_args(static_cast<int>(rest.size()), rest.data(), "reader.310000000001");
  reader::TerminalConfig cfg;
  cfg.terminal_id = args.address.substr(7);
  auto term = std::make_shared<reader::Terminal>(cfg);
  if (!ixit_out.empty()) {
    Json::Value x;
    x["iut"]["endpoint"] = args.endpoint;
    x["iut"]["address"] = args.address;
    x["iut"]["province"] = cfg.terminal_id.substr(0, 2) + "0000";
    x["harness"]["peer_endpoint"] = args.peer;
    // The terminal waits 2 s per backend attempt, 3 attempts, before storing offline.
    x["timers"]["reply_ms"] = 9000;
    x["timers"]["case_ms"] = 30000;
    if (!json::save_file(ixit_out, x).ok()) return 2;
  }
  std::shared_ptr<Actor> actor = term;
  if (out) actor = std::make_shared<ActorWrapper>(term, nullptr, std::move(out));
  return host_iut(args, "reader", actor);
}

}  // namespace ykt::testing
