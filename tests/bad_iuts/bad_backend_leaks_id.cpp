/// Known-bad backend: its id.verify answers carry the holder's full citizen ID in
/// holder.id_masked (a data-minimisation breach, STD-8.4). Caught by BE-ID-001, BE-ISS-002 and,
/// for a foreign card whose answer it relays, BE-ROUTE-003.
#include <map>

#include "bad_backend_main.hpp"
#include "population/city_table.hpp"
#include "population/population.hpp"

int main(int argc, char** argv) {
  using namespace ykt;
  auto pop = std::make_shared<population::Population>(population::default_city_table(),
                                                      population::PopulationParams{});
  auto cards = std::make_shared<std::map<std::string, std::string>>();  // request id -> card_no
  return testing::run_bad_backend(
      argc, argv,
      [cards](Envelope& e) {
        if (e.type == "id.verify") (*cards)[e.id] = e.body["card_ref"]["card_no"].asString();
        return true;
      },
      [cards, pop](Envelope& e) {
        if (e.type == "id.verify.rsp" && e.body.isMember("holder")) {
          auto it = cards->find(e.id);
          if (it != cards->end())
            if (auto h = pop->find_by_card_no(it->second))
              e.body["holder"]["id_masked"] = h->citizen_id;
        }
        return true;
      });
}
