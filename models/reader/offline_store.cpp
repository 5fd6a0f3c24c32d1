#include "offline_store.hpp"

namespace ykt::reader {

const std::vector<PurchaseRecord>& OfflineStore::start_batch(std::size_t max) {
  static const std::vector<PurchaseRecord> kNone;
  if (!inflight_.empty()) return kNone;
  while (!waiting_.empty() && inflight_.size() < max) {
    inflight_.push_back(std::move(waiting_.front()));
    waiting_.pop_front();
  }
  return inflight_;
}

std::vector<PurchaseRecord> OfflineStore::all() const {
  std::vector<PurchaseRecord> out(inflight_.begin(), inflight_.end());
  out.insert(out.end(), waiting_.begin(), waiting_.end());
  return out;
}

void OfflineStore::batch_failed() {
  for (auto it = inflight_.rbegin(); it != inflight_.rend(); ++it)
    waiting_.push_front(std::move(*it));
  inflight_.clear();
}

}  // namespace ykt::reader
