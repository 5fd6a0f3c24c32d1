#pragma once
/// The exchange's audit sink for `ykt simulate` (ykt definition): it counts records instead of
/// keeping them, so a simulated day's memory does not grow with every message (issue 4: bounded
/// memory at full scale). The wire mode keeps its file sink; tests keep the in-memory sink.
#include <cstdint>

#include "exchange/audit_sink.hpp"

namespace ykt::region {

/// Counts audit records by direction; keeps none.
class CountingAuditSink final : public exchange::AuditSink {
 public:
  /// Counts one record ("in" or "out").
  void append(const exchange::AuditRecord& r) override {
    if (r.dir == "in")
      ++in_;
    else
      ++out_;
  }
  /// Records of messages the exchange received.
  [[nodiscard]] std::uint64_t in() const { return in_; }
  /// Records of messages the exchange sent.
  [[nodiscard]] std::uint64_t out() const { return out_; }

 private:
  std::uint64_t in_ = 0;
  std::uint64_t out_ = 0;
};

}  // namespace ykt::region
