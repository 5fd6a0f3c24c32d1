#pragma once
/// The card's command dispatcher (STD-4): applications, file selection, SSC records, the T=0
/// style 61xx/GET RESPONSE exchange, and the test interface's power cuts (STD-4.9).
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "apdu.hpp"
#include "card_profile.hpp"
#include "common/parked_varint.hpp"
#include "persistent_store.hpp"
#include "purse_applet.hpp"

namespace ykt::card {

/// One card: a profile, its non-volatile memory and the applications on it.
class ApduEngine {
 public:
  /// Personalises a new card from `profile`.
  explicit ApduEngine(CardProfile profile);
  ApduEngine(const ApduEngine&) = delete;
  ApduEngine& operator=(const ApduEngine&) = delete;

  /// Runs one command APDU; nullopt when the card has no power or lost it during the command.
  [[nodiscard]] std::optional<Bytes> process(const Bytes& capdu);

  /// Arms a power cut at the `n`-th persistent write from now, i.e. inside the next command that
  /// writes when n is within its writes (STD-4.9); 0 disarms.
  void arm_tear(std::uint32_t n) { store_.arm_tear(n); }
  /// Cuts power (the card leaves the field); RAM state is lost.
  void power_off();
  /// Powers up and runs anti-tearing recovery; true when a journal was rolled forward.
  bool power_up();
  /// False after a power cut until `power_up`.
  [[nodiscard]] bool powered() const { return store_.powered(); }

  /// True when the card's state fits save_delta: powered, no power cut armed, no write in flight,
  /// no purchase/load session open and no GET RESPONSE data pending.
  [[nodiscard]] bool quiescent() const {
    return store_.quiescent() && !purse_.in_session() && pending_response_.empty();
  }
  /// Appends to `out` what differs from a freshly personalised card: the changed fields, the
  /// write and challenge counters, the selected application and EF; compact, see the .cpp.
  /// Only meaningful when quiescent().
  void save_delta(std::string& out) const;
  /// Applies a delta written by save_delta to this freshly personalised card, reading from `in`
  /// and advancing it; throws std::invalid_argument when the delta is truncated or malformed
  /// (then the card is unchanged).
  void apply_delta(std::string_view& in);

  /// The personalisation data.
  [[nodiscard]] const CardProfile& profile() const { return profile_; }
  /// The non-volatile memory (tests compare states).
  [[nodiscard]] const PersistentStore& store() const { return store_; }
  /// The purse application (balance, ATCs, lock state).
  [[nodiscard]] const PurseApplet& purse() const { return purse_; }

 private:
  enum class App { none, transit, ssc };
  enum class Ef { none, f0015, f0017, ef05, ef06 };
  Reply dispatch(const Command& c);
  Reply select(const Command& c);
  Reply read_binary(const Command& c) const;
  Reply read_record(const Command& c);
  Reply get_response(const Command& c);
  void reset_volatile();

  CardProfile profile_;
  PersistentStore store_;
  PurseApplet purse_;
  App app_ = App::none;
  Ef ef_ = Ef::none;
  Bytes pending_response_;
};

}  // namespace ykt::card
