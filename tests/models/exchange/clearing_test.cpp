#include <boost/test/unit_test.hpp>
#include <tuple>

#include "../backend/net_fixture.hpp"
#include "sim_time.hpp"

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

// A purchase record dated `date` with the TAC the card would compute (purchase() is fixed to
// 20260601).
Json::Value purchase_on(const Cardholder& h, const std::string& txn_id, std::uint32_t amount,
                        const std::string& terminal, std::uint16_t atc, const std::string& date) {
  Json::Value v = purchase(h, txn_id, amount, terminal, atc);
  purse::PurchaseData d;
  d.amount = amount;
  d.txn_type = purse::kTypePurchase;
  d.terminal = *codec::terminal_id_bytes(terminal);
  d.term_seq = v["term_seq"].asUInt();
  d.atc = atc;
  d.date = *codec::digits_to_bcd(date);
  d.time = *codec::digits_to_bcd(v["time"].asString());
  v["date"] = date;
  v["tac"] = to_hex(purse::issuer_purchase_tac(crypto::Algorithm::sm4, ref_of(h), d));
  return v;
}

// A clr.file body.
Json::Value clr_file(const std::string& acquirer, const std::string& date,
                     const std::vector<Json::Value>& records) {
  Json::Value f(Json::objectValue);
  f["acquirer"] = acquirer;
  f["date"] = date;
  f["records"] = Json::Value(Json::arrayValue);
  for (const auto& r : records) f["records"].append(r);
  return f;
}

// The status the single reject of an answer carries ("OK" when nothing was rejected).
std::string reject_status(const exchange::FileOutcome& out) {
  const Json::Value& rej = out.response["rejects"];
  return rej.empty() ? std::string("OK") : rej[0]["status"].asString();
}

exchange::ClearingHouse four() {
  return exchange::ClearingHouse({"310000", "320000", "330000", "340000"});
}
}  // namespace

BOOST_AUTO_TEST_SUITE(exchange_clearing)

// Purpose: daily files from three acquirers are TAC-checked (bad TAC E2006), routed to issuers
// (an issuer's refusal is reversed), and settled into net positions equal to the hand-computed
// sums of accepted cross-province debits, summing to zero, with transfers that pay them and each
// backend's own books agreeing (STD-12.2 … STD-12.5, FACTS §6).
BOOST_AUTO_TEST_CASE(files_to_net_settlement) {
  Net net;
  const Cardholder sh = find_holder("310000"), js = find_holder("320000"),
                   zj = find_holder("330000"), ah = find_holder("340000");
  Cardholder ghost = zj;  // a well-formed card its issuer does not know
  ghost.card_no = "Y33999999";
  const std::string t_sh = "310000000001", t_js = "320100000001", t_ah = "340100000001";
  Json::Value bad_tac = purchase(js, t_sh + "-000000000004", 600, t_sh, 4);
  bad_tac["tac"] = "00000000";
  Envelope a = batch(net, "310000", t_sh,
                     {purchase(js, t_sh + "-000000000001", 300, t_sh, 1),
                      purchase(zj, t_sh + "-000000000002", 500, t_sh, 2), bad_tac,
                      purchase(ghost, t_sh + "-000000000005", 900, t_sh, 5)});
  BOOST_TEST(a.body["accepted"].asUInt() == 4u);  // other provinces' TACs are checked at clearing
  batch(net, "320000", t_js,
        {purchase(sh, t_js + "-000000000001", 700, t_js, 1),
         purchase(ah, t_js + "-000000000002", 100, t_js, 2)});
  batch(net, "340000", t_ah, {purchase(sh, t_ah + "-000000000001", 400, t_ah, 3)});

  Envelope r1 = clearing_run(net, "310000");
  BOOST_TEST(status(r1) == "OK");
  BOOST_TEST(r1.body["records"].asUInt() == 4u);
  BOOST_TEST(r1.body["accepted"].asUInt() == 3u);
  BOOST_TEST(r1.body["rejected"].asUInt() == 1u);  // the bad TAC
  Envelope r2 = clearing_run(net, "320000");
  BOOST_TEST(r2.body["accepted"].asUInt() == 2u);
  BOOST_TEST(r2.body["rejected"].asUInt() == 0u);
  clearing_run(net, "340000");
  BOOST_TEST(clearing_run(net, "330000").body["records"].asUInt() == 0u);
  BOOST_TEST(net.ex->counters().at("clearing.reversed") == 1u);  // the unknown card
  BOOST_TEST(net.ex->clearing().rejected().at("E2006") == 1u);

  // Accepted debits: SH acquired 300 (JS) + 500 (ZJ); JS acquired 700 (SH) + 100 (AH); AH
  // acquired 400 (SH).
  BOOST_TEST(net.ex->clearing().accepted_amount() == 300 + 500 + 700 + 100 + 400);
  BOOST_TEST(net.ex->clearing().accepted_records() == 5u);
  Envelope s = settle(net);
  BOOST_TEST_REQUIRE(status(s) == "OK");
  const Json::Value& pos = s.body["positions"];
  BOOST_TEST(pos["310000"].asInt64() == (300 + 500) - (700 + 400));
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

// Purpose: an adjustment changes a booked record's cleared amount and both backends' books once
// per txn_id and reason; unknown records give E2015 and new ones for settled dates E3003
// (STD-12.4).
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
  // The same adjustment again is answered OK and booked once; a new one for the settled date is
  // refused (STD-12.4.3).
  BOOST_TEST(status(net.call("exchange", "clr.adjust", adj, "driver")) == "OK");
  BOOST_TEST(net.be["310000"]->position(kDate) == 250);
  adj["reason"] = "E2006";
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
  // Dated on the runtime's day, so the next day's file takes it (STD-12.2 rule 6).
  batch(net, "310000", t,
        {purchase_on(js, t + "-0000000000bb", 300, t, 1, format_beijing_date(net.rt.now()))});
  BOOST_TEST(net.be["310000"]->uncleared_records() == 1u);
  BOOST_TEST(net.ex->clearing().accepted_records() == 0u);
  net.rt.run_for(std::chrono::hours(25));
  BOOST_TEST(net.be["310000"]->uncleared_records() == 0u);
  BOOST_TEST(net.ex->clearing().accepted_records() == 1u);
  BOOST_TEST(net.ex->clearing().accepted_amount() == 300);
}

