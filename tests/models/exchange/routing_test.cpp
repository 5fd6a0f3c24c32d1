#include <boost/test/unit_test.hpp>

#include "../backend/net_fixture.hpp"

using namespace ykt;
using namespace ykt::testing;
using population::Cardholder;

namespace {
Json::Value status_req(const Cardholder& h) {
  Json::Value b(Json::objectValue);
  b["card_ref"] = ref_of(h).to_json();
  return b;
}

// Answers every request with a holder carrying a full citizen ID (a leaking backend).
class LeakyBackend final : public Actor {
 public:
  void on_message(Context& ctx, const Envelope& msg) override {
    if (msg.is_reply) return;
    Json::Value v(Json::objectValue);
    v["status"] = "OK";
    v["state"] = "active";
    v["home_city"] = "31011819900101001X";
    ctx.reply(msg, v);
  }
};
}  // namespace

BOOST_AUTO_TEST_SUITE(exchange_routing)

// Purpose: a request is routed by card_ref.issuer to the issuing province's backend with a new
// id per hop, and the answer is relayed with the requester's id (STD-7.1, STD-7.2).
BOOST_AUTO_TEST_CASE(routes_by_issuer_with_new_id) {
  Net net;
  const Cardholder zj = find_holder("330000");
  Envelope a = net.call("exchange", "card.status", status_req(zj), "driver");
  BOOST_TEST(status(a) == "OK");
  BOOST_TEST(a.type == "card.status.rsp");
  BOOST_TEST(a.body["home_city"].asString() == zj.home_city);
  bool seen = false;
  for (const auto& e : net.rt.trace())
    if (!e.is_reply && e.type == "card.status" && e.to == "backend.330000") {
      seen = true;
      BOOST_TEST(e.id != a.id);
      BOOST_TEST(e.from == "exchange");
    }
  BOOST_TEST(seen);
  BOOST_TEST(net.ex->counters().at("routed.330000") == 1u);
  // QR tokens route by the token's issuer, apps.list by its province.
  Json::Value q(Json::objectValue);
  q["province"] = "340000";
  BOOST_TEST(status(net.call("exchange", "apps.list", q, "driver")) == "OK");
  BOOST_TEST(net.ex->counters().at("routed.340000") == 1u);
}

// Purpose: a card of a region with no backend gives E3001 and is not forwarded (STD-7.1, STD-9).
BOOST_AUTO_TEST_CASE(unknown_region) {
  Net net({"310000", "320000"});
  Json::Value b(Json::objectValue);
  b["card_ref"]["issuer"] = "350100";
  b["card_ref"]["card_no"] = "Y35000001";
  BOOST_TEST(status(net.call("exchange", "card.status", b, "driver")) == "E3001");
  BOOST_TEST(status(net.call("backend.310000", "card.status", b)) == "E3001");
  Json::Value none(Json::objectValue);
  none["txn_id"] = "x";
  BOOST_TEST(status(net.call("exchange", "id.verify", none, "driver")) == "E3001");
  BOOST_TEST(net.ex->counters().count("forwarded") == 0u);
}

// Purpose: an issuer that does not answer within the exchange's budget gives E3002 to the
// requester, and a late answer is dropped (STD-10, STD-9).
BOOST_AUTO_TEST_CASE(issuer_timeout) {
  Net net({"310000"});  // the exchange knows 330000 but no backend runs there
  const Cardholder zj = find_holder("330000");
  const SimTime t0 = net.rt.now();
  Envelope a = net.call("backend.310000", "card.status", status_req(zj));
  BOOST_TEST(status(a) == "E3002");
  BOOST_TEST(a.body["reason"].asString().find("backend.330000") != std::string::npos);
  BOOST_TEST(((net.rt.now() - t0) >= std::chrono::milliseconds(500)));  // STD-10.3 exchange budget
  BOOST_TEST(net.ex->counters().at("timeouts") == 1u);
}

