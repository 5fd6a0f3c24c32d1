/// Known-bad (hostile) exchange: a flood. Besides each message it sends, it sends 150 copies
/// under other ids, unsolicited. The harness must stay bounded: it counts what it does not keep
/// (MessageRecorder's per-case cap) and still ends every case with a verdict.
#include <string>

#include "exchange_main.hpp"

int main(int argc, char** argv) {
  return ykt::testing::run_exchange(
      argc, argv, nullptr, [](ykt::Envelope& e, const ykt::testing::ActorWrapper::Emit& emit) {
        for (int i = 0; i < 150; ++i) {
          ykt::Envelope copy = e;
          copy.id = e.id + "-flood" + std::to_string(i);
          emit(std::move(copy));
        }
        return true;
      });
}
