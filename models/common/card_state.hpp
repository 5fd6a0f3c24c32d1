#pragma once
/// Life-cycle state of a card (STD-4.5; E2002/E2003/E2004 in STD-9): one type for the card, the
/// issuer and the synthetic population.
#include <optional>
#include <string_view>

namespace ykt {

/// Where a card is in its life: usable, reported lost, frozen, or revoked.
enum class CardState { active, lost, frozen, revoked };

/// Wire name of a state: `active`, `lost`, `frozen`, `revoked`.
std::string_view card_state_name(CardState s);
/// The state named `s`; nullopt for any other text.
std::optional<CardState> parse_card_state(std::string_view s);

}  // namespace ykt
