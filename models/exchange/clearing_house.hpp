#pragma once
/// Clearing and net settlement between the four provinces (STD-12, FACTS §6): the exchange checks
/// each record of an acquirer's daily file (STD-12.2: cross-province, province known, date window,
/// txn_id repeats, TAC under the issuer's keys, double presentment), books the accepted ones per
/// (acquirer, issuer) and date, reverses records an issuer rejects, applies adjustments, and
/// settles a date into net positions (acquirer is owed, issuer owes; the positions sum to zero) and
/// the transfers that pay them.
#include <json/value.h>

#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <unordered_map>
#include <vector>

#include "backend/id_map.hpp"
#include "error_code.hpp"
#include "result.hpp"

namespace ykt::exchange {

/// One booked record.
struct BookedRecord {
  std::string txn_id;
  std::string acquirer;     ///< province
  std::string issuer;       ///< province
  std::string date;         ///< date of the clearing file (YYYYMMDD)
  std::int64_t amount = 0;  ///< fen as booked (adjustments are kept apart)
  bool reversed = false;    ///< taken out after the issuer rejected it
};

/// A payment that settles net positions.
struct Transfer {
  std::string from;         ///< province that pays
  std::string to;           ///< province that receives
  std::int64_t amount = 0;  ///< fen
};

/// The settlement of one date.
struct Settlement {
  std::string date;
  std::map<std::string, std::int64_t> positions;  ///< province -> fen (+ owed to it)
  std::vector<Transfer> transfers;
  /// The `clr.settle.rsp` body.
  [[nodiscard]] Json::Value to_json() const;
};

/// Outcome of one clearing file.
struct FileOutcome {
  Json::Value response;  ///< `clr.file.rsp` body (status, accepted, rejects)
  std::map<std::string, Json::Value> by_issuer;  ///< issuer province -> accepted records (array)
  std::int64_t accepted_amount = 0;              ///< fen
};

/// The clearing centre's books.
class ClearingHouse {
 public:
  /// Books between `provinces` ("310000", ...).
  explicit ClearingHouse(std::vector<std::string> provinces);

  /// Checks and books a `clr.file` body. `sender_province` (empty when unknown) must equal the
  /// file's acquirer; a file for a settled date is refused whole (E3003). Each record, in this
  /// order: schema (E1002); card province one of the four (E3001); terminal province = acquirer
  /// != card province (E3003); record date in [D - 7 days, D] for file date D (E3003); txn_id
  /// already booked: same content → accepted again but booked and routed once, other content →
  /// E2007; TAC (E2006); (card, ATC, txn_type) booked under another txn_id (E3003).
  FileOutcome accept_file(const Json::Value& body, const std::string& sender_province);
  /// Takes a booked record out after its issuer rejected it (STD-12.4.2); the record, or nullopt
  /// when unknown, already reversed, its date is settled, or `issuer` (when not empty) is not the
  /// record's issuer.
  std::optional<BookedRecord> reverse(const std::string& txn_id, const std::string& issuer = {});
  /// What `adjust` did: the record, and whether (txn_id, reason) was adjusted before already.
  struct Adjusted {
    BookedRecord record;  ///< the adjusted record
    bool repeat = false;  ///< true: the same adjustment again, not booked twice (STD-12.4.3)
  };
  /// Changes the cleared amount of a booked record by `amount` fen, once per (txn_id, reason):
  /// E2015 unknown record, E3003 date already settled, E2007 same txn_id and reason with another
  /// amount (STD-12.4.3).
  Result<Adjusted> adjust(const std::string& txn_id, std::int64_t amount,
                          const std::string& reason = "OK");
  /// Settles a date (idempotent: a settled date gives the same answer again).
  Settlement settle(const std::string& date);

  /// Net amount booked for (acquirer, issuer) on a date, adjustments included.
  [[nodiscard]] std::int64_t booked(const std::string& date, const std::string& acquirer,
                                    const std::string& issuer) const;
  /// Records accepted so far (not reversed).
  [[nodiscard]] std::uint64_t accepted_records() const { return accepted_records_; }
  /// Fen accepted so far, adjustments included.
  [[nodiscard]] std::int64_t accepted_amount() const { return accepted_amount_; }
  /// Records accepted again as same-content repeats of a booked record (not booked again).
  [[nodiscard]] std::uint64_t repeated_records() const { return repeated_records_; }
  /// Records rejected so far, by status.
  [[nodiscard]] const std::map<std::string, std::uint64_t>& rejected() const { return rejected_; }

 private:
  /// A booked record as kept: provinces and date by index and a 64-bit fingerprint of its
  /// content (as two halves, so the entry stays 4-aligned), 20 bytes (the txn_id is the key).
  struct Booked {
    std::uint32_t amount = 0;               ///< fen
    std::uint32_t date = 0;                 ///< index in dates_
    std::uint32_t content_lo = 0;           ///< fingerprint of the record as sent, low half
    std::uint32_t content_hi = 0;           ///< fingerprint of the record as sent, high half
    std::uint8_t acquirer = 0, issuer = 0;  ///< indexes in provinces_
    bool reversed = false;
  };

  /// A set of 64-bit keys (never 0) in one open-addressing table, 8 bytes per slot at load <= 1/2.
  class KeySet {
   public:
    /// True when `key` is held.
    [[nodiscard]] bool contains(std::uint64_t key) const;
    /// Adds `key` (no-op when held).
    void insert(std::uint64_t key);

   private:
    void grow();
    std::vector<std::uint64_t> slots_;  ///< 0: empty
    std::size_t size_ = 0;
  };

  bool known(const std::string& province) const;
  std::uint8_t province_index(const std::string& province) const;
  std::uint32_t date_index(const std::string& date);
  BookedRecord expand(const std::string& txn_id, const Booked& b) const;

  std::vector<std::string> provinces_;
  backend::IdMap<Booked> records_;  ///< by txn_id
  std::vector<std::string> dates_;  ///< dates of clearing files seen
  std::map<std::string, std::uint32_t> date_index_;
  /// date -> (acquirer, issuer) -> fen
  std::map<std::string, std::map<std::pair<std::string, std::string>, std::int64_t>> ledger_;
  std::map<std::string, Settlement> settled_;
  std::map<std::pair<std::string, std::string>, std::int64_t> adjustments_;  ///< (txn, reason)
  /// Hashes of (card issuer, card number, ATC, txn_type) of booked records (STD-12.2 rule 5).
  KeySet presented_;
  std::uint64_t accepted_records_ = 0;
  std::int64_t accepted_amount_ = 0;
  std::uint64_t repeated_records_ = 0;
  std::map<std::string, std::uint64_t> rejected_;
};

}  // namespace ykt::exchange
