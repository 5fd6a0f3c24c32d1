#include "demo_workload.hpp"

#include <array>
#include <chrono>
#include <cstdio>

#include "backend/qr_token.hpp"
#include "common/card_ref.hpp"
#include "sim_time.hpp"

namespace ykt::app {

namespace {

const std::array<std::string, 4> kProvinces = {"310000", "320000", "330000", "340000"};

/// Service mix of the demo (ykt choice; transit dominates as in FACTS §2's metro figures).
struct ServiceShare {
  const char* service;
  double weight;
};
constexpr std::array<ServiceShare, 8> kMix = {{{"transit", 0.40},
                                               {"transit_compound", 0.08},
                                               {"venue", 0.10},
                                               {"identity", 0.10},
                                               {"medical", 0.10},
                                               {"topup", 0.08},
                                               {"qr", 0.09},
                                               {"status", 0.05}}};

struct Picker {
  std::shared_ptr<const population::Population> pop;
  DemoMix mix;
  std::uint64_t terminal_serials = 8;  // terminals per city in the demo

  const population::CitySlice& city_in(const std::string& province, std::mt19937_64& rng) const {
    std::uint64_t total = 0;
    for (const auto& s : pop->slices())
      if (s.city->code.compare(0, 2, province, 0, 2) == 0) total += s.count;
    std::uint64_t r = std::uniform_int_distribution<std::uint64_t>(0, total - 1)(rng);
    for (const auto& s : pop->slices()) {
      if (s.city->code.compare(0, 2, province, 0, 2) != 0) continue;
      if (r < s.count) return s;
      r -= s.count;
    }
    return pop->slices().front();
  }

  population::Cardholder holder_of(const std::string& province, std::mt19937_64& rng) const {
    for (;;) {
      const auto& s = city_in(province, rng);
      const auto i = std::uniform_int_distribution<std::uint64_t>(0, s.count - 1)(rng);
      auto h = pop->holder(s.offset + i);
      if (h) return *h;
    }
  }

  std::string terminal_in(const std::string& city, std::mt19937_64& rng) const {
    char serial[8];
    std::snprintf(serial, sizeof serial, "%06u",
                  static_cast<unsigned>(1 + rng() % terminal_serials));
    return "reader." + city + serial;
  }

  PlannedTap next(std::mt19937_64& rng) const {
    std::uniform_real_distribution<double> u(0, 1);
    double w = u(rng);
    std::string service = kMix.back().service;
    for (const auto& m : kMix) {
      if (w < m.weight) {
        service = m.service;
        break;
      }
      w -= m.weight;
    }
    const std::string acq = kProvinces[rng() % kProvinces.size()];
    std::string iss = acq;
    if (u(rng) < mix.cross_province_share) iss = kProvinces[(rng() % 3 + 1 + (acq[1] - '1')) % 4];
    const population::Cardholder h = holder_of(iss, rng);
    std::string city = city_in(acq, rng).city->code;

    Json::Value body;
    body["service"] = service;
    body["cards"].append("card." + h.card_no);
    if (u(rng) < mix.two_cards_share) body["cards"].append("card." + holder_of(acq, rng).card_no);
    if (service == "transit" || service == "transit_compound") {
      body["amount"] = Json::UInt(200 + 100 * (rng() % 5));
    } else if (service == "topup") {
      body["amount"] = Json::UInt(1000 * (1 + rng() % 5));
    } else if (service == "venue") {
      std::vector<const Json::Value*> here;
      for (const auto& v : mix.venues)
        if (v["city"].asString().compare(0, 2, acq, 0, 2) == 0) here.push_back(&v);
      if (!here.empty()) {
        const Json::Value& v = *here[rng() % here.size()];
        body["venue_id"] = v["venue_id"];
        body["amount"] = v["base_price"];
        city = v["city"].asString();
      }
    } else if (service == "medical") {
      static const std::array<const char*, 5> codes = {"DRUG-0001", "DRUG-0003", "EXAM-0001",
                                                       "TREAT-0002", "SELF-0001"};
      for (int i = 0, n = 1 + static_cast<int>(rng() % 3); i < n; ++i) {
        Json::Value item;
        item["code"] = codes[rng() % codes.size()];
        item["qty"] = Json::UInt(1 + rng() % 3);
        item["unit_price"] = Json::UInt(500 + 500 * (rng() % 20));
        body["items"].append(item);
      }
    } else if (service == "qr") {
      // The holder's e-SSC app shows a token its issuer signed a moment ago (STD-5).
      char nonce[17];
      std::snprintf(nonce, sizeof nonce, "%016llx", static_cast<unsigned long long>(rng()));
      const std::int64_t expiry = wall_now().ns / 1'000'000'000 + 60;
      body["token"] = backend::issue_qr_token(CardRef{h.issuer_city, h.card_no}, expiry, nonce);
    }
    PlannedTap tap;
    tap.reader = terminal_in(city, rng);
    tap.body = std::move(body);
    tap.service = service;
    tap.pair = acq + ">" + iss;
    return tap;
  }
};

}  // namespace

TapSource make_demo_source(std::shared_ptr<const population::Population> pop, DemoMix mix) {
  auto picker = std::make_shared<Picker>(Picker{std::move(pop), std::move(mix)});
  return [picker](std::mt19937_64& rng) { return picker->next(rng); };
}

}  // namespace ykt::app
