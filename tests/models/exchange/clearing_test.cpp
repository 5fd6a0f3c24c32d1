#include <boost/test/unit_test.hpp>

#include "../backend/net_fixture.hpp"

using namespace ykt;
using namespace ykt::testing;
using population::Cardholder;

namespace {
const char* kDate = "20260601";

Envelope batch(Net& net, const std::string& acquirer, const std::string& terminal,
               const std::vector<Json::Value>& records) {
  Json::Value b(Json::objectValue);
  b["batch_id"] = "b-" + terminal;
  b["terminal_id"] = terminal;
  for (const auto& r : records) b["records"].append(r);
  return net.call("backend." + acquirer, "txn.batch", b);
}

Envelope clearing_run(Net& net, const std::string& prov) {
  Json::Value b(Json::objectValue);
  b["date"] = kDate;
  return net.call("backend." + prov, "clr.run", b, "driver");
}

Envelope settle(Net& net) {
  Json::Value b(Json::objectValue);
  b["date"] = kDate;
  return net.call("exchange", "clr.settle", b, "driver");
}

// Applies the transfers to the positions: everyone must end at zero.
bool transfers_settle(const Json::Value& rsp) {
  std::map<std::string, std::int64_t> pos;
  for (const auto& p : rsp["positions"].getMemberNames()) pos[p] = rsp["positions"][p].asInt64();
  for (const auto& t : rsp["transfers"]) {
    pos[t["from"].asString()] += t["amount"].asInt64();
    pos[t["to"].asString()] -= t["amount"].asInt64();
  }
  for (const auto& [p, a] : pos)
    if (a != 0) return false;
  return true;
}
}  // namespace

BOOST_AUTO_TEST_SUITE(exchange_clearing)

// Purpose: daily files from three acquirers are TAC-checked (bad TAC E2006, duplicate E2007),
// routed to issuers (an issuer's refusal is reversed), and settled into net positions equal to
// the hand-computed sums of accepted debits, summing to zero, with transfers that pay them and
// each backend's own books agreeing (STD-12.2 … STD-12.5, FACTS §6).
BOOST_AUTO_TEST_CASE(files_to_net_settlement) {
  Net net;
  const Cardholder sh = find_holder("310000"), js = find_holder("320000"),
                   zj = find_holder("330000"), ah = find_holder("340000");
  Cardholder ghost = zj;  // a well-formed card its issuer does not know
  ghost.card_no = "Y33999999";
  const std::string t_sh = "310000000001", t_js = "320100000001", t_ah = "340100000001";
  const Json::Value dup = purchase(js, t_sh + "-000000000001", 300, t_sh, 1);
  Json::Value bad_tac = purchase(js, t_sh + "-000000000004", 600, t_sh, 4);
  bad_tac["tac"] = "00000000";
  Envelope a = batch(net, "310000", t_sh,
                     {dup, purchase(zj, t_sh + "-000000000002", 500, t_sh, 2),
                      purchase(sh, t_sh + "-000000000003", 200, t_sh, 3), bad_tac,
                      purchase(ghost, t_sh + "-000000000005", 900, t_sh, 5)});
  BOOST_TEST(a.body["accepted"].asUInt() == 5u);  // other provinces' TACs are checked at clearing
  batch(net, "320000", t_js,
        {purchase(sh, t_js + "-000000000001", 700, t_js, 1),
         purchase(ah, t_js + "-000000000002", 100, t_js, 2), dup});
  batch(net, "340000", t_ah, {purchase(sh, t_ah + "-000000000001", 400, t_ah, 1)});

  Envelope r1 = clearing_run(net, "310000");
  BOOST_TEST(status(r1) == "OK");
  BOOST_TEST(r1.body["records"].asUInt() == 5u);
  BOOST_TEST(r1.body["accepted"].asUInt() == 4u);
  BOOST_TEST(r1.body["rejected"].asUInt() == 1u);  // the bad TAC
  Envelope r2 = clearing_run(net, "320000");
  BOOST_TEST(r2.body["accepted"].asUInt() == 2u);
  BOOST_TEST(r2.body["rejected"].asUInt() == 1u);  // the duplicate
  clearing_run(net, "340000");
  BOOST_TEST(clearing_run(net, "330000").body["records"].asUInt() == 0u);
  BOOST_TEST(net.ex->counters().at("clearing.reversed") == 1u);  // the unknown card
  BOOST_TEST(net.ex->clearing().rejected().at("E2006") == 1u);
  BOOST_TEST(net.ex->clearing().rejected().at("E2007") == 1u);

  // Accepted debits: SH acquired 300 (JS) + 500 (ZJ) + 200 (SH); JS acquired 700 (SH) + 100 (AH);
  // AH acquired 400 (SH).
  BOOST_TEST(net.ex->clearing().accepted_amount() == 300 + 500 + 200 + 700 + 100 + 400);
  BOOST_TEST(net.ex->clearing().accepted_records() == 6u);
  Envelope s = settle(net);
  BOOST_TEST_REQUIRE(status(s) == "OK");
  const Json::Value& pos = s.body["positions"];
  BOOST_TEST(pos["310000"].asInt64() == (300 + 500 + 200) - (200 + 700 + 400));
  BOOST_TEST(pos["320000"].asInt64() == (700 + 100) - 300);
  BOOST_TEST(pos["330000"].asInt64() == -500);
  BOOST_TEST(pos["340000"].asInt64() == 400 - 100);
  std::int64_t sum = 0;
  for (const auto& p : pos.getMemberNames()) sum += pos[p].asInt64();
  BOOST_TEST(sum == 0);
  BOOST_TEST(transfers_settle(s.body));
  BOOST_TEST(s.body["transfers"].size() <= 3u);
  BOOST_TEST(net.ex->counters().at("settle.reconciled") == 4u);
  BOOST_TEST(net.ex->counters().count("settle.mismatch") == 0u);
  for (const auto& [p, b] : net.be) BOOST_TEST(b->position(kDate) == pos[p].asInt64(), p);
  // Settling again gives the same answer; a file for a settled date is refused.
  BOOST_TEST(json::compact(settle(net).body) == json::compact(s.body));
  batch(net, "340000", t_ah, {purchase(sh, t_ah + "-000000000009", 400, t_ah, 9)});
  Envelope late = clearing_run(net, "340000");
  BOOST_TEST(late.body["failed_parts"].asUInt() == 1u);
  BOOST_TEST(net.be["340000"]->uncleared_records() == 1u);  // kept for a later date
}

