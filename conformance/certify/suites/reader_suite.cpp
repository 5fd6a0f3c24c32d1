// The reader suite (RD-*): the harness plays the driver (term.tap), the cards in the field
// (reference CardActor models hosted in the harness) and the acquiring backend, all on the peer
// endpoint the IUT's topology routes card.* and backend.* to.
#include <map>
#include <mutex>

#include "card/card_actor.hpp"
#include "card/card_profile.hpp"
#include "common/bcd.hpp"
#include "common/purse_apdu.hpp"
#include "common/purse_crypto.hpp"
#include "crypto.hpp"
#include "hosted_actor.hpp"
#include "pii.hpp"
#include "suite_kit.hpp"
#include "suites.hpp"

namespace ykt::certify {

namespace {

using kit::Builder;
using namespace codec;

/// Synthetic valid citizen IDs (FACTS §3) for the harness's cards.
const char* kIds[] = {"31011819900101001X", "320509198512120010", "330421200002290010"};

/// The cards the harness holds in the field for one case.
class Field {
 public:
  /// Personalises card n (Y3100000n, Shanghai) with `balance` fen, in life-cycle `state` (a
  /// revoked card carries the application lock, STD-4.5).
  std::string add(int n, std::uint32_t balance, CardState state = CardState::active) {
    card::CardProfile p;
    char no[16];
    std::snprintf(no, sizeof no, "Y31%06d", n);
    p.card_no = no;
    p.issuer = "310000";
    p.citizen_id = kIds[n % 3];
    p.name = "测试" + std::to_string(n);
    p.balance = balance;
    p.state = state;
    const std::string addr = "card." + p.card_no;
    std::lock_guard<std::mutex> lock(mu_);
    cards_[addr] = std::make_shared<HostedActor>(addr, std::make_shared<card::CardActor>(p));
    return addr;
  }
  /// The card's answer to a request addressed to it; silence for cards not in the field.
  std::optional<Json::Value> handle(const PeerRequest& r) {
    std::shared_ptr<HostedActor> a;
    {
      std::lock_guard<std::mutex> lock(mu_);
      auto it = cards_.find(r.env.to);
      if (it == cards_.end()) return std::nullopt;
      a = it->second;
    }
    const std::string capdu = r.env.body["capdu"].asString();
    if (force_61xx && capdu.rfind("00C0", 0) == 0 && !pending_.empty()) {
      Json::Value b;
      b["status"] = "OK";
      b["rapdu"] = pending_ + "9000";
      pending_.clear();
      return b;
    }
    auto out = a->handle(r.env);
    if (drop_debit_answer && capdu.rfind("8054", 0) == 0) {
      drop_debit_answer = false;  // the card debited; its answer is lost in the field
      return std::nullopt;
    }
    if (capdu.rfind("805A", 0) == 0) proof_asked = true;
    if (force_61xx && out && (*out)["rapdu"].isString()) {
      const std::string rapdu = (*out)["rapdu"].asString();
      if (rapdu.size() > 4 && rapdu.compare(rapdu.size() - 4, 4, "9000") == 0) {
        pending_ = rapdu.substr(0, rapdu.size() - 4);
        char sw[8];
        std::snprintf(sw, sizeof sw, "61%02X", static_cast<unsigned>(pending_.size() / 2));
        (*out)["rapdu"] = sw;
      }
    }
    if (out && corrupt_mac2 && (*out)["rapdu"].isString()) {
      std::string rapdu = (*out)["rapdu"].asString();
      if (r.env.body["capdu"].asString().rfind("8054", 0) == 0 && rapdu.size() >= 20) {
        rapdu[8] = rapdu[8] == '0' ? '1' : '0';  // first nibble of MAC2
        (*out)["rapdu"] = rapdu;
      }
    }
    return out;
  }
  /// Balance of card `addr` read through its own APDU interface.
  std::optional<std::uint32_t> balance(const std::string& addr) {
    std::shared_ptr<HostedActor> a;
    {
      std::lock_guard<std::mutex> lock(mu_);
      a = cards_.at(addr);
    }
    auto ask = [&](const Bytes& capdu) {
      Envelope e;
      e.type = "card.apdu";
      e.id = "h-bal-" + std::to_string(++ids_);
      e.from = "harness.tester";
      e.to = addr;
      e.body["capdu"] = to_hex_upper(capdu);
      return a->handle(e);
    };
    ask(apdu::select_aid({0xA0, 0x00, 0x00, 0x06, 0x32, 0x01, 0x01, 0x05}));
    auto r = ask(apdu::get_balance());
    if (!r) return std::nullopt;
    auto raw = from_hex((*r)["rapdu"].asString());
    if (!raw || raw->size() != 6) return std::nullopt;
    return be_value(*raw, 0, 4);
  }
  /// Arms a power cut on card `addr` at its next persistent write.
  void tear(const std::string& addr) {
    Envelope e;
    e.type = "test.tear";
    e.id = "h-tear";
    e.from = "harness.tester";
    e.to = addr;
    e.body["after_writes"] = 1;
    cards_.at(addr)->handle(e);
  }
  bool corrupt_mac2 = false;  ///< flip MAC2 in DEBIT answers (a card the reader must not trust)
  bool force_61xx = false;    ///< answer data as 61xx + GET RESPONSE (STD-4.3.8)
  bool drop_debit_answer = false;  ///< debit, then lose the answer (the reader must recover)
  bool proof_asked = false;        ///< the reader sent GET TRANSACTION PROOF

