#pragma once
// A small YRD network in a LocalRuntime for backend and exchange tests: a shared synthetic
// population, backends, the exchange, and a probe actor standing in for readers and drivers.
// Card-side values (TAC, load MAC1) are computed here with the same purse functions a card uses.
#include <boost/test/unit_test.hpp>

#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "backend/provincial_backend.hpp"
#include "common/bcd.hpp"
#include "common/purse_crypto.hpp"
#include "exchange/exchange.hpp"
#include "json_util.hpp"
#include "local_runtime.hpp"
#include "pii.hpp"
#include "population/population.hpp"

namespace ykt::testing {

/// Records every message it receives.
class Probe final : public Actor {
 public:
  void on_message(Context&, const Envelope& msg) override { got.push_back(msg); }
  std::vector<Envelope> got;
};

/// A validator that refuses bodies holding `schema_bad` (E1002) and type `bogus.type` (E1005).
class TestValidator final : public MessageValidator {
 public:
  Status validate(const Envelope& e) const override {
    if (e.type == "bogus.type") return Error{"E1005", "unknown type bogus.type"};
    if (e.body.isObject() && e.body.isMember("schema_bad"))
      return Error{"E1002", "/schema_bad: property not allowed"};
    return ok_status();
  }
};

/// The shared population (1:1000, seed 1).
inline std::shared_ptr<const population::Population> test_population() {
  static auto pop = std::make_shared<const population::Population>(population::default_city_table(),
                                                                   population::PopulationParams{});
  return pop;
}

/// The spec's application-item list.
inline backend::ApplicationItems spec_items() {
  auto items = backend::load_application_items(std::string(YKT_SOURCE_DIR) +
                                               "/conformance/spec/application-items.json");
  BOOST_TEST_REQUIRE(items.ok(), "application-items.json must load");
  return *items;
}

/// First holder of `province` for which `pred` holds.
inline population::Cardholder find_holder(
    const std::string& province,
    const std::function<bool(const population::Cardholder&)>& pred = {}) {
  auto pop = test_population();
  for (const auto& s : pop->slices()) {
    if (s.city->province != province) continue;
    for (std::uint64_t i = 0; i < s.count; ++i) {
      auto h = pop->holder(s.offset + i);
      if (h->state == population::CardState::active || pred) {
        if (!pred || pred(*h)) return *h;
      }
    }
  }
  BOOST_FAIL("no holder matches in " + province);
  return {};
}

/// The card_ref of a holder.
inline CardRef ref_of(const population::Cardholder& h) {
  return CardRef{h.issuer_city, h.card_no};
}

/// A purchase record with the TAC the card would compute.
inline Json::Value purchase(const population::Cardholder& h, const std::string& txn_id,
                            std::uint32_t amount, const std::string& terminal = "310000000001",
                            std::uint16_t atc = 7, bool online = false) {
  purse::PurchaseData d;
  d.amount = amount;
  d.txn_type = purse::kTypePurchase;
  d.terminal = *codec::terminal_id_bytes(terminal);
  d.term_seq = 1000 + atc;
  d.atc = atc;
  d.date = *codec::digits_to_bcd("20260601");
  d.time = *codec::digits_to_bcd("081500");
  Json::Value v(Json::objectValue);
  v["txn_id"] = txn_id;
  v["terminal_id"] = terminal;
  v["card_ref"] = ref_of(h).to_json();
  v["amount"] = amount;
  v["txn_type"] = "06";
  v["atc"] = atc;
  v["term_seq"] = d.term_seq;
  v["date"] = "20260601";
  v["time"] = "081500";
  v["tac"] = to_hex(purse::issuer_purchase_tac(crypto::Algorithm::sm4, ref_of(h), d));
  v["online"] = online;
  return v;
}

/// The load data of a top-up.
inline purse::LoadData load_data(std::uint32_t amount, std::uint32_t old_balance) {
  purse::LoadData d;
  d.amount = amount;
  d.old_balance = old_balance;
  d.terminal = *codec::terminal_id_bytes("310000000001");
  d.online_atc = 3;
  d.card_random = hex_bytes("a1b2c3d4");
  d.date = *codec::digits_to_bcd("20260601");
  d.time = *codec::digits_to_bcd("090000");
  return d;
}

/// A topup.auth body with the MAC1 the card would compute.
inline Json::Value topup_auth(const population::Cardholder& h, const std::string& txn_id,
                              std::uint32_t amount, std::uint32_t old_balance) {
  const purse::LoadData d = load_data(amount, old_balance);
  const Bytes sk = purse::load_session_key(
      crypto::Algorithm::sm4,
      purse::card_key(crypto::Algorithm::sm4, ref_of(h), keys::Purpose::load), d);
  Json::Value v(Json::objectValue);
  v["txn_id"] = txn_id;
  v["terminal_id"] = "310000000001";
  v["card_ref"] = ref_of(h).to_json();
  v["amount"] = amount;
  v["online_atc"] = 3;
  v["card_random"] = "a1b2c3d4";
  v["old_balance"] = old_balance;
  v["mac1"] = to_hex(purse::load_mac1(crypto::Algorithm::sm4, sk, d));
  v["date"] = "20260601";
  v["time"] = "090000";
  return v;
}

/// Backends for `provinces`, an exchange and a probe at `reader.310000000001` and `driver`.
struct Net {
  explicit Net(std::vector<std::string> provinces = {"310000", "320000", "330000", "340000"},
               std::function<void(backend::BackendConfig&)> tune = {},
               const MessageValidator* validator = nullptr)
      : probe(std::make_shared<Probe>()) {
    exchange::ExchangeConfig xc;
    xc.validator = validator;
    audit = std::make_shared<exchange::InMemoryAuditSink>();
    xc.audit = audit;
    ex = std::make_shared<exchange::Exchange>(xc);
    rt.add("exchange", ex);
    for (const auto& p : provinces) {
      backend::BackendConfig c;
      c.province = p;
      c.population = test_population();
      c.items = spec_items();
      if (tune) tune(c);
      be[p] = std::make_shared<backend::ProvincialBackend>(c);
      rt.add("backend." + p, be[p]);
    }
    rt.add("reader.310000000001", probe);
    rt.add("driver", probe);
  }

  /// Sends a request and runs until quiet; returns the answer (type "none" when none came).
  Envelope call(const std::string& to, const std::string& type, Json::Value body,
                const std::string& from = "reader.310000000001") {
    Envelope e;
    e.type = type;
    e.id = "t-" + std::to_string(++n);
    e.from = from;
    e.to = to;
    e.body = std::move(body);
    rt.inject(e);
    rt.run_for(std::chrono::seconds(5));  // bounded: periodic timers never go quiet
    for (const auto& m : probe->got)
      if (m.is_reply && m.id == e.id && m.to == from) return m;
    Envelope none;
    none.type = "none";
    return none;
  }

  /// True when no envelope delivered so far carries a valid full citizen ID.
  bool trace_has_no_citizen_id() const {
    for (const auto& e : rt.trace())
      if (pii::contains_citizen_id(json::compact(e.body))) return false;
    return true;
  }

  LocalRuntime rt;
  std::shared_ptr<Probe> probe;
  std::shared_ptr<exchange::InMemoryAuditSink> audit;
  std::shared_ptr<exchange::Exchange> ex;
  std::map<std::string, std::shared_ptr<backend::ProvincialBackend>> be;
  int n = 0;
};

/// The status of an answer.
inline std::string status(const Envelope& e) {
  return e.body["status"].asString();
}

}  // namespace ykt::testing
