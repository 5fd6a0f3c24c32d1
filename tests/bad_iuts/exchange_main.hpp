#pragma once
// The shared main of the exchange IUT programs (reference and known-bad):
// `<prog> --endpoint E --peer P [--ixit-out FILE]`; the audit log goes beside the IXIT.
#include <vector>

#include "actor_wrapper.hpp"
#include "iut_host.hpp"
#include "reference_exchange.hpp"

namespace ykt::testing {

/// Runs the reference exchange, wrapped with `in`/`out` when given.
inline int run_exchange(int argc, char** argv, ActorWrapper::Hook in = nullptr,
                        ActorWrapper::OutHook out = nullptr) {
  std::string ixit_out;
  std::vector<char*> rest = {argv[0]};
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    if (a == "--ixit-out" && i + 1 < argc)
      ixit_out = argv[++i];
    else
      rest.push_back(argv[i]);
  }
  auto args = parse_iut_args(static_cast<int>(rest.size()), rest.data(), "exchange");
  const std::string audit =
      (ixit_out.empty() ? std::string("/tmp/ykt-exchange") : ixit_out) + ".audit.log";
  auto ex = make_reference_exchange(audit);
  if (!ixit_out.empty() && !write_exchange_ixit(ixit_out, args.endpoint, args.peer, audit))
    return 2;
  std::shared_ptr<Actor> actor = ex;
  if (in || out) actor = std::make_shared<ActorWrapper>(ex, std::move(in), std::move(out));
  return host_iut(args, "exchange", actor);
}

}  // namespace ykt::testing
