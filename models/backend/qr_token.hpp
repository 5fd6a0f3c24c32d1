#pragma once
/// The electronic SSC QR token (STD-5; ykt definition of the format):
/// `YQR1.<issuer city>.<card_no>.<expiry epoch s, 10 digits>.<nonce, 16 hex>.<sig, 64 hex>` where
/// sig is HMAC-SM3(issuer QR master key, everything before the last dot) in lower-case hex.
/// The issuer QR master key is keys::issuer_master(province, Purpose::qr).
#include <cstdint>
#include <string>
#include <string_view>

#include "common/card_ref.hpp"
#include "result.hpp"

namespace ykt::backend {

/// The fields of a QR token.
struct QrToken {
  CardRef card;             ///< issuer city and card number
  std::int64_t expiry = 0;  ///< epoch seconds
  std::string nonce;        ///< 16 hex characters
  std::string sig;          ///< 64 hex characters
  std::string signed_part;  ///< everything before the last dot
};

/// Signs a token for `card` valid until `expiry` (epoch s) with a 16-hex-character nonce.
std::string issue_qr_token(const CardRef& card, std::int64_t expiry, std::string_view nonce_hex16);

/// Parses a token's form (no signature check); E2010 naming what is wrong.
Result<QrToken> parse_qr_token(std::string_view token);

/// True when the signature verifies under the issuing province's QR key.
bool qr_signature_valid(const QrToken& t);

}  // namespace ykt::backend
