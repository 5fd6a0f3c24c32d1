#pragma once
/// A provincial backend (address `backend.<prov>`, STD-6, STD-7, STD-12) in both roles:
/// - acquirer: serves the terminals of its province; its own cards locally, other provinces'
///   cards by forwarding the request (same type and body, new id) to the exchange and relaying
///   the issuer's answer (E3002 when none comes within the budget); medical pre-settlement and
///   settlement with its own catalogue and the insured place's policy (`med.policy`); keeps the
///   day's purchase records and sends them to the exchange as clearing files;
/// - issuer: answers for its own cards (IssuerService), whether asked locally or via the exchange.
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

#include "actor.hpp"
#include "backend/application_items.hpp"
#include "backend/id_map.hpp"
#include "backend/idempotency_store.hpp"
#include "backend/issuer_service.hpp"
#include "backend/packed_purchase.hpp"
#include "backend/service_rules.hpp"
#include "message_validator.hpp"
#include "population/population.hpp"

namespace ykt::backend {

/// Everything a backend is configured with (data, not code: STD-11).
struct BackendConfig {
  std::string province;                                      ///< "310000"
  std::shared_ptr<const population::Population> population;  ///< shared, read-only
  ApplicationItems items;                        ///< the published application-item list
  ServiceRules rules = default_service_rules();  ///< venue, catalogue and policy tables
  std::string exchange = "exchange";             ///< exchange address
  /// Validator of every request received (not owned; null skips schema checks, e.g. in unit
  /// tests and the SystemC simulation): E1005/E1002 answered as `error` (STD-3.2, STD-3.6).
  const MessageValidator* validator = nullptr;
  /// Budget for an answer through the exchange before E3002 (ykt default; larger than the
  /// exchange's own budget so the exchange's E3002 arrives first, STD-10).
  Duration forward_timeout = std::chrono::milliseconds(700);
  /// Period of the automatic clearing run; zero disables it (drivers send `clr.run`).
  Duration clearing_period = Duration::zero();
  std::size_t idempotency_window = 200'000;  ///< ids remembered (see IdempotencyStore)
  /// Ids of acquired purchase records: kept until cleared (STD-2.5), so a batch re-sent after a
  /// lost answer is never counted twice; this bound is a guard, far above a province's day.
  std::size_t acquired_window = 60'000'000;
  std::size_t clearing_part_size = 150;  ///< records per `clr.file` part (schema maximum)
  std::size_t clearing_window = 8;  ///< `clr.file` parts in flight at once during a clearing run
  int clearing_attempts = 3;        ///< sends of a part that gets no answer (STD-12.2 resend)
};

/// The backend actor.
class ProvincialBackend final : public Actor {
 public:
  /// A backend with `config`.
  explicit ProvincialBackend(BackendConfig config);

  void on_start(Context& ctx) override;
  void on_message(Context& ctx, const Envelope& msg) override;
  void on_timer(Context& ctx, TimerId id, std::string_view tag) override;

  /// The issuer role (card states can be changed through it: report lost, freeze, ...).
  IssuerService& issuer() { return issuer_; }
  /// Counters for `sys.stats` and reports.
  [[nodiscard]] const std::map<std::string, std::uint64_t>& counters() const { return counters_; }
  /// Purchase records acquired and not yet sent for clearing.
  [[nodiscard]] std::size_t uncleared_records() const { return clearing_queue_.size(); }
  /// Own cards' records settled inside the province so far (STD-12.1.2).
  [[nodiscard]] std::uint64_t local_records() const { return counter("clearing.local"); }
  /// Their amount in fen.
  [[nodiscard]] std::uint64_t local_fen() const { return counter("clearing.local_fen"); }
  /// A counter of `sys.stats` (0 when never counted).
  [[nodiscard]] std::uint64_t counter(const std::string& name) const {
    auto it = counters_.find(name);
    return it == counters_.end() ? 0 : it->second;
  }
  /// This province's net clearing position for a date (fen; owed to it when positive).
  [[nodiscard]] std::int64_t position(const std::string& date) const;

 private:
  using Continuation = std::function<void(Context&, const Json::Value&)>;
  struct Pending {
    Continuation done;
    TimerId timer = 0;
  };
  struct Presettlement {
    CardRef card;
    std::int64_t total = 0, covered = 0, fund = 0;
    bool settled = false;
  };

  void dispatch(Context& ctx, const Envelope& msg);
  void serve_as_acquirer(Context& ctx, const Envelope& msg);
  void ask_issuer(Context& ctx, const std::string& province, const std::string& type,
                  const Json::Value& body, Continuation done);
  void on_reply(Context& ctx, const Envelope& msg);
  void acquire_batch(Context& ctx, const Envelope& msg);
  bool keep_for_clearing(const Json::Value& record, const Digest* digest = nullptr);
  void presettle(Context& ctx, const Envelope& msg);
  void settle(Context& ctx, const Envelope& msg);
  bool begin_once(Context& ctx, const Envelope& msg);
  void answer_once(Context& ctx, const Envelope& msg, const Json::Value& rsp);
  void request(Context& ctx, const std::string& to, const std::string& type, Json::Value body,
               Continuation done);
  struct ClearingRun;
  void run_clearing(Context& ctx, const Envelope* requester, const std::string& date);
  void send_clearing_part(Context& ctx, const std::shared_ptr<ClearingRun>& run, std::size_t part,
                          int attempt);
  void finish_clearing(Context& ctx, ClearingRun& run);
  void issuer_clearing(Context& ctx, const Envelope& msg);
  void count(const std::string& what, std::uint64_t n = 1) { counters_[what] += n; }
  void count_status(const Json::Value& rsp);

  BackendConfig config_;
  IssuerService issuer_;
  IdempotencyStore acquirer_store_;  ///< answers of med.presettle/med.settle, by type|txn_id
  IdempotencyStore acquired_ids_;    ///< purchase records kept for clearing, by txn_id
  std::unordered_map<std::string, std::vector<Envelope>> in_flight_;  ///< joined repeats
  IdMap<Presettlement> presettlements_;                               ///< by txn_id, FIFO window
  std::unordered_map<std::string, Pending> pending_;                  ///< by forwarded request id
  std::vector<PackedPurchase> clearing_queue_;     ///< cross-province records, in arrival order
  std::map<std::string, std::int64_t> positions_;  ///< date -> net fen
  std::map<std::string, std::uint64_t> counters_;
};

}  // namespace ykt::backend
