#include "psam.hpp"

#include "common/issuer_keys.hpp"

namespace ykt::reader {

namespace {
// Every PSAM holds the same four masters: one table per process instead of one per terminal.
const std::map<std::string, Bytes>& region_masters() {
  static const std::map<std::string, Bytes> masters = [] {
    std::map<std::string, Bytes> m;
    for (const char* p : {"310000", "320000", "330000", "340000"})
      m[p] = keys::issuer_master(p, keys::Purpose::purchase);
    return m;
  }();
  return masters;
}
}  // namespace

Psam::Psam() : masters_(&region_masters()) {}

bool Psam::holds(const std::string& province) const {
  return masters_->count(province) != 0;
}

std::optional<Bytes> Psam::session_key(crypto::Algorithm alg, const CardRef& card,
                                       const purse::PurchaseData& d) const {
  auto it = masters_->find(card.province());
  if (it == masters_->end()) return std::nullopt;
  const Bytes card_key = crypto::diversify(alg, it->second, keys::card_factor(card.card_no));
  return purse::purchase_session_key(alg, card_key, d);
}

std::optional<Bytes> Psam::mac1(crypto::Algorithm alg, const CardRef& card,
                                const purse::PurchaseData& d) const {
  auto sk = session_key(alg, card, d);
  if (!sk) return std::nullopt;
  return purse::purchase_mac1(alg, *sk, d);
}

bool Psam::mac2_valid(crypto::Algorithm alg, const CardRef& card, const purse::PurchaseData& d,
                      const Bytes& mac2) const {
  auto sk = session_key(alg, card, d);
  return sk && crypto::equal_ct(purse::purchase_mac2(alg, *sk, d), mac2);
}

}  // namespace ykt::reader
