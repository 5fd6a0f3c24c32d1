#pragma once
/// Clearing and net settlement between the four provinces (STD-12, FACTS §6): the exchange checks
/// each record of an acquirer's daily file (TAC under the issuer's keys, duplicates), books the
/// accepted ones per (acquirer, issuer) and date, reverses records an issuer rejects, applies
/// adjustments, and settles a date into net positions (acquirer is owed, issuer owes; the
/// positions sum to zero) and the transfers that pay them.
#include <json/value.h>

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
  /// file's acquirer.
  FileOutcome accept_file(const Json::Value& body, const std::string& sender_province);
  /// Takes a booked record out after its issuer rejected it (STD-12.4.2); the record, or nullopt
  /// when unknown, already reversed, its date is settled, or `issuer` (when not empty) is not the
  /// record's issuer.
  std::optional<BookedRecord> reverse(const std::string& txn_id, const std::string& issuer = {});
  /// Changes the cleared amount of a booked record by `amount` fen: E2015 unknown record,
  /// E3003 date already settled.
  Result<BookedRecord> adjust(const std::string& txn_id, std::int64_t amount);
  /// Settles a date (idempotent: a settled date gives the same answer again).
  Settlement settle(const std::string& date);

  /// Net amount booked for (acquirer, issuer) on a date, adjustments included.
  [[nodiscard]] std::int64_t booked(const std::string& date, const std::string& acquirer,
                                    const std::string& issuer) const;
  /// Records accepted so far (not reversed).
  [[nodiscard]] std::uint64_t accepted_records() const { return accepted_records_; }
  /// Fen accepted so far, adjustments included.
  [[nodiscard]] std::int64_t accepted_amount() const { return accepted_amount_; }
  /// Records rejected so far, by status.
  [[nodiscard]] const std::map<std::string, std::uint64_t>& rejected() const { return rejected_; }

 private:
  /// A booked record as kept: provinces and date by index, 12 bytes (the txn_id is the key).
  struct Booked {
    std::uint32_t amount = 0;               ///< fen
    std::uint32_t date = 0;                 ///< index in dates_
    std::uint8_t acquirer = 0, issuer = 0;  ///< indexes in provinces_
    bool reversed = false;
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
  std::uint64_t accepted_records_ = 0;
  std::int64_t accepted_amount_ = 0;
  std::map<std::string, std::uint64_t> rejected_;
};

}  // namespace ykt::exchange
