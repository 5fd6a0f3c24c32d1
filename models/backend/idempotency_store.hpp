#pragma once
/// Idempotent processing by transaction id (STD-2.5): a repeat with the same content gets the
/// stored original answer, a repeat with other content E2007. Memory is bounded: the store keeps
/// the most recent `capacity` ids (FIFO); an id older than that window is treated as new, so
/// retries must arrive within the window (default 200,000 ids per backend ≈ 30–60 MB; at the
/// 1:1000 demo load that is hours of traffic).
#include <json/value.h>

#include <cstddef>
#include <deque>
#include <optional>
#include <string>
#include <unordered_map>

namespace ykt::backend {

/// What a lookup found.
enum class Seen { fresh, same, conflict };

/// Stored answers keyed by txn_id.
class IdempotencyStore {
 public:
  /// Keeps at most `capacity` ids (at least 1).
  explicit IdempotencyStore(std::size_t capacity = 200'000);

  /// Result of `check`: whether the id was seen and, for `same`, the stored answer.
  struct Lookup {
    Seen seen = Seen::fresh;
    Json::Value response;  ///< the original answer when `seen == same`
  };
  /// Looks up `txn_id` for a request of `type` with `body`.
  [[nodiscard]] Lookup check(const std::string& txn_id, const std::string& type,
                             const Json::Value& body) const;
  /// Stores the answer to a request; evicts the oldest id beyond the capacity.
  void remember(const std::string& txn_id, const std::string& type, const Json::Value& body,
                const Json::Value& response);
  /// True when `txn_id` is held.
  [[nodiscard]] bool contains(const std::string& txn_id) const {
    return entries_.count(txn_id) > 0;
  }
  /// Ids held now.
  [[nodiscard]] std::size_t size() const { return entries_.size(); }
  /// The capacity (window) in ids.
  [[nodiscard]] std::size_t capacity() const { return capacity_; }

  /// The content digest a request is compared by: SM3 of type and canonical body.
  static std::string digest(const std::string& type, const Json::Value& body);

 private:
  struct Entry {
    std::string digest;
    Json::Value response;
  };
  std::size_t capacity_;
  std::unordered_map<std::string, Entry> entries_;
  std::deque<std::string> order_;
};

}  // namespace ykt::backend
