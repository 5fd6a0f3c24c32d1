#pragma once
/// The IXIT test data a backend vendor hands the lab (STD-6, ISO/IEC 9646 IXIT): test cards in each
/// state, the id digest of a holder, a venue, catalogue items and QR tokens, for the synthetic
/// population the backend under test holds.
#include <json/value.h>

#include <array>
#include <optional>
#include <string>

#include "population/population.hpp"

namespace ykt::certify {

/// Cards of the IUT's province in the states the backend suite exercises, plus a foreign card.
struct BackendTestCards {
  population::Cardholder active, lost, frozen, revoked;  ///< by card state at the issuer
  population::Cardholder foreign;                        ///< a card of another province
};

/// The first holders of `province` whose population state is already active, lost, frozen and
/// revoked (for a backend that takes states from the population); nullopt if one is missing.
std::optional<BackendTestCards> pick_cards_by_state(const population::Population& pop,
                                                    const std::string& province);

/// The IXIT `test_data` object for these cards (QR tokens issued at wall-clock now).
Json::Value backend_test_data(const BackendTestCards& cards, const std::string& province);

}  // namespace ykt::certify
