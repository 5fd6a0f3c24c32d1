#include "cardholder.hpp"

namespace ykt::population {

std::string_view to_string(CardState s) {
  switch (s) {
    case CardState::active:
      return "active";
    case CardState::lost:
      return "lost";
    case CardState::frozen:
      return "frozen";
    case CardState::revoked:
      return "revoked";
  }
  return "active";
}

std::optional<CardState> parse_card_state(std::string_view s) {
  for (CardState c : {CardState::active, CardState::lost, CardState::frozen, CardState::revoked})
    if (to_string(c) == s) return c;
  return std::nullopt;
}

std::string_view to_string(MedicalScheme s) {
  return s == MedicalScheme::employee ? "employee" : "resident";
}

std::string_view to_string(Sex s) {
  return s == Sex::male ? "M" : "F";
}

}  // namespace ykt::population
