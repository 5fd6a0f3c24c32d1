#pragma once
/// The terminal's store of offline purchase records waiting for upload (FACTS §5: completed
/// records are kept across power loss; FACTS §6: offline debits are kept with their TAC).
#include <cstddef>
#include <list>
#include <string>
#include <vector>

#include "common/purchase_record.hpp"

namespace ykt::reader {

/// Records not yet accepted by the acquiring backend, and the batch in flight.
class OfflineStore {
 public:
  /// Keeps a completed debit.
  void add(PurchaseRecord r) { waiting_.push_back(std::move(r)); }
  /// Moves up to `max` records into a new batch and returns it (valid until the batch is done or
  /// failed); empty when a batch is in flight or none wait.
  const std::vector<PurchaseRecord>& start_batch(std::size_t max);
  /// The batch in flight was answered: its records leave the store.
  void batch_done() { inflight_.clear(); }
  /// The batch in flight got no answer: its records go back to the front of the queue.
  void batch_failed();
  /// True while a batch waits for its answer.
  [[nodiscard]] bool batch_in_flight() const { return !inflight_.empty(); }
  /// Records waiting (not counting the batch in flight).
  [[nodiscard]] std::size_t waiting() const { return waiting_.size(); }
  /// Every record held, in upload order (waiting after in flight).
  [[nodiscard]] std::vector<PurchaseRecord> all() const;
  /// Records waiting and in flight.
  [[nodiscard]] std::size_t total() const { return waiting_.size() + inflight_.size(); }

 private:
  std::list<PurchaseRecord> waiting_;  // a list: an empty deque allocates ~600 B, per terminal
  std::vector<PurchaseRecord> inflight_;
};

}  // namespace ykt::reader
