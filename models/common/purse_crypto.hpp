#pragma once
/// MAC1, MAC2, TAC and session keys of the transit purse (FACTS §4, STD-4.6, STD-4.7): the one
/// implementation used by the card, the terminal (PSAM), the backend (load authorisation) and the
/// exchange (TAC check at clearing). Byte layouts are in models/card/APDU.md.
#include <cstdint>
#include <optional>
#include <string_view>

#include "card_ref.hpp"
#include "crypto.hpp"
#include "issuer_keys.hpp"

namespace ykt::purse {

/// Transaction type byte of a load (PBOC e-purse load; ykt uses it for every top-up).
inline constexpr std::uint8_t kTypeLoad = 0x02;
/// Transaction type byte of a purchase (FACTS §4).
inline constexpr std::uint8_t kTypePurchase = 0x06;
/// Transaction type byte of a compound (transit) purchase (FACTS §4).
inline constexpr std::uint8_t kTypeCompound = 0x09;
/// Algorithm byte in INITIALIZE answers for 3DES (ykt definition).
inline constexpr std::uint8_t kAlgByteDes3 = 0x00;
/// Algorithm byte in INITIALIZE answers for SM4 (ykt definition).
inline constexpr std::uint8_t kAlgByteSm4 = 0x04;

/// The algorithm byte of `alg`.
std::uint8_t algorithm_byte(crypto::Algorithm alg);
/// The algorithm of an algorithm byte; nullopt for an unknown byte.
std::optional<crypto::Algorithm> algorithm_from_byte(std::uint8_t b);
/// Wire name of an algorithm: `sm4` or `3des`.
std::string_view algorithm_name(crypto::Algorithm alg);
/// The algorithm named `sm4` or `3des`; nullopt otherwise.
std::optional<crypto::Algorithm> parse_algorithm(std::string_view name);

/// The fields of one purchase that its session key, MAC1, MAC2 and TAC cover.
struct PurchaseData {
  std::uint32_t amount = 0;               ///< fen
  std::uint8_t txn_type = kTypePurchase;  ///< 06 or 09
  Bytes terminal;                         ///< 6 B BCD terminal id
  std::uint32_t term_seq = 0;             ///< terminal transaction sequence number
  std::uint16_t atc = 0;                  ///< the card's offline ATC used by this purchase
  Bytes card_random;                      ///< 4 B from INITIALIZE FOR PURCHASE
  Bytes date;                             ///< 4 B BCD YYYYMMDD
  Bytes time;                             ///< 3 B BCD hhmmss
};

/// The fields of one load (top-up) that its session key, MAC1, MAC2 and TAC cover.
struct LoadData {
  std::uint32_t amount = 0;       ///< fen
  Bytes terminal;                 ///< 6 B BCD terminal id
  std::uint16_t online_atc = 0;   ///< the card's online ATC used by this load
  Bytes card_random;              ///< 4 B from INITIALIZE FOR LOAD
  std::uint32_t old_balance = 0;  ///< balance before the load, fen
  Bytes date;                     ///< 4 B BCD YYYYMMDD
  Bytes time;                     ///< 3 B BCD hhmmss
};

/// Session key from a card key and 8 bytes of input (STD-4.6): SM4 encrypts the 16-byte block
/// input ‖ NOT(input) (ykt widening) giving 16 B; 3DES encrypts the 8 bytes giving 8 B.
Bytes session_key(crypto::Algorithm alg, const Bytes& card_key, const Bytes& input8);
/// A MAC under a session key: SM4 uses the 16-byte key; an 8-byte 3DES session key K is used as
/// the two-key 3DES key K ‖ K (single-DES equivalent, as PBOC).
Bytes session_mac(crypto::Algorithm alg, const Bytes& session_key, const Bytes& data);

/// Purchase session key: ENC(purchase key, card random ‖ ATC ‖ last 2 B of terminal sequence).
Bytes purchase_session_key(crypto::Algorithm alg, const Bytes& purchase_key, const PurchaseData& d);
/// MAC1 over amount 4 ‖ type 1 ‖ terminal 6 ‖ date 4 ‖ time 3 under the session key.
Bytes purchase_mac1(crypto::Algorithm alg, const Bytes& session_key, const PurchaseData& d);
/// MAC2 over amount 4 under the session key.
Bytes purchase_mac2(crypto::Algorithm alg, const Bytes& session_key, const PurchaseData& d);
/// TAC over amount 4 ‖ type 1 ‖ terminal 6 ‖ term seq 4 ‖ ATC 2 ‖ date 4 ‖ time 3 under the
/// card's TAC key (the ATC is a ykt addition that ties a TAC to one card transaction).
Bytes purchase_tac(crypto::Algorithm alg, const Bytes& tac_key, const PurchaseData& d);

/// Load session key: ENC(load key, card random ‖ online ATC ‖ 80 00).
Bytes load_session_key(crypto::Algorithm alg, const Bytes& load_key, const LoadData& d);
/// Load MAC1 (card → issuer) over old balance 4 ‖ amount 4 ‖ type 02 ‖ terminal 6.
Bytes load_mac1(crypto::Algorithm alg, const Bytes& session_key, const LoadData& d);
/// Load MAC2 (issuer → card) over amount 4 ‖ type 02 ‖ terminal 6 ‖ date 4 ‖ time 3.
Bytes load_mac2(crypto::Algorithm alg, const Bytes& session_key, const LoadData& d);
/// Load TAC over new balance 4 ‖ online ATC 2 ‖ amount 4 ‖ type 02 ‖ terminal 6 ‖ date 4 ‖ time 3
/// under the card's TAC key; new balance = old balance + amount.
Bytes load_tac(crypto::Algorithm alg, const Bytes& tac_key, const LoadData& d);

// ---- Issuer / PSAM side: the card's keys derived from the issuer master keys (STD-4.7). ----

/// The card's key for `purpose`: keys::card_key(alg, card.province(), purpose, card.card_no).
Bytes card_key(crypto::Algorithm alg, const CardRef& card, keys::Purpose purpose);
/// MAC1 a terminal (PSAM) sends in DEBIT FOR PURCHASE.
Bytes terminal_purchase_mac1(crypto::Algorithm alg, const CardRef& card, const PurchaseData& d);
/// True when `mac2` from DEBIT FOR PURCHASE is right (checked by the terminal).
bool verify_purchase_mac2(crypto::Algorithm alg, const CardRef& card, const PurchaseData& d,
                          const Bytes& mac2);
/// The TAC the card must have produced for a purchase (clearing, STD-4.6).
Bytes issuer_purchase_tac(crypto::Algorithm alg, const CardRef& card, const PurchaseData& d);
/// True when a purchase record's TAC verifies (clearing).
bool verify_purchase_tac(crypto::Algorithm alg, const CardRef& card, const PurchaseData& d,
                         const Bytes& tac);
/// True when a load MAC1 from the card verifies (backend, `topup.auth`).
bool verify_load_mac1(crypto::Algorithm alg, const CardRef& card, const LoadData& d,
                      const Bytes& mac1);
/// The load MAC2 the issuer returns in `topup.auth.rsp`.
Bytes issuer_load_mac2(crypto::Algorithm alg, const CardRef& card, const LoadData& d);
/// True when a load TAC verifies (backend, `topup.confirm`).
bool verify_load_tac(crypto::Algorithm alg, const CardRef& card, const LoadData& d,
                     const Bytes& tac);

}  // namespace ykt::purse