// Purpose: the clearing house's compact books give back each booked record in full (txn_id,
// provinces, file date, amount) for reversal and adjustment, refuse a booked txn_id with other
// content with E2007, route the accepted records to their issuers unchanged, and book an
// adjustment once per txn_id and reason (STD-12.2 … STD-12.4.3).
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
  // The same txn_id again (next day's file) with another amount is refused as a conflict.
  Json::Value again = file;
  again["date"] = "20260602";
  again["records"].resize(1);
  again["records"][0]["amount"] = 301;
  exchange::FileOutcome dup = ch.accept_file(again, "310000");
  BOOST_TEST(dup.response["rejects"][0]["status"].asString() == "E2007");
  auto adj = ch.adjust("driver-77", -20, "E2001");
  BOOST_TEST_REQUIRE(static_cast<bool>(adj));
  BOOST_TEST(!adj->repeat);
  BOOST_TEST(adj->record.txn_id == "driver-77");
  BOOST_TEST(adj->record.acquirer == "310000");
  BOOST_TEST(adj->record.issuer == "330000");
  BOOST_TEST(adj->record.date == kDate);
  BOOST_TEST(adj->record.amount == 500);
  BOOST_TEST(ch.booked(kDate, "310000", "330000") == 480);
  // STD-12.4.3: idempotent by txn_id and reason; another amount for the same pair conflicts.
  auto again_adj = ch.adjust("driver-77", -20, "E2001");
  BOOST_TEST_REQUIRE(static_cast<bool>(again_adj));
  BOOST_TEST(again_adj->repeat);
  BOOST_TEST(ch.booked(kDate, "310000", "330000") == 480);
  auto other_amount = ch.adjust("driver-77", -30, "E2001");
  BOOST_TEST_REQUIRE(!other_amount);
  BOOST_TEST(other_amount.error().code == "E2007");
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

