/// The reference card (models/card CardActor) as a stand-alone IUT: the certification tests
/// expect it to pass every selected case of the card suite, personalised for SM4 (default) or, with
/// `--alg 3des`, for 3DES (STD-4.6).
#include "card/card_actor.hpp"
#include "iut_host.hpp"

int main(int argc, char** argv) {
  auto args = ykt::testing::parse_iut_args(argc, argv, "card.Y31000001");
  ykt::card::CardProfile p = ykt::testing::test_card_profile(args);
  return ykt::testing::host_iut(args, "card", std::make_shared<ykt::card::CardActor>(p));
}
