#include "topology.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cctype>
#include <set>

#include "address_pattern.hpp"
#include "json_util.hpp"

namespace ykt::wire {
namespace {

Error topo_error(const std::string& source, const std::string& field, const std::string& what) {
  return Error{"topology", source + ": " + field + ": " + what};
}

bool valid_node_name(const std::string& n) {
  if (n.empty() || n.size() > 64) return false;
  for (char c : n)
    if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '_' || c == '-'))
      return false;
  return true;
}

/// Splits `tcp://host:port` into host and port text; nullopt when not of that shape.
std::optional<std::pair<std::string, std::string>> split_tcp(const std::string& endpoint) {
  const std::string scheme = "tcp://";
  if (endpoint.compare(0, scheme.size(), scheme) != 0) return std::nullopt;
  const auto colon = endpoint.rfind(':');
  if (colon == std::string::npos || colon < scheme.size()) return std::nullopt;
  return std::make_pair(endpoint.substr(scheme.size(), colon - scheme.size()),
                        endpoint.substr(colon + 1));
}

}  // namespace

Result<std::string> check_loopback_endpoint(const std::string& endpoint) {
  auto parts = split_tcp(endpoint);
  if (!parts) return Error{"topology", "\"" + endpoint + "\" is not tcp://<address>:<port>"};
  in_addr addr{};
  if (inet_pton(AF_INET, parts->first.c_str(), &addr) != 1)
    return Error{"topology", "\"" + parts->first + "\" is not an IPv4 address (use 127.0.0.1)"};
  if ((ntohl(addr.s_addr) >> 24) != 127)
    return Error{"topology",
                 "\"" + parts->first + "\" is not a loopback address (127.0.0.0/8 only)"};
  const std::string& port = parts->second;
  if (port != "*") {
    if (port.empty() || port.size() > 5 ||
        port.find_first_not_of("0123456789") != std::string::npos || std::stol(port) > 65535)
      return Error{"topology", "port \"" + port + "\" is not 0..65535 or *"};
  }
  return port;
}

bool wants_free_port(const std::string& endpoint) {
  auto parts = split_tcp(endpoint);
  return parts && (parts->second == "*" || parts->second == "0");
}

std::string bindable_endpoint(const std::string& endpoint) {
  auto parts = split_tcp(endpoint);
  if (parts && parts->second == "0") return "tcp://" + parts->first + ":*";
  return endpoint;
}

Result<Topology> Topology::load(const std::string& path) {
  auto doc = json::load_file(path);
  if (!doc) return Error{"topology", doc.error().message};
  return from_json(*doc, path);
}

