#include "issuer_keys.hpp"

#include <algorithm>
#include <array>
#include <functional>
#include <map>
#include <vector>

namespace ykt::keys {

std::string_view purpose_name(Purpose p) {
  switch (p) {
    case Purpose::purchase:
      return "purchase";
    case Purpose::load:
      return "load";
    case Purpose::tac:
      return "tac";
    case Purpose::qr:
      return "qr";
    case Purpose::holder_digest:
      return "holder_digest";
  }
  return "purchase";
}

Bytes issuer_master(std::string_view province, Purpose purpose) {
  std::string label = "ykt-test-master|";
  label.append(province).append("|").append(purpose_name(purpose));
  // A handful of (province, purpose) pairs, asked for on every card key: derived once per thread.
  thread_local std::map<std::string, Bytes> cache;
  if (auto it = cache.find(label); it != cache.end()) return it->second;
  Bytes d = crypto::sm3(std::string_view(label));
  d.resize(16);
  if (cache.size() < 64) cache.emplace(label, d);
  return d;
}

Bytes card_factor(std::string_view card_no) {
  // Asked for by every derivation of a card's keys (three per card built, one per PSAM session,
  // one per TAC checked): the recent factors are kept per thread in a direct-mapped table.
  struct Entry {
    std::array<char, 24> no{};
    std::uint8_t len = 0xFF;  // 0xFF: empty
    std::array<std::uint8_t, 8> factor{};
  };
  constexpr std::size_t kSlots = std::size_t{1} << 15;
  thread_local std::vector<Entry> cache(kSlots);
  Entry* e = nullptr;
  if (card_no.size() <= 24) {
    e = &cache[std::hash<std::string_view>()(card_no) & (kSlots - 1)];
    if (e->len == card_no.size() && std::equal(card_no.begin(), card_no.end(), e->no.begin()))
      return Bytes(e->factor.begin(), e->factor.end());
  }
  Bytes d = crypto::sm3(card_no);
  d.resize(8);
  if (e != nullptr) {
    std::copy(card_no.begin(), card_no.end(), e->no.begin());
    e->len = static_cast<std::uint8_t>(card_no.size());
    std::copy(d.begin(), d.end(), e->factor.begin());
  }
  return d;
}

Bytes card_key(crypto::Algorithm alg, std::string_view province, Purpose purpose,
               std::string_view card_no) {
  return crypto::diversify(alg, issuer_master(province, purpose), card_factor(card_no));
}

std::string province_of(std::string_view city_code) {
  return std::string(city_code.substr(0, 2)) + "0000";
}

Bytes actor_key(std::string_view address) {
  std::string label = "ykt-test-actor-key|";
  label.append(address);
  return crypto::sm3(std::string_view(label));
}

}  // namespace ykt::keys
