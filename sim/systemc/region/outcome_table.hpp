#pragma once
/// Outcomes of generated transactions, grouped by hour, province pair and service: counts of
/// completed, rejected and timed-out transactions, full latency histograms, completed debits.
#include <json/value.h>

#include <array>
#include <cstdint>
#include <map>
#include <string>
#include <tuple>

#include "histogram.hpp"

namespace ykt::region {

/// How a transaction ended (every generated one ends in exactly one of these).
enum class Outcome { completed, rejected, timed_out };

/// Counters and latency of one group of transactions.
struct OutcomeCell {
  std::uint64_t generated = 0;  ///< transactions sent
  std::uint64_t completed = 0;  ///< answered with status OK
  std::uint64_t rejected = 0;   ///< answered with an error status
  std::uint64_t timed_out = 0;  ///< not answered within the time-out
  std::int64_t debit_fen = 0;   ///< amounts of completed debits (transit purchases)
  std::uint64_t debits = 0;     ///< number of completed debits
  sysc::Histogram latency_ns;   ///< answered transactions, request to response
  std::map<std::string, std::uint64_t> statuses;  ///< status code -> count (answered)

  /// Adds another cell.
  void merge(const OutcomeCell& o);
};

/// All outcome groups of a run.
class OutcomeTable {
 public:
  /// Counts a generated transaction.
  void generated(int hour, const std::string& pair, const std::string& service);
  /// Counts an ended transaction with its latency (ignored for time-outs) and debit.
  void ended(int hour, const std::string& pair, const std::string& service, Outcome o,
             const std::string& status, std::int64_t latency_ns, std::int64_t debit_fen);
  /// Cells by (hour, pair, service).
  [[nodiscard]] const std::map<std::tuple<int, std::string, std::string>, OutcomeCell>& cells()
      const {
    return cells_;
  }
  /// Sum over every cell.
  [[nodiscard]] OutcomeCell total() const;

 private:
  std::map<std::tuple<int, std::string, std::string>, OutcomeCell> cells_;
};

}  // namespace ykt::region
