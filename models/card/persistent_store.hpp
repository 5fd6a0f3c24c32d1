#pragma once
/// The card's non-volatile memory with an anti-tearing journal (STD-4.8, FACTS §4 "Tearing").
///
/// A command stages its writes; `commit` then writes, one physical write each: every staged entry
/// into the journal, the journal's commit flag, every entry into its home location, and finally the
/// cleared flag. Power-up recovery rolls a committed journal forward and discards an uncommitted
/// one, so after any power cut the store holds the old or the new state, never a mix.
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "hex.hpp"

namespace ykt::card {

/// Non-volatile memory of one card, addressed by field name.
class PersistentStore {
 public:
  /// Writes a field during personalisation (before issue: no journal, not counted, no tearing).
  void personalise(const std::string& key, Bytes value);
  /// The committed value of a field (valid until the next write); null if never written.
  [[nodiscard]] const Bytes* get(const std::string& key) const;
  /// Stages a write for the next commit (RAM only: no physical write yet).
  void stage(const std::string& key, Bytes value);
  /// The staged value of a field if any, else its committed value.
  [[nodiscard]] std::optional<Bytes> get_staged(const std::string& key) const;
  /// Drops staged writes.
  void discard_staged() { staged_.clear(); }
  /// Writes the staged entries through the journal; false when power was cut during it.
  [[nodiscard]] bool commit();

  /// Arms a power cut at the `n`-th physical write (1 = the first) from now; 0 disarms.
  void arm_tear(std::uint32_t n) {
    tear_at_ = n;
    writes_since_arm_ = 0;
  }
  /// True while a power cut is armed.
  [[nodiscard]] bool tear_armed() const { return tear_at_ != 0; }
  /// False after a power cut until `power_up`.
  [[nodiscard]] bool powered() const { return powered_; }
  /// Cuts power now (the card left the field between commands).
  void power_off() {
    powered_ = false;
    staged_.clear();
  }
  /// Restores power and runs recovery: roll forward a committed journal, discard the rest.
  /// Returns true when a journal was rolled forward.
  bool power_up();

  /// Physical writes done since the card was made (the "write points").
  [[nodiscard]] std::uint64_t write_count() const { return writes_; }
  /// Entries in the journal (0 when no transaction is in flight).
  [[nodiscard]] std::size_t journal_entries() const { return journal_.size(); }
  /// True when the journal's commit flag is set (a transaction awaits roll-forward).
  [[nodiscard]] bool journal_committed() const { return committed_flag_; }
  /// True when nothing is in flight: powered, no power cut armed, empty journal, nothing staged.
  [[nodiscard]] bool quiescent() const {
    return powered_ && tear_at_ == 0 && journal_.empty() && !committed_flag_ && staged_.empty();
  }
  /// Sets the physical-write counter (a parked card being rebuilt).
  void restore_write_count(std::uint64_t n) { writes_ = n; }
  /// Sets a field of a parked card being rebuilt (a change since issue, like a committed write).
  void restore_field(const std::string& key, Bytes value) { write_home(key, std::move(value)); }
  /// The fields whose committed value differs from the personalised one, in key order (what a
  /// parked card must keep); found without personalising a second card to compare with.
  [[nodiscard]] std::vector<const std::pair<const std::string, Bytes>*> changed_since_issue() const;
  /// Every committed field (tests compare whole states).
  [[nodiscard]] const std::map<std::string, Bytes>& contents() const { return home_; }

 private:
  /// One physical write; false (and the write not done) when the armed power cut hits it.
  bool physical_write();
  /// Sets a home location, remembering the personalised value the first time a field changes.
  void write_home(const std::string& key, Bytes value);

  std::map<std::string, Bytes> home_;
  std::map<std::string, std::optional<Bytes>> issued_;  // personalised value of each written field
  std::vector<std::pair<std::string, Bytes>> staged_;
  std::vector<std::pair<std::string, Bytes>> journal_;
  bool committed_flag_ = false;
  bool powered_ = true;
  std::uint64_t writes_ = 0;
  std::uint32_t tear_at_ = 0;
  std::uint32_t writes_since_arm_ = 0;
};

}  // namespace ykt::card
