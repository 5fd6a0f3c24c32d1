#include "error_code.hpp"

#include <array>

namespace ykt {

namespace {
struct Row {
  ErrorCode code;
  std::string_view wire;
  std::string_view name;
};
constexpr std::array<Row, 29> kTable{{
    {ErrorCode::ok, "OK", "ok"},
    {ErrorCode::malformed, "E1001", "malformed"},
    {ErrorCode::schema_violation, "E1002", "schema_violation"},
    {ErrorCode::oversized, "E1003", "oversized"},
    {ErrorCode::unsupported_version, "E1004", "unsupported_version"},
    {ErrorCode::unknown_type, "E1005", "unknown_type"},
    {ErrorCode::auth_failed, "E1101", "auth_failed"},
    {ErrorCode::replayed, "E1102", "replayed"},
    {ErrorCode::stale, "E1103", "stale"},
    {ErrorCode::pii_leak, "E1201", "pii_leak"},
    {ErrorCode::card_unknown, "E2001", "card_unknown"},
    {ErrorCode::card_lost, "E2002", "card_lost"},
    {ErrorCode::card_frozen, "E2003", "card_frozen"},
    {ErrorCode::card_revoked, "E2004", "card_revoked"},
    {ErrorCode::insufficient_balance, "E2005", "insufficient_balance"},
    {ErrorCode::tac_invalid, "E2006", "tac_invalid"},
    {ErrorCode::duplicate_conflict, "E2007", "duplicate_conflict"},
    {ErrorCode::service_not_offered, "E2008", "service_not_offered"},
    {ErrorCode::identity_mismatch, "E2009", "identity_mismatch"},
    {ErrorCode::qr_invalid, "E2010", "qr_invalid"},
    {ErrorCode::qr_expired, "E2011", "qr_expired"},
    {ErrorCode::limit_exceeded, "E2012", "limit_exceeded"},
    {ErrorCode::multiple_cards, "E2013", "multiple_cards"},
    {ErrorCode::card_timeout, "E2014", "card_timeout"},
    {ErrorCode::not_found, "E2015", "not_found"},
    {ErrorCode::route_unknown, "E3001", "route_unknown"},
    {ErrorCode::issuer_unavailable, "E3002", "issuer_unavailable"},
    {ErrorCode::clearing_reject, "E3003", "clearing_reject"},
    {ErrorCode::internal, "E9001", "internal"},
}};
}  // namespace

std::string_view to_string(ErrorCode c) { return kTable[static_cast<std::size_t>(c)].wire; }
std::string_view error_name(ErrorCode c) { return kTable[static_cast<std::size_t>(c)].name; }

std::optional<ErrorCode> parse_error_code(std::string_view s) {
  for (const Row& r : kTable)
    if (r.wire == s) return r.code;
  return std::nullopt;
}

const std::vector<ErrorCode>& all_error_codes() {
  static const std::vector<ErrorCode> codes = [] {
    std::vector<ErrorCode> v;
    for (const Row& r : kTable) v.push_back(r.code);
    return v;
  }();
  return codes;
}

}  // namespace ykt
