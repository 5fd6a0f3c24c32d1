// The reference terminal's flows against a scripted acquirer (STD-6, CATALOG terminal API).
#include <boost/test/unit_test.hpp>
#include <random>

#include "pii.hpp"
#include "reader_test_util.hpp"

using namespace ykt;
using test::World;

namespace {
const std::string kCid = "31011819900101001X";

// True when any envelope that crossed the runtime carries the card's full citizen ID.
bool trace_leaks_citizen_id(const LocalRuntime& rt) {
  for (const auto& e : rt.trace()) {
    const std::string text = json::compact(e.body);
    if (text.find(kCid) != std::string::npos || pii::contains_citizen_id(text)) return true;
  }
  return false;
}
}  // namespace

BOOST_AUTO_TEST_SUITE(terminal)

// Purpose: an offline transit purchase debits the card once, keeps the record with a valid TAC
// and uploads it in a txn.batch on term.flush (STD-6.1, FACTS §6).
BOOST_AUTO_TEST_CASE(transit_purchase_and_flush) {
  World w;
  const auto card = w.add_card(test::profile());
  auto r = w.tap("transit", {card}, test::amount(300));
  BOOST_REQUIRE_EQUAL(r["status"].asString(), "OK");
  BOOST_TEST(r["balance"].asUInt() == 4700u);
  BOOST_TEST(r["txn_id"].asString().size() == 25u);
  BOOST_TEST(r["txn_id"].asString().substr(0, 13) == test::kTerminalId + "-");
  BOOST_TEST(r["mac2_ok"].asBool());
  BOOST_TEST(r["card_ref"]["card_no"].asString() == "Y31000042");
  BOOST_TEST(w.balance(card) == 4700u);
  BOOST_TEST(w.terminal->stored_records() == 1u);
  BOOST_TEST(w.backend->of("txn.batch").empty());  // offline: nothing sent yet
  auto f = w.flush();
  BOOST_TEST(f["status"].asString() == "OK");
  BOOST_TEST(f["uploaded"].asUInt() == 1u);
  BOOST_REQUIRE_EQUAL(w.backend->records.size(), 1u);
  const PurchaseRecord& rec = w.backend->records[0];
  BOOST_TEST(rec.txn_id == r["txn_id"].asString());
  BOOST_TEST(rec.amount == 300u);
  BOOST_TEST(rec.tac_valid());
  BOOST_TEST(w.terminal->stored_records() == 0u);
  BOOST_TEST(w.flush()["uploaded"].asUInt() == 0u);
}

// Purpose: the periodic upload timer sends stored records without term.flush (STD-6.1).
BOOST_AUTO_TEST_CASE(upload_on_timer) {
  World w;
  const auto card = w.add_card(test::profile());
  BOOST_REQUIRE_EQUAL(w.tap("transit", {card}, test::amount(100))["status"].asString(), "OK");
  w.rt.run(w.rt.now() + std::chrono::seconds(61));
  BOOST_TEST(w.backend->records.size() == 1u);
  BOOST_TEST(w.terminal->stored_records() == 0u);
  BOOST_TEST(w.flush()["uploaded"].asUInt() == 0u);  // the timer sent it, not this flush
}

// Purpose: an idle terminal keeps no upload timer pending, and a record stored later still leaves
// on the period grid counted from the terminal's start (STD-6.1).
BOOST_AUTO_TEST_CASE(upload_timer_ticks_only_while_records_are_held) {
  World w;
  const SimTime t0 = w.rt.now();
  const auto card = w.add_card(test::profile());
  BOOST_REQUIRE_EQUAL(w.tap("transit", {card}, test::amount(100))["status"].asString(), "OK");
  w.rt.run(t0 + std::chrono::seconds(61));
  BOOST_REQUIRE_EQUAL(w.backend->records.size(), 1u);
  w.rt.run(t0 + std::chrono::seconds(121));  // the tick after the upload finds the store empty
  BOOST_TEST(w.rt.run(t0 + std::chrono::hours(1)) == 0u);  // nothing scheduled while idle
  BOOST_REQUIRE_EQUAL(w.tap("transit", {card}, test::amount(100))["status"].asString(), "OK");
  w.rt.run(t0 + std::chrono::seconds(3659));
  BOOST_TEST(w.backend->records.size() == 1u);  // the next tick is at 3660 s, not 60 s after
  w.rt.run(t0 + std::chrono::seconds(3661));
  BOOST_TEST(w.backend->records.size() == 2u);
}

