#include "suites.hpp"

namespace ykt::certify {

const std::vector<Suite>& all_suites() {
  static const std::vector<Suite> suites = {backend_suite(), exchange_suite(), card_suite(),
                                            reader_suite()};
  return suites;
}

}  // namespace ykt::certify
