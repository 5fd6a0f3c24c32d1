#pragma once
/// One purse purchase as it travels in `txn.purchase`, `txn.batch` and clearing files (CATALOG):
/// the terminal writes it, the backend stores it, the exchange checks its TAC.
#include <json/value.h>

#include <string>

#include "card_ref.hpp"
#include "purse_crypto.hpp"

namespace ykt {

/// A purchase record with its TAC (JSON field names as in CATALOG `txn.purchase`).
struct PurchaseRecord {
  std::string txn_id;                              ///< `<terminal_id>-<12 hex>`
  std::string terminal_id;                         ///< 12 digits
  CardRef card;                                    ///< `card_ref`
  std::uint32_t amount = 0;                        ///< fen
  std::uint8_t txn_type = purse::kTypePurchase;    ///< `txn_type` "06" or "09"
  std::uint16_t atc = 0;                           ///< card offline ATC
  std::uint32_t term_seq = 0;                      ///< terminal sequence number
  std::string date;                                ///< "YYYYMMDD" (Beijing)
  std::string time;                                ///< "hhmmss" (Beijing)
  std::string tac;                                 ///< 8 lower-case hex
  bool online = false;                             ///< true when sent as it happened
  crypto::Algorithm alg = crypto::Algorithm::sm4;  ///< `alg` "sm4"/"3des" (ykt addition)

  /// The JSON body: txn_id, terminal_id, card_ref, amount, txn_type, atc, term_seq, date, time,
  /// tac, online, alg.
  [[nodiscard]] Json::Value to_json() const;
  /// The MAC input of this record (card random is not part of the TAC and stays empty).
  [[nodiscard]] Result<purse::PurchaseData> purchase_data() const;
  /// True when the TAC verifies under the issuer's keys (clearing, STD-4.6).
  [[nodiscard]] bool tac_valid() const;
};

/// Parses a record; E1002 naming the bad field. A missing `alg` means SM4.
Result<PurchaseRecord> parse_purchase_record(const Json::Value& v);

}  // namespace ykt
