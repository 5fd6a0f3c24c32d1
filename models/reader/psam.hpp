#pragma once
/// The terminal's secure module, PSAM-like (STD-6.2): it holds the purchase master keys of the four
/// issuing provinces, derives each card's purchase key, computes MAC1, checks MAC2 and keeps the
/// terminal transaction sequence number.
#include <cstdint>
#include <map>
#include <optional>
#include <string>

#include "common/card_ref.hpp"
#include "common/purse_crypto.hpp"

namespace ykt::reader {

/// Purchase-key holder of one terminal.
class Psam {
 public:
  /// Loads the purchase masters of 310000, 320000, 330000 and 340000 (synthetic test keys).
  Psam();
  /// True when the PSAM holds the purchase master of `province`.
  [[nodiscard]] bool holds(const std::string& province) const;
  /// MAC1 for a purchase; nullopt when the card's province is unknown to this PSAM.
  [[nodiscard]] std::optional<Bytes> mac1(crypto::Algorithm alg, const CardRef& card,
                                          const purse::PurchaseData& d) const;
  /// True when the card's MAC2 is right.
  [[nodiscard]] bool mac2_valid(crypto::Algorithm alg, const CardRef& card,
                                const purse::PurchaseData& d, const Bytes& mac2) const;
  /// The next terminal transaction sequence number (1, 2, ...).
  std::uint32_t next_sequence() { return ++sequence_; }
  /// The last sequence number used.
  [[nodiscard]] std::uint32_t sequence() const { return sequence_; }
  /// Sets the last sequence number used (restoring a terminal after power loss).
  void set_sequence(std::uint32_t s) { sequence_ = s; }

 private:
  std::optional<Bytes> session_key(crypto::Algorithm alg, const CardRef& card,
                                   const purse::PurchaseData& d) const;
  const std::map<std::string, Bytes>* masters_;  // province -> purchase master key (shared)
  std::uint32_t sequence_ = 0;
};

}  // namespace ykt::reader
