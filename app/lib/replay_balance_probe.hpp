#pragma once
/// Reads the final purse balance of each card a replay touched, from the cards themselves:
/// `card.apdu` SELECT of the transit purse (AID A000000632010105, FACTS §4), then GET BALANCE
/// (80 5C 00 02 04, CATALOG), all cards in parallel.
#include <map>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "actor.hpp"

namespace ykt::app {

/// What one card said.
struct CardBalance {
  std::optional<std::int64_t> balance;  ///< fen; none when the card has no transit purse or failed
  std::string status;                   ///< OK, the status word (e.g. 6A82), or `timeout`
};

/// Asks every card once; finished() when all answered or timed out.
class BalanceProbe final : public Actor {
 public:
  /// `cards` are card addresses (card.<card_no>).
  BalanceProbe(std::vector<std::string> cards, Duration timeout);
  void on_start(Context& ctx) override;
  void on_message(Context& ctx, const Envelope& msg) override;
  void on_timer(Context& ctx, TimerId id, std::string_view tag) override;
  /// True when every card has a result.
  [[nodiscard]] bool finished() const { return results_.size() == cards_.size(); }
  /// Results by card address.
  [[nodiscard]] const std::map<std::string, CardBalance>& results() const { return results_; }

 private:
  std::vector<std::string> cards_;
  Duration timeout_;
  std::unordered_map<std::string, std::pair<std::string, bool>> pending_;  // id -> card, is select
  std::map<std::string, CardBalance> results_;
};

}  // namespace ykt::app