 private:
  std::mutex mu_;
  std::map<std::string, std::shared_ptr<HostedActor>> cards_;
  int ids_ = 0;
  std::string pending_;
};

/// The acquiring backend the harness plays: answers like an issuer, authorises loads with the
/// issuer keys, and can stay silent for the first `silent` purchase requests.
std::optional<Json::Value> backend_answer(const PeerRequest& r, int* silent,
                                          const std::string& silent_type) {
  const std::string& t = r.env.type;
  if ((t == silent_type || silent_type == "*") && silent && *silent > 0) {
    --*silent;
    return std::nullopt;
  }
  if (t == "txn.batch") {
    Json::Value b;
    b["status"] = "OK";
    b["accepted"] = static_cast<int>(r.env.body["records"].size());
    b["rejects"] = Json::Value(Json::arrayValue);
    return b;
  }
  if (t == "topup.auth") {
    const auto& q = r.env.body;
    CardRef ref{q["card_ref"]["issuer"].asString(), q["card_ref"]["card_no"].asString()};
    purse::LoadData d;
    d.amount = q["amount"].asUInt();
    d.terminal = terminal_id_bytes(q["terminal_id"].asString()).value_or(Bytes(6, 0));
    d.online_atc = static_cast<std::uint16_t>(q["online_atc"].asUInt());
    d.card_random = from_hex(q["card_random"].asString()).value_or(Bytes{});
    d.old_balance = q["old_balance"].asUInt();
    d.date = digits_to_bcd(q["date"].asString()).value_or(Bytes{});
    d.time = digits_to_bcd(q["time"].asString()).value_or(Bytes{});
    Json::Value b;
    auto mac1 = from_hex(q["mac1"].asString());
    if (!mac1 || !purse::verify_load_mac1(crypto::Algorithm::sm4, ref, d, *mac1)) {
      b["status"] = "E2006";
      b["reason"] = "load MAC1 does not verify";
      return b;
    }
    b["status"] = "OK";
    b["mac2"] = to_hex(purse::issuer_load_mac2(crypto::Algorithm::sm4, ref, d));
    return b;
  }
  return kit::issuer_answer(r);
}

/// Per-case wiring: a fresh field and a fresh backend behaviour.
struct Bench {
  std::shared_ptr<Field> field = std::make_shared<Field>();
  std::shared_ptr<int> silent =
      std::make_shared<int>(0);  ///< requests of silent_type left unanswered
  std::shared_ptr<std::string> silent_type = std::make_shared<std::string>("*");
  explicit Bench(CaseContext& c) {
    auto f = field;
    auto s = silent;
    auto st = silent_type;
    c.peers().override_handler("card.", [f](const PeerRequest& r) { return f->handle(r); });
    c.peers().override_handler(
        "backend.", [s, st](const PeerRequest& r) { return backend_answer(r, s.get(), *st); });
  }
};

Json::Value tap(const std::string& service, const std::vector<std::string>& cards,
                std::uint32_t amount) {
  Json::Value b;
  b["service"] = service;
  for (const auto& c : cards) b["cards"].append(c);
  b["amount"] = amount;
  b["city"] = "310000";
  return b;
}

bool need_peers(CaseContext& c) {
  if (c.env().shared.isMember("peer_endpoint")) return true;
  c.inconc("IXIT harness.peer_endpoint is not set: the harness cannot play the cards");
  return false;
}

std::vector<PeerRequest> sent(CaseContext& c, const std::string& type) {
  std::vector<PeerRequest> out;
  for (const auto& r : c.peers().received())
    if (r.env.type == type) out.push_back(r);
  return out;
}

/// Every purchase record the reader sent (online txn.purchase or inside txn.batch), after asking
/// it to upload what it stored (term.flush): transit is offline first (STD-6.2).
std::vector<Json::Value> records(CaseContext& c) {
  c.call("term.flush", Json::Value(Json::objectValue));
  std::vector<Json::Value> out;
  for (const auto& r : c.peers().received()) {
    if (r.env.type == "txn.purchase") out.push_back(r.env.body);
    if (r.env.type == "txn.batch")
      for (const auto& rec : r.env.body["records"]) out.push_back(rec);
  }
  return out;
}

Status reader_setup(SuiteEnv& env) {
  if (env.ixit.peer_endpoint.empty())
    return Error{"ixit",
                 "the reader suite needs harness.peer_endpoint in the IXIT (cards and backend)"};
  auto bound = env.peers.start(env.ixit.peer_endpoint);
  if (!bound) return bound.error();
  env.shared["peer_endpoint"] = *bound;
  return ok_status();
}

/// Checks that `r`'s purchase record carries a TAC the issuer accepts.
bool tac_ok(const Json::Value& rec) {
  CardRef ref{rec["card_ref"]["issuer"].asString(), rec["card_ref"]["card_no"].asString()};
  purse::PurchaseData d;
  d.amount = rec["amount"].asUInt();
  d.txn_type = rec["txn_type"].asString() == "09" ? purse::kTypeCompound : purse::kTypePurchase;
  d.terminal = terminal_id_bytes(rec["terminal_id"].asString()).value_or(Bytes(6, 0));
  d.term_seq = rec["term_seq"].asUInt();
  d.atc = static_cast<std::uint16_t>(rec["atc"].asUInt());
  d.date = digits_to_bcd(rec["date"].asString()).value_or(Bytes{});
  d.time = digits_to_bcd(rec["time"].asString()).value_or(Bytes{});
  auto tac = from_hex(rec["tac"].asString());
  return tac && purse::verify_purchase_tac(crypto::Algorithm::sm4, ref, d, *tac);
}

}  // namespace

Suite reader_suite() {
  Suite s{"reader", "reader", "1.0.0", {}, reader_setup};
  Builder b(s);
  kit::add_common_cases(b, "RD", "term.flush", Json::Value(Json::objectValue));
  const std::string pre =
      "IUT reader running; the harness holds the cards and plays backend.<province>";
  b.add(
      "RD-TAP-001",
      "A transit tap with one card debits it once and answers OK with a txn_id from the terminal.",
      {"STD-6.1", "STD-2.5", "STD-2.4", "STD-4.3.4"}, "true", pre,
      "term.tap transit 200 fen, one card with 50 CNY",
      "OK, txn_id = <terminal>-<12 hex>, card balance - 200", [](CaseContext& c) {
        if (!need_peers(c)) return;
        Bench bench(c);
        const auto card = bench.field->add(1, 5000);
        auto a = c.call("term.tap", tap("transit", {card}, 200));
        if (!c.expect_status(a, "OK", "tap")) return;
        const std::string tid = c.ixit().iut_address.substr(7);
        const std::string txn = a->env.body["txn_id"].asString();
        c.check(txn.rfind(tid + "-", 0) == 0 && txn.size() == tid.size() + 13,
                "txn_id " + txn + " is not <terminal>-<12 hex>");
        c.check(bench.field->balance(card) == 4800u, "the card was not debited exactly 200 fen");
      });
  b.add("RD-TAP-002",
        "The purchase record reaches the backend (online or by batch) with the txn_id and a TAC "
        "that verifies.",
        {"STD-6.2", "STD-6.3", "STD-4.6"}, "true", pre, "term.tap transit 150 fen, term.flush",
        "a record with the tap's txn_id and a valid TAC", [](CaseContext& c) {
          if (!need_peers(c)) return;
          Bench bench(c);
          auto a = c.call("term.tap", tap("transit", {bench.field->add(2, 3000)}, 150));
          if (!c.expect_status(a, "OK", "tap")) return;
          bool found = false;
          for (const auto& rec : records(c))
            if (rec["txn_id"] == a->env.body["txn_id"]) {
              found = true;
              c.check(tac_ok(rec), "the record's TAC does not verify");
            }
          c.check(found, "no record with the tap's txn_id reached the backend");
        });
  b.add("RD-TAP-003", "Two cards in the field are refused with E2013 and neither is debited.",
        {"STD-6.1", "STD-9.2"}, "true", pre, "term.tap transit with two cards",
        "E2013; both balances unchanged", [](CaseContext& c) {
          if (!need_peers(c)) return;
          Bench bench(c);
          const auto c1 = bench.field->add(3, 2000), c2 = bench.field->add(4, 2000);
          c.expect_status(c.call("term.tap", tap("transit", {c1, c2}, 100)), "E2013", "two cards");
          c.check(bench.field->balance(c1) == 2000u && bench.field->balance(c2) == 2000u,
                  "a card was debited");
          c.check(sent(c, "txn.purchase").empty(), "a purchase record was sent for a refused tap");
        });
  b.add("RD-TAP-004", "A transit tap completes within the 400 ms budget (FACTS §5).",
        {"STD-10.1", "STD-6.1"}, "true", pre, "5 × term.tap transit", "every answer within 400 ms",
        [](CaseContext& c) {
          if (!need_peers(c)) return;
          Bench bench(c);
          const auto card = bench.field->add(5, 10000);
          double worst = 0;
          for (int i = 0; i < 5; ++i) {
            auto a = c.call("term.tap", tap("transit", {card}, 10));
            if (!c.expect_status(a, "OK", "tap")) return;
            worst = std::max(worst, a->latency_ms);
          }
          c.check(worst <= 400.0,
                  "slowest tap " + std::to_string(worst) + " ms over the 400 ms budget");
        });
  b.add("RD-TAP-005",
        "A tap above the balance is refused with E2005 and the card keeps its balance.",
        {"STD-6.1", "STD-4.4", "STD-9.2"}, "true", pre, "term.tap 500 fen on a card holding 100",
        "E2005", [](CaseContext& c) {
          if (!need_peers(c)) return;
          Bench bench(c);
          const auto card = bench.field->add(6, 100);
          c.expect_status(c.call("term.tap", tap("transit", {card}, 500)), "E2005",
                          "insufficient balance");
          c.check(bench.field->balance(card) == 100u, "the balance changed");
        });
  b.add("RD-TAP-006", "A tap naming a card that does not answer ends with E2014.",
        {"STD-6.1", "STD-10.4", "STD-9.2"}, "true", pre, "term.tap with a card not in the field",
        "E2014", [](CaseContext& c) {
          if (!need_peers(c)) return;
          Bench bench(c);
          c.expect_status(c.call("term.tap", tap("transit", {"card.Y31999999"}, 100)), "E2014",
                          "absent card");
        });
  b.add("RD-TAP-007", "A compound transit tap writes a type-09 record.", {"STD-4.3.3", "STD-6.1"},
        "compound_purchase", pre, "term.tap transit_compound 300 fen", "OK; record txn_type 09",
        [](CaseContext& c) {
          if (!need_peers(c)) return;
          Bench bench(c);
          auto a = c.call("term.tap", tap("transit_compound", {bench.field->add(7, 3000)}, 300));
          if (!c.expect_status(a, "OK", "compound tap")) return;
          bool found = false;
          for (const auto& rec : records(c))
            found = found ||
                    (rec["txn_id"] == a->env.body["txn_id"] && rec["txn_type"].asString() == "09");
          c.check(found, "no type-09 record for the tap reached the backend");
        });
  b.add("RD-TAP-008", "Two taps get two different txn_ids.", {"STD-2.5"}, "true", pre,
        "two term.tap", "distinct txn_ids", [](CaseContext& c) {
          if (!need_peers(c)) return;
          Bench bench(c);
          const auto card = bench.field->add(8, 3000);
          auto a1 = c.call("term.tap", tap("transit", {card}, 10));
          auto a2 = c.call("term.tap", tap("transit", {card}, 10));
          if (c.expect_status(a1, "OK", "tap 1") && c.expect_status(a2, "OK", "tap 2"))
            c.check(a1->env.body["txn_id"] != a2->env.body["txn_id"], "two taps shared a txn_id");
        });
  b.add("RD-TAP-009", "A card whose DEBIT answer carries a wrong MAC2 is not trusted (E2006).",
        {"STD-4.6", "STD-4.3.4"}, "true", pre, "term.tap; the harness card corrupts MAC2", "E2006",
        [](CaseContext& c) {
          if (!need_peers(c)) return;
          Bench bench(c);
          bench.field->corrupt_mac2 = true;
          c.expect_status(c.call("term.tap", tap("transit", {bench.field->add(9, 3000)}, 50)),
                          "E2006", "bad MAC2");
        });
  b.add("RD-TAP-010",
        "A tap on a card whose purse answers 9303 (application locked) is refused with E2004.",
        {"STD-4.4", "STD-4.5", "STD-6.1"}, "true", pre,
        "term.tap transit 100 fen; the harness card is revoked (locked, answers 9303)",
        "E2004; no purchase record", [](CaseContext& c) {
          if (!need_peers(c)) return;
          Bench bench(c);
          const auto card = bench.field->add(24, 3000, CardState::revoked);
          c.expect_status(c.call("term.tap", tap("transit", {card}, 100)), "E2004", "locked card");
          for (const auto& rec : records(c))
            c.check(rec["card_ref"]["card_no"].asString() != "Y31000024",
                    "a purchase record was sent for the locked card");
        });
  b.add("RD-RETRY-001",
        "When the backend does not answer an online request, the reader retries it with the same "
        "txn_id.",
        {"STD-10.4", "STD-2.5", "STD-6.8"}, "purse_load", pre,
        "term.tap topup; backend silent for the first topup.auth",
        "≥ 2 topup.auth, all with one txn_id", [](CaseContext& c) {
          if (!need_peers(c)) return;
          Bench bench(c);
          *bench.silent_type = "topup.auth";
          *bench.silent = 1;
          c.call("term.tap", tap("topup", {bench.field->add(10, 1000)}, 60));
          auto reqs = sent(c, "topup.auth");
          if (!c.check(reqs.size() >= 2,
                       "the reader did not retry (" + std::to_string(reqs.size()) + " request)"))
            return;
          for (const auto& r : reqs)
            c.check(r.env.body["txn_id"] == reqs[0].env.body["txn_id"],
                    "a retry used a new txn_id");
        });
  b.add("RD-RETRY-002", "After a retried top-up the card is credited exactly once.",
        {"STD-2.5", "STD-4.8", "STD-6.8"}, "purse_load", pre,
        "term.tap topup 70; backend silent once", "balance + 70 exactly once", [](CaseContext& c) {
          if (!need_peers(c)) return;
          Bench bench(c);
          *bench.silent_type = "topup.auth";
          *bench.silent = 1;
          const auto card = bench.field->add(11, 1000);
          c.call("term.tap", tap("topup", {card}, 70));
          c.check(bench.field->balance(card) == 1070u, "the card was not credited exactly once");
        });
  b.add("RD-OFF-001",
        "With the backend down the debit is kept offline and uploaded by term.flush with its TAC.",
        {"STD-6.3", "STD-6.1"}, "offline_batch", pre,
        "backend silent; term.tap; backend back; term.flush",
        "txn.batch holding the tap's txn_id with a valid TAC; uploaded ≥ 1", [](CaseContext& c) {
          if (!need_peers(c)) return;
          Bench bench(c);
          *bench.silent = 1000;  // every request unanswered: the backend is down
          auto a = c.call("term.tap", tap("transit", {bench.field->add(12, 3000)}, 80));
          if (!a) return c.fail("tap not answered with the backend down");
          *bench.silent = 0;
          auto f = c.call("term.flush", Json::Value(Json::objectValue));
          if (!c.expect_status(f, "OK", "flush")) return;
          auto batches = sent(c, "txn.batch");
          bool found = false, tacs = true;
          for (const auto& bt : batches)
            for (const auto& r : bt.env.body["records"]) {
              found = found || r["txn_id"] == a->env.body["txn_id"];
              tacs = tacs && tac_ok(r);
            }
          c.check(found, "the offline record was not uploaded");
          c.check(tacs, "an uploaded record's TAC does not verify");
          c.check(f->env.body["uploaded"].asInt() >= 1, "uploaded count is 0");
        });
  b.add("RD-OFF-002", "term.flush with nothing stored uploads 0 records.", {"STD-6.3", "STD-6.1"},
        "offline_batch", pre, "term.flush twice", "second: uploaded 0", [](CaseContext& c) {
          if (!need_peers(c)) return;
          Bench bench(c);
          c.call("term.flush", Json::Value(Json::objectValue));
          auto f = c.call("term.flush", Json::Value(Json::objectValue));
          if (c.expect_status(f, "OK", "flush"))
            c.check(f->env.body["uploaded"].asInt() == 0, "records uploaded twice");
        });
  b.add("RD-TOP-001",
        "A top-up credits the card once, with MAC1 sent to and MAC2 taken from the backend.",
        {"STD-6.8", "STD-10.2", "STD-4.3.5", "STD-4.3.6"}, "purse_load", pre,
        "term.tap topup 1000 fen", "OK, balance + 1000, topup.confirm sent", [](CaseContext& c) {
          if (!need_peers(c)) return;
          Bench bench(c);
          const auto card = bench.field->add(13, 1000);
          auto a = c.call("term.tap", tap("topup", {card}, 1000));
          if (!c.expect_status(a, "OK", "topup")) return;
          c.check(bench.field->balance(card) == 2000u, "the card was not credited exactly once");
          c.check(!sent(c, "topup.confirm").empty(), "no topup.confirm with the TAC was sent");
          c.check(a->latency_ms <= 1000.0, "top-up took longer than 1 s (FACTS §5)");
        });
  b.add("RD-TOP-002", "A top-up the backend refuses leaves the card uncredited.",
        {"STD-6.8", "STD-9.2"}, "purse_load", pre, "term.tap topup; backend answers E2012",
        "E2012; balance unchanged", [](CaseContext& c) {
          if (!need_peers(c)) return;
          Bench bench(c);
          c.peers().override_handler("backend.", [](const PeerRequest&) {
            Json::Value b;
            b["status"] = "E2012";
            b["reason"] = "purse maximum";
            return std::optional<Json::Value>(b);
          });
          const auto card = bench.field->add(14, 1000);
          c.expect_status(c.call("term.tap", tap("topup", {card}, 1000)), "E2012",
                          "refused top-up");
          c.check(bench.field->balance(card) == 1000u, "the card was credited anyway");
        });
  b.add("RD-ID-001",
        "Identity verification sends only the digest of the ID, never the full citizen ID.",
        {"STD-6.4", "STD-8.4", "STD-2.1", "STD-4.2"}, "identity_verification", pre,
        "term.tap identity", "id.verify with id_digest; no full ID", [](CaseContext& c) {
          if (!need_peers(c)) return;
          Bench bench(c);
          auto a = c.call("term.tap", tap("identity", {bench.field->add(15, 0)}, 0));
          auto reqs = sent(c, "id.verify");
          if (!c.check(!reqs.empty(), "no id.verify reached the backend")) return;
          c.check(!pii::contains_citizen_id(reqs[0].raw), "the full citizen ID left the terminal");
          c.check(reqs[0].env.body["id_digest"].asString().size() == 64,
                  "id_digest is not an SM3 hex digest");
          c.expect_status(a, "OK", "identity tap");
        });
  const std::vector<std::tuple<std::string, std::string, std::string, std::string>> svcs = {
      {"status", "card.status", "STD-6.5", "card_status"},
      {"venue", "venue.admit", "STD-6.6", "venue_admission"},
      {"medical", "med.presettle", "STD-6.7.1", "medical_settlement"},
      {"qr", "qr.verify", "STD-6.9", "qr_verify"}};
  int n = 1;
  for (const auto& [service, type, clause, ics] : svcs) {
    char id[32];
    std::snprintf(id, sizeof id, "RD-SVC-%03d", n++);
    b.add(id, "A " + service + " tap sends " + type + " to the acquiring backend and answers OK.",
          {clause, "STD-6.1"}, ics, pre, "term.tap " + service, type + " sent; OK",
          [service = service, type = type](CaseContext& c) {
            if (!need_peers(c)) return;
            Bench bench(c);
            Json::Value t = tap(service, {bench.field->add(20, 1000)}, 0);
            t["venue_id"] = "V310000001";
            t["token"] = "YKTQR1.310000.Y31000020.20991231000000.00";
            Json::Value it;
            it["code"] = "A001";
            it["qty"] = 1;
            it["unit_price"] = 1000;
            t["items"].append(it);
            // qr needs no card, but `cards` is a required field of term.tap (STD-6.1): an empty
            // field keeps the request schema-valid.
            if (service == "qr") t["cards"] = Json::Value(Json::arrayValue);
            auto a = c.call("term.tap", t);
            c.check(!sent(c, type).empty(), type + " did not reach the backend");
            c.expect_status(a, "OK", service + " tap");
          });
  }
  b.add("RD-GR-001",
        "The reader completes a purchase with a card that answers every command with 61xx.",
        {"STD-4.3.8", "STD-6.1"}, "true", pre,
        "term.tap transit; the harness card answers data as 61xx", "OK and the card debited once",
        [](CaseContext& c) {
          if (!need_peers(c)) return;
          Bench bench(c);
          bench.field->force_61xx = true;
          const auto card = bench.field->add(22, 3000);
          c.expect_status(c.call("term.tap", tap("transit", {card}, 40)), "OK",
                          "tap with 61xx card");
          bench.field->force_61xx = false;
          c.check(bench.field->balance(card) == 2960u, "the card was not debited exactly once");
        });
  b.add("RD-PROOF-001",
        "When a DEBIT answer is lost, the card's re-tap completes that transaction via GET "
        "TRANSACTION PROOF: one debit.",
        {"STD-4.3.9", "STD-4.8", "STD-2.5"}, "true", pre,
        "term.tap 45 fen; the card debits but its answer is lost; the same card taps again for 45 "
        "fen",
        "80 5A sent; balance - 45 exactly once; one record with a valid TAC", [](CaseContext& c) {
          if (!need_peers(c)) return;
          Bench bench(c);
          bench.field->drop_debit_answer = true;
          const auto card = bench.field->add(23, 3000);
          c.call("term.tap", tap("transit", {card}, 45));
          auto second = c.call("term.tap", tap("transit", {card}, 45));
          c.expect_status(second, "OK", "second tap");
          c.check(bench.field->proof_asked, "the reader never asked for the transaction proof");
          const auto bal = bench.field->balance(card);
          c.check(bal == 2955u, "balance " + std::to_string(bal.value_or(0)) +
                                    " after recovery, expected 2955 (one debit)");
          int good = 0;
          for (const auto& rec : records(c))
            good += (rec["card_ref"]["card_no"].asString() == "Y31000023" && tac_ok(rec)) ? 1 : 0;
          c.check(good == 1,
                  std::to_string(good) + " valid records for the one debit (expected 1)");
        });
  b.add("RD-TEAR-001",
        "A card that loses power during DEBIT ends the tap with E2014 and no record without a TAC.",
        {"STD-4.8", "STD-6.1"}, "true", pre, "term.tap; the harness card tears at its first write",
        "E2014; no txn.purchase for the torn debit", [](CaseContext& c) {
          if (!need_peers(c)) return;
          Bench bench(c);
          const auto card = bench.field->add(21, 3000);
          bench.field->tear(card);
          auto a = c.call("term.tap", tap("transit", {card}, 90));
          c.expect_status(a, "E2014", "torn debit");
          for (const auto& r : sent(c, "txn.purchase"))
            c.check(r.env.body["tac"].asString().size() == 8, "a record without a TAC was sent");
        });
  return s;
}

}  // namespace ykt::certify
