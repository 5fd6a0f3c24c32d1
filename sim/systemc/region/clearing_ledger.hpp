#pragma once
/// Independent accounting of clearing, read from the messages themselves: every `clr.file` an
/// acquirer sends and the exchange's answer (accepted records = sent minus rejects), summed per
/// acquirer→issuer province pair, plus the records of each province's own cards, settled inside it
/// with no message (STD-12.1.2), as its backend counted them. Compared with the workload's
/// completed debits (conservation).
#include <cstdint>
#include <map>
#include <string>
#include <unordered_map>
#include <unordered_set>

#include "envelope.hpp"

namespace ykt::region {

/// Cleared amounts per province pair.
class ClearingLedger {
 public:
  /// Feed every delivered envelope (SystemCRuntime delivery observer).
  void observe(const Envelope& e);
  /// Adds the records a province settled inside itself (pair "P>P").
  void add_local(const std::string& province, std::uint64_t records, std::int64_t fen);
  /// Accepted amount (fen) per "acquirer>issuer" pair.
  [[nodiscard]] const std::map<std::string, std::int64_t>& cleared_fen() const { return fen_; }
  /// Accepted records per pair.
  [[nodiscard]] const std::map<std::string, std::uint64_t>& cleared_records() const { return n_; }
  /// Records rejected by the exchange.
  [[nodiscard]] std::uint64_t rejected() const { return rejected_; }
  /// clr.file messages whose answer was not OK.
  [[nodiscard]] std::uint64_t failed_files() const { return failed_; }

 private:
  struct Sent {
    std::string acquirer;
    std::map<std::string, std::pair<std::string, std::int64_t>> records;  // txn -> (issuer, fen)
  };
  std::unordered_map<std::string, Sent> sent_;  // by clr.file message id
  std::unordered_set<std::string> counted_;     // txn_ids already counted
  std::map<std::string, std::int64_t> fen_;
  std::map<std::string, std::uint64_t> n_;
  std::uint64_t rejected_ = 0, failed_ = 0;
};

}  // namespace ykt::region
