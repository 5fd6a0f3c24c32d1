#pragma once
// The shared main of the known-bad backends: the reference backend wrapped with one defect.
#include <iostream>

#include "actor_wrapper.hpp"
#include "iut_host.hpp"
#include "reference_backend.hpp"

namespace ykt::testing {

/// Parses the IUT options, builds the reference backend, wraps it with the defect's hooks, runs.
inline int run_bad_backend(int argc, char** argv, ActorWrapper::Hook in, ActorWrapper::Hook out) {
  std::string ixit_out;
  std::vector<char*> rest = {argv[0]};
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    if (a == "--ixit-out" && i + 1 < argc)
      ixit_out = argv[++i];
    else
      rest.push_back(argv[i]);
  }
  auto args = parse_iut_args(static_cast<int>(rest.size()), rest.data(), "backend.310000");
  const std::string province = args.address.substr(8);
  auto rb = make_reference_backend(
      province, std::string(YKT_SOURCE_DIR) + "/conformance/spec/application-items.json");
  if (!ixit_out.empty() &&
      !write_backend_ixit(ixit_out, args.endpoint, args.peer, province, rb.test_data))
    return 2;
  return host_iut(args, "backend",
                  std::make_shared<ActorWrapper>(rb.actor, std::move(in), std::move(out)));
}

}  // namespace ykt::testing
