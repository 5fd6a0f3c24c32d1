#pragma once
/// Message-authentication keys by key id (kid = sender address, STD-8.2): explicit keys from a
/// topology, plus address patterns whose keys are derived as SM3("ykt-test-actor-key|" + address),
/// the same derivation as ykt::keys::actor_key (models/common/issuer_keys.hpp), repeated here so
/// that ykt_wire does not link the models.
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "hex.hpp"

namespace ykt::wire {

/// kid -> key; a kid that is neither registered nor matches an accepted pattern is unknown (E1101).
class KeyRegistry {
 public:
  /// The synthetic test key of `address`: SM3("ykt-test-actor-key|" + address), 32 bytes.
  static Bytes derived_key(std::string_view address);

  /// A registry that derives a key for every kid (clients checking replies, benches).
  static KeyRegistry accept_all();

  /// Registers an explicit key for `kid` (overrides derivation).
  void add_key(const std::string& kid, Bytes key);
  /// Accepts every kid matching `pattern` with its derived key.
  void accept_pattern(const std::string& pattern);
  /// The key of `kid`, or nullopt when the kid is unknown.
  [[nodiscard]] std::optional<Bytes> key_for(const std::string& kid) const;
  /// The accepted patterns, in the order added.
  [[nodiscard]] const std::vector<std::string>& patterns() const { return patterns_; }

 private:
  std::map<std::string, Bytes> explicit_;
  std::vector<std::string> patterns_;
  mutable std::unordered_map<std::string, Bytes> derived_cache_;
};

}  // namespace ykt::wire
