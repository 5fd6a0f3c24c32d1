#pragma once
/// The cross-province exchange (address `exchange`, STD-7, STD-12): routes requests to the
/// issuing province's backend (`backend.<prov>` from card_ref.issuer, a QR token's issuer or
/// apps.list's province; none -> E3001), forwards with a new id per hop and relays the answer
/// (none within the budget -> E3002); validates every message in both directions with the
/// injected MessageValidator (E1002/E1005 answered to the sender as `error`); refuses any body
/// carrying a valid full citizen ID (E1201, STD-8.4); audits every message (masked); clears
/// acquirers' files and settles net positions.
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "actor.hpp"
#include "exchange/audit_sink.hpp"
#include "exchange/clearing_house.hpp"
#include "message_validator.hpp"

namespace ykt::exchange {

/// What the exchange is configured with.
struct ExchangeConfig {
  /// Provinces with a backend at `backend.<prov>` (FACTS §3).
  std::vector<std::string> provinces = {"310000", "320000", "330000", "340000"};
  /// Validator of every message (not owned; null skips schema checks, e.g. in unit tests).
  const MessageValidator* validator = nullptr;
  /// Audit log; null gives an in-memory sink.
  std::shared_ptr<AuditSink> audit;
  /// Budget for the issuer's answer before E3002 (ykt default, STD-10).
  Duration forward_timeout = std::chrono::milliseconds(500);
};

/// The exchange actor.
class Exchange final : public Actor {
 public:
  /// An exchange with `config`.
  explicit Exchange(ExchangeConfig config);

  void on_message(Context& ctx, const Envelope& msg) override;
  void on_timer(Context& ctx, TimerId id, std::string_view tag) override;

  /// Counters for `sys.stats` and reports.
  [[nodiscard]] const std::map<std::string, std::uint64_t>& counters() const { return counters_; }
  /// The clearing books.
  [[nodiscard]] const ClearingHouse& clearing() const { return clearing_; }
  /// The audit sink in use.
  [[nodiscard]] const std::shared_ptr<AuditSink>& audit() const { return config_.audit; }
  /// The issuing province a request routes to; nullopt when it names none (-> E3001).
  [[nodiscard]] std::optional<std::string> route_of(const Envelope& msg) const;

 private:
  enum class Kind { relay, issuer_file, notify_settle, notify_adjust };
  struct Pending {
    Kind kind = Kind::relay;
    Envelope request;  ///< the original request (relay) or what was sent (others)
    TimerId timer = 0;
    std::string province;  ///< target province
  };

  void dispatch(Context& ctx, const Envelope& msg);
  void send(Context& ctx, Envelope e, const std::string& note = {});
  void answer(Context& ctx, const Envelope& req, const Json::Value& body, bool as_error = false,
              const std::string& note = {});
  void audit_in(Context& ctx, const Envelope& msg, const std::string& note = {});
  void on_reply(Context& ctx, const Envelope& msg);
  void forward(Context& ctx, const Envelope& msg);
  void clearing_file(Context& ctx, const Envelope& msg);
  void settle(Context& ctx, const Envelope& msg);
  void adjust(Context& ctx, const Envelope& msg);
  void issuer_rejects(Context& ctx, const Pending& p, const Json::Value& rsp);
  void answer_settle(Context& ctx, const Envelope& msg);
  void release(Context& ctx, const Pending& p);
  std::string track(Context& ctx, Kind kind, const std::string& to, const std::string& type,
                    Json::Value body, const Envelope* original);
  void count(const std::string& what, std::uint64_t n = 1) { counters_[what] += n; }
  bool known(const std::string& province) const;

  ExchangeConfig config_;
  ClearingHouse clearing_;
  std::unordered_map<std::string, Pending> pending_;  ///< by id of the message sent onwards
  std::map<std::string, std::uint64_t> counters_;
  /// date -> `clr.issuer` parts still unanswered (settlement waits for them, STD-12.1.3).
  std::map<std::string, std::uint64_t> issuer_parts_open_;
  /// date -> `clr.settle` requests waiting for the issuers' answers of that date.
  std::map<std::string, std::vector<Envelope>> settle_waiting_;
};

}  // namespace ykt::exchange