// Purpose: a terminal parks only when idle, and the terminal rebuilt from its parked state answers
// sys.stats alike and continues its sequence numbers (sim/systemc/README.md, Parking; STD-6.1).
BOOST_AUTO_TEST_CASE(idle_terminal_parks_and_rebuilds_with_its_counters) {
  World w;
  const SimTime t0 = w.rt.now();
  const auto card = w.add_card(test::profile());
  const auto first = w.tap("transit", {card}, test::amount(100));
  BOOST_REQUIRE_EQUAL(first["status"].asString(), "OK");
  BOOST_TEST(!w.terminal->park().has_value());  // a record is stored, its upload tick pending
  w.rt.run(t0 + std::chrono::seconds(121));     // uploaded, then a tick finds the store empty
  const auto state = w.terminal->park();
  BOOST_REQUIRE(state.has_value());
  BOOST_TEST(state->size() < 64u);
  const Json::Value stats = w.ask(test::kReader, "sys.stats", Json::Value(Json::objectValue));

  World again({}, &*state);
  BOOST_TEST(again.ask(test::kReader, "sys.stats", Json::Value(Json::objectValue)) == stats);
  const auto card2 = again.add_card(test::profile());
  const auto next = again.tap("transit", {card2}, test::amount(100));
  BOOST_REQUIRE_EQUAL(next["status"].asString(), "OK");
  BOOST_TEST(next["txn_id"].asString() != first["txn_id"].asString());
  const Json::Value after = again.ask(test::kReader, "sys.stats", Json::Value(Json::objectValue));
  BOOST_TEST(after["term_seq"].asUInt() == stats["term_seq"].asUInt() + 1);
  BOOST_TEST(after["taps_ok"].asUInt64() == stats["taps_ok"].asUInt64() + 1);
}

// Purpose: a truncated, extended or unknown-version parked terminal state is refused with an
// error naming it, never half applied (sim/systemc/README.md, Parking).
BOOST_AUTO_TEST_CASE(corrupt_parked_terminal_state_is_refused) {
  World w;
  const auto state = w.terminal->park();
  BOOST_REQUIRE(state.has_value());
  reader::TerminalConfig cfg;
  cfg.terminal_id = test::kTerminalId;
  BOOST_CHECK_NO_THROW(reader::Terminal(cfg, *state));
  for (const std::string& bad : {state->substr(0, state->size() - 1), *state + "x",
                                 std::string(1, '\x02') + state->substr(1), std::string()}) {
    try {
      reader::Terminal t(cfg, bad);
      BOOST_ERROR("accepted a corrupt state of " << bad.size() << " bytes");
    } catch (const std::invalid_argument& e) {
      BOOST_TEST(std::string(e.what()).find("corrupt parked terminal state") == 0u);
    }
  }
}

// Purpose: a compound transit purchase writes the CAPP record with the debit, type 09 (STD-4.3.4).
BOOST_AUTO_TEST_CASE(transit_compound) {
  World w;
  const auto card = w.add_card(test::profile());
  auto r = w.tap("transit_compound", {card}, test::amount(200));
  BOOST_REQUIRE_EQUAL(r["status"].asString(), "OK");
  BOOST_TEST(w.balance(card) == 4800u);
  BOOST_TEST(w.cards[card]->engine().store().get("capp.1") != nullptr);
  w.flush();
  BOOST_REQUIRE_EQUAL(w.backend->records.size(), 1u);
  BOOST_TEST(w.backend->records[0].txn_type == 0x09);
  BOOST_TEST(w.backend->records[0].tac_valid());
}

