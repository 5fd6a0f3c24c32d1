#include "idempotency_store.hpp"

#include "crypto.hpp"
#include "json_util.hpp"

namespace ykt::backend {

IdempotencyStore::IdempotencyStore(std::size_t capacity) : capacity_(capacity ? capacity : 1) {}

std::string IdempotencyStore::digest(const std::string& type, const Json::Value& body) {
  // jsoncpp objects keep members sorted, so compact() is canonical for equal content.
  const Bytes d = crypto::sm3(std::string_view(type + "|" + json::compact(body)));
  return std::string(d.begin(), d.begin() + 16);
}

IdempotencyStore::Lookup IdempotencyStore::check(const std::string& txn_id, const std::string& type,
                                                 const Json::Value& body) const {
  auto it = entries_.find(txn_id);
  if (it == entries_.end()) return {};
  if (it->second.digest != digest(type, body)) return {Seen::conflict, Json::Value()};
  return {Seen::same, it->second.response};
}

void IdempotencyStore::remember(const std::string& txn_id, const std::string& type,
                                const Json::Value& body, const Json::Value& response) {
  auto [it, inserted] = entries_.try_emplace(txn_id);
  it->second = Entry{digest(type, body), response};
  if (!inserted) return;
  order_.push_back(txn_id);
  while (order_.size() > capacity_) {
    entries_.erase(order_.front());
    order_.pop_front();
  }
}

}  // namespace ykt::backend
