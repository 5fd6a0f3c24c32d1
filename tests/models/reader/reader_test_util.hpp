#pragma once
// A scripted acquiring backend and a small world (terminal, cards, backend) on LocalRuntime.
#include <boost/test/unit_test.hpp>

#include <map>
#include <memory>
#include <vector>

#include "card/card_actor.hpp"
#include "common/purchase_record.hpp"
#include "common/purse_crypto.hpp"
#include "json_util.hpp"
#include "local_runtime.hpp"
#include "reader/terminal.hpp"

namespace ykt::test {

/// Test-only acquiring backend: answers every terminal request from a script.
class ScriptedBackend final : public Actor {
 public:
  std::vector<Envelope> received;                ///< every request, in order
  std::map<std::string, int> drop_first;         ///< type -> number of requests to ignore
  std::map<std::string, std::string> status;     ///< type -> status to answer (default OK)
  std::vector<PurchaseRecord> records;           ///< purchase records accepted from batches
  std::map<std::string, purse::LoadData> loads;  ///< txn_id -> authorised load
  std::map<std::string, CardRef> load_cards;     ///< txn_id -> card of the load
  std::vector<std::string> confirmed;            ///< txn_ids whose load TAC verified

  void on_message(Context& ctx, const Envelope& m) override {
    if (m.is_reply) return;
    received.push_back(m);
    if (drop_first[m.type] > 0) {
      --drop_first[m.type];
      return;
    }
    Json::Value r(Json::objectValue);
    r["status"] = status.count(m.type) ? status[m.type] : "OK";
    const Json::Value& b = m.body;
    if (m.type == "txn.batch") {
      int accepted = 0;
      for (const auto& rec : b["records"]) {
        auto p = parse_purchase_record(rec);
        BOOST_REQUIRE_MESSAGE(p.ok(), "bad record in batch");
        bool dup = false;
        for (const auto& have : records) dup = dup || have.txn_id == p->txn_id;
        if (!dup) records.push_back(*p);
        ++accepted;
      }
      r["accepted"] = accepted;
      r["rejects"] = Json::Value(Json::arrayValue);
    } else if (m.type == "id.verify") {
      r["match"] = true;
      r["holder"]["id_masked"] = "310***********001X";
    } else if (m.type == "venue.admit") {
      r["admitted"] = true;
      r["price"] = b["base_price"];
      r["same_city"] = false;
    } else if (m.type == "med.presettle") {
      r["total"] = 1000;
      r["covered"] = 800;
      r["fund_pays"] = 560;
      r["self_pays"] = 440;
    } else if (m.type == "med.settle") {
      r["settlement_id"] = "S-" + b["presettle_id"].asString();
      r["fund_pays"] = 560;
      r["self_pays"] = 440;
    } else if (m.type == "card.status") {
      r["state"] = "active";
      r["home_city"] = b["card_ref"]["issuer"];
    } else if (m.type == "qr.verify") {
      r["valid"] = b["token"].asString() == "good-token";
      r["card_ref"] = CardRef{"310000", "Y31000042"}.to_json();
      r["expires"] = 0;
    } else if (m.type == "topup.auth") {
      auto card = parse_card_ref(b["card_ref"]);
      BOOST_REQUIRE(card.ok());
      auto alg = purse::parse_algorithm(b["alg"].asString()).value_or(crypto::Algorithm::sm4);
      purse::LoadData d{b["amount"].asUInt(),
                        hex_bytes(b["terminal_id"].asString()),
                        static_cast<std::uint16_t>(b["online_atc"].asUInt()),
                        hex_bytes(b["card_random"].asString()),
                        b["old_balance"].asUInt(),
                        hex_bytes(b["date"].asString()),
                        hex_bytes(b["time"].asString())};
      if (!purse::verify_load_mac1(alg, *card, d, hex_bytes(b["mac1"].asString()))) {
        r["status"] = "E2006";
      } else {
        r["mac2"] = to_hex(purse::issuer_load_mac2(alg, *card, d));
        loads[b["txn_id"].asString()] = d;
        load_cards[b["txn_id"].asString()] = *card;
        algs[b["txn_id"].asString()] = alg;
      }
    } else if (m.type == "topup.confirm") {
      const std::string id = b["txn_id"].asString();
      if (loads.count(id) && purse::verify_load_tac(algs[id], load_cards[id], loads[id],
                                                    hex_bytes(b["tac"].asString())))
        confirmed.push_back(id);
      else
        r["status"] = "E2006";
    }
    ctx.reply(m, r);
  }
  /// Requests of one type.
  std::vector<Envelope> of(const std::string& type) const {
    std::vector<Envelope> out;
    for (const auto& e : received)
      if (e.type == type) out.push_back(e);
    return out;
  }