// Purpose: an adjustment changes a booked record's cleared amount and both backends' books;
// unknown records give E2015 and settled dates E3003 (STD-12.4).
BOOST_AUTO_TEST_CASE(adjustments) {
  Net net({"310000", "320000"});
  const Cardholder js = find_holder("320000");
  const std::string t = "310000000001";
  batch(net, "310000", t, {purchase(js, t + "-0000000000aa", 300, t, 1)});
  clearing_run(net, "310000");
  Json::Value adj(Json::objectValue);
  adj["txn_id"] = t + "-0000000000aa";
  adj["amount"] = -50;
  adj["reason"] = "E3003";
  BOOST_TEST(status(net.call("exchange", "clr.adjust", adj, "driver")) == "OK");
  BOOST_TEST(net.be["310000"]->position(kDate) == 250);
  BOOST_TEST(net.be["320000"]->position(kDate) == -250);
  adj["txn_id"] = "nope";
  BOOST_TEST(status(net.call("exchange", "clr.adjust", adj, "driver")) == "E2015");
  Envelope s = settle(net);
  BOOST_TEST(s.body["positions"]["310000"].asInt64() == 250);
  BOOST_TEST(s.body["positions"]["320000"].asInt64() == -250);
  BOOST_TEST_REQUIRE(s.body["transfers"].size() == 1u);
  BOOST_TEST(s.body["transfers"][0]["from"].asString() == "320000");
  BOOST_TEST(s.body["transfers"][0]["amount"].asInt64() == 250);
  adj["txn_id"] = t + "-0000000000aa";
  BOOST_TEST(status(net.call("exchange", "clr.adjust", adj, "driver")) == "E3003");
}

// Purpose: a clearing file over the per-message limit is split into parts of at most 150
// records and every record is booked once (STD-12.2, STD-3.4).
BOOST_AUTO_TEST_CASE(large_file_in_parts) {
  Net net({"310000", "320000"});
  const Cardholder js = find_holder("320000");
  const std::string t = "310000000001";
  std::int64_t total = 0;
  for (int b = 0; b < 4; ++b) {
    std::vector<Json::Value> recs;
    for (int i = 0; i < 100; ++i) {
      const int n = b * 100 + i;
      char id[32];
      std::snprintf(id, sizeof id, "-%012d", n);
      recs.push_back(purchase(js, t + id, static_cast<std::uint32_t>(100 + n), t,
                              static_cast<std::uint16_t>(n)));
      total += 100 + n;
    }
    batch(net, "310000", t, recs);
  }
  Envelope r = clearing_run(net, "310000");
  BOOST_TEST(r.body["parts"].asUInt() == 3u);
  BOOST_TEST(r.body["accepted"].asUInt() == 400u);
  for (const auto& e : net.rt.trace())
    if (e.type == "clr.file" && !e.is_reply) BOOST_TEST(e.body["records"].size() <= 150u);
  BOOST_TEST(net.ex->clearing().accepted_amount() == total);
  BOOST_TEST(settle(net).body["positions"]["310000"].asInt64() == total);
}

