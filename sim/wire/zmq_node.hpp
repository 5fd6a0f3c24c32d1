#pragma once
/// The wall-clock runtime: one process hosts one or more actors behind a ZeroMQ ROUTER (STD-3).
/// Requests leave through one DEALER per peer endpoint; replies return through the ROUTER to the
/// connection the request came on. Single-threaded: one poll loop with a timer heap.
#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <ostream>
#include <string>
#include <utility>
#include <vector>

#include "actor.hpp"
#include "key_registry.hpp"
#include "result.hpp"
#include "topology.hpp"

namespace ykt::wire {

/// How a node is set up.
struct NodeOptions {
  std::string name;                 ///< node name; the node also answers as `node.<name>`
  std::string role;                 ///< reported by sys.ping
  std::string endpoint;             ///< where the ROUTER binds (port 0 or * = free port)
  std::vector<std::string> actors;  ///< hosted addresses or patterns
  std::vector<std::pair<std::string, std::string>> routes;  ///< pattern -> peer endpoint
  KeyRegistry keys;                                         ///< keys for signing and checking
  std::ostream* log = nullptr;  ///< log sink (time, level, actor, masked text); null = none
  int hwm = 100'000;            ///< send/receive high-water marks of every socket
  std::chrono::seconds pending_ttl{60};  ///< how long a request waits for its actor's reply
  std::int64_t window_ms = 30'000;       ///< replay window (±ts)
};

/// The options of node `name` in `topology` (routes to every other node).
[[nodiscard]] Result<NodeOptions> node_options(const Topology& topology, const std::string& name);

/// Counters reported by sys.stats.
struct NodeStats {
  std::uint64_t received = 0;                     ///< frames read from the ROUTER and DEALERs
  std::uint64_t delivered = 0;                    ///< envelopes handed to actors
  std::uint64_t sent = 0;                         ///< envelopes written to sockets
  std::uint64_t undeliverable = 0;                ///< envelopes that could not be routed or written
  std::uint64_t timers_fired = 0;                 ///< timers that called an actor
  std::map<std::string, std::uint64_t> rejected;  ///< rejected inbound messages by error code
};

/// A process's actors on the wire.
class ZmqNode {
 public:
  /// Creates an actor the first time a hosted-pattern address receives a message.
  using ActorMaker = std::function<std::shared_ptr<Actor>(const std::string& address)>;

  /// Binds the ROUTER; an error names the endpoint.
  [[nodiscard]] static Result<std::unique_ptr<ZmqNode>> create(NodeOptions options);
  ~ZmqNode();
  ZmqNode(const ZmqNode&) = delete;
  ZmqNode& operator=(const ZmqNode&) = delete;

  /// The bound endpoint with its real port.
  [[nodiscard]] const std::string& endpoint() const;
  /// The node name.
  [[nodiscard]] const std::string& name() const;
  /// Hosts `actor` at `address` and calls its on_start.
  void add_actor(const std::string& address, std::shared_ptr<Actor> actor);
  /// Sets the factory for lazily created actors.
  void set_actor_maker(ActorMaker maker);
  /// Runs the loop until request_stop, sys.shutdown, SIGTERM or SIGINT.
  void run();
  /// One loop iteration, waiting at most `max_wait` for input.
  void run_once(std::chrono::milliseconds max_wait);
  /// Asks the loop to end (safe from any thread).
  void request_stop();
  /// True once a stop was requested.
  [[nodiscard]] bool stop_requested() const;
  /// The counters so far (call from the loop's thread or after run returned).
  [[nodiscard]] const NodeStats& stats() const;
  /// Makes SIGTERM and SIGINT end every node's run() in this process.
  static void install_signal_handlers();

 private:
  struct Impl;
  explicit ZmqNode(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace ykt::wire
