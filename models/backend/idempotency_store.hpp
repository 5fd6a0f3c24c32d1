#pragma once
/// Idempotent processing by transaction id (STD-2.5): a repeat with the same content gets the
/// stored original answer, a repeat with other content E2007. Memory is bounded: the store keeps
/// the most recent `capacity` ids (FIFO); an id older than that window is treated as new, so
/// retries must arrive within the window (default 200,000 ids per store).
///
/// Per id the store holds the id once (packed, IdMap), the full SM3 content digest as 32 bytes and
/// the answer as its compact JSON text (parsed back only on a repeat): about 100 bytes per id for
/// a short answer instead of a JSON tree.
#include <json/value.h>

#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "backend/id_map.hpp"

namespace ykt::backend {

/// What a lookup found.
enum class Seen { fresh, same, conflict };

/// The content digest of a request: SM3 (32 bytes) of its type and canonical body.
using Digest = std::array<std::uint8_t, 32>;

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
                             const Json::Value& body) const {
    return check(txn_id, digest(type, body));
  }
  /// Looks up `txn_id` for a request whose content digest is `d`.
  [[nodiscard]] Lookup check(std::string_view txn_id, const Digest& d) const;
  /// Stores the answer to a request; evicts the oldest id beyond the capacity.
  void remember(const std::string& txn_id, const std::string& type, const Json::Value& body,
                const Json::Value& response) {
    remember(txn_id, digest(type, body), response);
  }
  /// Stores the answer to a request whose content digest is `d`.
  void remember(std::string_view txn_id, const Digest& d, const Json::Value& response);
  /// True when `txn_id` is held.
  [[nodiscard]] bool contains(std::string_view txn_id) const { return entries_.contains(txn_id); }
  /// Ids held now.
  [[nodiscard]] std::size_t size() const { return entries_.size(); }
  /// The capacity (window) in ids.
  [[nodiscard]] std::size_t capacity() const { return entries_.capacity(); }
  /// Heap bytes held (estimate, for measurements).
  [[nodiscard]] std::size_t memory_bytes() const { return entries_.memory_bytes(); }

  /// The content digest a request is compared by: SM3 of the type and a canonical encoding of the
  /// body. Two bodies get the same digest exactly when their compact JSON texts are equal (members
  /// in key order, integers by value, other numbers by their double value).
  static Digest digest(std::string_view type, const Json::Value& body);

 private:
  IdMap<Digest> entries_;  ///< extra bytes: the answer's compact JSON ("" for null)
};

}  // namespace ykt::backend
