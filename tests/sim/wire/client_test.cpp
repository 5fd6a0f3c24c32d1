#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <set>

#include "node_fixture.hpp"

using namespace ykt;
using namespace ykt::wire;
using namespace ykt::wire::testing;
using namespace std::chrono_literals;

BOOST_AUTO_TEST_SUITE(client_suite)

// Purpose: 1000 requests in flight through a node neither hang nor lose a reply, and each reply
// is matched to its request by id (STD-3; the bare-ROUTER hang of issue 2).
BOOST_AUTO_TEST_CASE(pipeline_thousand_in_flight) {
  RunningNode n(echo_options("n1", {"echo.a"}),
                [](ZmqNode& z) { z.add_actor("echo.a", std::make_shared<EchoActor>()); });
  auto c = client(n.endpoint());
  std::vector<Envelope> reqs;
  for (int i = 0; i < 5000; ++i) {
    Json::Value b;
    b["i"] = i;
    reqs.push_back(request("echo.a", "demo.echo", b));
  }
  const auto rep = c->pipeline(reqs, 1000, 60s);
  BOOST_TEST(rep.lost == 0u);
  BOOST_TEST(rep.answered == reqs.size());
  BOOST_TEST(rep.rejected_replies == 0u);
  BOOST_TEST(rep.latency_ns.size() == reqs.size());
  for (std::size_t i = 0; i < rep.replies.size(); ++i) {
    BOOST_TEST_REQUIRE(rep.replies[i].has_value(), i);
    BOOST_TEST_REQUIRE(rep.replies[i]->body["i"].asInt() == static_cast<int>(i));
  }
  BOOST_TEST_MESSAGE("pipeline 5000 req, 1000 in flight: " << rep.wall_ns / 1e6 << " ms, "
                                                           << reqs.size() / (rep.wall_ns / 1e9)
                                                           << " req/s");
}

// Purpose: lost replies are reported, not waited for forever: requests to a silent address time
// out.
BOOST_AUTO_TEST_CASE(pipeline_reports_losses) {
  class Silent final : public Actor {
   public:
    void on_message(Context& ctx, const Envelope& m) override {
      if (m.body["i"].asInt() % 2 == 0) ctx.reply(m, m.body);
    }
  };
  RunningNode n(echo_options("n1", {"silent.a"}),
                [](ZmqNode& z) { z.add_actor("silent.a", std::make_shared<Silent>()); });
  auto c = client(n.endpoint());
  std::vector<Envelope> reqs;
  for (int i = 0; i < 100; ++i) {
    Json::Value b;
    b["i"] = i;
    reqs.push_back(request("silent.a", "demo.echo", b));
  }
  const auto t0 = std::chrono::steady_clock::now();
  const auto rep = c->pipeline(reqs, 100, 1500ms);
  const auto took = std::chrono::steady_clock::now() - t0;
  BOOST_TEST(rep.answered == 50u);
  BOOST_TEST(rep.lost == 50u);
  BOOST_TEST(!rep.replies[1].has_value());
  BOOST_TEST(rep.replies[2].has_value());
  BOOST_TEST((took < 3s));
}

// Purpose: a call to an endpoint where nobody listens fails with E3002 after its time-out.
BOOST_AUTO_TEST_CASE(call_times_out) {
  // A free port, closed again: nobody listens there.
  auto opts = echo_options("probe", {"x"});
  std::string dead;
  {
    RunningNode probe(opts);
    dead = probe.endpoint();
  }
  auto c = client(dead);
  const auto t0 = std::chrono::steady_clock::now();
  auto r = c->call(request("echo.a", "sys.ping"), 300ms);
  const auto took = std::chrono::steady_clock::now() - t0;
  BOOST_TEST_REQUIRE(!r.ok());
  BOOST_TEST(r.error().code == "E3002");
  BOOST_TEST(r.error().message.find(dead) != std::string::npos);
  BOOST_TEST((took >= 290ms));
  BOOST_TEST((took < 2s));
}

// Purpose: a reply whose MAC does not verify is refused by the client (E1101, STD-8.2).
BOOST_AUTO_TEST_CASE(client_checks_reply_mac) {
  auto opts = echo_options("n1", {"echo.a"});
  opts.keys.add_key("echo.a",
                    Bytes(32, 0x5A));  // the node signs with a key the client doesn't know
  RunningNode n(opts, [](ZmqNode& z) { z.add_actor("echo.a", std::make_shared<EchoActor>()); });
  auto c = client(n.endpoint());
  auto r = c->call(request("echo.a", "demo.echo"), 2000ms);
  BOOST_TEST_REQUIRE(!r.ok());
  BOOST_TEST(r.error().code == "E1101");
  ClientOptions trusting{"driver"};
  trusting.reply_keys.add_key("echo.a", Bytes(32, 0x5A));
  auto c2 = WireClient::connect(n.endpoint(), trusting);
  BOOST_TEST_REQUIRE(c2.ok());
  BOOST_TEST((*c2)->call(request("echo.a", "demo.echo"), 2000ms).ok());
}

BOOST_AUTO_TEST_SUITE_END()
