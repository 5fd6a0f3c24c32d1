#include <boost/test/unit_test.hpp>

#include <zmq.hpp>
#include <zmq_addon.hpp>

#include "authenticator.hpp"
#include "json_util.hpp"
#include "node_fixture.hpp"
#include "nonce_source.hpp"
#include "sim_time.hpp"

using namespace ykt;
using namespace ykt::wire;
using namespace ykt::wire::testing;
using namespace std::chrono_literals;

namespace {

/// Forwards each client request to `target` and answers the client with the target's reply.
class RelayActor final : public Actor {
 public:
  explicit RelayActor(std::string target) : target_(std::move(target)) {}
  void on_message(Context& ctx, const Envelope& m) override {
    if (!m.is_reply) {
      const std::string id = ctx.request(target_, m.type, m.body);
      waiting_[id] = m;
      return;
    }
    auto it = waiting_.find(m.id);
    if (it == waiting_.end()) return;
    Json::Value body = m.body;
    body["via"] = ctx.self();
    body["answer_type"] = m.type;
    ctx.reply(it->second, body);
    waiting_.erase(it);
  }

 private:
  std::string target_;
  std::map<std::string, Envelope> waiting_;
};

/// Answers after a timer of body.delay_ms has fired.
class DelayActor final : public Actor {
 public:
  void on_message(Context& ctx, const Envelope& m) override {
    if (m.is_reply) return;
    const auto id = ctx.set_timer(std::chrono::milliseconds(m.body["delay_ms"].asInt()), "answer");
    held_[id] = std::make_pair(m, ctx.now());
    if (m.body["cancel"].asBool()) {
      ctx.cancel_timer(id);
      Json::Value b;
      b["status"] = "cancelled";
      ctx.reply(m, b);
    }
  }
  void on_timer(Context& ctx, TimerId id, std::string_view) override {
    auto it = held_.find(id);
    Json::Value body;
    body["status"] = "OK";
    body["waited_ms"] = Json::Int64((ctx.now() - it->second.second).count() / 1'000'000);
    ctx.reply(it->second.first, body);
    held_.erase(it);
  }

 private:
  std::map<TimerId, std::pair<Envelope, SimTime>> held_;
};

/// Raw frames signed as `driver` with full control over each field.
struct RawSender {
  WireCodec codec;
  NonceSource nonces;
  std::pair<std::string, std::string> make(
      const std::string& id, std::int64_t ts_ms, const std::string& nonce,
      const std::string& kid = "driver", const Json::Value& body = Json::Value(Json::objectValue)) {
    Envelope e = request("echo.a", "demo.echo", body);
    e.id = id;
    e.from = kid;
    std::string f1 = codec.encode(e, ts_ms, nonce);
    return {f1, Authenticator::sign_with(f1, kid, KeyRegistry::derived_key(kid))};
  }
};

std::int64_t now_ms() {
  return to_epoch_ms(wall_now());
}

/// The node still answers a good request (checked after every rejection).
void still_serving(WireClient& c, const std::string& tag) {
  Json::Value b;
  b["tag"] = tag;
  auto r = c.call(request("echo.a", "demo.echo", b), 3000ms);
  BOOST_TEST_REQUIRE(r.ok(), tag << ": " << (r.ok() ? "" : r.error().message));
  BOOST_TEST(r->body["tag"].asString() == tag);
  BOOST_TEST(r->type == "demo.echo.rsp");
}

}  // namespace

BOOST_AUTO_TEST_SUITE(node_suite)

// Purpose: sys.ping, an echo request and sys.stats answer over real sockets (STD-3, CATALOG
// System).
BOOST_AUTO_TEST_CASE(ping_echo_stats) {
  RunningNode n(echo_options("n1", {"echo.a"}),
                [](ZmqNode& z) { z.add_actor("echo.a", std::make_shared<EchoActor>()); });
  BOOST_TEST(n.endpoint().rfind("tcp://127.0.0.1:", 0) == 0);
  BOOST_TEST(n.endpoint().find(":0") == std::string::npos);
  auto c = client(n.endpoint());
  auto ping = c->call(request("echo.a", "sys.ping"), 3000ms);
  BOOST_TEST_REQUIRE(ping.ok(), (ping.ok() ? "" : ping.error().message));
  BOOST_TEST(ping->type == "sys.ping.rsp");
  BOOST_TEST(ping->body["status"].asString() == "OK");
  BOOST_TEST(ping->body["actor"].asString() == "echo.a");
  BOOST_TEST(ping->body["role"].asString() == "echo");
  BOOST_TEST(ping->from == "echo.a");
  BOOST_TEST(ping->to == "driver");
  still_serving(*c, "hello 上海");
  auto stats = c->call(request("node.n1", "sys.stats"), 3000ms);
  BOOST_TEST_REQUIRE(stats.ok());
  BOOST_TEST(stats->body["received"].asUInt64() == 3u);
  BOOST_TEST(stats->body["delivered"].asUInt64() == 1u);
}

