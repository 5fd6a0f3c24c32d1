#pragma once
/// A card as an actor (CATALOG "Card"): `card.apdu` carries a command APDU in hex and is answered
/// with the response APDU; `test.tear` and `test.power` are the test interface (STD-4.9).
/// Parking is invisible: it keeps what changed since personalisation plus the selected application;
/// a card with a purchase/load session open (RAM only, as on a real card) refuses to park.
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "actor.hpp"
#include "apdu_engine.hpp"

namespace ykt::card {

/// Modelled card processing times (STD-10); zero answers at once.
struct CardTiming {
  Duration command{0};        ///< time for a command that writes nothing
  Duration write_command{0};  ///< time for DEBIT/CREDIT (they write the purse)
  /// Values from FACTS §5: an APDU 15–32 ms (20 ms used), the debit ~78 ms.
  static CardTiming facts() {
    return {std::chrono::milliseconds(20), std::chrono::milliseconds(78)};
  }
};

/// Serves one card's APDUs; a command that loses power is never answered.
class CardActor final : public Actor {
 public:
  /// A freshly personalised card.
  explicit CardActor(CardProfile profile, CardTiming timing = {});
  /// A parked card rebuilt: personalised from `profile`, then the state park() returned applied;
  /// throws std::invalid_argument when `parked` is corrupt (the card is never half-restored).
  CardActor(CardProfile profile, CardTiming timing, std::string_view parked);
  /// The card's state for a later rebuild: what differs from personalisation (purse fields, log,
  /// counters, selection), tens of bytes; nullopt while busy (a reply pending, a write in flight,
  /// a power cut armed, power off, a purchase/load session open, GET RESPONSE data pending).
  std::optional<std::string> park() override;
  /// Handles card.apdu, test.tear, test.power, sys.ping and sys.stats.
  void on_message(Context& ctx, const Envelope& msg) override;
  /// Sends a reply whose modelled processing time has passed.
  void on_timer(Context& ctx, TimerId id, std::string_view tag) override;
  /// The card itself (tests look at its state).
  [[nodiscard]] const ApduEngine& engine() const { return engine_; }

 private:
  void handle_apdu(Context& ctx, const Envelope& msg);
  void handle_tear(Context& ctx, const Envelope& msg);
  void handle_power(Context& ctx, const Envelope& msg);
  void answer(Context& ctx, const Envelope& req, Json::Value body, Duration delay);

  ApduEngine engine_;
  CardTiming timing_;
  // Replies waiting for their modelled processing time: one or two at a time, so a vector (a map
  // allocated a node per APDU).
  std::vector<std::pair<TimerId, Envelope>> delayed_;
  std::uint64_t apdus_ = 0;
  std::uint64_t unanswered_ = 0;
};

}  // namespace ykt::card