// Purpose: two cards in the field are refused with E2013 and no card is touched (FACTS §5).
BOOST_AUTO_TEST_CASE(two_cards_refused) {
  World w;
  const auto a = w.add_card(test::profile("Y31000042"));
  const auto b = w.add_card(test::profile("Y31000043"));
  auto r = w.tap("transit", {a, b}, test::amount(100));
  BOOST_TEST(r["status"].asString() == "E2013");
  for (const auto& e : w.rt.trace()) BOOST_TEST(e.type != "card.apdu");
  BOOST_TEST(w.balance(a) == 5000u);
}

// Purpose: the identity flow sends only id_digest = SM3("ykt-id/1|" + id + "|" + card_no); no
// message carries the full citizen ID (CATALOG identity on the wire, STD-8.4).
BOOST_AUTO_TEST_CASE(identity_sends_digest_only) {
  World w;
  const auto card = w.add_card(test::profile());
  auto r = w.tap("identity", {card});
  BOOST_REQUIRE_EQUAL(r["status"].asString(), "OK");
  BOOST_TEST(r["match"].asBool());
  auto v = w.backend->of("id.verify");
  BOOST_REQUIRE_EQUAL(v.size(), 1u);
  const std::string want = to_hex(crypto::sm3(std::string_view("ykt-id/1|" + kCid + "|Y31000042")));
  BOOST_TEST(v[0].body["id_digest"].asString() == want);
  BOOST_TEST(!trace_leaks_citizen_id(w.rt));  // card.apdu.rsp carries EF06 hex, not text
}

// Purpose: a backend answer that carries a full citizen ID is masked before the terminal
// forwards it (STD-8.4).
BOOST_AUTO_TEST_CASE(identity_masks_leaky_backend) {
  class Leaky final : public Actor {
    void on_message(Context& ctx, const Envelope& m) override {
      if (m.is_reply) return;
      Json::Value r;
      r["status"] = "OK";
      r["match"] = true;
      r["holder"]["id_masked"] = kCid;  // a defect: the full ID
      ctx.reply(m, r);
    }
  };
  LocalRuntime rt;
  reader::TerminalConfig cfg;
  cfg.terminal_id = test::kTerminalId;
  rt.add(test::kReader, std::make_shared<reader::Terminal>(cfg));
  rt.add("backend.310000", std::make_shared<Leaky>());
  rt.add("card.Y31000042", std::make_shared<card::CardActor>(test::profile()));
  Envelope e;
  e.type = "term.tap";
  e.id = "t1";
  e.from = "harness.test";
  e.to = test::kReader;
  e.body["service"] = "identity";
  e.body["cards"].append("card.Y31000042");
  rt.inject(e);
  rt.run(rt.now() + std::chrono::seconds(5));
  BOOST_REQUIRE_EQUAL(rt.undeliverable().size(), 1u);
  const std::string out = json::compact(rt.undeliverable()[0].body);
  BOOST_TEST(out.find(kCid) == std::string::npos);
  BOOST_TEST(rt.undeliverable()[0].body["holder"]["id_masked"].asString() ==
             pii::mask_citizen_id(kCid));
}

// Purpose: top-up runs INITIALIZE FOR LOAD, topup.auth, CREDIT FOR LOAD and topup.confirm with a
// TAC the issuer verifies, for SM4 and 3DES cards (STD-6.3, FACTS §4).
BOOST_AUTO_TEST_CASE(topup_flow) {
  for (auto alg : {crypto::Algorithm::sm4, crypto::Algorithm::des3}) {
    World w;
    const auto card = w.add_card(test::profile("Y31000042", alg, 1000));
    auto r = w.tap("topup", {card}, test::amount(5000));
    BOOST_REQUIRE_EQUAL(r["status"].asString(), "OK");
    BOOST_TEST(r["balance"].asUInt() == 6000u);
    BOOST_TEST(w.balance(card) == 6000u);
    BOOST_REQUIRE_EQUAL(w.backend->confirmed.size(), 1u);
    BOOST_TEST(w.backend->confirmed[0] == r["txn_id"].asString());
  }
}

// Purpose: a refused topup.auth leaves the card untouched and passes the status on (STD-6.3).
BOOST_AUTO_TEST_CASE(topup_refused) {
  World w;
  w.backend->status["topup.auth"] = "E2003";
  const auto card = w.add_card(test::profile());
  auto r = w.tap("topup", {card}, test::amount(100));
  BOOST_TEST(r["status"].asString() == "E2003");
  BOOST_TEST(w.balance(card) == 5000u);
}

