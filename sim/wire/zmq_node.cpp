#include "zmq_node.hpp"

#include <unistd.h>

#include <atomic>
#include <csignal>
#include <deque>
#include <queue>
#include <unordered_map>
#include <zmq.hpp>
#include <zmq_addon.hpp>

#include "address_pattern.hpp"
#include "authenticator.hpp"
#include "nonce_source.hpp"
#include "pii.hpp"
#include "wire_codec.hpp"

namespace ykt::wire {
namespace {

volatile std::sig_atomic_t g_signalled = 0;
extern "C" void on_stop_signal(int) {
  g_signalled = 1;
}

/// Longest a loop iteration sleeps, so stop requests and signals are noticed quickly.
constexpr std::chrono::milliseconds kMaxPollWait{100};
/// Messages read from one socket per iteration before the others get a turn.
constexpr int kBatch = 512;
/// Linger of every socket at close: long enough to flush a shutdown reply.
constexpr int kLingerMs = 500;

const char* level_name(LogLevel l) {
  switch (l) {
    case LogLevel::debug:
      return "DEBUG";
    case LogLevel::info:
      return "INFO";
    case LogLevel::warn:
      return "WARN";
    case LogLevel::error:
      return "ERROR";
  }
  return "INFO";
}

/// Where a reply must go: the ROUTER routing id, and whether the sender was a REQ socket.
struct ReturnPath {
  std::string routing_id;
  bool delimiter = false;
  std::int64_t created_ns = 0;
};

}  // namespace

struct ZmqNode::Impl {
  class ActorContext;

  NodeOptions opt;
  std::string bound;
  std::string node_address;  // `node.<name>`
  zmq::context_t zctx{1};
  zmq::socket_t router{zctx, zmq::socket_type::router};
  std::map<std::string, zmq::socket_t> dealers;  // peer endpoint -> socket
  std::vector<zmq::socket_t*> dealer_list;       // poll order (index + 1 in items)
  std::vector<zmq_pollitem_t> items;
  WireCodec codec;
  Authenticator auth;
  NonceSource nonces;
  std::map<std::string, std::unique_ptr<ActorContext>> actors;
  ActorMaker maker;
  std::deque<Envelope> local;
  std::unordered_map<std::string, ReturnPath> pending;  // from \n id -> return path
  std::deque<std::pair<std::int64_t, std::string>> pending_order;
  struct TimerEntry {
    std::int64_t due_ns;
    TimerId id;
    bool operator>(const TimerEntry& o) const {
      return due_ns != o.due_ns ? due_ns > o.due_ns : id > o.id;
    }
  };
  std::priority_queue<TimerEntry, std::vector<TimerEntry>, std::greater<>> timer_heap;
  std::unordered_map<TimerId, std::pair<std::string, std::string>> timers;  // id -> actor, tag
  TimerId next_timer = 0;
  std::uint64_t next_id = 0;
  std::string id_prefix;
  std::atomic<bool> stop{false};
  NodeStats stats;
  std::int64_t last_sweep_ns = 0;

  explicit Impl(NodeOptions o)
      : opt(std::move(o)), node_address("node." + opt.name), auth(opt.keys, opt.window_ms) {
    id_prefix = opt.name + "-" + std::to_string(::getpid()) + "-";
  }

  void log(LogLevel level, const std::string& actor, std::string_view text) {
    if (opt.log == nullptr) return;
    *opt.log << format_beijing(wall_now()) << ' ' << level_name(level) << ' ' << actor << ' '
             << pii::mask_text(text) << std::endl;
  }

  bool hosts(const std::string& address) const {
    if (address == node_address) return true;
    for (const auto& p : opt.actors)
      if (p == address || glob_match(p, address)) return true;
    return false;
  }

  std::optional<std::string> peer_for(const std::string& address) const {
    for (const auto& r : opt.routes)
      if (r.first == address) return r.second;
    for (const auto& r : opt.routes)
      if (glob_match(r.first, address)) return r.second;
    return std::nullopt;
  }

