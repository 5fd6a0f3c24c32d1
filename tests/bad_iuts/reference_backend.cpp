#include "reference_backend.hpp"

#include "backend_test_data.hpp"

#include <algorithm>
#include <fstream>
#include <iostream>

#include "common/card_ref.hpp"
#include "crypto.hpp"
#include "iut_host.hpp"
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
  cfg.validator = spec_validator();  // requests checked against the schemas (STD-3.2)
  auto items = backend::load_application_items(items_path);
  if (items) cfg.items = *items;
  if (!drop_service.empty()) cfg.items.drop_service(drop_service);
  ReferenceBackend rb;
  rb.actor = std::make_shared<backend::ProvincialBackend>(cfg);
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
  rb.actor->issuer().set_card_state(picked.at(1).card_no, population::CardState::lost);
  rb.actor->issuer().set_card_state(picked.at(2).card_no, population::CardState::frozen);
  rb.actor->issuer().set_card_state(picked.at(3).card_no, population::CardState::revoked);
  rb.test_data = certify::backend_test_data(
      certify::BackendTestCards{picked[0], picked[1], picked[2], picked[3], *foreign}, province);
  Json::Value& td = rb.test_data;
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