// Purpose: top-up above the 200 CNY purse maximum is refused by the card (9408 → E2012).
BOOST_AUTO_TEST_CASE(topup_above_max) {
  World w;
  const auto card = w.add_card(test::profile("Y31000042", crypto::Algorithm::sm4, 19999));
  auto r = w.tap("topup", {card}, test::amount(2));
  BOOST_TEST(r["status"].asString() == "E2012");
  BOOST_TEST(r["sw"].asString() == "9408");
  BOOST_TEST(w.backend->of("topup.auth").empty());
}

// Purpose: insufficient balance maps 9401 to E2005 and nothing is stored (STD-9.1).
BOOST_AUTO_TEST_CASE(insufficient_balance) {
  World w;
  const auto card = w.add_card(test::profile("Y31000042", crypto::Algorithm::sm4, 50));
  auto r = w.tap("transit", {card}, test::amount(300));
  BOOST_TEST(r["status"].asString() == "E2005");
  BOOST_TEST(w.terminal->stored_records() == 0u);
}

// Purpose: venue, medical (presettle then settle), status and qr reach the acquirer with the
// card_ref read from the card (STD-6).
BOOST_AUTO_TEST_CASE(other_services) {
  World w;
  const auto card = w.add_card(test::profile());
  Json::Value v;
  v["venue_id"] = "V-310000-001";
  v["amount"] = 4000;
  auto r = w.tap("venue", {card}, v);
  BOOST_TEST(r["status"].asString() == "OK");
  BOOST_TEST(r["admitted"].asBool());
  BOOST_TEST(w.backend->of("venue.admit").at(0).body["card_ref"]["card_no"].asString() ==
             "Y31000042");
  BOOST_TEST(w.backend->of("venue.admit").at(0).body["venue_city"].asString() == "310000");

  Json::Value m;
  m["items"].append(Json::Value(Json::objectValue));
  m["items"][0]["code"] = "X01";
  m["items"][0]["qty"] = 1;
  m["items"][0]["unit_price"] = 1000;
  r = w.tap("medical", {card}, m);
  BOOST_TEST(r["status"].asString() == "OK");
  BOOST_TEST(r["presettle"]["fund_pays"].asInt() == 560);
  auto settle = w.backend->of("med.settle");
  BOOST_REQUIRE_EQUAL(settle.size(), 1u);
  BOOST_TEST(settle[0].body["presettle_id"].asString() == r["txn_id"].asString());
  BOOST_TEST(r["settlement_id"].asString() == "S-" + r["txn_id"].asString());

  r = w.tap("status", {card});
  BOOST_TEST(r["status"].asString() == "OK");
  BOOST_TEST(r["state"].asString() == "active");

  Json::Value q;
  q["token"] = "good-token";
  r = w.tap("qr", {}, q);
  BOOST_TEST(r["status"].asString() == "OK");
  BOOST_TEST(r["valid"].asBool());
  BOOST_TEST(r["card_ms"].asDouble() == 0.0);
  BOOST_TEST(!trace_leaks_citizen_id(w.rt));
}

// Purpose: a backend request that gets no answer is retried once with the same txn_id (CATALOG
// txn_id idempotency, STD-10.4).
BOOST_AUTO_TEST_CASE(retries_keep_txn_id) {
  World w;
  w.backend->drop_first["id.verify"] = 1;
  const auto card = w.add_card(test::profile());
  auto r = w.tap("identity", {card});
  BOOST_REQUIRE_EQUAL(r["status"].asString(), "OK");
  auto v = w.backend->of("id.verify");
  BOOST_REQUIRE_EQUAL(v.size(), 2u);
  for (const auto& e : v) BOOST_TEST(e.body["txn_id"].asString() == r["txn_id"].asString());
  BOOST_TEST(v[0].id != v[1].id);  // new envelope ids, same transaction id
}