  /// Frames 1 and 2 of `e` (from already set); nullopt when it cannot be signed or is too big.
  std::optional<std::pair<std::string, std::string>> seal(const Envelope& e, std::string* why) {
    std::string f1 = codec.encode(e, to_epoch_ms(wall_now()), nonces.next());
    if (f1.size() > kMaxFrameBytes) {
      *why = "E1003";
      return std::nullopt;
    }
    auto f2 = auth.sign(f1, e.from);
    if (!f2) {
      *why = "E1101";
      return std::nullopt;
    }
    return std::make_pair(std::move(f1), std::move(f2.value()));
  }

  static Envelope error_reply(const Envelope& req, const std::string& from, const std::string& code,
                              const std::string& reason) {
    Envelope e;
    e.type = "error";
    e.id = req.id;
    e.from = from;
    e.to = req.from;
    e.is_reply = true;
    e.body["status"] = code;
    e.body["reason"] = reason;
    return e;
  }

  void send_router(const ReturnPath& rp, const Envelope& e) {
    std::string why;
    auto frames = seal(e, &why);
    if (!frames) {
      if (why == "E1003" && e.type != "error") {
        send_router(rp, error_reply(Envelope{e.type, e.id, e.to, e.from, {}, false}, e.from,
                                    "E1003", "reply larger than 65536 bytes"));
        return;
      }
      ++stats.undeliverable;
      log(LogLevel::error, e.from, "cannot sign reply " + e.type + " id " + e.id + ": " + why);
      return;
    }
    std::vector<zmq::const_buffer> parts;
    parts.push_back(zmq::buffer(rp.routing_id));
    if (rp.delimiter) parts.push_back(zmq::const_buffer{});
    parts.push_back(zmq::buffer(frames->first));
    parts.push_back(zmq::buffer(frames->second));
    try {
      if (zmq::send_multipart(router, parts, zmq::send_flags::dontwait)) {
        ++stats.sent;
        return;
      }
      log(LogLevel::warn, e.from, "reply " + e.id + " dropped: peer queue full");
    } catch (const zmq::error_t& err) {
      log(LogLevel::warn, e.from, "reply " + e.id + " undeliverable: " + err.what());
    }
    ++stats.undeliverable;
  }

  zmq::socket_t& dealer_for(const std::string& endpoint) {
    auto it = dealers.find(endpoint);
    if (it != dealers.end()) return it->second;
    zmq::socket_t s(zctx, zmq::socket_type::dealer);
    s.set(zmq::sockopt::sndhwm, opt.hwm);
    s.set(zmq::sockopt::rcvhwm, opt.hwm);
    s.set(zmq::sockopt::linger, kLingerMs);
    s.connect(endpoint);
    auto& ref = dealers.emplace(endpoint, std::move(s)).first->second;
    dealer_list.push_back(&ref);
    items.push_back(zmq_pollitem_t{ref.handle(), 0, ZMQ_POLLIN, 0});
    return ref;
  }

  /// Tells a local requester that its request failed.
  void fail_locally(const Envelope& req, const std::string& code, const std::string& reason) {
    if (req.is_reply) return;
    local.push_back(error_reply(req, node_address, code, reason));
  }

  void send_dealer(const std::string& endpoint, const Envelope& e) {
    std::string why;
    auto frames = seal(e, &why);
    if (!frames) {
      ++stats.undeliverable;
      fail_locally(
          e, why,
          why == "E1003" ? "request larger than 65536 bytes" : "no key to sign as " + e.from);
      return;
    }
    std::array<zmq::const_buffer, 2> parts{zmq::buffer(frames->first), zmq::buffer(frames->second)};
    bool ok = false;
    try {
      ok = zmq::send_multipart(dealer_for(endpoint), parts, zmq::send_flags::dontwait).has_value();
    } catch (const zmq::error_t& err) {
      log(LogLevel::warn, e.from, std::string("send to ") + endpoint + " failed: " + err.what());
    }
    if (ok) {
      ++stats.sent;
      return;
    }
    ++stats.undeliverable;
    fail_locally(e, "E3002", "queue to " + e.to + " full");
  }