 private:
  std::map<std::string, crypto::Algorithm> algs;
};

inline card::CardProfile profile(const std::string& card_no = "Y31000042",
                                 crypto::Algorithm alg = crypto::Algorithm::sm4,
                                 std::uint32_t balance = 5000) {
  card::CardProfile p;
  p.card_no = card_no;
  p.issuer = "310000";
  p.citizen_id = "31011819900101001X";  // synthetic, valid (FACTS §3)
  p.name = "Test Holder";
  p.alg = alg;
  p.balance = balance;
  return p;
}

inline const std::string kTerminalId = "310000000123";
inline const std::string kReader = "reader.310000000123";

/// A terminal, its scripted acquirer and cards on one LocalRuntime.
struct World {
  LocalRuntime rt;
  std::shared_ptr<ScriptedBackend> backend = std::make_shared<ScriptedBackend>();
  std::shared_ptr<reader::Terminal> terminal;
  std::map<std::string, std::shared_ptr<card::CardActor>> cards;
  int n = 0;
  std::string reader = kReader;  ///< address taps and flushes go to

  /// A world whose terminal is new, or rebuilt from `parked` (a state Terminal::park returned).
  explicit World(reader::TerminalConfig cfg = {}, const std::string* parked = nullptr) {
    if (cfg.terminal_id.empty()) cfg.terminal_id = kTerminalId;
    terminal = parked ? std::make_shared<reader::Terminal>(cfg, *parked)
                      : std::make_shared<reader::Terminal>(cfg);
    rt.add("backend.310000", backend);
    rt.add(kReader, terminal);
  }
  std::string add_card(const card::CardProfile& p, card::CardTiming t = {}) {
    auto c = std::make_shared<card::CardActor>(p, t);
    const std::string addr = "card." + p.card_no;
    cards[addr] = c;
    rt.add(addr, c);
    return addr;
  }
  /// Sends a request from the harness and runs until its answer (or 30 s of simulated time).
  Json::Value ask(const std::string& to, const std::string& type, Json::Value body) {
    Envelope e;
    e.type = type;
    e.id = "h-" + std::to_string(++n);
    e.from = "harness.test";
    e.to = to;
    e.body = std::move(body);
    std::size_t seen = rt.undeliverable().size();
    rt.inject(e);
    const SimTime limit = rt.now() + std::chrono::seconds(30);
    while (rt.now() < limit) {
      rt.run(rt.now() + std::chrono::milliseconds(10));
      for (; seen < rt.undeliverable().size(); ++seen) {
        const Envelope& got = rt.undeliverable()[seen];
        if (got.id == e.id && got.to == "harness.test") return got.body;
      }
    }
    return Json::Value(Json::nullValue);
  }
  Json::Value tap(const std::string& service, std::vector<std::string> card_addrs,
                  Json::Value extra = Json::Value(Json::objectValue)) {
    Json::Value b = extra;
    b["service"] = service;
    b["cards"] = Json::Value(Json::arrayValue);
    for (const auto& c : card_addrs) b["cards"].append(c);
    return ask(reader, "term.tap", b);
  }
  Json::Value flush() { return ask(reader, "term.flush", Json::Value(Json::objectValue)); }
  std::uint32_t balance(const std::string& addr) {
    return cards.at(addr)->engine().purse().balance();
  }
};

inline Json::Value amount(std::uint32_t fen) {
  Json::Value v(Json::objectValue);
  v["amount"] = fen;
  return v;
}

}  // namespace ykt::test
