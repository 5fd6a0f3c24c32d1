#include "card_state.hpp"

namespace ykt {

std::string_view card_state_name(CardState s) {
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
    if (card_state_name(c) == s) return c;
  return std::nullopt;
}

}  // namespace ykt
