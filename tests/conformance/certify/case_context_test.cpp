// Tests of the case context: ids that differ between runs of one seed (STD-2.5, a stateful IUT
// remembers txn_ids) and failure reasons that name what the IUT actually sent.
#include <boost/test/unit_test.hpp>

#include <atomic>
#include <regex>
#include <thread>
#include <zmq.hpp>
#include <zmq_addon.hpp>

#include "authenticator.hpp"
#include "case_context.hpp"
#include "iut_fixture.hpp"
#include "wire_codec.hpp"

using namespace ykt;
using namespace ykt::certify;

namespace {

Ixit exchange_ixit(const std::string& endpoint) {
  Ixit x;
  x.role = "exchange";
  x.iut_endpoint = endpoint;
  x.iut_address = "exchange";
  x.province = "310000";
  x.reply_timeout = std::chrono::milliseconds(400);
  return x;
}

/// A stand-in IUT on `endpoint`: answers sys.ping normally and every other request with an
/// `error` E1003 whose id is "-" (what a vendor sends when it does not read an oversized frame).
class DashIut {
 public:
  explicit DashIut(zmq::context_t& zctx, const std::string& endpoint)
      : sock_(zctx, zmq::socket_type::router) {
    sock_.set(zmq::sockopt::linger, 0);
    sock_.bind(endpoint);
    thread_ = std::thread([this] { serve(); });
  }
  ~DashIut() {
    stop_ = true;
    thread_.join();
  }

 private:
  void serve() {
    wire::WireCodec codec;
    while (!stop_) {
      zmq::pollitem_t item{static_cast<void*>(sock_), 0, ZMQ_POLLIN, 0};
      zmq::poll(&item, 1, std::chrono::milliseconds(20));
      if (!(item.revents & ZMQ_POLLIN)) continue;
      std::vector<zmq::message_t> frames;
      if (!zmq::recv_multipart(sock_, std::back_inserter(frames))) continue;
      if (frames.size() < 3) continue;
      auto m = codec.decode(frames[1].to_string_view());
      if (!m) continue;
      Envelope e;
      e.from = "exchange";
      e.to = m->env.from;
      e.is_reply = true;
      if (m->env.type == "sys.ping") {
        e.type = "sys.ping.rsp";
        e.id = m->env.id;
        e.body["status"] = "OK";
        e.body["actor"] = "exchange";
        e.body["role"] = "exchange";
      } else {
        e.type = "error";
        e.id = "-";
        e.body["status"] = "E1003";
        e.body["reason"] = "frame 1 too large";
      }
      const std::string f1 = codec.encode(e, to_epoch_ms(wall_now()), IutLink::fresh_nonce());
      const std::string f2 = wire::Authenticator::sign_with(f1, e.from, Ixit{}.key_of(e.from));
      std::array<zmq::const_buffer, 3> out{zmq::buffer(frames[0].to_string_view()), zmq::buffer(f1),
                                           zmq::buffer(f2)};
      zmq::send_multipart(sock_, out);
    }
  }
  zmq::socket_t sock_;
  std::atomic<bool> stop_{false};
  std::thread thread_;
};

}  // namespace

BOOST_AUTO_TEST_SUITE(case_context)

BOOST_AUTO_TEST_CASE(ids_differ_between_runs_of_one_seed) {
  // Purpose: two runs with the same seed send different txn_ids and message ids (a stateful IUT
  // that remembers txn_ids must not see a reused one with new content), while everything else the
  // case's random numbers decide stays the same (runs stay deterministic).
  zmq::context_t zctx;
  const Ixit ixit = exchange_ixit("tcp://127.0.0.1:1");
  const Ics ics = testing::full_ics("exchange");
  MessageRecorder rec1, rec2;
  SuiteEnv run1(zctx, ixit, ics, rec1, 1), run2(zctx, ixit, ics, rec2, 1);
  BOOST_CHECK_NE(run1.id_salt, run2.id_salt);
  CaseContext c1(run1, "EX-ROUTE-001", 1), c2(run2, "EX-ROUTE-001", 1);
  const std::string t1 = c1.new_txn_id("310000000901"), t2 = c2.new_txn_id("310000000901");
  BOOST_CHECK(std::regex_match(t1, std::regex("310000000901-[0-9a-f]{12}")));
  BOOST_CHECK(std::regex_match(t2, std::regex("310000000901-[0-9a-f]{12}")));
  BOOST_CHECK_NE(t1, t2);
  BOOST_CHECK_NE(c1.make("card.status", Json::Value(Json::objectValue)).id,
                 c2.make("card.status", Json::Value(Json::objectValue)).id);
  // The random stream itself is the seed's: the next draws agree.
  for (int i = 0; i < 4; ++i) BOOST_CHECK_EQUAL(c1.rng()(), c2.rng()());
  // Within one run ids stay unique too.
  BOOST_CHECK_NE(c1.new_txn_id("310000000901"), t1);
}

BOOST_AUTO_TEST_CASE(failure_reason_names_the_answer_that_arrived) {
  // Purpose: when the IUT answers but not with the expected id (an error with id "-"), the
  // failure names that answer (type, id, status) instead of claiming silence.
  zmq::context_t zctx;
  const std::string endpoint = testing::free_endpoint();
  DashIut iut(zctx, endpoint);
  const Ixit ixit = exchange_ixit(endpoint);
  const Ics ics = testing::full_ics("exchange");
  MessageRecorder rec;
  SuiteEnv env(zctx, ixit, ics, rec, 1);
  CaseContext c(env, "EX-ENV-004", 1);
  Json::Value body;
  body["card_ref"]["issuer"] = "320500";
  body["card_ref"]["card_no"] = "Y32000001";
  auto a = c.call("card.status", body, "backend.310000");
  BOOST_CHECK(!a);
  BOOST_CHECK(!c.expect_status(a, "E1003", "oversized frame"));
  BOOST_CHECK(c.verdict().verdict() == Verdict::fail);
  const std::string why = c.verdict().reason();
  BOOST_TEST_MESSAGE(why);
  BOOST_CHECK(why.find("received instead: error id \"-\" status E1003") != std::string::npos);
  BOOST_CHECK(why.find("frame 1 too large") != std::string::npos);
  // A matched answer is described as answered.
  auto p = c.call("sys.ping", Json::Value(Json::objectValue), "harness.tester");
  BOOST_REQUIRE(p);
  BOOST_CHECK(c.last_received().rfind("answered sys.ping.rsp id \"", 0) == 0);
}

BOOST_AUTO_TEST_CASE(silence_is_reported_as_silence) {
  // Purpose: with nothing received, the reason still says no answer arrived.
  zmq::context_t zctx;
  const std::string endpoint = testing::free_endpoint();
  zmq::socket_t mute(zctx, zmq::socket_type::router);
  mute.set(zmq::sockopt::linger, 0);
  mute.bind(endpoint);
  Ixit ixit = exchange_ixit(endpoint);
  ixit.reply_timeout = std::chrono::milliseconds(150);
  const Ics ics = testing::full_ics("exchange");
  MessageRecorder rec;
  SuiteEnv env(zctx, ixit, ics, rec, 1);
  CaseContext c(env, "EX-ENV-005", 1);
  auto a = c.call("card.status", Json::Value(Json::objectValue));
  BOOST_CHECK(!a);
  BOOST_CHECK_EQUAL(c.last_received(), "no answer within 150 ms");
}

BOOST_AUTO_TEST_SUITE_END()
