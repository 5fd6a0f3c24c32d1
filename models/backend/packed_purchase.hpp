#pragma once
/// A purchase record (CATALOG `txn.purchase` body, STD-6.2) packed for the acquirer's clearing
/// queue (STD-12.2): 64 bytes and no heap block for a record in the usual form (terminal-form
/// txn_id of its own terminal, digit date and time, lower-case TAC, no other fields); any other
/// record is kept as its compact JSON text. `to_json()` gives back a body whose compact JSON is
/// byte-identical to the record's.
#include <json/value.h>

#include <cstdint>
#include <memory>
#include <string>

namespace ykt::backend {

/// One record awaiting clearing.
class PackedPurchase {
 public:
  /// Packs `record` (any JSON value).
  static PackedPurchase pack(const Json::Value& record);

  /// The record as JSON (equal compact text to what was packed).
  [[nodiscard]] Json::Value to_json() const;
  /// Its txn_id ("" when it has none).
  [[nodiscard]] std::string txn_id() const;
  /// Its amount in fen as `record["amount"].asInt64()` gave it (0 when not an integer).
  [[nodiscard]] std::int64_t amount() const;
  /// True when kept in the packed form (false: as JSON text).
  [[nodiscard]] bool packed() const { return !text_; }

 private:
  std::unique_ptr<std::string> text_;  ///< compact JSON of a record not in the usual form
  std::uint32_t amount_ = 0, term_seq_ = 0, issuer_ = 0;
  std::uint16_t atc_ = 0;
  std::uint8_t terminal_[6] = {}, txn_[6] = {}, date_[4] = {}, time_[3] = {}, tac_[4] = {};
  char card_no_[9] = {};
  std::uint8_t txn_type_ = 0, flags_ = 0;
};

}  // namespace ykt::backend
