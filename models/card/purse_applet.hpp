#pragma once
/// The transit e-purse application (FACTS §4, STD-4.3): balance, ATCs, purchase and load sessions
/// with MAC1/MAC2/TAC, the compound-purchase data cache, the transaction log and MAC-failure
/// locking. Every change goes through the PersistentStore journal (STD-4.8).
#include <cstdint>
#include <map>
#include <optional>

#include "apdu.hpp"
#include "card_profile.hpp"
#include "common/purse_crypto.hpp"
#include "persistent_store.hpp"

namespace ykt::card {

/// What a command produced: data and status word, or no answer at all (power cut).
struct Reply {
  Bytes data;                      ///< response data (without SW)
  StatusWord sw = StatusWord::ok;  ///< status word
  bool torn = false;               ///< power was cut during the command: nothing is sent
};

/// The purse application of one card.
class PurseApplet {
 public:
  /// Binds to `store`; the card keys are derived from the profile (STD-4.7).
  PurseApplet(const CardProfile& profile, PersistentStore& store);
  /// Writes the initial purse fields of `profile` into `store` (personalisation).
  static void personalise(const CardProfile& profile, PersistentStore& store);

  /// GET BALANCE 80 5C 00 02 04.
  Reply get_balance(const Command& c) const;
  /// INITIALIZE FOR PURCHASE (P1 01/03) or FOR LOAD (P1 00): 80 50 P1 02 0B.
  Reply initialize(const Command& c);
  /// UPDATE CAPP DATA CACHE 80 DC id C8 Lc record (compound purchase only).
  Reply update_capp_cache(const Command& c);
  /// DEBIT FOR PURCHASE 80 54 01 00 0F.
  Reply debit(const Command& c);
  /// CREDIT FOR LOAD 80 52 00 00 0B.
  Reply credit(const Command& c);
  /// GET TRANSACTION PROVE 80 5A 00 type 02 ATC: TAC ‖ MAC2 of the card's last transaction.
  Reply get_transaction_prove(const Command& c) const;
  /// READ RECORD of the log (00 B2 n C4) or of the transit CAPP records (00 B2 id CC).
  Reply read_record(const Command& c) const;
  /// Forgets the purchase/load session (power loss, SELECT).
  void reset_session() { session_.reset(); }
  /// True between INITIALIZE and the DEBIT/CREDIT that ends the session.
  [[nodiscard]] bool in_session() const { return session_.has_value(); }

  /// Committed balance in fen.
  [[nodiscard]] std::uint32_t balance() const;
  /// Committed offline ATC (next purchase uses this value).
  [[nodiscard]] std::uint16_t atc() const;
  /// Committed online ATC (next load uses this value).
  [[nodiscard]] std::uint16_t online_atc() const;
  /// True when the application is locked (MAC failures or a revoked card).
  [[nodiscard]] bool locked() const;
  /// Challenges drawn so far (seeds the next one; kept when the card is parked).
  [[nodiscard]] std::uint64_t rng_counter() const { return rng_counter_; }
  /// Sets the challenge counter (a parked card being rebuilt).
  void restore_rng_counter(std::uint64_t n) { rng_counter_ = n; }

 private:
  struct Session {
    bool load = false;
    std::uint8_t txn_type = purse::kTypePurchase;
    std::uint32_t amount = 0;
    std::uint16_t atc = 0;
    std::uint32_t old_balance = 0;
    Bytes terminal;
    Bytes random;
    std::map<std::uint8_t, Bytes> capp;
  };
  std::uint32_t field(const char* key) const;
  Bytes next_random();
  Reply mac_failure();
  void stage_log(std::uint16_t atc, std::uint32_t amount, std::uint8_t type, const Bytes& terminal,
                 const Bytes& date, const Bytes& time);

  const CardProfile& profile_;
  PersistentStore& store_;
  /// The card's key for `purpose` (purchase, load or TAC), derived on first use.
  const Bytes& key_for(keys::Purpose purpose) const;

  mutable Bytes purchase_key_;  // empty until first used: a built card often never loads
  mutable Bytes load_key_;
  mutable Bytes tac_key_;
  std::optional<Session> session_;
  std::uint64_t rng_counter_ = 0;
};

}  // namespace ykt::card