// Purpose: with a clearing period configured, the backend sends its acquired records to the
// exchange on its own timer, without a driver's clr.run (STD-12.1).
BOOST_AUTO_TEST_CASE(daily_timer_clearing) {
  Net net({"310000", "320000"},
          [](backend::BackendConfig& c) { c.clearing_period = std::chrono::hours(24); });
  const Cardholder js = find_holder("320000");
  const std::string t = "310000000001";
  batch(net, "310000", t, {purchase(js, t + "-0000000000bb", 300, t, 1)});
  BOOST_TEST(net.be["310000"]->uncleared_records() == 1u);
  BOOST_TEST(net.ex->clearing().accepted_records() == 0u);
  net.rt.run_for(std::chrono::hours(25));
  BOOST_TEST(net.be["310000"]->uncleared_records() == 0u);
  BOOST_TEST(net.ex->clearing().accepted_records() == 1u);
  BOOST_TEST(net.ex->clearing().accepted_amount() == 300);
}

// Purpose: the clearing house's compact books give back each booked record in full (txn_id,
// provinces, file date, amount) for reversal and adjustment, keep refusing a booked txn_id with
// E2007, and route the accepted records to their issuers unchanged (STD-12.2 … STD-12.4).
BOOST_AUTO_TEST_CASE(compact_books_keep_every_field) {
  exchange::ClearingHouse ch({"310000", "320000", "330000", "340000"});
  const Cardholder js = find_holder("320000"), zj = find_holder("330000");
  const std::string t = "310000000001";
  Json::Value file(Json::objectValue);
  file["acquirer"] = "310000";
  file["date"] = kDate;
  file["records"].append(purchase(js, t + "-0000000000d1", 300, t, 1));
  file["records"].append(purchase(zj, "driver-77", 500, t, 2));
  exchange::FileOutcome out = ch.accept_file(file, "310000");
  BOOST_TEST(out.response["accepted"].asUInt() == 2u);
  BOOST_TEST_REQUIRE(out.by_issuer.count("320000") == 1u);
  BOOST_TEST(json::compact(out.by_issuer["320000"][0]) == json::compact(file["records"][0]));
  BOOST_TEST(json::compact(out.by_issuer["330000"][0]) == json::compact(file["records"][1]));
  // The same txn_id again (next day's file) is refused as a duplicate.
  Json::Value again = file;
  again["date"] = "20260602";
  again["records"].resize(1);
  exchange::FileOutcome dup = ch.accept_file(again, "310000");
  BOOST_TEST(dup.response["rejects"][0]["status"].asString() == "E2007");
  auto adj = ch.adjust("driver-77", -20);
  BOOST_TEST_REQUIRE(static_cast<bool>(adj));
  BOOST_TEST(adj->txn_id == "driver-77");
  BOOST_TEST(adj->acquirer == "310000");
  BOOST_TEST(adj->issuer == "330000");
  BOOST_TEST(adj->date == kDate);
  BOOST_TEST(adj->amount == 500);
  BOOST_TEST(ch.booked(kDate, "310000", "330000") == 480);
  BOOST_TEST(!ch.reverse(t + "-0000000000d1", "330000"));  // not that issuer's record
  auto rev = ch.reverse(t + "-0000000000d1", "320000");
  BOOST_TEST_REQUIRE(rev.has_value());
  BOOST_TEST(rev->txn_id == t + "-0000000000d1");
  BOOST_TEST(rev->issuer == "320000");
  BOOST_TEST(rev->amount == 300);
  BOOST_TEST(rev->reversed);
  BOOST_TEST(!ch.reverse(t + "-0000000000d1"));  // already reversed
  BOOST_TEST(ch.booked(kDate, "310000", "320000") == 0);
  BOOST_TEST(static_cast<bool>(ch.adjust(t + "-0000000000d1", 5)) == false);
  BOOST_TEST(ch.accepted_records() == 1u);
  BOOST_TEST(ch.accepted_amount() == 480);
}

BOOST_AUTO_TEST_SUITE_END()
