#pragma once
/// The mixed cross-province workload of `ykt demo`: every service of STD-6, cardholders of all four
/// provinces tapping at terminals across the region, a share of them away from their home province.
#include <memory>

#include "population/population.hpp"
#include "workload/tap_driver.hpp"

namespace ykt::app {

/// Knobs of the demo mix.
struct DemoMix {
  double cross_province_share = 0.3;  ///< taps by a card of another province (demo: well above FACTS §2's 1–3 %, to exercise the exchange)
  double two_cards_share = 0.01;      ///< taps with two cards in the field (refused, E2013)
  Json::Value venues{Json::arrayValue};  ///< venue table (scenarios/data/service_rules.json)
};

/// A TapSource drawing terminals, cardholders and services; deterministic for a given rng.
TapSource make_demo_source(std::shared_ptr<const population::Population> pop, DemoMix mix);

}  // namespace ykt::app