  /// Everything an actor or the node sends goes through here.
  void route(Envelope e) {
    if (e.is_reply) {
      auto it = pending.find(e.to + '\n' + e.id);
      if (it != pending.end()) {
        ReturnPath rp = std::move(it->second);
        pending.erase(it);
        send_router(rp, e);
        return;
      }
    }
    if (hosts(e.to)) {
      local.push_back(std::move(e));
      return;
    }
    if (auto peer = peer_for(e.to)) {
      send_dealer(*peer, e);
      return;
    }
    ++stats.undeliverable;
    log(LogLevel::warn, e.from, "no route to " + e.to + " for " + e.type);
    fail_locally(e, "E3001", "no route to " + e.to);
  }

  ActorContext* actor_for(const std::string& address);
  void deliver(const Envelope& e);
  void handle_system(const Envelope& e);
  void reject(const ReturnPath* rp, std::string_view frame1, const WireMessage* m,
              const Error& err);
  void on_router_message(std::vector<zmq::message_t>& frames);
  void on_dealer_message(std::vector<zmq::message_t>& frames);
  void fire_timers();
  void sweep_pending();
  void run_once(std::chrono::milliseconds max_wait);
};

class ZmqNode::Impl::ActorContext final : public Context {
 public:
  ActorContext(Impl& node, std::string address, std::shared_ptr<Actor> actor)
      : node_(node), address_(std::move(address)), actor_(std::move(actor)) {}
  SimTime now() const override { return wall_now(); }
  const std::string& self() const override { return address_; }
  void send(Envelope e) override {
    e.from = address_;
    node_.route(std::move(e));
  }
  TimerId set_timer(Duration after, std::string tag) override {
    const TimerId id = ++node_.next_timer;
    node_.timers.emplace(id, std::make_pair(address_, std::move(tag)));
    node_.timer_heap.push({(wall_now() + after).ns, id});
    return id;
  }
  void cancel_timer(TimerId id) override { node_.timers.erase(id); }
  std::string new_id() override { return node_.id_prefix + std::to_string(++node_.next_id); }
  void log(LogLevel level, std::string_view text) override { node_.log(level, address_, text); }
  Actor& actor() { return *actor_; }

