/// `ykt serve <role> --topology F --node NAME [--log FILE]`: runs one node of a topology as a
/// process on its ZeroMQ endpoint until sys.shutdown, SIGTERM or SIGINT.
#include <fstream>
#include <iostream>

#include "actor_factory.hpp"
#include "address_pattern.hpp"
#include "command.hpp"
#include "topology.hpp"
#include "zmq_node.hpp"

namespace {

using ykt::app::CommandExit;
using ykt::app::kExitUsage;

struct ServeArgs {
  std::string role;
  std::string topology;
  std::string node;
  std::string log;
};

std::string join(const std::vector<std::string>& v) {
  std::string s;
  for (const auto& x : v) s += (s.empty() ? "" : ", ") + x;
  return s;
}

void serve(const ServeArgs& a) {
  auto& factory = ykt::app::ActorFactory::instance();
  if (!factory.has(a.role))
    throw CommandExit{kExitUsage, "serve: unknown role \"" + a.role +
                                      "\" (known: " + join(factory.roles()) + ")"};
  auto topo = ykt::wire::Topology::load(a.topology);
  if (!topo) throw CommandExit{kExitUsage, "serve: " + topo.error().message};
  const ykt::wire::TopologyNode* node = topo->find_node(a.node);
  if (node == nullptr)
    throw CommandExit{kExitUsage, "serve: " + a.topology + " has no node \"" + a.node + "\""};
  if (node->role != a.role)
    throw CommandExit{kExitUsage, "serve: node \"" + a.node + "\" has role \"" + node->role +
                                      "\", not \"" + a.role + "\""};
  auto opts = ykt::wire::node_options(*topo, a.node);
  if (!opts) throw CommandExit{kExitUsage, "serve: " + opts.error().message};
  std::ofstream log_file;
  if (!a.log.empty()) {
    log_file.open(a.log, std::ios::app);
    if (!log_file) throw CommandExit{kExitUsage, "serve: cannot open log file " + a.log};
    opts->log = &log_file;
  } else {
    opts->log = &std::cerr;
  }
  auto created = ykt::wire::ZmqNode::create(std::move(opts.value()));
  if (!created) throw CommandExit{kExitUsage, "serve: " + created.error().message};
  auto& zn = *created.value();
  for (const auto& address : node->actors) {
    if (ykt::wire::is_glob(address)) continue;
    auto actor = factory.make(a.role, node->params, address);
    if (!actor) throw CommandExit{kExitUsage, "serve: " + actor.error().message};
    zn.add_actor(address, std::move(actor.value()));
  }
  const Json::Value params = node->params;
  const std::string role = a.role;
  zn.set_actor_maker([&factory, params, role](const std::string& address) {
    auto actor = factory.make(role, params, address);
    return actor ? actor.value() : nullptr;
  });
  ykt::wire::ZmqNode::install_signal_handlers();
  std::cout << "ykt serve: node " << a.node << " (" << a.role << ") listening on " << zn.endpoint()
            << std::endl;
  zn.run();
}

const ykt::app::RegisterCommand reg([](CLI::App& root) {
  auto args = std::make_shared<ServeArgs>();
  auto* cmd = root.add_subcommand("serve", "Run one node of a topology as a process (ZeroMQ)");
  cmd->add_option("role", args->role,
                  "Role of the node: echo, card, reader, backend, exchange, ...")
      ->required();
  cmd->add_option("--topology", args->topology, "Topology file (JSON)")->required();
  cmd->add_option("--node", args->node, "Name of the node in the topology")->required();
  cmd->add_option("--log", args->log, "Append the node's log to this file (default: stderr)");
  cmd->callback([args] { serve(*args); });
});

}  // namespace
