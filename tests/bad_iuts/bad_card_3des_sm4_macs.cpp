/// Known-bad card: it claims 3DES but computes SM4. Its INITIALIZE answers carry the 3DES
/// algorithm byte 00 (and its ICS/IXIT declare 3DES), while its purse keys, MAC1/MAC2 and TAC are
/// those of an SM4 card: an SM4 card whose algorithm byte was mis-personalised. Certified as a
/// 3DES card, the suite must fail the MAC and TAC cases (CD-PUR-001..003, CD-LOAD-001/002,
/// CD-PROOF-001, CD-PUR-011, CD-LOAD-006) although CD-PUR-010 (the algorithm byte) passes.
#include "actor_wrapper.hpp"
#include "card/card_actor.hpp"
#include "common/purse_apdu.hpp"
#include "common/purse_crypto.hpp"
#include "iut_host.hpp"

namespace {

using namespace ykt;

/// True for INITIALIZE FOR PURCHASE or FOR LOAD (80 50).
bool is_initialize(const Bytes& capdu) {
  return capdu.size() >= 4 && capdu[0] == 0x80 && capdu[1] == 0x50;
}

/// True for GET RESPONSE (00 C0), which returns the data of the command before it.
bool is_get_response(const Bytes& capdu) {
  return capdu.size() >= 2 && capdu[0] == 0x00 && capdu[1] == 0xC0;
}

}  // namespace

int main(int argc, char** argv) {
  auto args = testing::parse_iut_args(argc, argv, "card.Y31000001");
  card::CardProfile p = testing::test_card_profile(args);
  p.alg = crypto::Algorithm::sm4;            // the defect: SM4 inside whatever --alg says
  auto command = std::make_shared<Bytes>();  // the command whose answer goes out next
  auto in = [command](Envelope& e) {
    if (e.type == "card.apdu" && e.body["capdu"].isString())
      if (auto capdu = from_hex(e.body["capdu"].asString()); capdu && !is_get_response(*capdu))
        *command = *capdu;
    return true;
  };
  auto out = [command](Envelope& e) {
    if (!is_initialize(*command)) return true;
    const bool load = (*command)[2] == 0x00;
    testing::rewrite_ok_answer(e, [load](Bytes& data) {
      // Algorithm byte: INITIALIZE FOR LOAD byte 7 of 16, FOR PURCHASE byte 10 of 15 (STD-4.3).
      if (data.size() == (load ? 16u : 15u)) data[load ? 7 : 10] = purse::kAlgByteDes3;
    });
    return true;
  };
  return testing::host_iut(
      args, "card",
      std::make_shared<testing::ActorWrapper>(std::make_shared<card::CardActor>(p), in,
                                              testing::ActorWrapper::Hook(out)));
}
