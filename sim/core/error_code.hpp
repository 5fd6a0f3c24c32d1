#pragma once
/// The one error-code table of the unified standard (STD-9.1). Every response carries `status`:
/// `OK` or one of these codes; the spec's table and this enum are kept equal by a test.
#include <optional>
#include <string_view>
#include <vector>

namespace ykt {

/// Every status a response or an `error` message may carry.
enum class ErrorCode {
  ok,                    ///< OK
  malformed,             ///< E1001 not JSON, or a required envelope field missing
  schema_violation,      ///< E1002 body does not match the type's JSON Schema
  oversized,             ///< E1003 message larger than the limit (STD-3.4)
  unsupported_version,   ///< E1004 `v` is not a supported major version
  unknown_type,          ///< E1005 no such message type
  auth_failed,           ///< E1101 missing, unknown-key or wrong MAC
  replayed,              ///< E1102 nonce already seen inside the window
  stale,                 ///< E1103 `ts` outside the acceptance window
  pii_leak,              ///< E1201 a full citizen ID would leave its issuing province
  card_unknown,          ///< E2001 no such card at the issuer
  card_lost,             ///< E2002 card reported lost
  card_frozen,           ///< E2003 card frozen
  card_revoked,          ///< E2004 card revoked
  insufficient_balance,  ///< E2005 purse balance too low
  tac_invalid,           ///< E2006 TAC or MAC does not verify
  duplicate_conflict,    ///< E2007 transaction id reused with different content
  service_not_offered,   ///< E2008 not on the province's application-item list
  identity_mismatch,     ///< E2009 identity verification failed
  qr_invalid,            ///< E2010 QR token signature or format invalid
  qr_expired,            ///< E2011 QR token expired
  limit_exceeded,        ///< E2012 purse maximum or medical cap exceeded
  multiple_cards,        ///< E2013 more than one card in the field
  card_timeout,          ///< E2014 card did not answer in time / left the field
  not_found,             ///< E2015 referenced transaction or pre-settlement not found
  route_unknown,         ///< E3001 no province for the card's issuer region
  issuer_unavailable,    ///< E3002 issuer did not answer within its budget
  clearing_reject,       ///< E3003 clearing record rejected
  internal,              ///< E9001 internal error of the answering actor
};

/// Wire text of a code: `OK`, `E1001`, ...
std::string_view to_string(ErrorCode c);
/// The code for a wire text; nullopt for an unknown text.
std::optional<ErrorCode> parse_error_code(std::string_view s);
/// Short English name of a code for reports (`insufficient_balance`).
std::string_view error_name(ErrorCode c);
/// All codes in table order.
const std::vector<ErrorCode>& all_error_codes();

}  // namespace ykt
