#include "backend_test_data.hpp"

#include <cstdio>

#include "backend/qr_token.hpp"
#include "backend/service_rules.hpp"
#include "common/card_ref.hpp"
#include "crypto.hpp"
#include "sim_time.hpp"

namespace ykt::certify {

std::optional<BackendTestCards> pick_cards_by_state(const population::Population& pop,
                                                    const std::string& province) {
  std::array<std::optional<population::Cardholder>, 4> by_state;
  std::optional<population::Cardholder> foreign;
  for (std::uint64_t i = 0; i < pop.size(); ++i) {
    auto h = pop.holder(i);
    if (!h || !h->transit_enabled) continue;
    if (h->province() != province) {
      if (!foreign && h->state == population::CardState::active) foreign = *h;
      continue;
    }
    auto& slot = by_state[static_cast<std::size_t>(h->state)];
    if (!slot) slot = *h;
    if (foreign && by_state[0] && by_state[1] && by_state[2] && by_state[3]) break;
  }
  if (!foreign || !by_state[0] || !by_state[1] || !by_state[2] || !by_state[3]) return std::nullopt;
  return BackendTestCards{*by_state[0], *by_state[1], *by_state[2], *by_state[3], *foreign};
}

Json::Value backend_test_data(const BackendTestCards& cards, const std::string& province) {
  auto ref = [](const population::Cardholder& h) {
    return CardRef{h.issuer_city, h.card_no}.to_json();
  };
  Json::Value td;
  td["card_active"] = ref(cards.active);
  td["card_lost"] = ref(cards.lost);
  td["card_frozen"] = ref(cards.frozen);
  td["card_revoked"] = ref(cards.revoked);
  Json::Value unknown = ref(cards.active);
  unknown["card_no"] = "Y" + province.substr(0, 2) + "999999";
  td["card_unknown"] = unknown;
  td["card_foreign"] = ref(cards.foreign);
  td["id_digest_active"] = to_hex(crypto::sm3(
      std::string_view("ykt-id/1|" + cards.active.citizen_id + "|" + cards.active.card_no)));
  const auto& rules = backend::default_service_rules();
  for (const auto& v : rules.venues)
    if (v.city.compare(0, 2, province, 0, 2) == 0) {
      td["venue"]["venue_id"] = v.venue_id;
      td["venue"]["venue_city"] = v.city;
      break;
    }
  if (const auto* cat = rules.catalogue(province)) {
    int n = 0;
    for (const auto& [code, category] : cat->item_category) {
      Json::Value it;
      it["code"] = code;
      it["qty"] = 1 + n;
      it["unit_price"] = 2500;
      td["med_items"].append(it);
      if (++n == 2) break;
    }
  }
  // Tokens as the issuer's e-SSC service would hand them out (STD-5.1): one valid for the
  // lifetime of STD-5.2, one that expired an hour ago.
  const std::int64_t now_s = wall_now().ns / 1'000'000'000;
  const CardRef active{cards.active.issuer_city, cards.active.card_no};
  td["qr_valid"] = backend::issue_qr_token(active, now_s + 60, "00000000000000a1");
  td["qr_expired"] = backend::issue_qr_token(active, now_s - 3600, "00000000000000e1");
  return td;
}

}  // namespace ykt::certify
