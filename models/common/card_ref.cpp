#include "card_ref.hpp"
#include "json_util.hpp"

using ykt::json::operator""_k;

namespace ykt {

std::string CardRef::province() const {
  return issuer.substr(0, 2) + "0000";
}

Json::Value CardRef::to_json() const {
  Json::Value v(Json::objectValue);
  v["issuer"_k] = issuer;
  v["card_no"_k] = card_no;
  return v;
}

bool valid_city_code(std::string_view code) {
  if (code.size() != 6) return false;
  for (char c : code)
    if (c < '0' || c > '9') return false;
  return true;
}

bool valid_card_no(std::string_view card_no) {
  if (card_no.size() != 9) return false;
  for (char c : card_no)
    if (c < 0x21 || c > 0x7E) return false;
  return true;
}

Result<CardRef> parse_card_ref(const Json::Value& v) {
  if (!v.isObject()) return Error{"E1002", "card_ref is not an object"};
  const Json::Value& issuer = v["issuer"];
  const Json::Value& card_no = v["card_no"];
  CardRef ref{issuer.isString() ? issuer.asString() : std::string(),
              card_no.isString() ? card_no.asString() : std::string()};
  if (!issuer.isString() || !valid_city_code(ref.issuer))
    return Error{"E1002", "card_ref.issuer must be a 6-digit city code"};
  if (!card_no.isString() || !valid_card_no(ref.card_no))
    return Error{"E1002", "card_ref.card_no must be 9 characters"};
  return ref;
}

}  // namespace ykt
