#include "iut_host.hpp"

#include "common/purse_crypto.hpp"

#include <cstring>
#include <iostream>

#include "schema_registry.hpp"
#include "zmq_node.hpp"

namespace ykt::testing {

IutArgs parse_iut_args(int argc, char** argv, const std::string& default_address) {
  IutArgs a;
  a.address = default_address;
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string k = argv[i], v = argv[i + 1];
    if (k == "--endpoint")
      a.endpoint = v;
    else if (k == "--peer")
      a.peer = v;
    else if (k == "--address")
      a.address = v;
    else if (k == "--alg") {
      if (v != "sm4" && v != "3des") {
        std::cerr << argv[0] << ": --alg must be sm4 or 3des\n";
        std::exit(2);
      }
      a.alg = v;
    } else {
      std::cerr << argv[0] << ": unknown option " << k << "\n";
      std::exit(2);
    }
  }
  if (a.endpoint.empty()) {
    std::cerr << argv[0] << ": --endpoint is required\n";
    std::exit(2);
  }
  return a;
}

const MessageValidator* spec_validator() {
  static const std::unique_ptr<spec::SchemaRegistry> registry = [] {
    auto r = spec::SchemaRegistry::load(std::string(YKT_SOURCE_DIR) + "/conformance/spec");
    if (!r) {
      std::cerr << "schemas: " << r.error().message << "\n";
      return std::unique_ptr<spec::SchemaRegistry>();
    }
    return std::move(*r);
  }();
  return registry.get();
}

int host_iut(const IutArgs& args, const std::string& role, std::shared_ptr<Actor> actor) {
  wire::NodeOptions o;
  o.name = role + "-iut";
  o.role = role;
  o.endpoint = args.endpoint;
  o.actors = {args.address};
  o.log = &std::clog;  // the IUT process log (the harness keeps its own merged log)
  for (const char* p :
       {"harness.*", "driver", "reader.*", "backend.*", "exchange", "card.*", "node.*"})
    o.keys.accept_pattern(p);
  if (!args.peer.empty())
    for (const char* p : {"exchange", "backend.*", "card.*", "reader.*"})
      if (std::string(p) != args.address) o.routes.emplace_back(p, args.peer);
  auto node = wire::ZmqNode::create(std::move(o));
  if (!node) {
    std::cerr << "iut: " << node.error().message << "\n";
    return 2;
  }
  wire::ZmqNode::install_signal_handlers();
  (*node)->add_actor(args.address, std::move(actor));
  (*node)->run();
  return 0;
}

card::CardProfile test_card_profile(const IutArgs& args) {
  card::CardProfile p;
  p.card_no = args.address.substr(5);
  p.issuer = "310000";
  p.citizen_id = "31011819900101001X";  // synthetic (GB 11643 check character valid)
  p.name = "测试一";
  p.balance = 10000;
  if (auto alg = purse::parse_algorithm(args.alg.empty() ? "sm4" : args.alg)) p.alg = *alg;
  return p;
}

}  // namespace ykt::testing
