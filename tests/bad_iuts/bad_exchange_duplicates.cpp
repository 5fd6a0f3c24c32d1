/// Known-bad exchange: it routes every request to the issuer twice. Caught by EX-DUP-001 (the
/// issuer sees two copies of one request).
#include "exchange_main.hpp"

int main(int argc, char** argv) {
  return ykt::testing::run_exchange(
      argc, argv, nullptr, [](ykt::Envelope& e, const ykt::testing::ActorWrapper::Emit& emit) {
        if (!e.is_reply && e.to.rfind("backend.", 0) == 0) emit(e);
        return true;
      });
}
