/// Known-bad backend: it routes other provinces' cards to the wrong place: requests it should
/// forward to the exchange go straight to backend.330000, whatever the card's issuing region.
/// Caught by BE-ROUTE-001 (forwarded to the wrong province).
#include "bad_backend_main.hpp"

int main(int argc, char** argv) {
  return ykt::testing::run_bad_backend(argc, argv, nullptr, [](ykt::Envelope& e) {
    if (!e.is_reply && e.to == "exchange" && e.type.rfind("clr.", 0) != 0) e.to = "backend.330000";
    return true;
  });
}