// Purpose: net settlement lists debtors in ascending province code paying creditors in ascending
// province code, each the smaller remainder (STD-12.5.3): positions 310000 +100, 320000 +50,
// 330000 -30, 340000 -120 give 330000->310000 30, 340000->310000 70, 340000->320000 50.
BOOST_AUTO_TEST_CASE(transfers_in_ascending_province_order) {
  auto ch = four();
  const Cardholder zj = find_holder("330000"), ah = find_holder("340000");
  const std::string sh_t = "310000000001", js_t = "320100000001";
  auto a = ch.accept_file(clr_file("310000", kDate,
                                   {purchase(zj, sh_t + "-0000000000f1", 30, sh_t, 1),
                                    purchase(ah, sh_t + "-0000000000f2", 70, sh_t, 2)}),
                          "310000");
  auto b = ch.accept_file(
      clr_file("320000", kDate, {purchase(ah, js_t + "-0000000000f3", 50, js_t, 3)}), "320000");
  BOOST_TEST_REQUIRE(a.response["accepted"].asUInt() == 2u);
  BOOST_TEST_REQUIRE(b.response["accepted"].asUInt() == 1u);
  const exchange::Settlement s = ch.settle(kDate);
  BOOST_TEST(s.positions.at("310000") == 100);
  BOOST_TEST(s.positions.at("340000") == -120);
  BOOST_TEST_REQUIRE(s.transfers.size() == 3u);
  const std::vector<std::tuple<std::string, std::string, std::int64_t>> want = {
      {"330000", "310000", 30}, {"340000", "310000", 70}, {"340000", "320000", 50}};
  for (std::size_t i = 0; i < want.size(); ++i) {
    BOOST_TEST(s.transfers[i].from == std::get<0>(want[i]));
    BOOST_TEST(s.transfers[i].to == std::get<1>(want[i]));
    BOOST_TEST(s.transfers[i].amount == std::get<2>(want[i]));
  }
}

// Purpose: a local record (terminal and card of the acquirer's own province) settles inside the
// province and is rejected by the exchange with E3003 (STD-12.2 rule 1, STD-12.1.2).
BOOST_AUTO_TEST_CASE(local_record_rejected) {
  auto ch = four();
  const Cardholder sh = find_holder("310000");
  const std::string t = "310000000001";
  auto out = ch.accept_file(clr_file("310000", kDate, {purchase(sh, t + "-0000000000e1", 300, t)}),
                            "310000");
  BOOST_TEST(out.response["accepted"].asUInt() == 0u);
  BOOST_TEST(reject_status(out) == "E3003");
  BOOST_TEST(out.by_issuer.empty());
  BOOST_TEST(ch.accepted_records() == 0u);
}

// Purpose: a record whose terminal is in another province than the file's acquirer is rejected
// with E3003, while a card outside the four provinces is E3001 first (STD-12.2 rules 1 and 2).
BOOST_AUTO_TEST_CASE(terminal_not_of_acquirer_rejected) {
  auto ch = four();
  const Cardholder js = find_holder("320000");
  const std::string t_zj = "330100000001";
  Cardholder foreign = js;
  foreign.issuer_city = "990100";
  auto out = ch.accept_file(clr_file("310000", kDate,
                                     {purchase(js, t_zj + "-0000000000e2", 300, t_zj, 1),
                                      purchase(foreign, t_zj + "-0000000000e3", 300, t_zj, 2)}),
                            "310000");
  BOOST_TEST(out.response["accepted"].asUInt() == 0u);
  BOOST_TEST_REQUIRE(out.response["rejects"].size() == 2u);
  BOOST_TEST(out.response["rejects"][0]["status"].asString() == "E3003");
  BOOST_TEST(out.response["rejects"][1]["status"].asString() == "E3001");
}

// Purpose: an identical resend of a booked record (a whole part again, and a copy in the same
// part) is accepted and counted in `accepted` but booked, routed and settled once (STD-12.2
// rule 4).
BOOST_AUTO_TEST_CASE(identical_resend_counted_once) {
  auto ch = four();
  const Cardholder js = find_holder("320000");
  const std::string t = "310000000001";
  const Json::Value r = purchase(js, t + "-0000000000f1", 300, t, 1);
  const Json::Value f = clr_file("310000", kDate, {r, r});
  auto first = ch.accept_file(f, "310000");
  BOOST_TEST(first.response["accepted"].asUInt() == 2u);
  BOOST_TEST(first.response["rejects"].size() == 0u);
  BOOST_TEST_REQUIRE(first.by_issuer.count("320000") == 1u);
  BOOST_TEST(first.by_issuer["320000"].size() == 1u);  // routed once
  auto again = ch.accept_file(f, "310000");
  BOOST_TEST(again.response["accepted"].asUInt() == 2u);
  BOOST_TEST(again.response["rejects"].size() == 0u);
  BOOST_TEST(again.by_issuer.empty());  // not routed again
  BOOST_TEST(ch.accepted_records() == 1u);
  BOOST_TEST(ch.repeated_records() == 3u);
  BOOST_TEST(ch.booked(kDate, "310000", "320000") == 300);
  const auto s = ch.settle(kDate);
  BOOST_TEST(s.positions.at("310000") == 300);  // 600 would settle the resend twice
  BOOST_TEST(s.positions.at("320000") == -300);
}

