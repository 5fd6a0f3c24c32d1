#pragma once
/// A topology file (JSON): which node runs which actors at which loopback endpoint.
///
/// { "name": "...",                       optional
///   "nodes": [ { "name": "be-sh", "role": "backend", "endpoint": "tcp://127.0.0.1:0",
///                "actors": ["backend.310000"], "params": {...} }, ... ],
///   "keys": { "<kid>": "<64 hex>" },      optional: explicit keys instead of the derived ones
///   "clients": ["driver", "harness.*"],    optional: kids accepted besides the hosted actors
///   ... }                                  other keys are kept and ignored by the runtime
/// Port 0 or `*` means "pick a free port" (resolve_free_ports, or the node binds `*`).
#include <json/value.h>

#include <optional>
#include <string>
#include <vector>

#include "key_registry.hpp"
#include "result.hpp"

namespace ykt::wire {

/// One process of the topology.
struct TopologyNode {
  std::string name;                       ///< unique node name
  std::string role;                       ///< card, reader, backend, exchange, driver, echo, ...
  std::string endpoint;                   ///< tcp://127.x.y.z:port (port 0 or * = free port)
  std::vector<std::string> actors;        ///< hosted addresses or glob patterns (`card.Y31*`)
  Json::Value params{Json::objectValue};  ///< role-specific parameters
};

/// A loaded, validated topology.
class Topology {
 public:
  /// Reads and validates a topology file; errors name the file and the field.
  [[nodiscard]] static Result<Topology> load(const std::string& path);
  /// Validates a parsed document; `source` names it in errors.
  [[nodiscard]] static Result<Topology> from_json(const Json::Value& doc,
                                                  const std::string& source);

  /// The nodes, in file order.
  [[nodiscard]] const std::vector<TopologyNode>& nodes() const { return nodes_; }
  /// The node called `name`, or nullptr.
  [[nodiscard]] const TopologyNode* find_node(const std::string& name) const;
  /// The node hosting `address` (first whose actor pattern matches), or nullptr.
  [[nodiscard]] const TopologyNode* route(const std::string& address) const;
  /// The keys: explicit ones, derived keys for every hosted pattern, `clients` and `node.*`.
  [[nodiscard]] KeyRegistry key_registry() const;
  /// Replaces every port 0 / `*` by a currently free port on the same address.
  [[nodiscard]] Status resolve_free_ports();
  /// The document with the current endpoints (for writing a resolved copy).
  [[nodiscard]] Json::Value to_json() const;
  /// Where the topology came from (file path or a label).
  [[nodiscard]] const std::string& source() const { return source_; }

 private:
  std::string source_;
  Json::Value doc_;
  std::vector<TopologyNode> nodes_;
  std::vector<std::string> clients_;
};

/// Checks a ZeroMQ endpoint: `tcp://<IPv4 in 127.0.0.0/8>:<port|*>`; returns the port text.
[[nodiscard]] Result<std::string> check_loopback_endpoint(const std::string& endpoint);

/// True when `endpoint` asks for a free port (port 0 or `*`).
bool wants_free_port(const std::string& endpoint);

/// The endpoint to bind: port 0 is written `*` as ZeroMQ expects.
std::string bindable_endpoint(const std::string& endpoint);

}  // namespace ykt::wire