// Purpose: when the acquirer never answers the tap ends with E3002 after one retry (STD-10.4).
BOOST_AUTO_TEST_CASE(backend_unavailable) {
  World w;
  w.backend->drop_first["card.status"] = 100;
  const auto card = w.add_card(test::profile());
  auto r = w.tap("status", {card});
  BOOST_TEST(r["status"].asString() == "E3002");
  BOOST_TEST(w.backend->of("card.status").size() == 2u);
}

// Purpose: a failed batch upload keeps the records; a later flush sends them (FACTS §5, §6).
BOOST_AUTO_TEST_CASE(failed_upload_keeps_records) {
  World w;
  w.backend->drop_first["txn.batch"] = 3;
  const auto card = w.add_card(test::profile());
  BOOST_REQUIRE_EQUAL(w.tap("transit", {card}, test::amount(10))["status"].asString(), "OK");
  auto f = w.flush();
  BOOST_TEST(f["status"].asString() == "E3002");
  BOOST_TEST(w.terminal->stored_records() == 1u);
  f = w.flush();
  BOOST_TEST(f["status"].asString() == "OK");
  BOOST_TEST(f["uploaded"].asUInt() == 1u);
  BOOST_TEST(w.backend->records.size() == 1u);
}

// Purpose: no card answering ends the tap with E2014 after the card time-out (STD-10).
BOOST_AUTO_TEST_CASE(card_absent_times_out) {
  World w;
  auto r = w.tap("transit", {"card.Y39999999"}, test::amount(10));
  BOOST_TEST(r["status"].asString() == "E2014");
  BOOST_TEST(r["card_ms"].asDouble() >= 500.0);
  BOOST_TEST(r["over_budget"].asBool());
  r = w.tap("transit", {}, test::amount(10));
  BOOST_TEST(r["status"].asString() == "E2014");
}

// Purpose: card_ms is measured with the runtime clock; FACTS card timing stays within 400 ms and
// a slow card is flagged over_budget (FACTS §5, STD-10).
BOOST_AUTO_TEST_CASE(card_time_budget) {
  World w;
  const auto fast = w.add_card(test::profile("Y31000042"), card::CardTiming::facts());
  const auto slow =
      w.add_card(test::profile("Y31000043"),
                 card::CardTiming{std::chrono::milliseconds(150), std::chrono::milliseconds(200)});
  auto r = w.tap("transit", {fast}, test::amount(10));
  BOOST_REQUIRE_EQUAL(r["status"].asString(), "OK");
  const double ms = r["card_ms"].asDouble();
  BOOST_TEST(ms >= 20.0 + 20.0 + 78.0);
  BOOST_TEST(ms < 400.0);
  BOOST_TEST(!r["over_budget"].asBool());
  r = w.tap("transit", {slow}, test::amount(10));
  BOOST_REQUIRE_EQUAL(r["status"].asString(), "OK");
  BOOST_TEST(r["card_ms"].asDouble() > 400.0);
  BOOST_TEST(r["over_budget"].asBool());
}

// Purpose: bad term.tap bodies get a clear status and the terminal keeps serving (STD-9.1).
BOOST_AUTO_TEST_CASE(bad_taps) {
  World w;
  const auto card = w.add_card(test::profile());
  BOOST_TEST(w.tap("teleport", {card})["status"].asString() == "E1002");
  BOOST_TEST(w.tap("transit", {card})["status"].asString() == "E1002");  // no amount
  BOOST_TEST(w.tap("venue", {card})["status"].asString() == "E1002");    // no venue_id
  BOOST_TEST(w.tap("qr", {})["status"].asString() == "E1002");           // no token
  BOOST_TEST(
      w.ask(test::kReader, "nonsense", Json::Value(Json::objectValue))["status"].asString() ==
      "E1005");
  BOOST_TEST(w.tap("transit", {card}, test::amount(1))["status"].asString() == "OK");
}