// Purpose: a request or an issuer answer carrying a valid full citizen ID is refused with E1201
// and never passed on (STD-8.4).
BOOST_AUTO_TEST_CASE(pii_leak_refused) {
  Net net({"310000"});
  net.rt.add("backend.320000", std::make_shared<LeakyBackend>());
  const Cardholder sh = find_holder("310000"), js = find_holder("320000");
  Json::Value b = status_req(sh);
  b["note"] = "holder 31011819900101001X";
  BOOST_TEST(status(net.call("exchange", "card.status", b, "driver")) == "E1201");
  for (const auto& e : net.rt.trace())
    BOOST_TEST(!(e.to == "backend.310000" && e.from == "exchange"));
  Envelope leak = net.call("backend.310000", "card.status", status_req(js));
  BOOST_TEST(status(leak) == "E1201");
  BOOST_TEST(!pii::contains_citizen_id(json::compact(leak.body)));
  for (const auto& r : net.audit->records())
    BOOST_TEST(!pii::contains_citizen_id(r.to_json_line()));
}

// Purpose: with a validator injected, a schema failure is answered E1002 and an unknown type
// E1005 to the sender as `error`, and nothing is forwarded (STD-3.2, STD-3.6).
BOOST_AUTO_TEST_CASE(schema_failures) {
  TestValidator v;
  Net net({"310000", "320000"}, {}, &v);
  const Cardholder js = find_holder("320000");
  Json::Value b = status_req(js);
  b["schema_bad"] = 1;
  Envelope a = net.call("exchange", "card.status", b, "driver");
  BOOST_TEST(a.type == "error");
  BOOST_TEST(status(a) == "E1002");
  BOOST_TEST(a.body["reason"].asString().find("schema_bad") != std::string::npos);
  Envelope u = net.call("exchange", "bogus.type", Json::Value(Json::objectValue), "driver");
  BOOST_TEST(status(u) == "E1005");
  BOOST_TEST(net.ex->counters().count("forwarded") == 0u);
  // Through an acquiring backend the reader sees the exchange's E1002.
  Envelope c = net.call("backend.310000", "card.status", b);
  BOOST_TEST(status(c) == "E1002");
  // A valid request still passes.
  BOOST_TEST(status(net.call("exchange", "card.status", status_req(js), "driver")) == "OK");
  BOOST_TEST(status(net.call("exchange", "card.status", Json::Value(7), "driver")) == "E1002");
}

// Purpose: every message in and out is audited in order, masked, with type, id and status
// (STD-7.4).
BOOST_AUTO_TEST_CASE(audit_log) {
  Net net({"310000", "320000"});
  const Cardholder js = find_holder("320000");
  Json::Value b = status_req(js);
  b["txn_id"] = "aud-1";
  b["id_digest"] =
      to_hex(crypto::sm3(std::string_view("ykt-id/1|" + js.citizen_id + "|" + js.card_no)));
  net.call("backend.310000", "id.verify", b);
  const auto recs = net.audit->records();
  BOOST_TEST_REQUIRE(recs.size() == 4u);  // in request, out forward, in answer, out relay
  BOOST_TEST(recs[0].dir == "in");
  BOOST_TEST(recs[0].type == "id.verify");
  BOOST_TEST(recs[1].to == "backend.320000");
  BOOST_TEST(recs[2].status == "OK");
  BOOST_TEST(recs[3].to == "backend.310000");
  BOOST_TEST(recs[3].txn_id.empty());
  BOOST_TEST(recs[0].card_no == js.card_no);
  for (std::size_t i = 1; i < recs.size(); ++i) BOOST_TEST(recs[i - 1].at.ns <= recs[i].at.ns);
  for (const auto& r : recs) BOOST_TEST(!pii::contains_citizen_id(r.to_json_line()));
}

BOOST_AUTO_TEST_SUITE_END()