// Purpose: every kind of bad message gets its error code with the request's id, is never passed
// to the actor, and the node keeps serving (STD-3.4: E1001 E1003 E1004 E1101 E1102 E1103).
BOOST_AUTO_TEST_CASE(rejections_keep_serving) {
  RunningNode n(echo_options("n1", {"echo.a"}),
                [](ZmqNode& z) { z.add_actor("echo.a", std::make_shared<EchoActor>()); });
  auto c = client(n.endpoint());
  RawSender raw;
  struct Case {
    std::string name;
    std::vector<std::string> frames;
    std::string code;
    std::string id;  // expected id in the error reply
  };
  std::vector<Case> cases;
  cases.push_back({"not json",
                   {"{this is not json", R"({"kid":"driver","mac":"00"})"},
                   "E1001",
                   "-"});  // STD-3.6: an unreadable id is "-"
  {
    auto [f1, f2] = raw.make("m-missing", now_ms(), raw.nonces.next());
    Json::Value v = json::parse(f1).value();
    v.removeMember("nonce");
    cases.push_back({"missing field", {json::compact(v), f2}, "E1001", "m-missing"});
  }
  {
    Json::Value big;
    big["pad"] = std::string(70000, 'x');
    auto [f1, f2] = raw.make("m-big", now_ms(), raw.nonces.next(), "driver", big);
    cases.push_back({"oversized", {f1, f2}, "E1003", "m-big"});
  }
  {
    auto [f1, f2] = raw.make("m-ver", now_ms(), raw.nonces.next());
    const auto at = f1.find("ykt-std/1.0");
    f1.replace(at, 11, "ykt-std/2.0");
    cases.push_back(
        {"major version 2",
         {f1, Authenticator::sign_with(f1, "driver", KeyRegistry::derived_key("driver"))},
         "E1004",
         "m-ver"});
  }
  {
    auto [f1, f2] = raw.make("m-mac", now_ms(), raw.nonces.next());
    f2[f2.size() - 4] = f2[f2.size() - 4] == '0' ? '1' : '0';
    cases.push_back({"wrong mac", {f1, f2}, "E1101", "m-mac"});
  }
  {
    auto [f1, f2] = raw.make("m-kid", now_ms(), raw.nonces.next(), "mallory");
    cases.push_back({"unknown kid", {f1, f2}, "E1101", "m-kid"});
  }
  {
    auto [f1, f2] = raw.make("m-noauth", now_ms(), raw.nonces.next());
    cases.push_back({"missing auth frame", {f1}, "E1101", "m-noauth"});
  }
  {
    auto [f1, f2] = raw.make("m-stale", now_ms() - 31'000, raw.nonces.next());
    cases.push_back({"stale ts", {f1, f2}, "E1103", "m-stale"});
  }
  {
    auto [f1, f2] = raw.make("m-future", now_ms() + 31'000, raw.nonces.next());
    cases.push_back({"future ts", {f1, f2}, "E1103", "m-future"});
  }
  {
    auto [f1, f2] = raw.make("m-extra", now_ms(), raw.nonces.next());
    cases.push_back({"three frames", {f1, f2, "x"}, "E1001", "m-extra"});
  }
  // Deep nesting once stopped every node: the id salvage re-parsed the frame with jsoncpp, which
  // throws past its stack limit. Under the size limit (E1001) and over it (E1003).
  cases.push_back({"deeply nested, 30000 levels",
                   {std::string(30000, '[') + std::string(30000, ']'), R"({"kid":"driver"})"},
                   "E1001",
                   "-"});
  cases.push_back({"deeply nested, 200000 levels",
                   {std::string(200000, '[') + std::string(200000, ']'), R"({"kid":"driver"})"},
                   "E1003",
                   "-"});
  cases.push_back(
      {"deeply nested object",
       {R"({"id":"m-deep","x":)" + std::string(30000, '[') + std::string(30000, ']') + "}",
        R"({"kid":"driver"})"},
       "E1001",
       "-"});
  std::map<std::string, int> expected_counts;
  for (const auto& c0 : cases) {
    BOOST_TEST_REQUIRE(c->send_frames(c0.frames).ok());
    auto r = c->receive(3000ms);
    BOOST_TEST_REQUIRE(r.ok(), c0.name << ": " << (r.ok() ? "" : r.error().message));
    BOOST_TEST(r->type == "error", c0.name);
    BOOST_TEST(r->body["status"].asString() == c0.code,
               c0.name << ": " << r->body["reason"].asString());
    BOOST_TEST(r->id == c0.id, c0.name);
    BOOST_TEST(r->is_reply, c0.name);
    BOOST_TEST(!r->body["reason"].asString().empty(), c0.name);
    ++expected_counts[c0.code];
    still_serving(*c, c0.name);
  }
  // A replayed nonce: the first copy is served, the second rejected with E1102.
  auto [f1, f2] = raw.make("m-replay", now_ms(), raw.nonces.next());
  BOOST_TEST_REQUIRE(c->send_frames({f1, f2}).ok());
  auto first = c->receive(3000ms);
  BOOST_TEST_REQUIRE(first.ok());
  BOOST_TEST(first->type == "demo.echo.rsp");
  BOOST_TEST_REQUIRE(c->send_frames({f1, f2}).ok());
  auto second = c->receive(3000ms);
  BOOST_TEST_REQUIRE(second.ok());
  BOOST_TEST(second->type == "error");
  BOOST_TEST(second->body["status"].asString() == "E1102");
  BOOST_TEST(second->id == "m-replay");
  ++expected_counts["E1102"];
  still_serving(*c, "after replay");

  auto stats = c->call(request("echo.a", "sys.stats"), 3000ms);
  BOOST_TEST_REQUIRE(stats.ok());
  for (const auto& [code, count] : expected_counts)
    BOOST_TEST(stats->body["rejected"][code].asInt() == count, code);
  // Delivered to the actor: the good echoes plus the first copy of the replayed one, nothing else.
  BOOST_TEST(stats->body["delivered"].asUInt64() == cases.size() + 2);
  n.stop();
  BOOST_TEST(n.log().find("rejected E1101") != std::string::npos);
}

// Purpose: a REQ client's empty delimiter frame is tolerated and the reply reaches it (STD-3).
BOOST_AUTO_TEST_CASE(req_socket_client) {
  RunningNode n(echo_options("n1", {"echo.a"}),
                [](ZmqNode& z) { z.add_actor("echo.a", std::make_shared<EchoActor>()); });
  zmq::context_t ctx;
  zmq::socket_t req(ctx, zmq::socket_type::req);
  req.set(zmq::sockopt::linger, 0);
  req.set(zmq::sockopt::rcvtimeo, 3000);
  req.connect(n.endpoint());
  RawSender raw;
  Json::Value body;
  body["n"] = 5;
  auto [f1, f2] = raw.make("req-1", now_ms(), raw.nonces.next(), "driver", body);
  std::array<zmq::const_buffer, 2> parts{zmq::buffer(f1), zmq::buffer(f2)};
  BOOST_TEST_REQUIRE(zmq::send_multipart(req, parts).has_value());
  std::vector<zmq::message_t> reply;
  BOOST_TEST_REQUIRE(zmq::recv_multipart(req, std::back_inserter(reply)).has_value());
  BOOST_TEST_REQUIRE(reply.size() == 2u);
  auto m = WireCodec().decode(reply[0].to_string_view());
  BOOST_TEST_REQUIRE(m.ok());
  BOOST_TEST(m->env.id == "req-1");
  BOOST_TEST(m->env.body["n"].asInt() == 5);
  BOOST_TEST(Authenticator(KeyRegistry::accept_all())
                 .verify_mac(reply[0].to_string_view(), reply[1].to_string_view(), *m)
                 .ok());
}

// Purpose: actors on two nodes talk through DEALER requests and ROUTER replies (STD-3).
BOOST_AUTO_TEST_CASE(two_nodes_relay) {
  auto b_opts = echo_options("nb", {"echo.b"});
  b_opts.keys.accept_pattern("relay.a");
  RunningNode b(b_opts, [](ZmqNode& z) { z.add_actor("echo.b", std::make_shared<EchoActor>()); });
  auto opts = echo_options("na", {"relay.a"});
  opts.routes.emplace_back("echo.b", b.endpoint());
  opts.keys.accept_pattern("echo.b");
  RunningNode a(opts,
                [](ZmqNode& z) { z.add_actor("relay.a", std::make_shared<RelayActor>("echo.b")); });
  auto c = client(a.endpoint());
  Json::Value body;
  body["x"] = 41;
  auto r = c->call(request("relay.a", "demo.relay", body), 3000ms);
  BOOST_TEST_REQUIRE(r.ok(), (r.ok() ? "" : r.error().message));
  BOOST_TEST(r->body["x"].asInt() == 41);
  BOOST_TEST(r->body["via"].asString() == "relay.a");
  BOOST_TEST(r->body["answer_type"].asString() == "demo.relay.rsp");
}

// Purpose: a request to an address with no route comes back to the actor as error E3001.
BOOST_AUTO_TEST_CASE(no_route_is_e3001) {
  RunningNode a(echo_options("na", {"relay.a"}), [](ZmqNode& z) {
    z.add_actor("relay.a", std::make_shared<RelayActor>("nowhere.x"));
  });
  auto c = client(a.endpoint());
  auto r = c->call(request("relay.a", "demo.relay"), 3000ms);
  BOOST_TEST_REQUIRE(r.ok());
  BOOST_TEST(r->body["status"].asString() == "E3001");
  BOOST_TEST(r->body["answer_type"].asString() == "error");
}

// Purpose: timers fire after their delay on the wall clock, and a cancelled timer never fires.
BOOST_AUTO_TEST_CASE(timers) {
  RunningNode n(echo_options("n1", {"delay.a"}),
                [](ZmqNode& z) { z.add_actor("delay.a", std::make_shared<DelayActor>()); });
  auto c = client(n.endpoint());
  Json::Value body;
  body["delay_ms"] = 150;
  auto r = c->call(request("delay.a", "demo.wait", body), 3000ms);
  BOOST_TEST_REQUIRE(r.ok());
  BOOST_TEST(r->body["waited_ms"].asInt() >= 150);
  BOOST_TEST(r->body["waited_ms"].asInt() < 1000);
  body["cancel"] = true;
  body["delay_ms"] = 50;
  auto cancelled = c->call(request("delay.a", "demo.wait", body), 3000ms);
  BOOST_TEST_REQUIRE(cancelled.ok());
  BOOST_TEST(cancelled->body["status"].asString() == "cancelled");
  BOOST_TEST(!c->receive(300ms).ok());  // the cancelled timer sends nothing
}

// Purpose: actors under a pattern are created on first use; unknown addresses get E3001.
BOOST_AUTO_TEST_CASE(lazy_actors) {
  int made = 0;
  RunningNode n(echo_options("cards", {"card.Y31*"}), [&made](ZmqNode& z) {
    z.set_actor_maker([&made](const std::string& address) -> std::shared_ptr<Actor> {
      if (address == "card.Y31999999") return nullptr;  // the factory may refuse
      ++made;
      return std::make_shared<EchoActor>();
    });
  });
  auto c = client(n.endpoint());
  for (int i = 0; i < 3; ++i) {
    auto r = c->call(request("card.Y31000042", "card.apdu"), 3000ms);
    BOOST_TEST_REQUIRE(r.ok());
    BOOST_TEST(r->type == "card.apdu.rsp");
  }
  BOOST_TEST_REQUIRE(c->call(request("card.Y31000043", "card.apdu"), 3000ms).ok());
  auto ping = c->call(request("card.Y31000044", "sys.ping"), 3000ms);
  BOOST_TEST_REQUIRE(ping.ok());
  auto refused = c->call(request("card.Y31999999", "card.apdu"), 3000ms);
  BOOST_TEST_REQUIRE(refused.ok());
  BOOST_TEST(refused->body["status"].asString() == "E3001");
  auto elsewhere = c->call(request("card.Y32000001", "card.apdu"), 3000ms);
  BOOST_TEST_REQUIRE(elsewhere.ok());
  BOOST_TEST(elsewhere->body["status"].asString() == "E3001");
  n.stop();
  BOOST_TEST(made == 2);  // two cards; a ping does not create one
}

// Purpose: sys.shutdown is answered OK and ends the node's loop (CATALOG System).
BOOST_AUTO_TEST_CASE(shutdown_message) {
  RunningNode n(echo_options("n1", {"echo.a"}),
                [](ZmqNode& z) { z.add_actor("echo.a", std::make_shared<EchoActor>()); });
  auto c = client(n.endpoint(), "harness.test");
  auto r = c->call(request("node.n1", "sys.shutdown"), 3000ms);
  BOOST_TEST_REQUIRE(r.ok());
  BOOST_TEST(r->body["status"].asString() == "OK");
  BOOST_TEST(n.wait_stopped(3000ms));
}

// Purpose: log lines carry time, actor and text, with citizen IDs masked (STD-8.4).
BOOST_AUTO_TEST_CASE(log_is_masked) {
  class Chatty final : public Actor {
   public:
    void on_message(Context& ctx, const Envelope& m) override {
      ctx.log(LogLevel::info, "holder 11010519491231002X asked " + m.type);
      ctx.reply(m, Json::Value(Json::objectValue));
    }
  };
  RunningNode n(echo_options("n1", {"chatty.a"}),
                [](ZmqNode& z) { z.add_actor("chatty.a", std::make_shared<Chatty>()); });
  auto c = client(n.endpoint());
  BOOST_TEST_REQUIRE(c->call(request("chatty.a", "demo.talk"), 3000ms).ok());
  n.stop();
  const std::string log = n.log();
  BOOST_TEST(log.find("11010519491231002X") == std::string::npos);
  BOOST_TEST(log.find("chatty.a holder 110***********002X asked demo.talk") != std::string::npos,
             log);
  BOOST_TEST(log.find("+08:00") != std::string::npos);
}

BOOST_AUTO_TEST_SUITE_END()