// Purpose: a card answering garbage (random bytes, errors, short APDUs) never crashes the
// terminal; every tap ends with an error status and no record is stored (STD-9.1).
BOOST_AUTO_TEST_CASE(garbage_card_answers) {
  class GarbageCard final : public Actor {
   public:
    explicit GarbageCard(unsigned seed) : rng_(seed) {}
    void on_message(Context& ctx, const Envelope& m) override {
      if (m.is_reply) return;
      Json::Value r(Json::objectValue);
      const unsigned mode = rng_() % 5;
      if (mode == 0) {
        r["status"] = "E1001";
      } else if (mode == 1) {
        r["rapdu"] = "9";  // no status
      } else {
        Bytes b(rng_() % 40);
        for (auto& x : b) x = static_cast<std::uint8_t>(rng_());
        if (mode == 2) b.insert(b.end(), {0x90, 0x00});
        if (mode == 3) b.insert(b.end(), {0x61, static_cast<std::uint8_t>(rng_())});
        r["status"] = "OK";
        r["rapdu"] = to_hex(b);
      }
      ctx.reply(m, r);
    }

   private:
    std::mt19937 rng_;
  };
  World w;
  for (unsigned seed = 1; seed <= 40; ++seed) {
    const std::string addr = "card.G" + std::to_string(10000000 + seed);
    w.rt.add(addr, std::make_shared<GarbageCard>(seed));
    for (const char* service :
         {"transit", "transit_compound", "topup", "identity", "venue", "medical", "status"}) {
      Json::Value extra = test::amount(100);
      extra["venue_id"] = "V1";
      extra["items"] = Json::Value(Json::arrayValue);
      auto r = w.tap(service, {addr}, extra);
      BOOST_REQUIRE(r.isObject());
      BOOST_TEST(r["status"].asString() != "", service);
    }
  }
  BOOST_TEST(w.backend->records.empty());
  BOOST_TEST(w.tap("qr", {},
                   [] {
                     Json::Value q;
                     q["token"] = "good-token";
                     return q;
                   }())["status"]
                 .asString() == "OK");
}

// Purpose: taps that arrive while one is being served are queued and each gets its own answer
// (STD-6).
BOOST_AUTO_TEST_CASE(queued_taps) {
  World w;
  const auto a = w.add_card(test::profile("Y31000042"), card::CardTiming::facts());
  const auto b = w.add_card(test::profile("Y31000043"), card::CardTiming::facts());
  for (int i = 0; i < 2; ++i) {
    Envelope e;
    e.type = "term.tap";
    e.id = "q" + std::to_string(i);
    e.from = "harness.test";
    e.to = test::kReader;
    e.body["service"] = "transit";
    e.body["amount"] = 100 + i;
    e.body["cards"].append(i == 0 ? a : b);
    w.rt.inject(e);
  }
  w.rt.run(w.rt.now() + std::chrono::seconds(5));
  int ok = 0;
  for (const auto& e : w.rt.undeliverable())
    if (e.type == "term.tap.rsp" && e.body["status"].asString() == "OK") ++ok;
  BOOST_TEST(ok == 2);
  BOOST_TEST(w.balance(a) == 4900u);
  BOOST_TEST(w.balance(b) == 4899u);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(terminal_rate)

// Purpose: 2000 transit taps on one terminal with four cards each debit once, and the run reports
// taps per wall-clock second on LocalRuntime (STD-6.1; figure for the report).
BOOST_AUTO_TEST_CASE(many_taps) {
  World w;
  std::vector<std::string> cards;
  for (int i = 0; i < 4; ++i)
    cards.push_back(
        w.add_card(test::profile("Y3100010" + std::to_string(i), crypto::Algorithm::sm4, 20000)));
  w.rt.keep_trace(false);
  const int n = 2000;
  const auto t0 = std::chrono::steady_clock::now();
  for (int i = 0; i < n; ++i) {
    auto r = w.tap("transit", {cards[static_cast<std::size_t>(i) % 4]}, test::amount(10));
    BOOST_REQUIRE_EQUAL(r["status"].asString(), "OK");
  }
  const double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  for (const auto& c : cards) BOOST_TEST(w.balance(c) == 20000u - 10u * (n / 4));
  BOOST_TEST(w.flush()["uploaded"].asUInt() == static_cast<unsigned>(n));
  BOOST_TEST(w.backend->records.size() == static_cast<std::size_t>(n));
  BOOST_TEST_MESSAGE("terminal: " << static_cast<long>(n / s) << " transit taps/s on LocalRuntime");
}

BOOST_AUTO_TEST_SUITE_END()
