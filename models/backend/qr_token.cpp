#include "qr_token.hpp"

#include <vector>

#include "common/issuer_keys.hpp"
#include "crypto.hpp"

namespace ykt::backend {

namespace {
constexpr std::string_view kPrefix = "YQR1";

std::string signature(std::string_view province, std::string_view signed_part) {
  const Bytes key = keys::issuer_master(province, keys::Purpose::qr);
  return to_hex(crypto::hmac_sm3(key, signed_part.data(), signed_part.size()));
}

bool all_hex(std::string_view s) {
  for (char c : s)
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'))) return false;
  return true;
}
}  // namespace

std::string issue_qr_token(const CardRef& card, std::int64_t expiry, std::string_view nonce_hex16) {
  std::string part = std::string(kPrefix) + "." + card.issuer + "." + card.card_no + "." +
                     std::to_string(expiry) + "." + std::string(nonce_hex16);
  return part + "." + signature(card.province(), part);
}

Result<QrToken> parse_qr_token(std::string_view token) {
  std::vector<std::string_view> f;
  std::size_t start = 0;
  while (true) {
    const std::size_t dot = token.find('.', start);
    f.push_back(token.substr(start, dot == std::string_view::npos ? dot : dot - start));
    if (dot == std::string_view::npos) break;
    start = dot + 1;
  }
  if (f.size() != 6 || f[0] != kPrefix) return Error{"E2010", "QR token: not a YQR1 token"};
  QrToken t;
  if (!valid_city_code(f[1])) return Error{"E2010", "QR token: bad issuer city"};
  if (!valid_card_no(f[2])) return Error{"E2010", "QR token: bad card number"};
  if (f[3].size() != 10) return Error{"E2010", "QR token: bad expiry"};
  for (char c : f[3])
    if (c < '0' || c > '9') return Error{"E2010", "QR token: bad expiry"};
  if (f[4].size() != 16 || !all_hex(f[4])) return Error{"E2010", "QR token: bad nonce"};
  if (f[5].size() != 64 || !all_hex(f[5])) return Error{"E2010", "QR token: bad signature form"};
  t.card = CardRef{std::string(f[1]), std::string(f[2])};
  t.expiry = std::stoll(std::string(f[3]));
  t.nonce = std::string(f[4]);
  t.sig = std::string(f[5]);
  t.signed_part = std::string(token.substr(0, token.rfind('.')));
  return t;
}

bool qr_signature_valid(const QrToken& t) {
  const auto want = from_hex(signature(t.card.province(), t.signed_part));
  const auto got = from_hex(t.sig);
  return want && got && crypto::equal_ct(*want, *got);
}

}  // namespace ykt::backend
