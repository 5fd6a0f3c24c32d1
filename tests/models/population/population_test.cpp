#include <boost/test/unit_test.hpp>

#include <chrono>
#include <cmath>
#include <map>
#include <unordered_set>

#include "pii.hpp"
#include "population/card_number.hpp"
#include "population/population.hpp"

using namespace ykt;
using namespace ykt::population;

namespace {
Population make(std::uint64_t seed, double scale = 1000.0) {
  PopulationParams p;
  p.seed = seed;
  p.scale = scale;
  return Population(default_city_table(), p);
}
}  // namespace

BOOST_AUTO_TEST_SUITE(population)

// Purpose: the same seed gives the same holders and another seed different ones (STD-2).
BOOST_AUTO_TEST_CASE(deterministic_from_seed) {
  const Population a = make(7), b = make(7), c = make(8);
  BOOST_TEST(a.size() == b.size());
  int differ = 0;
  for (std::uint64_t i = 0; i < a.size(); i += 997) {
    const Cardholder x = *a.holder(i), y = *b.holder(i), z = *c.holder(i);
    BOOST_TEST(x.citizen_id == y.citizen_id);
    BOOST_TEST(x.card_no == y.card_no);
    BOOST_TEST(x.purse_balance == y.purse_balance);
    BOOST_TEST((x.state == y.state));
    BOOST_TEST(x.home_city == y.home_city);
    if (x.citizen_id != z.citizen_id) ++differ;
  }
  BOOST_TEST(differ > 200);
}

// Purpose: every holder's citizen ID has a valid GB 11643 check character, the area code of its
// home, a birth date matching birth_year and a sex matching the sequence parity (STD-2.1).
BOOST_AUTO_TEST_CASE(valid_identity_fields) {
  const Population p = make(3);
  for (std::uint64_t i = 0; i < p.size(); i += 13) {
    const Cardholder h = *p.holder(i);
    BOOST_TEST_REQUIRE(pii::is_valid_citizen_id(h.citizen_id), i);
    BOOST_TEST(h.citizen_id.substr(0, 6) == h.home_city);
    BOOST_TEST(std::stoi(h.citizen_id.substr(6, 4)) == h.birth_year);
    const int seq = std::stoi(h.citizen_id.substr(14, 3));
    BOOST_TEST((h.sex == (seq % 2 ? Sex::male : Sex::female)));
    BOOST_TEST(h.card_no.size() == 9u);
    BOOST_TEST(h.card_no.substr(1, 2) == h.issuer_city.substr(0, 2));
    BOOST_TEST(h.purse_balance >= 0);
    BOOST_TEST(h.purse_balance <= 20000);
    BOOST_TEST(h.name.rfind("测试", 0) == 0u);
  }
}

// Purpose: holders per province follow the FACTS §2 populations and per city the table's
// weights, within 0.5 % of the expected share (STD-2.3).
BOOST_AUTO_TEST_CASE(proportions_per_city) {
  const Population p = make(1);
  const CityTable& t = default_city_table();
  double pop_sum = 0;
  for (const auto& pr : t.provinces) pop_sum += static_cast<double>(pr.population);
  BOOST_TEST(std::abs(static_cast<double>(p.size()) - pop_sum / 1000) < 50);
  for (const auto& pr : t.provinces) {
    double wsum = 0;
    for (const auto& c : t.cities)
      if (c.province == pr.code) wsum += c.weight;
    const double expect_prov = static_cast<double>(pr.population) / 1000;
    BOOST_TEST(std::abs(static_cast<double>(p.province_size(pr.code)) - expect_prov) / expect_prov <
               0.005);
    for (const auto& c : t.cities) {
      if (c.province != pr.code) continue;
      const double expect = static_cast<double>(pr.population) * c.weight / wsum / 1000;
      const auto* s = p.slice(c.code);
      BOOST_TEST_REQUIRE(s != nullptr);
      BOOST_TEST(std::abs(static_cast<double>(s->count) - expect) <= std::max(1.0, expect * 0.005),
                 c.code);
      // Every holder of the slice is issued by that city.
      BOOST_TEST(p.holder(s->offset)->issuer_city == c.code);
      BOOST_TEST(p.holder(s->offset + s->count - 1)->issuer_city == c.code);
    }
  }
}

// Purpose: card numbers and citizen IDs are unique over the whole 1:1000 population, and a card
// number finds its holder again (STD-2.2).
BOOST_AUTO_TEST_CASE(unique_card_numbers_and_ids) {
  const Population p = make(5);
  std::unordered_set<std::string> cards, ids;
  cards.reserve(p.size());
  ids.reserve(p.size());
  for (std::uint64_t i = 0; i < p.size(); ++i) {
    const Cardholder h = *p.holder(i);
    cards.insert(h.card_no);
    ids.insert(h.citizen_id);
    if (i % 101 == 0) {
      auto back = p.find_by_card_no(h.card_no);
      BOOST_TEST_REQUIRE(back.has_value());
      BOOST_TEST(back->index == i);
    }
  }
  BOOST_TEST(cards.size() == p.size());
  BOOST_TEST(ids.size() == p.size());
  BOOST_TEST(!p.find_by_card_no("Y31999999").has_value());
  BOOST_TEST(!p.find_by_card_no("Y99000001").has_value());
  BOOST_TEST(!p.find_by_card_no("bogus").has_value());
}

