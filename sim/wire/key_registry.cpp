#include "key_registry.hpp"

#include "address_pattern.hpp"
#include "crypto.hpp"

namespace ykt::wire {
namespace {
/// Derived keys cached before the cache is cleared (bounds memory with many card addresses).
constexpr std::size_t kMaxCachedKeys = 100000;
}  // namespace

Bytes KeyRegistry::derived_key(std::string_view address) {
  std::string label = "ykt-test-actor-key|";
  label.append(address);
  return crypto::sm3(std::string_view(label));
}

KeyRegistry KeyRegistry::accept_all() {
  KeyRegistry r;
  r.accept_pattern("*");
  return r;
}

void KeyRegistry::add_key(const std::string& kid, Bytes key) {
  explicit_[kid] = std::move(key);
}

void KeyRegistry::accept_pattern(const std::string& pattern) {
  patterns_.push_back(pattern);
}

std::optional<Bytes> KeyRegistry::key_for(const std::string& kid) const {
  if (auto it = explicit_.find(kid); it != explicit_.end()) return it->second;
  if (auto it = derived_cache_.find(kid); it != derived_cache_.end()) return it->second;
  for (const auto& p : patterns_) {
    if (glob_match(p, kid)) {
      if (derived_cache_.size() >= kMaxCachedKeys) derived_cache_.clear();
      return derived_cache_.emplace(kid, derived_key(kid)).first->second;
    }
  }
  return std::nullopt;
}

}  // namespace ykt::wire
