#include <boost/test/unit_test.hpp>

#include "../backend/net_fixture.hpp"

using namespace ykt;
using namespace ykt::testing;
using population::Cardholder;

namespace {
const char* kDate = "20260601";

// Records every message it receives and answers requests with OK (an acquiring backend).
class Recorder final : public Actor {
 public:
  void on_message(Context& ctx, const Envelope& msg) override {
    got.push_back(msg);
    if (!msg.is_reply) {
      Json::Value v(Json::objectValue);
      v["status"] = "OK";
      ctx.reply(msg, v);
    }
  }
  std::vector<Envelope> got;
};

// An issuer that answers `clr.issuer` after `delay`, rejecting every record with E2001 (unknown
// card); other requests are answered OK at once and recorded.
class SlowRejectingIssuer final : public Actor {
 public:
  explicit SlowRejectingIssuer(Duration delay) : delay_(delay) {}
  void on_message(Context& ctx, const Envelope& msg) override {
    if (msg.is_reply) return;
    got.push_back(msg);
    if (msg.type == "clr.issuer") {
      held_[ctx.set_timer(delay_, "answer")] = msg;
      return;
    }
    Json::Value v(Json::objectValue);
    v["status"] = "OK";
    ctx.reply(msg, v);
  }
  void on_timer(Context& ctx, TimerId id, std::string_view) override {
    auto it = held_.find(id);
    if (it == held_.end()) return;
    Json::Value v(Json::objectValue);
    v["status"] = "OK";
    v["accepted"] = 0;
    v["rejects"] = Json::Value(Json::arrayValue);
    for (const auto& r : it->second.body["records"]) {
      Json::Value rej(Json::objectValue);
      rej["txn_id"] = r["txn_id"];
      rej["status"] = "E2001";
      v["rejects"].append(rej);
    }
    ctx.reply(it->second, v);
    held_.erase(it);
  }
  std::vector<Envelope> got;

 private:
  Duration delay_;
  std::map<TimerId, Envelope> held_;
};

Envelope inject(Net& net, const std::string& from, const std::string& type, Json::Value body) {
  Envelope e;
  e.type = type;
  e.id = "t-" + std::to_string(++net.n);
  e.from = from;
  e.to = "exchange";
  e.body = std::move(body);
  net.rt.inject(e);
  return e;
}

std::vector<Envelope> of_type(const std::vector<Envelope>& got, const std::string& type) {
  std::vector<Envelope> out;
  for (const auto& e : got)
    if (e.type == type && !e.is_reply) out.push_back(e);
  return out;
}
}  // namespace

BOOST_AUTO_TEST_SUITE(exchange_issuer_reject)

// Purpose: a record the issuer rejects (E2001) after the acquirer already asked to settle becomes
// a clr.adjust (−amount, reason E2001, the day) to the acquirer with a copy to the issuer, and it
// leaves the settlement of its day (STD-12.4.2, STD-12.1.3, STD-12.5).
BOOST_AUTO_TEST_CASE(issuer_reject_becomes_adjustment_before_settlement) {
  Net net(std::vector<std::string>{});  // only the exchange and the driver probe; the backends are
                                        // scripted below
  auto acquirer = std::make_shared<Recorder>();
  auto issuer = std::make_shared<SlowRejectingIssuer>(std::chrono::milliseconds(50));
  net.rt.add("backend.310000", acquirer);
  net.rt.add("backend.330000", issuer);
  const Cardholder zj = find_holder("330000");
  const std::string term = "310000000001";
  const std::string rejected_id = term + "-000000000001";
  Json::Value file(Json::objectValue);
  file["acquirer"] = "310000";
  file["date"] = kDate;
  file["records"].append(purchase(zj, rejected_id, 880, term, 1));
  inject(net, "backend.310000", "clr.file", file);
  net.rt.run_for(std::chrono::milliseconds(1));  // the file is answered; the issuer is thinking
  Json::Value s(Json::objectValue);
  s["date"] = kDate;
  const Envelope settle_req = inject(net, "driver", "clr.settle", s);
  net.rt.run_for(std::chrono::seconds(5));

  BOOST_TEST_REQUIRE(!acquirer->got.empty());
  BOOST_TEST(acquirer->got.front().body["accepted"].asUInt() == 1u);
  BOOST_TEST_REQUIRE(of_type(issuer->got, "clr.issuer").size() == 1u);

  const auto adj = of_type(acquirer->got, "clr.adjust");
  BOOST_TEST_REQUIRE(adj.size() == 1u);
  BOOST_TEST(adj[0].body["txn_id"].asString() == rejected_id);
  BOOST_TEST(adj[0].body["amount"].asInt64() == -880);
  BOOST_TEST(adj[0].body["reason"].asString() == "E2001");
  BOOST_TEST(adj[0].body["date"].asString() == kDate);
  BOOST_TEST(adj[0].body["acquirer"].asString() == "310000");
  BOOST_TEST(adj[0].body["issuer"].asString() == "330000");
  const auto copy = of_type(issuer->got, "clr.adjust");
  BOOST_TEST_REQUIRE(copy.size() == 1u);
  BOOST_TEST(copy[0].body == adj[0].body);

  // The settlement answers once the issuer has answered, without the rejected record.
  const Envelope* settled = nullptr;
  for (const auto& m : net.probe->got)
    if (m.is_reply && m.id == settle_req.id) settled = &m;
  BOOST_TEST_REQUIRE(settled != nullptr);
  BOOST_TEST(status(*settled) == "OK");
  for (const auto& p : settled->body["positions"].getMemberNames())
    BOOST_TEST(settled->body["positions"][p].asInt64() == 0, p);
  BOOST_TEST(settled->body["transfers"].size() == 0u);
  BOOST_TEST(net.ex->clearing().accepted_records() == 0u);
  BOOST_TEST(net.ex->clearing().accepted_amount() == 0);
}

BOOST_AUTO_TEST_SUITE_END()
