// The backend suite (BE-*): the harness plays the acquirer's terminals (sending as
// reader.<province>000901), the exchange and, behind it, the other provinces' backends (one
// peer endpoint the IUT's topology routes `exchange` and `backend.*` to).
#include <regex>
#include "common/bcd.hpp"
#include "common/card_ref.hpp"
#include "common/purse_crypto.hpp"

#include "crypto.hpp"
#include "pii.hpp"
#include "suite_kit.hpp"
#include "suites.hpp"

namespace ykt::certify {

namespace {

using kit::Builder;
using namespace codec;

std::string terminal(CaseContext& c) {
  return c.ixit().province + "000901";
}

Status backend_setup(SuiteEnv& env) {
  if (env.ixit.peer_endpoint.empty()) return ok_status();  // cases needing peers go inconc
  auto bound = env.peers.start(env.ixit.peer_endpoint);
  if (!bound) return bound.error();
  env.peers.handle("", kit::issuer_answer);
  env.shared["peer_endpoint"] = *bound;
  return ok_status();
}

bool need_peers(CaseContext& c) {
  if (c.env().shared.isMember("peer_endpoint")) return true;
  c.inconc("IXIT harness.peer_endpoint is not set: the harness cannot play the exchange");
  return false;
}

/// Waits for the IUT to forward a request of `type` carrying `txn_id` (or any, when empty).
std::optional<PeerRequest> forwarded(CaseContext& c, const std::string& type,
                                     const std::string& txn_id) {
  return c.peers().wait_for(
      [&](const PeerRequest& r) {
        return r.env.type == type && (txn_id.empty() || r.env.body["txn_id"].asString() == txn_id);
      },
      std::chrono::milliseconds(500));
}

/// A topup.auth body for `card` with a MAC1 of zeros (refusal cases; STD-6.8).
Json::Value unsigned_topup(CaseContext& c, const Json::Value& card, int online_atc,
                           int old_balance) {
  Json::Value body;
  body["txn_id"] = c.new_txn_id(terminal(c));
  body["terminal_id"] = terminal(c);
  body["card_ref"] = card;
  body["amount"] = 500;
  body["online_atc"] = online_atc;
  body["card_random"] = "01020304";
  body["old_balance"] = old_balance;
  body["mac1"] = "00000000";
  body["date"] = "20261130";
  body["time"] = "120000";
  return body;
}

}  // namespace

Suite backend_suite() {
  Suite s{"backend", "backend", "1.0.0", {}, backend_setup};
  Builder b(s);
  Json::Value ping(Json::objectValue);
  Json::Value apps;
  apps["province"] = "310000";
  kit::add_common_cases(b, "BE", "apps.list", apps);
  const std::string pre = "IUT backend running with the IXIT's test cards";

  b.add("BE-TXN-001", "An online purchase on an active local card is accepted.",
        {"STD-6.2", "STD-2.4", "STD-7.1"}, "true", pre, "txn.purchase 150 fen, card_active",
        "status OK", [](CaseContext& c) {
          auto card = kit::card(c, "card_active");
          if (!card) return;
          c.expect_status(c.call("txn.purchase", kit::purchase_body(c, terminal(c), *card, 150,
                                                                    c.new_txn_id(terminal(c)))),
                          "OK", "purchase");
        });
  b.add(
      "BE-TXN-002",
      "A repeated txn_id with the same content returns the original answer and is processed once.",
      {"STD-2.5", "STD-6.2", "STD-3.5"}, "true", pre,
      "the same txn.purchase twice (new envelope ids)", "both OK, identical bodies",
      [](CaseContext& c) {
        auto card = kit::card(c, "card_active");
        if (!card) return;
        const Json::Value body =
            kit::purchase_body(c, terminal(c), *card, 120, c.new_txn_id(terminal(c)));
        auto a1 = c.call("txn.purchase", body);
        auto a2 = c.call("txn.purchase", body);
        if (!c.expect_status(a1, "OK", "first") || !c.expect_status(a2, "OK", "repeat")) return;
        c.check(a1->env.body == a2->env.body, "the repeated txn_id got a different answer");
      });
  b.add("BE-TXN-003", "A repeated txn_id with different content is refused with E2007.",
        {"STD-2.5", "STD-9.2"}, "true", pre,
        "txn.purchase, then the same txn_id with another amount", "second: E2007",
        [](CaseContext& c) {
          auto card = kit::card(c, "card_active");
          if (!card) return;
          Json::Value body =
              kit::purchase_body(c, terminal(c), *card, 100, c.new_txn_id(terminal(c)));
          c.expect_status(c.call("txn.purchase", body), "OK", "first");
          body["amount"] = 999;
          c.expect_status(c.call("txn.purchase", body), "E2007", "conflicting repeat");
        });
  const std::vector<std::tuple<std::string, std::string, std::string>> states = {
      {"card_lost", "E2002", "lost"},
      {"card_frozen", "E2003", "frozen"},
      {"card_revoked", "E2004", "revoked"},
      {"card_unknown", "E2001", "unknown"}};
  int n = 4;
  for (const auto& [key, code, word] : states) {
    char id[32];
    std::snprintf(id, sizeof id, "BE-TXN-%03d", n++);
    b.add(id, "A purchase on a " + word + " card is refused with " + code + ".",
          {"STD-6.2", "STD-4.5", "STD-9.2"}, "true", pre, "txn.purchase on test_data." + key, code,
          [key = key, code = code](CaseContext& c) {
            auto card = kit::card(c, key);
            if (!card) return;
            c.expect_status(c.call("txn.purchase", kit::purchase_body(c, terminal(c), *card, 100,
                                                                      c.new_txn_id(terminal(c)))),
                            code, "purchase on " + key);
          });
  }
  b.add("BE-TXN-008", "A purchase without amount is refused with E1002.",
        {"STD-6.2", "STD-3.2", "STD-9.2"}, "true", pre, "txn.purchase without amount", "E1002",
        [](CaseContext& c) {
          auto card = kit::card(c, "card_active");
          if (!card) return;
          Json::Value body =
              kit::purchase_body(c, terminal(c), *card, 100, c.new_txn_id(terminal(c)));
          body.removeMember("amount");
          c.expect_status(c.call("txn.purchase", body), "E1002", "missing amount");
        });
  b.add("BE-TXN-009", "A purchase whose TAC does not verify is refused with E2006.",
        {"STD-6.2", "STD-4.6"}, "true", pre, "txn.purchase with the TAC's first byte changed",
        "E2006", [](CaseContext& c) {
          auto card = kit::card(c, "card_active");
          if (!card) return;
          Json::Value body =
              kit::purchase_body(c, terminal(c), *card, 100, c.new_txn_id(terminal(c)));
          std::string tac = body["tac"].asString();
          tac[0] = tac[0] == '0' ? '1' : '0';
          body["tac"] = tac;
          c.expect_status(c.call("txn.purchase", body), "E2006", "bad TAC");
        });
  b.add("BE-TXN-010",
        "A purchase whose online field is not a boolean is refused with an error E1002.",
        {"STD-3.2", "STD-3.6", "STD-6.2"}, "true", pre,
        "txn.purchase 100 fen, card_active, online = \"yes\" (a string)", "error E1002",
        [](CaseContext& c) {
          auto card = kit::card(c, "card_active");
          if (!card) return;
          Json::Value body =
              kit::purchase_body(c, terminal(c), *card, 100, c.new_txn_id(terminal(c)));
          body["online"] = "yes";
          auto a = c.call("txn.purchase", body);
          if (c.expect_status(a, "E1002", "wrongly typed online"))
            c.check(a->env.type == "error",
                    "E1002 came as " + a->env.type + ", not as an error message (STD-3.6)");
        });
  b.add("BE-BATCH-001", "An offline batch of three valid records is accepted in full.", {"STD-6.3"},
        "offline_batch", pre, "txn.batch with 3 records (online:false)",
        "OK, accepted 3, no rejects", [](CaseContext& c) {
          auto card = kit::card(c, "card_active");
          if (!card) return;
          Json::Value batch;
          batch["batch_id"] = c.new_txn_id(terminal(c));
          batch["terminal_id"] = terminal(c);
          for (int i = 0; i < 3; ++i) {
            Json::Value r =
                kit::purchase_body(c, terminal(c), *card, 10 + i, c.new_txn_id(terminal(c)));
            r["online"] = false;
            batch["records"].append(r);
          }
          auto a = c.call("txn.batch", batch);
          if (c.expect_status(a, "OK", "batch"))
            c.check(a->env.body["accepted"].asInt() == 3 && a->env.body["rejects"].size() == 0,
                    "not all 3 records accepted");
        });
  b.add("BE-BATCH-002",
        "A batch record reusing an accepted txn_id with other content is rejected with E2007; the "
        "rest is accepted.",
        {"STD-6.3", "STD-2.5", "STD-9.2"}, "offline_batch", pre,
        "txn.batch: 1 new record + 1 record reusing an online txn_id",
        "accepted 1, rejects [{txn_id, E2007}]", [](CaseContext& c) {
          auto card = kit::card(c, "card_active");
          if (!card) return;
          Json::Value online =
              kit::purchase_body(c, terminal(c), *card, 30, c.new_txn_id(terminal(c)));
          if (!c.expect_status(c.call("txn.purchase", online), "OK", "online purchase")) return;
          Json::Value batch;
          batch["batch_id"] = c.new_txn_id(terminal(c));
          batch["terminal_id"] = terminal(c);
          Json::Value r1 = kit::purchase_body(c, terminal(c), *card, 11, c.new_txn_id(terminal(c)));
          Json::Value r2 =
              kit::purchase_body(c, terminal(c), *card, 31, online["txn_id"].asString());
          r1["online"] = false;
          r2["online"] = false;
          batch["records"].append(r1);
          batch["records"].append(r2);
          auto a = c.call("txn.batch", batch);
          if (!c.expect_status(a, "OK", "batch")) return;
          const auto& rej = a->env.body["rejects"];
          c.check(a->env.body["accepted"].asInt() == 1 && rej.size() == 1 &&
                      rej[0]["txn_id"] == r2["txn_id"] && rej[0]["status"].asString() == "E2007",
                  "expected 1 accepted and the conflicting record rejected with E2007");
        });
  b.add("BE-BATCH-004",
        "An offline record of a card reported lost later is still accepted (the debit stands).",
        {"STD-6.3", "STD-4.5", "STD-12.3"}, "offline_batch", pre,
        "txn.batch with one record on card_lost", "accepted 1, no rejects", [](CaseContext& c) {
          auto lost = kit::card(c, "card_lost");
          if (!lost) return;
          Json::Value batch;
          batch["batch_id"] = c.new_txn_id(terminal(c));
          batch["terminal_id"] = terminal(c);
          Json::Value r = kit::purchase_body(c, terminal(c), *lost, 12, c.new_txn_id(terminal(c)));
          r["online"] = false;
          batch["records"].append(r);
          auto a = c.call("txn.batch", batch);
          if (c.expect_status(a, "OK", "batch"))
            c.check(a->env.body["accepted"].asInt() == 1 && a->env.body["rejects"].size() == 0,
                    "an offline debit of a since-lost card was refused");
        });
  b.add("BE-BATCH-003", "A batch repeating an already accepted txn_id does not debit it twice.",
        {"STD-6.3", "STD-2.5", "STD-10.4"}, "offline_batch", pre, "the same batch twice",
        "second: same answer, no double count", [](CaseContext& c) {
          auto card = kit::card(c, "card_active");
          if (!card) return;
          Json::Value batch;
          batch["batch_id"] = c.new_txn_id(terminal(c));
          batch["terminal_id"] = terminal(c);
          Json::Value r = kit::purchase_body(c, terminal(c), *card, 13, c.new_txn_id(terminal(c)));
          r["online"] = false;
          batch["records"].append(r);
          auto a1 = c.call("txn.batch", batch);
          auto a2 = c.call("txn.batch", batch);
          if (!c.expect_status(a1, "OK", "first batch") || !c.expect_status(a2, "OK", "repeat"))
            return;
          c.check(a1->env.body == a2->env.body, "the repeated batch got a different answer");
        });
  b.add("BE-STAT-001",
        "card.status of an active local card answers state active and its home city.",
        {"STD-6.5", "STD-2.3"}, "card_status", pre, "card.status card_active",
        "OK, state active, home_city 6 digits", [](CaseContext& c) {
          auto card = kit::card(c, "card_active");
          if (!card) return;
          Json::Value body;
          body["card_ref"] = *card;
          auto a = c.call("card.status", body);
          if (c.expect_status(a, "OK", "card.status"))
            c.check(a->env.body["state"].asString() == "active" &&
                        a->env.body["home_city"].asString().size() == 6,
                    "state or home_city wrong");
        });
  b.add("BE-STAT-002", "card.status of a lost card answers state lost.", {"STD-6.5", "STD-4.5"},
        "card_status", pre, "card.status card_lost", "OK, state lost", [](CaseContext& c) {
          auto card = kit::card(c, "card_lost");
          if (!card) return;
          Json::Value body;
          body["card_ref"] = *card;
          auto a = c.call("card.status", body);
          if (c.expect_status(a, "OK", "card.status"))
            c.check(a->env.body["state"].asString() == "lost", "state is not lost");
        });
  b.add("BE-STAT-003", "card.status of an unknown local card is refused with E2001.",
        {"STD-6.5", "STD-9.2"}, "card_status", pre, "card.status card_unknown", "E2001",
        [](CaseContext& c) {
          auto card = kit::card(c, "card_unknown");
          if (!card) return;
          Json::Value body;
          body["card_ref"] = *card;
          c.expect_status(c.call("card.status", body), "E2001", "unknown card");
        });
  b.add("BE-ID-001", "id.verify with the holder's digest matches and returns only the masked ID.",
        {"STD-6.4", "STD-8.4", "STD-2.1"}, "identity_verification", pre,
        "id.verify card_active with id_digest",
        "OK, match true, holder.id_masked masked, no full ID", [](CaseContext& c) {
          auto card = kit::card(c, "card_active");
          auto dig = card ? kit::data(c, "id_digest_active") : std::nullopt;
          if (!dig) return;
          Json::Value body;
          body["txn_id"] = c.new_txn_id(terminal(c));
          body["card_ref"] = *card;
          body["id_digest"] = *dig;
          auto a = c.call("id.verify", body);
          if (!c.expect_status(a, "OK", "id.verify")) return;
          c.check(a->env.body["match"].asBool(), "match is not true for the right digest");
          c.check(a->env.body["holder"]["id_masked"].asString().find('*') != std::string::npos,
                  "holder.id_masked is not masked");
          c.check(kit::free_of_citizen_ids(a->env.body), "the answer carries a full citizen ID");
        });
  b.add("BE-ID-002", "id.verify with a wrong digest does not match (match false or E2009).",
        {"STD-6.4", "STD-2.1"}, "identity_verification", pre, "id.verify with SM3 of another ID",
        "match false or E2009", [](CaseContext& c) {
          auto card = kit::card(c, "card_active");
          if (!card) return;
          Json::Value body;
          body["txn_id"] = c.new_txn_id(terminal(c));
          body["card_ref"] = *card;
          body["id_digest"] = to_hex(crypto::sm3(std::string("ykt-id/1|11010519491231002X|x")));
          auto a = c.call("id.verify", body);
          if (!a) return c.fail(c.last_received());
          const std::string st = a->env.body["status"].asString();
          c.check(st == "E2009" || (st == "OK" && !a->env.body["match"].asBool()),
                  "a wrong digest was reported as a match (status " + st + ")");
        });
  b.add("BE-VEN-001",
        "venue.admit for a local resident at a local venue admits at the local price.", {"STD-6.6"},
        "venue_admission", pre, "venue.admit card_active, venue in the IUT's province",
        "OK, admitted, price ≤ base_price", [](CaseContext& c) {
          auto card = kit::card(c, "card_active");
          auto venue = card ? kit::data(c, "venue") : std::nullopt;
          if (!venue) return;
          Json::Value body;
          body["txn_id"] = c.new_txn_id(terminal(c));
          body["card_ref"] = *card;
          body["venue_id"] = (*venue)["venue_id"];
          body["venue_city"] = (*venue)["venue_city"];
          body["base_price"] = 5000;
          auto a = c.call("venue.admit", body);
          if (c.expect_status(a, "OK", "venue.admit"))
            c.check(a->env.body["admitted"].asBool() && a->env.body["price"].asInt() <= 5000,
                    "not admitted or price above the base price");
        });
  b.add("BE-MED-001", "med.presettle splits the total into fund and self parts that add up.",
        {"STD-6.7.1"}, "medical_settlement", pre, "med.presettle card_active, 2 catalogue items",
        "OK, fund_pays + self_pays = total, covered ≤ total", [](CaseContext& c) {
          auto card = kit::card(c, "card_active");
          auto items = card ? kit::data(c, "med_items") : std::nullopt;
          if (!items) return;
          Json::Value body;
          body["txn_id"] = c.new_txn_id(terminal(c));
          body["card_ref"] = *card;
          body["treatment_city"] = c.ixit().province;
          body["items"] = *items;
          auto a = c.call("med.presettle", body);
          if (!c.expect_status(a, "OK", "presettle")) return;
          const auto& r = a->env.body;
          c.check(r["fund_pays"].asInt64() + r["self_pays"].asInt64() == r["total"].asInt64() &&
                      r["covered"].asInt64() <= r["total"].asInt64(),
                  "fund_pays + self_pays differs from total, or covered > total");
        });
  b.add("BE-MED-002", "med.settle of a pre-settlement confirms the same split.", {"STD-6.7.2"},
        "medical_settlement", pre, "med.presettle then med.settle with its txn_id",
        "OK, settlement_id, same fund/self split", [](CaseContext& c) {
          auto card = kit::card(c, "card_active");
          auto items = card ? kit::data(c, "med_items") : std::nullopt;
          if (!items) return;
          Json::Value pre_body;
          pre_body["txn_id"] = c.new_txn_id(terminal(c));
          pre_body["card_ref"] = *card;
          pre_body["treatment_city"] = c.ixit().province;
          pre_body["items"] = *items;
          auto p = c.call("med.presettle", pre_body);
          if (!c.expect_status(p, "OK", "presettle")) return;
          Json::Value body;
          body["txn_id"] = c.new_txn_id(terminal(c));
          body["presettle_id"] = pre_body["txn_id"];
          body["card_ref"] = *card;
          auto a = c.call("med.settle", body);
          if (!c.expect_status(a, "OK", "settle")) return;
          c.check(a->env.body["fund_pays"] == p->env.body["fund_pays"] &&
                      a->env.body["self_pays"] == p->env.body["self_pays"] &&
                      a->env.body["settlement_id"].isString(),
                  "settlement split differs from the pre-settlement");
        });
  b.add("BE-MED-003", "med.settle of an unknown pre-settlement is refused with E2015.",
        {"STD-6.7.2", "STD-9.1"}, "medical_settlement", pre,
        "med.settle with a presettle_id never issued", "E2015", [](CaseContext& c) {
          auto card = kit::card(c, "card_active");
          if (!card) return;
          Json::Value body;
          body["txn_id"] = c.new_txn_id(terminal(c));
          body["presettle_id"] = c.new_txn_id(terminal(c));
          body["card_ref"] = *card;
          c.expect_status(c.call("med.settle", body), "E2015", "unknown pre-settlement");
        });
  b.add("BE-TOP-001",
        "topup.auth with a card MAC1 that verifies returns a MAC2 the card will accept.",
        {"STD-6.8", "STD-4.6", "STD-4.7"}, "purse_load", pre,
        "topup.auth card_active 500 fen with MAC1", "OK, mac2 = issuer load MAC2",
        [](CaseContext& c) {
          auto card = kit::card(c, "card_active");
          if (!card) return;
          CardRef ref{(*card)["issuer"].asString(), (*card)["card_no"].asString()};
          purse::LoadData d;
          d.amount = 500;
          d.terminal = *terminal_id_bytes(terminal(c));
          d.online_atc = 3;
          d.card_random = crypto::random_bytes(4);
          d.old_balance = 1000;
          d.date = bcd_date(wall_now());
          d.time = bcd_time(wall_now());
          const auto alg = crypto::Algorithm::sm4;
          const Bytes sk =
              purse::load_session_key(alg, purse::card_key(alg, ref, keys::Purpose::load), d);
          Json::Value body;
          body["txn_id"] = c.new_txn_id(terminal(c));
          body["terminal_id"] = terminal(c);
          body["card_ref"] = *card;
          body["amount"] = 500;
          body["online_atc"] = 3;
          body["card_random"] = to_hex(d.card_random);
          body["old_balance"] = 1000;
          body["mac1"] = to_hex(purse::load_mac1(alg, sk, d));
          body["date"] = *bcd_to_digits(d.date);
          body["time"] = *bcd_to_digits(d.time);
          auto a = c.call("topup.auth", body);
          if (!c.expect_status(a, "OK", "topup.auth")) return;
          auto mac2 = from_hex(a->env.body["mac2"].asString());
          c.check(mac2 && *mac2 == purse::issuer_load_mac2(alg, ref, d),
                  "mac2 is not the issuer's load MAC2");
        });
  b.add("BE-TOP-002", "topup.auth with a MAC1 that does not verify is refused with E2006.",
        {"STD-6.8", "STD-9.2"}, "purse_load", pre, "topup.auth with mac1 = 00000000", "E2006",
        [](CaseContext& c) {
          auto card = kit::card(c, "card_active");
          if (!card) return;
          c.expect_status(c.call("topup.auth", unsigned_topup(c, *card, 4, 1000)), "E2006",
                          "bad load MAC1");
        });
  b.add("BE-TOP-003", "topup.auth that would take the purse above 200 CNY is refused with E2012.",
        {"STD-6.8", "STD-9.2"}, "purse_load", pre, "topup.auth old_balance 19900 + 500", "E2012",
        [](CaseContext& c) {
          auto card = kit::card(c, "card_active");
          if (!card) return;
          c.expect_status(c.call("topup.auth", unsigned_topup(c, *card, 5, 19900)), "E2012",
                          "load above purse maximum");
        });
  b.add("BE-TOP-004", "topup.confirm for a transaction never authorised is refused with E2015.",
        {"STD-6.8", "STD-9.2"}, "purse_load", pre, "topup.confirm unknown txn_id", "E2015",
        [](CaseContext& c) {
          auto card = kit::card(c, "card_active");
          if (!card) return;
          Json::Value body;
          body["txn_id"] = c.new_txn_id(terminal(c));
          body["card_ref"] = *card;
          body["tac"] = "00000000";
          c.expect_status(c.call("topup.confirm", body), "E2015", "confirm of unknown top-up");
        });
  b.add("BE-QR-001", "A token the issuer just issued verifies as valid with its card.",
        {"STD-6.9", "STD-5.1", "STD-5.3"}, "qr_verify", pre,
        "qr.issue card_active, then qr.verify of the token", "OK, valid true, card_ref",
        [](CaseContext& c) {
          auto card = kit::card(c, "card_active");
          if (!card) return;
          Json::Value q;
          q["card_ref"] = *card;
          auto issued = c.call("qr.issue", q, "harness.app");
          if (!c.expect_status(issued, "OK", "qr.issue")) return;
          Json::Value body;
          body["txn_id"] = c.new_txn_id(terminal(c));
          body["token"] = issued->env.body["token"];
          auto a = c.call("qr.verify", body);
          if (c.expect_status(a, "OK", "qr.verify"))
            c.check(a->env.body["valid"].asBool() && a->env.body["card_ref"] == *card,
                    "token not reported valid with its card");
        });
  b.add("BE-QR-004", "qr.issue gives a token for an active card that expires within 60 s.",
        {"STD-5.4", "STD-5.2"}, "qr_verify", pre, "qr.issue card_active ttl_s 60",
        "OK, token, expires ≤ now + 60 s, card_ref", [](CaseContext& c) {
          auto card = kit::card(c, "card_active");
          if (!card) return;
          Json::Value q;
          q["card_ref"] = *card;
          q["ttl_s"] = 60;
          auto a = c.call("qr.issue", q, "harness.app");
          if (!c.expect_status(a, "OK", "qr.issue")) return;
          const std::int64_t now_s = to_epoch_ms(wall_now()) / 1000;
          const std::int64_t exp = a->env.body["expires"].asInt64();
          c.check(a->env.body["token"].isString() && exp > now_s && exp <= now_s + 61,
                  "token or expiry wrong");
          c.check(a->env.body["card_ref"] == *card, "the token's card_ref differs");
        });
  b.add("BE-QR-005", "qr.issue for a lost card is refused with E2002.",
        {"STD-5.4", "STD-4.5", "STD-9.2"}, "qr_verify", pre, "qr.issue card_lost", "E2002",
        [](CaseContext& c) {
          auto card = kit::card(c, "card_lost");
          if (!card) return;
          Json::Value q;
          q["card_ref"] = *card;
          c.expect_status(c.call("qr.issue", q, "harness.app"), "E2002", "qr.issue on a lost card");
        });
  b.add("BE-QR-002", "qr.verify of a token with a broken signature is refused with E2010.",
        {"STD-6.9", "STD-5.3"}, "qr_verify", pre, "qr.verify with a garbled token", "E2010",
        [](CaseContext& c) {
          Json::Value body;
          body["txn_id"] = c.new_txn_id(terminal(c));
          body["token"] = "YKTQR1.310000.Y31000001.20261130120000.deadbeef";
          c.expect_status(c.call("qr.verify", body), "E2010", "garbled token");
        });
  b.add("BE-QR-003", "qr.verify of an expired token is refused with E2011.", {"STD-6.9", "STD-5.2"},
        "qr_verify", pre, "qr.verify test_data.qr_expired", "E2011", [](CaseContext& c) {
          auto tok = kit::data(c, "qr_expired");
          if (!tok) return;
          Json::Value body;
          body["txn_id"] = c.new_txn_id(terminal(c));
          body["token"] = *tok;
          c.expect_status(c.call("qr.verify", body), "E2011", "expired token");
        });
  b.add("BE-APP-001", "apps.list answers a versioned application-item list.",
        {"STD-11.2", "STD-11.1"}, "apps_list", pre, "apps.list province",
        "OK, version, items with id, name_zh, name_en", [](CaseContext& c) {
          Json::Value body;
          body["province"] = c.ixit().province;
          auto a = c.call("apps.list", body);
          if (!c.expect_status(a, "OK", "apps.list")) return;
          const auto& items = a->env.body["items"];
          c.check(std::regex_match(a->env.body["version"].asString(),
                                   std::regex("[0-9]{4}\\.[0-9]+")) &&
                      items.isArray() && items.size() > 0 && items[0]["name_zh"].isString() &&
                      items[0]["name_en"].isString(),
                  "list has no version or items with Chinese and English names");
        });
  b.add("BE-ROUTE-001",
        "A purchase on another province's card is forwarded with the same txn_id and card_ref.",
        {"STD-7.1", "STD-7.2", "STD-2.6"}, "true",
        pre + "; topology routes exchange to the harness", "txn.purchase on card_foreign",
        "request forwarded to the exchange; answer OK relayed", [](CaseContext& c) {
          if (!need_peers(c)) return;
          auto card = kit::card(c, "card_foreign");
          if (!card) return;
          const std::string txn = c.new_txn_id(terminal(c));
          auto a = c.call("txn.purchase", kit::purchase_body(c, terminal(c), *card, 200, txn));
          auto f = forwarded(c, "txn.purchase", txn);
          if (!c.check(f.has_value(), "the purchase was not forwarded to the exchange")) return;
          c.check(f->env.body["card_ref"] == *card, "the forwarded card_ref differs");
          // STD-7.1: never straight to the issuing province's backend.
          c.check(f->env.to == "exchange", "forwarded to " + f->env.to + ", not the exchange");
          c.expect_status(a, "OK", "relayed answer");
        });
  b.add("BE-ROUTE-002", "Requests the IUT forwards are authenticated with its own key.",
        {"STD-8.2", "STD-7.3"}, "true", pre, "card.status on card_foreign",
        "forwarded request's MAC verifies, kid = IUT", [](CaseContext& c) {
          if (!need_peers(c)) return;
          auto card = kit::card(c, "card_foreign");
          if (!card) return;
          Json::Value body;
          body["card_ref"] = *card;
          c.call("card.status", body);
          auto f = forwarded(c, "card.status", "");
          if (!c.check(f.has_value(), "card.status was not forwarded")) return;
          c.check(f->mac_ok && f->env.from == c.ixit().iut_address,
                  "the forwarded request is not signed by the IUT");
        });
  b.add("BE-ROUTE-003",
        "A foreign card's id.verify is forwarded with the digest only: no full citizen ID leaves.",
        {"STD-8.4", "STD-6.4", "STD-7.3"}, "identity_verification", pre,
        "id.verify on card_foreign", "forwarded body and relayed answer carry no full citizen ID",
        [](CaseContext& c) {
          if (!need_peers(c)) return;
          auto card = kit::card(c, "card_foreign");
          if (!card) return;
          Json::Value body;
          body["txn_id"] = c.new_txn_id(terminal(c));
          body["card_ref"] = *card;
          body["id_digest"] = to_hex(crypto::sm3(std::string("ykt-id/1|320509198512120010|") +
                                                 (*card)["card_no"].asString()));
          auto a = c.call("id.verify", body);
          auto f = forwarded(c, "id.verify", body["txn_id"].asString());
          if (!c.check(f.has_value(), "id.verify was not forwarded")) return;
          c.check(!pii::contains_citizen_id(f->raw),
                  "the forwarded request carries a full citizen ID");
          if (c.expect_status(a, "OK", "relayed answer"))
            c.check(kit::free_of_citizen_ids(a->env.body),
                    "the relayed answer carries a full citizen ID");
        });
  b.add("BE-ROUTE-004",
        "When the exchange does not answer, the IUT answers E3002 within its budget.",
        {"STD-7.4", "STD-10.3", "STD-10.4"}, "true", pre,
        "card.status on card_foreign; the harness exchange stays silent",
        "E3002 within the reply time-out", [](CaseContext& c) {
          if (!need_peers(c)) return;
          auto card = kit::card(c, "card_foreign");
          if (!card) return;
          c.peers().override_handler(
              "", [](const PeerRequest&) { return std::optional<Json::Value>(); });
          Json::Value body;
          body["card_ref"] = *card;
          c.expect_status(c.call("card.status", body), "E3002", "issuer silent");
        });
  b.add("BE-ROUTE-005",
        "A card whose issuer region is not one of the four provinces ends in E3001 (own or the "
        "exchange's, relayed).",
        {"STD-2.3", "STD-9.2"}, "true", pre, "card.status on issuer 990100", "E3001",
        [](CaseContext& c) {
          Json::Value body;
          body["card_ref"]["issuer"] = "990100";
          body["card_ref"]["card_no"] = "Y99000001";
          auto a = c.call("card.status", body);
          const std::string st = a ? a->env.body["status"].asString() : "";
          c.check(st == "E3001" || st == "E1002",
                  "unknown region answered " + (a ? st : std::string("nothing")));
        });
  b.add("BE-ROUTE-006",
        "An error from the issuer (card lost) is relayed to the terminal unchanged.",
        {"STD-7.3", "STD-9.1"}, "true", pre,
        "txn.purchase on card_foreign; harness issuer answers E2002", "E2002 relayed",
        [](CaseContext& c) {
          if (!need_peers(c)) return;
          auto card = kit::card(c, "card_foreign");
          if (!card) return;
          c.peers().override_handler("", [](const PeerRequest&) {
            Json::Value b;
            b["status"] = "E2002";
            b["reason"] = "card reported lost";
            return std::optional<Json::Value>(b);
          });
          c.expect_status(c.call("txn.purchase", kit::purchase_body(c, terminal(c), *card, 100,
                                                                    c.new_txn_id(terminal(c)))),
                          "E2002", "relayed issuer error");
        });
  b.add("BE-ISS-001", "As issuer, card.status from the exchange for a local card is answered.",
        {"STD-7.1", "STD-6.5"}, "card_status", pre, "card.status from exchange on card_active",
        "OK, state active", [](CaseContext& c) {
          auto card = kit::card(c, "card_active");
          if (!card) return;
          Json::Value body;
          body["card_ref"] = *card;
          auto a = c.call("card.status", body, "exchange");
          if (c.expect_status(a, "OK", "issuer card.status"))
            c.check(a->env.body["state"].asString() == "active", "state is not active");
        });
  b.add("BE-ISS-002",
        "As issuer, id.verify from the exchange is answered without a full citizen ID.",
        {"STD-8.4", "STD-6.4", "STD-7.1"}, "identity_verification", pre,
        "id.verify from exchange on card_active", "OK, no full citizen ID anywhere in the answer",
        [](CaseContext& c) {
          auto card = kit::card(c, "card_active");
          auto dig = card ? kit::data(c, "id_digest_active") : std::nullopt;
          if (!dig) return;
          Json::Value body;
          body["txn_id"] = c.new_txn_id("backend.320000");
          body["card_ref"] = *card;
          body["id_digest"] = *dig;
          auto a = c.call("id.verify", body, "exchange");
          if (c.expect_status(a, "OK", "issuer id.verify"))
            c.check(kit::free_of_citizen_ids(a->env.body),
                    "a full citizen ID crossed the province border");
        });
  b.add("BE-ISS-003", "As issuer, med.policy answers deductible, ratio, cap and the fund part.",
        {"STD-6.7.3"}, "medical_settlement", pre, "med.policy from exchange, covered 10000 fen",
        "OK, 0 ≤ fund_pays ≤ 10000", [](CaseContext& c) {
          auto card = kit::card(c, "card_active");
          if (!card) return;
          Json::Value body;
          body["card_ref"] = *card;
          body["covered_amount"] = 10000;
          body["year"] = 2026;
          auto a = c.call("med.policy", body, "exchange");
          if (!c.expect_status(a, "OK", "med.policy")) return;
          const auto& r = a->env.body;
          c.check(r["ratio"].isNumeric() && r["cap"].isNumeric() && r["fund_pays"].asInt64() >= 0 &&
                      r["fund_pays"].asInt64() <= 10000,
                  "policy fields missing or fund_pays outside 0..covered");
        });
  b.add("BE-ISS-004",
        "As issuer, a clearing record for an unknown card is rejected with E2001, a lost card's is "
        "booked.",
        {"STD-12.3", "STD-12.1", "STD-4.5"}, "clearing", pre,
        "clr.issuer with records on card_lost and card_unknown",
        "accepted 1 (lost card), rejects [{unknown, E2001}]", [](CaseContext& c) {
          auto lost = kit::card(c, "card_lost");
          auto unknown = lost ? kit::card(c, "card_unknown") : std::nullopt;
          if (!unknown) return;
          Json::Value good =
              kit::purchase_body(c, "320500000901", *lost, 21, c.new_txn_id("320500000901"));
          Json::Value bad =
              kit::purchase_body(c, "320500000901", *unknown, 22, c.new_txn_id("320500000901"));
          good["online"] = false;
          bad["online"] = false;
          Json::Value body;
          body["issuer"] = c.ixit().province;
          body["date"] = "20261130";
          body["records"].append(good);
          body["records"].append(bad);
          auto a = c.call("clr.issuer", body, "exchange");
          if (!c.expect_status(a, "OK", "clr.issuer")) return;
          const auto& rej = a->env.body["rejects"];
          c.check(
              a->env.body["accepted"].asInt() == 1 && rej.size() == 1 &&
                  rej[0]["txn_id"] == bad["txn_id"] && rej[0]["status"].asString() == "E2001",
              "expected the lost card's record booked and the unknown card's rejected with E2001");
        });
  b.add("BE-ISS-005", "As issuer, clr.adjust from the exchange is acknowledged.", {"STD-12.4"},
        "adjustments", pre, "clr.adjust 100 fen", "OK", [](CaseContext& c) {
          Json::Value body;
          body["txn_id"] = c.new_txn_id("320500000901");
          body["amount"] = 100;
          body["reason"] = "E2006";  // the causing error code: pattern ^(OK|E[0-9]{4})$ (STD-12.4)
          c.expect_status(c.call("clr.adjust", body, "exchange"), "OK", "clr.adjust");
        });
  b.add("BE-TIME-001",
        "card.status of a local card is answered within the backend budget (IXIT, default 100 ms).",
        {"STD-10.3"}, "card_status", pre, "10 × card.status card_active",
        "every answer within budget", [](CaseContext& c) {
          auto card = kit::card(c, "card_active");
          if (!card) return;
          const double budget = c.ixit().test_data.get("backend_budget_ms", 100).asDouble();
          Json::Value body;
          body["card_ref"] = *card;
          double worst = 0;
          for (int i = 0; i < 10; ++i) {
            auto a = c.call("card.status", body);
            if (!c.expect_status(a, "OK", "card.status")) return;
            worst = std::max(worst, a->latency_ms);
          }
          c.check(worst <= budget,
                  "slowest answer " + std::to_string(worst) + " ms over the budget");
        });
  b.add("BE-SVC-001",
        "A service the province does not offer is refused with E2008 before any forwarding.",
        {"STD-6.10", "STD-11.1"}, "true",
        pre + " with a list that omits test_data.unoffered_service",
        "card.status / venue.admit / id.verify for the unoffered service",
        "E2008, nothing forwarded", [](CaseContext& c) {
          auto svc = kit::data(c, "unoffered_service");
          auto card = svc ? kit::card(c, "card_active") : std::nullopt;
          if (!card) return;
          const std::map<std::string, std::string> type_of = {
              {"status", "card.status"}, {"venue", "venue.admit"}, {"identity", "id.verify"}};
          auto it = type_of.find(svc->asString());
          if (it == type_of.end())
            return c.inconc("test_data.unoffered_service must be status, venue or identity");
          Json::Value body;
          body["card_ref"] = *card;
          if (it->second != "card.status") body["txn_id"] = c.new_txn_id(terminal(c));
          if (it->second == "venue.admit") {
            body["venue_id"] = "V310000001";
            body["venue_city"] = c.ixit().province;
            body["base_price"] = 1000;
          }
          if (it->second == "id.verify") body["id_digest"] = std::string(64, '0');
          c.expect_status(c.call(it->second, body), "E2008", "unoffered service");
          c.check(c.peers().received().empty(), "an unoffered service was forwarded");
        });
  b.add("BE-CLR-001",
        "A cross-province purchase sent twice with one txn_id is cleared exactly once.",
        {"STD-12.2", "STD-12.6", "STD-12.1", "STD-2.5"}, "clearing", pre,
        "the same foreign-card txn.purchase twice, then clr.run (or the IXIT's trigger)",
        "clr.run OK with its counts; one record for the txn_id in the clr.file parts",
        [](CaseContext& c) {
          if (!need_peers(c)) return;
          auto card = kit::card(c, "card_foreign");
          if (!card) return;
          // clr.run (STD-12.6) unless the IXIT names another trigger.
          const std::string trigger =
              c.ixit().test_data.get("clearing_trigger", "clr.run").asString();
          const std::string txn = c.new_txn_id(terminal(c));
          const Json::Value body = kit::purchase_body(c, terminal(c), *card, 230, txn);
          c.call("txn.purchase", body);
          c.call("txn.purchase", body);
          c.peers().override_handler("", [](const PeerRequest& r) {
            auto b = kit::issuer_answer(r);
            if (r.env.type == "clr.file") {
              (*b)["accepted"] = static_cast<int>(r.env.body["records"].size());
              (*b)["rejects"] = Json::Value(Json::arrayValue);
            }
            return b;
          });
          Json::Value t;
          t["date"] = body["date"];
          auto run = c.call(trigger, t, "harness.tester");
          if (c.expect_status(run, "OK", "clearing run") && trigger == "clr.run")
            c.check(run->env.body["records"].asInt() >= 1 &&
                        run->env.body["accepted"].asInt() == run->env.body["records"].asInt() &&
                        run->env.body["failed_parts"].asInt() == 0,
                    "clr.run answer does not count the records the exchange accepted");
          c.peers().wait_for([](const PeerRequest& r) { return r.env.type == "clr.file"; },
                             std::chrono::milliseconds(1000));
          int copies = 0;
          for (const auto& r : c.peers().received())
            if (r.env.type == "clr.file")
              for (const auto& rec : r.env.body["records"])
                copies += rec["txn_id"].asString().rfind(txn, 0) == 0 ? 1 : 0;
          c.check(copies == 1, "the txn_id was cleared " + std::to_string(copies) + " times");
        });
  b.add("BE-DM-001", "No answer of the IUT in the whole case set carries a full citizen ID.",
        {"STD-8.4", "STD-2.1"}, "true", pre,
        "card.status on card_active (id.verify answers: BE-ID-001, BE-ISS-002)",
        "no full ID in any answer", [](CaseContext& c) {
          auto card = kit::card(c, "card_active");
          if (!card) return;
          Json::Value body;
          body["card_ref"] = *card;
          auto a = c.call("card.status", body);
          if (!a) return c.fail(c.last_received());
          c.check(kit::free_of_citizen_ids(a->env.body),
                  "card.status answer carries a full citizen ID");
        });
  return s;
}

}  // namespace ykt::certify
