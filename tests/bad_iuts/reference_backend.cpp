#include "reference_backend.hpp"

#include <algorithm>
#include <fstream>

#include "common/card_ref.hpp"
#include "crypto.hpp"
#include "json_util.hpp"
#include "population/city_table.hpp"

namespace ykt::testing {

ReferenceBackend make_reference_backend(const std::string& province, const std::string& items_path,
                                        const std::string& drop_service) {
  auto pop = std::make_shared<const population::Population>(population::default_city_table(),
                                                            population::PopulationParams{});
  backend::BackendConfig cfg;
  cfg.province = province;
  cfg.population = pop;
  auto items = backend::load_application_items(items_path);
  if (items) cfg.items = *items;
  if (!drop_service.empty()) {
    std::vector<backend::ApplicationItem> kept;
    for (const auto& it : cfg.items.items)
      if (std::find(it.services.begin(), it.services.end(), drop_service) == it.services.end())
        kept.push_back(it);
    cfg.items.items = kept;
  }
  ReferenceBackend rb;
  rb.actor = std::make_shared<backend::ProvincialBackend>(cfg);
  Json::Value& td = rb.test_data;
  // The first active holders of the province become the test cards in each state.
  std::vector<population::Cardholder> picked;
  std::optional<population::Cardholder> foreign;
  for (std::uint64_t i = 0; i < pop->size() && (picked.size() < 4 || !foreign); ++i) {
    auto h = pop->holder(i);
    if (!h || h->state != population::CardState::active || !h->transit_enabled) continue;
    if (h->province() == province && picked.size() < 4)
      picked.push_back(*h);
    else if (h->province() != province && !foreign)
      foreign = *h;
  }
  auto ref = [](const population::Cardholder& h) {
    return CardRef{h.issuer_city, h.card_no}.to_json();
  };
  td["card_active"] = ref(picked.at(0));
  td["card_lost"] = ref(picked.at(1));
  td["card_frozen"] = ref(picked.at(2));
  td["card_revoked"] = ref(picked.at(3));
  rb.actor->issuer().set_card_state(picked[1].card_no, population::CardState::lost);
  rb.actor->issuer().set_card_state(picked[2].card_no, population::CardState::frozen);
  rb.actor->issuer().set_card_state(picked[3].card_no, population::CardState::revoked);
  Json::Value unknown = ref(picked[0]);
  unknown["card_no"] = "Y" + province.substr(0, 2) + "999999";
  td["card_unknown"] = unknown;
  td["card_foreign"] = ref(*foreign);
  td["id_digest_active"] = to_hex(
      crypto::sm3(std::string_view("ykt-id/1|" + picked[0].citizen_id + "|" + picked[0].card_no)));
  const auto rules = backend::default_service_rules();
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
  Json::Value q;
  q["card_ref"] = ref(picked[0]);
  q["ttl_s"] = 86400;
  td["qr_valid"] = rb.actor->issuer().handle("qr.issue", q, wall_now())["token"];
  q["ttl_s"] = 60;
  td["qr_expired"] = rb.actor->issuer().handle(
      "qr.issue", q, SimTime{wall_now().ns - 3600LL * 1'000'000'000})["token"];
  if (!drop_service.empty()) td["unoffered_service"] = drop_service;
  return rb;
}

bool write_backend_ixit(const std::string& path, const std::string& endpoint,
                        const std::string& peer, const std::string& province,
                        const Json::Value& test_data) {
  Json::Value x;
  x["iut"]["endpoint"] = endpoint;
  x["iut"]["address"] = "backend." + province;
  x["iut"]["province"] = province;
  x["harness"]["peer_endpoint"] = peer;
  x["timers"]["reply_ms"] = 2500;
  x["test_data"] = test_data;
  return json::save_file(path, x).ok();
}

}  // namespace ykt::testing
