#pragma once
/// The card reference on the wire (CATALOG "Identity on the wire"):
/// `{"issuer":"<6-digit city code>","card_no":"<9 chars>"}`.
#include <json/value.h>

#include <string>
#include <string_view>

#include "result.hpp"

namespace ykt {

/// Who issued a card and its number: enough to route and to derive its keys (STD-4.7).
struct CardRef {
  std::string issuer;   ///< 6-digit GB/T 2260 city code of the issuing city, e.g. "310000"
  std::string card_no;  ///< 9-character SSC card number, ykt form `Y31000042` (FACTS §3)

  /// The issuing province: issuer[0:2] + "0000".
  [[nodiscard]] std::string province() const;
  /// The card actor's address in wire mode: `card.<card_no>`.
  [[nodiscard]] std::string address() const { return "card." + card_no; }
  /// The JSON object `{"issuer":..,"card_no":..}`.
  [[nodiscard]] Json::Value to_json() const;
  friend bool operator==(const CardRef& a, const CardRef& b) {
    return a.issuer == b.issuer && a.card_no == b.card_no;
  }
};

/// True when `code` is 6 digits.
bool valid_city_code(std::string_view code);
/// True when `card_no` is 9 printable ASCII characters (FACTS §3 length).
bool valid_card_no(std::string_view card_no);
/// Parses a card_ref object; E1002 with the offending field when it is not well formed.
Result<CardRef> parse_card_ref(const Json::Value& v);

}  // namespace ykt
