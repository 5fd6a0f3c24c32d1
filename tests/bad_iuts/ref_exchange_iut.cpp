/// The reference exchange (models/exchange) as a stand-alone IUT.
#include "exchange_main.hpp"

int main(int argc, char** argv) {
  return ykt::testing::run_exchange(argc, argv);
}