 private:
  Impl& node_;
  std::string address_;
  std::shared_ptr<Actor> actor_;
};

ZmqNode::Impl::ActorContext* ZmqNode::Impl::actor_for(const std::string& address) {
  if (auto it = actors.find(address); it != actors.end()) return it->second.get();
  if (!maker || address == node_address || !hosts(address)) return nullptr;
  std::shared_ptr<Actor> a;
  try {
    a = maker(address);
  } catch (const std::exception& ex) {
    log(LogLevel::error, address, std::string("actor factory failed: ") + ex.what());
  }
  if (!a) return nullptr;
  auto ctx = std::make_unique<ActorContext>(*this, address, std::move(a));
  ActorContext* raw = ctx.get();
  actors.emplace(address, std::move(ctx));
  raw->actor().on_start(*raw);
  return raw;
}

void ZmqNode::Impl::handle_system(const Envelope& e) {
  Json::Value body(Json::objectValue);
  body["status"] = "OK";
  if (e.type == "sys.ping") {
    body["actor"] = e.to;
    body["role"] = opt.role;
    body["node"] = opt.name;
  } else if (e.type == "sys.stats") {
    body["node"] = opt.name;
    body["received"] = Json::UInt64(stats.received);
    body["delivered"] = Json::UInt64(stats.delivered);
    body["sent"] = Json::UInt64(stats.sent);
    body["undeliverable"] = Json::UInt64(stats.undeliverable);
    body["timers_fired"] = Json::UInt64(stats.timers_fired);
    body["actors"] = Json::UInt64(actors.size());
    body["rejected"] = Json::Value(Json::objectValue);
    for (const auto& [code, n] : stats.rejected) body["rejected"][code] = Json::UInt64(n);
  } else if (e.type == "sys.shutdown") {
    log(LogLevel::info, e.to, "shutdown requested by " + e.from);
    stop = true;
  } else {
    route(error_reply(e, e.to, "E1005", "unknown system message " + e.type));
    return;
  }
  Envelope r;
  r.type = response_type(e.type);
  r.id = e.id;
  r.from = e.to;
  r.to = e.from;
  r.is_reply = true;
  r.body = std::move(body);
  route(std::move(r));
}

void ZmqNode::Impl::deliver(const Envelope& e) {
  if (!e.is_reply && e.type.compare(0, 4, "sys.") == 0 && hosts(e.to)) {
    handle_system(e);
    return;
  }
  ActorContext* ctx = actor_for(e.to);
  if (ctx == nullptr) {
    ++stats.undeliverable;
    if (!e.is_reply)
      route(error_reply(e, node_address, "E3001", "no actor " + e.to + " on node " + opt.name));
    return;
  }
  ++stats.delivered;
  try {
    ctx->actor().on_message(*ctx, e);
  } catch (const std::exception& ex) {
    log(LogLevel::error, e.to, "actor failed on " + e.type + ": " + ex.what());
    if (!e.is_reply) route(error_reply(e, e.to, "E9001", "internal error"));
  }
}

void ZmqNode::Impl::reject(const ReturnPath* rp, std::string_view frame1, const WireMessage* m,
                           const Error& err) {
  ++stats.rejected[err.code];
  Envelope req;
  if (m != nullptr) {
    req = m->env;
  } else if (err.code != "E1003" || frame1.size() <= kMaxFrameBytes * 16) {
    req.id = WireCodec::salvage_id(frame1);
    req.from = WireCodec::salvage_from(frame1);
  }
  if (req.id.empty()) req.id = "-";  // the id of a frame that could not be read (STD-3.6)
  log(LogLevel::warn, node_address,
      "rejected " + err.code + " id \"" + req.id + "\" from \"" + req.from + "\": " + err.message);
  if (rp == nullptr) return;  // nothing to answer on a DEALER
  const std::string from = (m != nullptr && hosts(m->env.to)) ? m->env.to : node_address;
  send_router(*rp, error_reply(req, from, err.code, err.message));
}

void ZmqNode::Impl::on_router_message(std::vector<zmq::message_t>& frames) {
  ++stats.received;
  ReturnPath rp;
  rp.routing_id = frames[0].to_string();
  rp.created_ns = wall_now().ns;
  std::size_t first = 1;
  if (frames.size() >= 2 && frames[1].size() == 0) {
    rp.delimiter = true;
    first = 2;
  }
  const std::size_t n = frames.size() - first;
  if (n == 0) return reject(&rp, {}, nullptr, Error{"E1001", "empty message"});
  const std::string_view f1 = frames[first].to_string_view();
  if (n > 2)
    return reject(&rp, f1, nullptr,
                  Error{"E1001", "expected 2 frames (envelope, auth), got " + std::to_string(n)});
  auto m = codec.decode(f1);
  if (!m) return reject(&rp, f1, nullptr, m.error());
  const std::string_view f2 = n == 2 ? frames[first + 1].to_string_view() : std::string_view{};
  if (auto s = auth.verify(f1, f2, *m, to_epoch_ms(wall_now())); !s)
    return reject(&rp, f1, &m.value(), s.error());
  if (!m->env.is_reply) {
    std::string key = m->env.from + '\n' + m->env.id;
    pending_order.emplace_back(rp.created_ns, key);
    pending[std::move(key)] = std::move(rp);
  }
  deliver(m->env);
}

void ZmqNode::Impl::on_dealer_message(std::vector<zmq::message_t>& frames) {
  ++stats.received;
  if (frames.size() != 2) {
    ++stats.rejected["E1001"];
    log(LogLevel::warn, node_address,
        "peer answer with " + std::to_string(frames.size()) + " frames dropped");
    return;
  }
  const std::string_view f1 = frames[0].to_string_view();
  auto m = codec.decode(f1);
  if (!m) return reject(nullptr, f1, nullptr, m.error());
  if (auto s = auth.verify(f1, frames[1].to_string_view(), *m, to_epoch_ms(wall_now())); !s)
    return reject(nullptr, f1, &m.value(), s.error());
  if (!m->env.is_reply) {
    ++stats.undeliverable;
    log(LogLevel::warn, node_address, "request " + m->env.type + " arrived on a DEALER; dropped");
    return;
  }
  deliver(m->env);
}

void ZmqNode::Impl::fire_timers() {
  const std::int64_t now = wall_now().ns;
  while (!timer_heap.empty() && timer_heap.top().due_ns <= now) {
    const TimerId id = timer_heap.top().id;
    timer_heap.pop();
    auto it = timers.find(id);
    if (it == timers.end()) continue;
    auto [address, tag] = std::move(it->second);
    timers.erase(it);
    auto a = actors.find(address);
    if (a == actors.end()) continue;
    ++stats.timers_fired;
    try {
      a->second->actor().on_timer(*a->second, id, tag);
    } catch (const std::exception& ex) {
      log(LogLevel::error, address, std::string("actor failed on timer: ") + ex.what());
    }
  }
}

void ZmqNode::Impl::sweep_pending() {
  const std::int64_t now = wall_now().ns;
  if (now - last_sweep_ns < 1'000'000'000) return;
  last_sweep_ns = now;
  const std::int64_t ttl = std::chrono::duration_cast<Duration>(opt.pending_ttl).count();
  while (!pending_order.empty() && pending_order.front().first < now - ttl) {
    auto it = pending.find(pending_order.front().second);
    if (it != pending.end() && it->second.created_ns == pending_order.front().first) {
      log(LogLevel::warn, node_address,
          "request " + it->first.substr(it->first.find('\n') + 1) +
              " got no reply from its actor; forgotten");
      pending.erase(it);
    }
    pending_order.pop_front();
  }
}

void ZmqNode::Impl::run_once(std::chrono::milliseconds max_wait) {
  // Local deliveries first (a snapshot, so two local actors cannot starve the sockets).
  for (std::size_t n = local.size(); n > 0 && !local.empty(); --n) {
    Envelope e = std::move(local.front());
    local.pop_front();
    deliver(e);
  }
  fire_timers();
  auto wait = std::min(max_wait, kMaxPollWait);
  if (!local.empty()) wait = std::chrono::milliseconds(0);
  if (!timer_heap.empty()) {
    const auto until = std::chrono::duration_cast<std::chrono::milliseconds>(
        Duration(timer_heap.top().due_ns - wall_now().ns));
    wait = std::max(std::chrono::milliseconds(0), std::min(wait, until));
  }
  items[0].socket = router.handle();
  try {
    zmq::poll(items.data(), items.size(), wait);
  } catch (const zmq::error_t& err) {
    if (err.num() != EINTR) throw;
    return;
  }
  std::vector<zmq::message_t> frames;
  if (items[0].revents & ZMQ_POLLIN) {
    for (int i = 0; i < kBatch; ++i) {
      frames.clear();
      if (!zmq::recv_multipart(router, std::back_inserter(frames), zmq::recv_flags::dontwait))
        break;
      on_router_message(frames);
    }
  }
  for (std::size_t d = 0; d < dealer_list.size(); ++d) {
    if (!(items[d + 1].revents & ZMQ_POLLIN)) continue;
    for (int i = 0; i < kBatch; ++i) {
      frames.clear();
      if (!zmq::recv_multipart(*dealer_list[d], std::back_inserter(frames),
                               zmq::recv_flags::dontwait))
        break;
      on_dealer_message(frames);
    }
  }
  sweep_pending();
}

Result<NodeOptions> node_options(const Topology& topology, const std::string& name) {
  const TopologyNode* self = topology.find_node(name);
  if (self == nullptr)
    return Error{"topology", topology.source() + ": no node named \"" + name + "\""};
  NodeOptions o;
  o.name = self->name;
  o.role = self->role;
  o.endpoint = self->endpoint;
  o.actors = self->actors;
  o.keys = topology.key_registry();
  // Exact addresses first so they beat another node's pattern (the order Topology::route uses).
  for (int exact = 1; exact >= 0; --exact)
    for (const auto& n : topology.nodes()) {
      if (n.name == self->name) continue;
      for (const auto& a : n.actors)
        if (is_glob(a) != (exact == 1)) o.routes.emplace_back(a, n.endpoint);
      if (exact == 1) o.routes.emplace_back("node." + n.name, n.endpoint);
    }
  return o;
}

Result<std::unique_ptr<ZmqNode>> ZmqNode::create(NodeOptions options) {
  auto port = check_loopback_endpoint(options.endpoint);
  if (!port) return Error{"bind", "node " + options.name + ": " + port.error().message};
  auto impl = std::make_unique<Impl>(std::move(options));
  try {
    impl->router.set(zmq::sockopt::router_mandatory, 1);
    impl->router.set(zmq::sockopt::sndhwm, impl->opt.hwm);
    impl->router.set(zmq::sockopt::rcvhwm, impl->opt.hwm);
    impl->router.set(zmq::sockopt::linger, kLingerMs);
    impl->router.bind(bindable_endpoint(impl->opt.endpoint));
    impl->bound = impl->router.get(zmq::sockopt::last_endpoint);
  } catch (const zmq::error_t& err) {
    return Error{"bind", "node " + impl->opt.name + ": cannot bind " + impl->opt.endpoint + ": " +
                             err.what()};
  }
  impl->items.push_back(zmq_pollitem_t{impl->router.handle(), 0, ZMQ_POLLIN, 0});
  impl->log(LogLevel::info, impl->node_address,
            "node " + impl->opt.name + " (" + impl->opt.role + ") listening on " + impl->bound);
  return std::unique_ptr<ZmqNode>(new ZmqNode(std::move(impl)));
}

ZmqNode::ZmqNode(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}

ZmqNode::~ZmqNode() {
  if (impl_)
    impl_->log(LogLevel::info, impl_->node_address, "node " + impl_->opt.name + " stopped");
}

const std::string& ZmqNode::endpoint() const {
  return impl_->bound;
}
const std::string& ZmqNode::name() const {
  return impl_->opt.name;
}

void ZmqNode::add_actor(const std::string& address, std::shared_ptr<Actor> actor) {
  auto ctx = std::make_unique<Impl::ActorContext>(*impl_, address, std::move(actor));
  Impl::ActorContext* raw = ctx.get();
  impl_->actors[address] = std::move(ctx);
  raw->actor().on_start(*raw);
}

void ZmqNode::set_actor_maker(ActorMaker maker) {
  impl_->maker = std::move(maker);
}

void ZmqNode::run() {
  while (!impl_->stop && g_signalled == 0) impl_->run_once(kMaxPollWait);
  if (g_signalled != 0) impl_->log(LogLevel::info, impl_->node_address, "stopping on signal");
}

void ZmqNode::run_once(std::chrono::milliseconds max_wait) {
  impl_->run_once(max_wait);
}

void ZmqNode::request_stop() {
  impl_->stop = true;
}

bool ZmqNode::stop_requested() const {
  return impl_->stop || g_signalled != 0;
}

const NodeStats& ZmqNode::stats() const {
  return impl_->stats;
}

void ZmqNode::install_signal_handlers() {
  struct sigaction sa {};
  sa.sa_handler = on_stop_signal;
  sigemptyset(&sa.sa_mask);
  sa.sa_flags = 0;  // no SA_RESTART: let zmq_poll return EINTR
  sigaction(SIGTERM, &sa, nullptr);
  sigaction(SIGINT, &sa, nullptr);
}

}  // namespace ykt::wire
