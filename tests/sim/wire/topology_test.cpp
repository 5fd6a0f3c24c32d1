#include <boost/test/unit_test.hpp>

#include <cstdio>
#include <fstream>
#include <set>

#include <unistd.h>

#include "address_pattern.hpp"
#include "json_util.hpp"
#include "topology.hpp"
#include "zmq_node.hpp"

using namespace ykt;
using namespace ykt::wire;

namespace {

/// Writes `text` to a fresh temporary file and returns its path.
std::string temp_file(const std::string& text) {
  char path[] = "/tmp/ykt-topo-XXXXXX";
  const int fd = mkstemp(path);
  BOOST_REQUIRE(fd >= 0);
  ::close(fd);
  std::ofstream(path) << text;
  return path;
}

const char* kGood = R"({
  "name": "two provinces",
  "nodes": [
    {"name": "be-sh", "role": "echo", "endpoint": "tcp://127.0.0.1:0", "actors": ["backend.310000"]},
    {"name": "cards", "role": "echo", "endpoint": "tcp://127.0.0.1:*", "actors": ["card.Y31*", "card.Y32*"],
     "params": {"seed": 7}},
    {"name": "vip", "role": "echo", "endpoint": "tcp://127.0.0.2:23456", "actors": ["card.Y31000042"]}
  ],
  "clients": ["driver"],
  "keys": {"driver": "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff"},
  "scenario_notes": "kept and ignored"
})";

