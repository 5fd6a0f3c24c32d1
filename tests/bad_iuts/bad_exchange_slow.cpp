/// Known-bad exchange: slow routing. Every card.status it routes to an issuer leaves 150 ms late
/// (the exchange blocks, as a saturated one would), beyond the exchange budget of STD-10.3, so
/// EX-TIME-001 fails; everything still arrives, well inside the time-outs.
#include <chrono>
#include <thread>

#include "exchange_main.hpp"

int main(int argc, char** argv) {
  return ykt::testing::run_exchange(
      argc, argv, nullptr, [](ykt::Envelope& e, const ykt::testing::ActorWrapper::Emit&) {
        if (!e.is_reply && e.type == "card.status" && e.to.rfind("backend.", 0) == 0)
          std::this_thread::sleep_for(std::chrono::milliseconds(150));
        return true;
      });
}
