#pragma once
/// The exchange's append-only audit log (STD-7, STD-8.4): one record per message in or out,
/// personal data masked. The sink is an interface: in memory for tests, a file for the wire mode
/// (wired by the composition root).
#include <cstdint>
#include <mutex>
#include <string>
#include <vector>

#include "sim_time.hpp"

namespace ykt::exchange {

/// One audited message.
struct AuditRecord {
  SimTime at;           ///< when the exchange saw or sent it
  std::string dir;      ///< "in" or "out"
  std::string from;     ///< sender address
  std::string to;       ///< receiver address
  std::string type;     ///< message type
  std::string id;       ///< message id
  std::string status;   ///< status of a response or rejection; empty for a request
  std::string txn_id;   ///< the body's txn_id, if any
  std::string card_no;  ///< the body's card_ref.card_no, if any
  std::string note;     ///< short masked remark (rejection reason, route)

  /// One JSON line (for file sinks), masked.
  [[nodiscard]] std::string to_json_line() const;
};

/// Where audit records go; append only.
class AuditSink {
 public:
  virtual ~AuditSink() = default;
  /// Appends one record (the sink must not reorder or drop).
  virtual void append(const AuditRecord& r) = 0;
};

/// Keeps records in memory (tests, small runs).
class InMemoryAuditSink final : public AuditSink {
 public:
  void append(const AuditRecord& r) override;
  /// A copy of every record so far, in order.
  [[nodiscard]] std::vector<AuditRecord> records() const;
  /// Number of records.
  [[nodiscard]] std::size_t size() const;

 private:
  mutable std::mutex mu_;
  std::vector<AuditRecord> records_;
};

}  // namespace ykt::exchange