// Purpose: a booked txn_id resent with other content (amount, or only the TAC) is refused with
// E2007, before the TAC is checked, and the booked record is unchanged (STD-12.2 rule 4).
BOOST_AUTO_TEST_CASE(changed_resend_conflicts) {
  auto ch = four();
  const Cardholder js = find_holder("320000");
  const std::string t = "310000000001";
  const Json::Value r = purchase(js, t + "-0000000000f2", 300, t, 1);
  BOOST_TEST(
      ch.accept_file(clr_file("310000", kDate, {r}), "310000").response["accepted"].asUInt() == 1u);
  Json::Value more = purchase(js, t + "-0000000000f2", 301, t, 1);  // valid TAC, other amount
  Json::Value bad_tac = r;
  bad_tac["tac"] = "00000000";
  auto out = ch.accept_file(clr_file("310000", kDate, {more, bad_tac}), "310000");
  BOOST_TEST(out.response["accepted"].asUInt() == 0u);
  BOOST_TEST_REQUIRE(out.response["rejects"].size() == 2u);
  BOOST_TEST(out.response["rejects"][0]["status"].asString() == "E2007");
  BOOST_TEST(out.response["rejects"][1]["status"].asString() == "E2007");
  BOOST_TEST(ch.booked(kDate, "310000", "320000") == 300);
}

// Purpose: the same card, ATC and transaction type presented again under a new txn_id is a
// double presentment rejected with E3003; another ATC of the card clears (STD-12.2 rule 5).
BOOST_AUTO_TEST_CASE(double_presentment_rejected) {
  auto ch = four();
  const Cardholder js = find_holder("320000");
  const std::string t = "310000000001", t2 = "310000000002";
  BOOST_TEST(
      ch.accept_file(clr_file("310000", kDate, {purchase(js, t + "-0000000000a1", 300, t, 9)}),
                     "310000")
          .response["accepted"]
          .asUInt() == 1u);
  auto out = ch.accept_file(clr_file("310000", "20260602",
                                     {purchase(js, t2 + "-0000000000a2", 300, t2, 9),
                                      purchase(js, t2 + "-0000000000a3", 300, t2, 10)}),
                            "310000");
  BOOST_TEST(out.response["accepted"].asUInt() == 1u);
  BOOST_TEST_REQUIRE(out.response["rejects"].size() == 1u);
  BOOST_TEST(out.response["rejects"][0]["txn_id"].asString() == t2 + "-0000000000a2");
  BOOST_TEST(out.response["rejects"][0]["status"].asString() == "E3003");
  BOOST_TEST(ch.rejected().at("E3003") == 1u);
}

// Purpose: a record clears in the file of its own day D or up to 7 days later, by calendar days
// across month, year and leap-day boundaries; 8 days late or dated after D is E3003 (STD-12.2
// rule 6).
BOOST_AUTO_TEST_CASE(late_presentment_window) {
  const Cardholder js = find_holder("320000");
  const std::string t = "310000000001";
  struct Case {
    const char* record;
    const char* file;
    const char* expect;
  };
  const Case cases[] = {
      {"20260601", "20260601", "OK"},    {"20260601", "20260608", "OK"},
      {"20260601", "20260609", "E3003"}, {"20260601", "20260531", "E3003"},
      {"20260528", "20260604", "OK"},    {"20260528", "20260605", "E3003"},
      {"20261228", "20270104", "OK"},    {"20261228", "20270105", "E3003"},
      {"20280225", "20280303", "OK"},    {"20280225", "20280304", "E3003"},
      {"20270225", "20270304", "OK"},    {"20270225", "20270305", "E3003"},
  };
  int n = 0;
  for (const auto& c : cases) {
    auto ch = four();
    char id[32];
    std::snprintf(id, sizeof id, "-%012d", ++n);
    auto out = ch.accept_file(
        clr_file("310000", c.file, {purchase_on(js, t + id, 300, t, 1, c.record)}), "310000");
    BOOST_TEST(reject_status(out) == c.expect, c.record << " in the file of " << c.file);
    BOOST_TEST(out.response["accepted"].asUInt() == (std::string(c.expect) == "OK" ? 1u : 0u));
  }
  // A resend with the same content in a file outside the window is refused (rule 6 before 4).
  auto ch = four();
  const Json::Value r = purchase(js, t + "-0000000000b1", 300, t, 1);
  ch.accept_file(clr_file("310000", kDate, {r}), "310000");
  BOOST_TEST(reject_status(ch.accept_file(clr_file("310000", "20260610", {r}), "310000")) ==
             "E3003");
  // A file date that is no calendar date is refused whole.
  BOOST_TEST(
      ch.accept_file(clr_file("310000", "20260231", {r}), "310000").response["status"].asString() ==
      "E1002");
}

BOOST_AUTO_TEST_SUITE_END()