std::string load_error(const std::string& text) {
  const std::string path = temp_file(text);
  auto t = Topology::load(path);
  std::remove(path.c_str());
  BOOST_TEST_REQUIRE(!t.ok(), text);
  return t.error().message;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(topology_suite)

// Purpose: glob patterns match actor addresses as documented (`*` any run, `?` one character).
BOOST_AUTO_TEST_CASE(glob_patterns) {
  BOOST_TEST(glob_match("card.Y31*", "card.Y31000042"));
  BOOST_TEST(!glob_match("card.Y31*", "card.Y32000042"));
  BOOST_TEST(glob_match("reader.3101?0000001", "reader.310100000001"));
  BOOST_TEST(glob_match("*", ""));
  BOOST_TEST(glob_match("a*b*c", "aXXbYYbc"));
  BOOST_TEST(!glob_match("a*b*c", "aXXbYYbd"));
  BOOST_TEST(glob_match("exchange", "exchange"));
  BOOST_TEST(!glob_match("exchange", "exchange2"));
}

// Purpose: a valid topology loads, routes exact addresses before patterns, and builds keys.
BOOST_AUTO_TEST_CASE(loads_and_routes) {
  const std::string path = temp_file(kGood);
  auto t = Topology::load(path);
  std::remove(path.c_str());
  BOOST_TEST_REQUIRE(t.ok(), (t.ok() ? "" : t.error().message));
  BOOST_TEST(t->nodes().size() == 3u);
  BOOST_TEST(t->nodes()[1].params["seed"].asInt() == 7);
  BOOST_TEST(t->route("backend.310000")->name == "be-sh");
  BOOST_TEST(t->route("card.Y32000001")->name == "cards");
  BOOST_TEST(t->route("card.Y31000042")->name == "vip");
  BOOST_TEST(t->route("card.Y33000001") == nullptr);
  auto keys = t->key_registry();
  BOOST_TEST(to_hex(*keys.key_for("driver")) ==
             "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff");
  BOOST_TEST(to_hex(*keys.key_for("card.Y31000001")) ==
             to_hex(KeyRegistry::derived_key("card.Y31000001")));
  BOOST_TEST(!keys.key_for("harness.x").has_value());  // clients overridden: only driver
  auto opts = node_options(*t, "be-sh");
  BOOST_TEST_REQUIRE(opts.ok());
  std::size_t exact = 0, pattern = 0;
  for (std::size_t i = 0; i < opts->routes.size(); ++i) {
    if (opts->routes[i].first == "card.Y31000042") exact = i;
    if (opts->routes[i].first == "card.Y31*") pattern = i;
  }
  BOOST_TEST(exact < pattern);  // exact addresses are tried before patterns
}

// Purpose: port 0 / * resolve to distinct free loopback ports and the resolved copy reloads.
BOOST_AUTO_TEST_CASE(resolves_free_ports) {
  auto t = Topology::from_json(json::parse(kGood).value(), "inline");
  BOOST_TEST_REQUIRE(t.ok());
  BOOST_TEST_REQUIRE(t->resolve_free_ports().ok());
  std::set<std::string> eps;
  for (const auto& n : t->nodes()) {
    BOOST_TEST(!wants_free_port(n.endpoint), n.endpoint);
    eps.insert(n.endpoint);
  }
  BOOST_TEST(eps.size() == 3u);
  BOOST_TEST(t->nodes()[2].endpoint == "tcp://127.0.0.2:23456");
  auto again = Topology::from_json(t->to_json(), "resolved");
  BOOST_TEST_REQUIRE(again.ok());
  BOOST_TEST(again->nodes()[0].endpoint == t->nodes()[0].endpoint);
  BOOST_TEST(again->to_json()["scenario_notes"].asString() == "kept and ignored");
}

// Purpose: broken topology files give one clear error naming the file and the field.
BOOST_AUTO_TEST_CASE(clear_errors) {
  struct Case {
    std::string text;
    std::string expect;
  } cases[] = {
      {"{ not json", "Line 1"},
      {R"({"nodes": []})", "nodes"},
      {R"({"nodes": [{"role":"echo","endpoint":"tcp://127.0.0.1:0","actors":["a"]}]})",
       "nodes[0].name"},
      {R"({"nodes": [{"name":"n","role":"echo","endpoint":"tcp://10.0.0.1:5555","actors":["a"]}]})",
       "loopback"},
      {R"({"nodes": [{"name":"n","role":"echo","endpoint":"tcp://0.0.0.0:5555","actors":["a"]}]})",
       "nodes[0].endpoint"},
      {R"({"nodes": [{"name":"n","role":"echo","endpoint":"ipc:///tmp/x","actors":["a"]}]})",
       "tcp://"},
      {R"({"nodes": [{"name":"n","role":"echo","endpoint":"tcp://127.0.0.1:70000","actors":["a"]}]})",
       "port"},
      {R"({"nodes": [{"name":"n","role":"echo","endpoint":"tcp://127.0.0.1:0","actors":[]}]})",
       "nodes[0].actors"},
      {R"({"nodes": [{"name":"n","role":"echo","endpoint":"tcp://127.0.0.1:0","actors":["a"]},
                     {"name":"n","role":"echo","endpoint":"tcp://127.0.0.1:0","actors":["b"]}]})",
       "duplicate node name"},
      {R"({"nodes": [{"name":"n","role":"echo","endpoint":"tcp://127.0.0.1:5000","actors":["a"]},
                     {"name":"m","role":"echo","endpoint":"tcp://127.0.0.1:5000","actors":["b"]}]})",
       "nodes[1].endpoint"},
      {R"({"nodes": [{"name":"n","role":"echo","endpoint":"tcp://127.0.0.1:0","actors":["a"]},
                     {"name":"m","role":"echo","endpoint":"tcp://127.0.0.1:0","actors":["a"]}]})",
       "nodes[1].actors[0]"},
      {R"({"nodes": [{"name":"n","role":"echo","endpoint":"tcp://127.0.0.1:0","actors":["a"],"params":3}]})",
       "nodes[0].params"},
      {R"({"nodes": [{"name":"n","role":"echo","endpoint":"tcp://127.0.0.1:0","actors":["a"]}],
           "keys": {"a": "12"}})",
       "keys.a"},
      {R"({"nodes": [{"name":"n/../x","role":"echo","endpoint":"tcp://127.0.0.1:0","actors":["a"]}]})",
       "nodes[0].name"},
  };
  for (const auto& c : cases) {
    const std::string msg = load_error(c.text);
    BOOST_TEST(msg.find("/tmp/ykt-topo-") == 0, msg);
    BOOST_TEST(msg.find(c.expect) != std::string::npos, msg << " (expected " << c.expect << ")");
    BOOST_TEST(msg.find('\n') == std::string::npos, msg);
  }
  auto missing = Topology::load("/nonexistent/topology.json");
  BOOST_TEST_REQUIRE(!missing.ok());
  BOOST_TEST(missing.error().message.find("/nonexistent/topology.json") != std::string::npos);
}

BOOST_AUTO_TEST_SUITE_END()
