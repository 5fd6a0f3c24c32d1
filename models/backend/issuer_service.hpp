#pragma once
/// The issuer role of a provincial backend (STD-6, STD-7): answers for the cards it issued —
/// card state, identity, same-city venue prices, the insured place's medical policy, top-up
/// authorisation, QR tokens and online purchases — with idempotency by transaction id. Pure
/// request -> answer logic; the ProvincialBackend actor does the messaging.
#include <json/value.h>

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>

#include "backend/id_map.hpp"
#include "backend/idempotency_store.hpp"
#include "backend/medical_rules.hpp"
#include "backend/service_rules.hpp"
#include "common/card_ref.hpp"
#include "common/purchase_record.hpp"
#include "error_code.hpp"
#include "population/population.hpp"
#include "sim_time.hpp"

namespace ykt::backend {

/// A response body `{"status": code, "reason": reason}`.
Json::Value status_body(ErrorCode code, const std::string& reason = {});

/// The card's state as the issuer holds it now: the population's synthetic holder plus changes.
struct HolderView {
  population::Cardholder holder;                                ///< synthetic attributes
  population::CardState state = population::CardState::active;  ///< current state
};

/// Issuer-side state and logic for one province.
class IssuerService {
 public:
  /// Serves the holders of `province` from `population` with `rules`.
  IssuerService(std::string province, std::shared_ptr<const population::Population> population,
                ServiceRules rules, std::size_t idempotency_window);

  /// Answers an issuer request of `type` (card.status, id.verify, venue.admit, med.policy,
  /// topup.auth, topup.confirm, qr.issue, qr.verify, txn.purchase) at time `now`.
  [[nodiscard]] Json::Value handle(const std::string& type, const Json::Value& body, SimTime now);

  /// Checks an offline record of one of this issuer's cards (card known, TAC): OK, E2001, E2006.
  [[nodiscard]] ErrorCode check_offline_record(const Json::Value& record) const;
  /// The same for a parsed record.
  [[nodiscard]] ErrorCode check_offline_record(const PurchaseRecord& record) const;

  /// Answers `clr.issuer`: records routed here by the exchange; adds the accepted amount to
  /// `accepted_amount`.
  [[nodiscard]] Json::Value clear_records(const Json::Value& body, std::int64_t& accepted_amount);

  /// True when a clearing record with `txn_id` was accepted by `clear_records`.
  [[nodiscard]] bool cleared(const std::string& txn_id) const { return cleared_.contains(txn_id); }

  /// Changes a card's state (report lost, freeze, revoke, reactivate); false for unknown cards.
  bool set_card_state(const std::string& card_no, population::CardState state);

  /// The current view of a card of this issuer; nullopt when unknown here.
  [[nodiscard]] std::optional<HolderView> view(const CardRef& card) const;
  /// True when `view(card)` would find the card (the holder is not computed).
  [[nodiscard]] bool knows(const CardRef& card) const;

  /// Medical fund already paid for a card in `year` (fen, against the annual cap).
  [[nodiscard]] std::int64_t medical_usage(const std::string& card_no, int year) const;

  /// Province served ("310000").
  [[nodiscard]] const std::string& province() const { return province_; }
  /// Number of distinct holders whose state was touched (memory is per touched holder only).
  [[nodiscard]] std::size_t touched_holders() const { return overlay_.size(); }

 private:
  /// The population index of `card` when this issuer holds it (province and issuing city match).
  [[nodiscard]] std::optional<std::uint64_t> index_here(const CardRef& card) const;
  struct Overlay {
    std::optional<population::CardState> state;
    int med_year = 0;
    std::int64_t fund_used = 0;
  };
  /// An authorised top-up: what the load TAC is checked against (from the topup.auth body).
  struct PendingLoad {
    CardRef card;
    std::uint32_t amount = 0, old_balance = 0;
    std::uint16_t online_atc = 0;
    std::uint8_t terminal[6] = {}, card_random[4] = {}, date[4] = {}, time[3] = {};
    crypto::Algorithm alg = crypto::Algorithm::sm4;
    bool confirmed = false;
  };

  Result<HolderView> lookup(const Json::Value& card_ref) const;
  Overlay& medical_overlay(const population::Cardholder& h, int year);
  Json::Value serve(const std::string& type, const Json::Value& body, SimTime now);
  Json::Value card_status(const Json::Value& body);
  Json::Value id_verify(const Json::Value& body);
  Json::Value venue_admit(const Json::Value& body);
  Json::Value med_policy(const Json::Value& body);
  Json::Value topup_auth(const Json::Value& body);
  Json::Value topup_confirm(const Json::Value& body);
  Json::Value qr_issue(const Json::Value& body, SimTime now);
  Json::Value qr_verify(const Json::Value& body, SimTime now);
  Json::Value purchase(const Json::Value& body);
  std::string city_of(const std::string& code) const;

  std::string province_;
  std::shared_ptr<const population::Population> population_;
  ServiceRules rules_;
  IdempotencyStore store_;
  std::unordered_map<std::string, Overlay> overlay_;  ///< by card_no, touched holders only
  IdMap<PendingLoad> loads_;                          ///< by topup txn_id, FIFO window
  IdempotencyStore cleared_;                          ///< clearing records seen, by txn_id
  std::uint64_t qr_counter_ = 0;
};

}  // namespace ykt::backend
