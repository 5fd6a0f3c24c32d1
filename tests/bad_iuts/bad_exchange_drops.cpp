/// Known-bad exchange: lossy routing. Every 20th request it routes to an issuer is silently
/// dropped (the acquirer then gets the exchange's own E3002). Any 20 consecutive routed requests
/// hit it once, so EX-DUP-002 (a burst of 20) always catches it; other routing cases fail when
/// the counter happens to land on them, which the test accepts and names.
#include "exchange_main.hpp"

int main(int argc, char** argv) {
  auto n = std::make_shared<int>(0);
  return ykt::testing::run_exchange(argc, argv, nullptr,
                                    [n](ykt::Envelope& e, const ykt::testing::ActorWrapper::Emit&) {
                                      if (e.is_reply || e.to.rfind("backend.", 0) != 0) return true;
                                      return ++*n % 20 != 0;
                                    });
}