Result<Topology> Topology::from_json(const Json::Value& doc, const std::string& source) {
  Topology t;
  t.source_ = source;
  t.doc_ = doc;
  if (!doc.isObject()) return topo_error(source, "(root)", "must be a JSON object");
  const Json::Value& nodes = doc["nodes"];
  if (!nodes.isArray() || nodes.empty())
    return topo_error(source, "nodes", "must be a non-empty array of nodes");
  std::set<std::string> names, fixed_endpoints, patterns;
  for (Json::ArrayIndex i = 0; i < nodes.size(); ++i) {
    const std::string where = "nodes[" + std::to_string(i) + "]";
    const Json::Value& n = nodes[i];
    if (!n.isObject()) return topo_error(source, where, "must be an object");
    TopologyNode node;
    for (const char* f : {"name", "role", "endpoint"}) {
      if (!n[f].isString() || n[f].asString().empty())
        return topo_error(source, where + "." + f, "must be a non-empty string");
    }
    node.name = n["name"].asString();
    node.role = n["role"].asString();
    node.endpoint = n["endpoint"].asString();
    if (!valid_node_name(node.name))
      return topo_error(source, where + ".name",
                        "\"" + node.name + "\" must be 1-64 of A-Z a-z 0-9 . _ -");
    if (!names.insert(node.name).second)
      return topo_error(source, where + ".name", "duplicate node name \"" + node.name + "\"");
    auto port = check_loopback_endpoint(node.endpoint);
    if (!port) return topo_error(source, where + ".endpoint", port.error().message);
    if (!wants_free_port(node.endpoint) && !fixed_endpoints.insert(node.endpoint).second)
      return topo_error(source, where + ".endpoint", "\"" + node.endpoint + "\" used by two nodes");
    const Json::Value& actors = n["actors"];
    if (!actors.isArray() || actors.empty())
      return topo_error(source, where + ".actors", "must be a non-empty array of addresses");
    for (Json::ArrayIndex k = 0; k < actors.size(); ++k) {
      const std::string aw = where + ".actors[" + std::to_string(k) + "]";
      if (!actors[k].isString() || actors[k].asString().empty())
        return topo_error(source, aw, "must be a non-empty string");
      const std::string a = actors[k].asString();
      if (!patterns.insert(a).second)
        return topo_error(source, aw, "\"" + a + "\" is hosted by two nodes");
      node.actors.push_back(a);
    }
    if (n.isMember("params")) {
      if (!n["params"].isObject())
        return topo_error(source, where + ".params", "must be an object");
      node.params = n["params"];
    }
    t.nodes_.push_back(std::move(node));
  }
  if (doc.isMember("keys")) {
    const Json::Value& keys = doc["keys"];
    if (!keys.isObject()) return topo_error(source, "keys", "must be an object kid -> 64 hex");
    for (const auto& kid : keys.getMemberNames()) {
      const Json::Value& k = keys[kid];
      auto bytes = k.isString() ? from_hex(k.asString()) : std::nullopt;
      if (!bytes || bytes->size() != 32)
        return topo_error(source, "keys." + kid, "must be 64 hex characters (32 bytes)");
    }
  }
  if (doc.isMember("clients")) {
    const Json::Value& c = doc["clients"];
    if (!c.isArray()) return topo_error(source, "clients", "must be an array of kid patterns");
    for (Json::ArrayIndex i = 0; i < c.size(); ++i) {
      if (!c[i].isString() || c[i].asString().empty())
        return topo_error(source, "clients[" + std::to_string(i) + "]",
                          "must be a non-empty string");
      t.clients_.push_back(c[i].asString());
    }
  } else {
    t.clients_ = {"driver", "harness.*"};
  }
  return t;
}

const TopologyNode* Topology::find_node(const std::string& name) const {
  for (const auto& n : nodes_)
    if (n.name == name) return &n;
  return nullptr;
}

const TopologyNode* Topology::route(const std::string& address) const {
  // Exact addresses win over patterns, so `card.Y31000042` on its own node beats `card.Y31*`.
  for (const auto& n : nodes_)
    for (const auto& a : n.actors)
      if (a == address) return &n;
  for (const auto& n : nodes_)
    for (const auto& a : n.actors)
      if (glob_match(a, address)) return &n;
  return nullptr;
}

KeyRegistry Topology::key_registry() const {
  KeyRegistry r;
  if (doc_.isMember("keys"))
    for (const auto& kid : doc_["keys"].getMemberNames())
      r.add_key(kid, *from_hex(doc_["keys"][kid].asString()));
  for (const auto& n : nodes_)
    for (const auto& a : n.actors) r.accept_pattern(a);
  for (const auto& c : clients_) r.accept_pattern(c);
  r.accept_pattern("node.*");
  return r;
}

Status Topology::resolve_free_ports() {
  // Hold every probe socket open until all ports are chosen, so no two nodes get the same one.
  std::vector<int> held;
  Status result = ok_status();
  for (auto& n : nodes_) {
    if (!wants_free_port(n.endpoint)) continue;
    auto parts = split_tcp(n.endpoint);
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in sa{};
    sa.sin_family = AF_INET;
    sa.sin_port = 0;
    inet_pton(AF_INET, parts->first.c_str(), &sa.sin_addr);
    socklen_t len = sizeof sa;
    if (fd < 0 || ::bind(fd, reinterpret_cast<sockaddr*>(&sa), sizeof sa) != 0 ||
        ::getsockname(fd, reinterpret_cast<sockaddr*>(&sa), &len) != 0) {
      if (fd >= 0) ::close(fd);
      result = Error{"topology", "no free port on " + parts->first + " for node " + n.name};
      break;
    }
    held.push_back(fd);
    n.endpoint = "tcp://" + parts->first + ":" + std::to_string(ntohs(sa.sin_port));
  }
  for (int fd : held) ::close(fd);
  return result;
}

Json::Value Topology::to_json() const {
  Json::Value doc = doc_;
  for (Json::ArrayIndex i = 0; i < nodes_.size(); ++i)
    doc["nodes"][i]["endpoint"] = nodes_[i].endpoint;
  return doc;
}

}  // namespace ykt::wire