// Purpose: demonstration-zone districts get about the estimated share of their city's holders
// and card states are mostly active with a small share lost/frozen/revoked (STD-2, FACTS §1).
BOOST_AUTO_TEST_CASE(districts_and_states) {
  const Population p = make(11);
  const auto* s = p.slice("320500");
  std::uint64_t wujiang = 0;
  for (std::uint64_t i = 0; i < s->count; ++i)
    if (p.holder(s->offset + i)->home_city == "320509") ++wujiang;
  BOOST_TEST(std::abs(static_cast<double>(wujiang) / static_cast<double>(s->count) - 0.12) < 0.01);
  std::map<CardState, std::uint64_t> states;
  for (std::uint64_t i = 0; i < p.size(); ++i) ++states[p.holder(i)->state];
  const double n = static_cast<double>(p.size());
  BOOST_TEST(static_cast<double>(states[CardState::active]) / n > 0.98);
  BOOST_TEST(states[CardState::lost] > 0u);
  BOOST_TEST(states[CardState::frozen] > 0u);
  BOOST_TEST(states[CardState::revoked] > 0u);
  BOOST_TEST(std::abs(static_cast<double>(states[CardState::lost]) / n - 0.004) < 0.001);
}

// Purpose: at 1:1 (~238 M holders) the population is laid out without per-holder memory and any
// holder, including lettered card serials, is found in O(1) (STD-2.2).
BOOST_AUTO_TEST_CASE(lazy_lookup_at_full_scale) {
  const auto t0 = std::chrono::steady_clock::now();
  const Population p = make(9, 1.0);
  BOOST_TEST(p.size() > 230'000'000u);
  std::uint64_t x = 12345;
  for (int k = 0; k < 100'000; ++k) {
    x = x * 6364136223846793005ULL + 1442695040888963407ULL;
    const std::uint64_t i = (x >> 11) % p.size();
    const Cardholder h = *p.holder(i);
    BOOST_TEST_REQUIRE(pii::is_valid_citizen_id(h.citizen_id));
    if (k % 10 == 0) BOOST_TEST_REQUIRE(p.find_by_card_no(h.card_no)->index == i);
  }
  const Cardholder last_js = *p.holder(p.slice("321300")->offset + p.slice("321300")->count - 1);
  BOOST_TEST(last_js.card_no[3] >= 'A');
  BOOST_TEST(p.find_by_card_no(last_js.card_no)->index == last_js.index);
  const double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  BOOST_TEST(secs < 5.0);
}

// Purpose: the cheap lookups (index of a card number, city slice, transit and QR flags) agree with
// the holder they avoid building, and unknown card numbers have no index (STD-2.2).
BOOST_AUTO_TEST_CASE(cheap_lookups_agree_with_holders) {
  const Population p = make(11, 100.0);
  std::uint64_t x = 99;
  int transit = 0, qr = 0;
  for (int k = 0; k < 20'000; ++k) {
    x = x * 6364136223846793005ULL + 1442695040888963407ULL;
    const std::uint64_t i = (x >> 11) % p.size();
    const Cardholder h = *p.holder(i);
    BOOST_TEST_REQUIRE(p.index_of_card_no(h.card_no).value_or(p.size()) == i);
    BOOST_TEST_REQUIRE(p.slice_of(i)->city->code == h.issuer_city);
    BOOST_TEST_REQUIRE(p.transit_enabled(i) == h.transit_enabled);
    BOOST_TEST_REQUIRE(p.qr_user(i) == h.qr_user);
    transit += h.transit_enabled ? 1 : 0;
    qr += h.qr_user ? 1 : 0;
  }
  // Both flags take both values (so the comparisons above could fail).
  BOOST_TEST(transit > 0);
  BOOST_TEST(transit < 20'000);
  BOOST_TEST(qr > 0);
  BOOST_TEST(qr < 20'000);
  BOOST_TEST(p.slice_of(p.size()) == nullptr);
  BOOST_TEST(!p.index_of_card_no("not-a-card").has_value());
  const Province& prov = p.table().provinces.front();
  const auto beyond = encode_card_no(prov.prefix, p.province_size(prov.code) + 1);
  BOOST_TEST_REQUIRE(beyond.has_value());
  BOOST_TEST(!p.index_of_card_no(*beyond).has_value());  // a serial past the province's holders
  BOOST_TEST(!p.find_by_card_no(*beyond).has_value());
}

// Purpose: card-number serials encode and decode one-to-one across the decimal/lettered boundary
// and malformed numbers are refused (STD-2.2).
BOOST_AUTO_TEST_CASE(card_number_codec) {
  BOOST_TEST(*encode_card_no("31", 42) == "Y31000042");
  BOOST_TEST(*encode_card_no("32", 999'999) == "Y32999999");
  BOOST_TEST(*encode_card_no("32", 1'000'000) == "Y32A00000");
  const std::uint64_t serials[] = {1, 999'999, 1'000'000, 1'000'001, 85'260'000, kMaxCardSerial};
  for (std::uint64_t s : serials) {
    auto c = encode_card_no("33", s);
    BOOST_TEST_REQUIRE(c.has_value());
    BOOST_TEST(c->size() == 9u);
    BOOST_TEST(decode_card_no(*c)->serial == s);
  }
  BOOST_TEST(!encode_card_no("33", 0).has_value());
  BOOST_TEST(!encode_card_no("33", kMaxCardSerial + 1).has_value());
  BOOST_TEST(!decode_card_no("Y3100004").has_value());
  BOOST_TEST(!decode_card_no("X31000042").has_value());
  BOOST_TEST(!decode_card_no("Y31A0000a").has_value());
  BOOST_TEST(!decode_card_no("Y31000000").has_value());
}

BOOST_AUTO_TEST_SUITE_END()
