// Self-qualification of the reader suite with real processes: the reference terminal
// (models/reader) passes every case; a reader that retries with a new txn_id is caught.
#include "program_iut.hpp"

using namespace ykt::certify;
using namespace ykt::certify::testing;

namespace {
const std::set<std::string> kKnownDeviations = {
};
}  // namespace

BOOST_AUTO_TEST_CASE(reference_reader_passes) {
  // Purpose: the reference terminal passes every reader case (STD-6.1, STD-4, STD-10.1).
  double secs = 0;
  const auto bad = not_passing("reader", YKT_REF_READER_IUT, kKnownDeviations, &secs);
  BOOST_CHECK_MESSAGE(bad.empty(), "not passing: " << join(bad));
  BOOST_TEST_MESSAGE("reader suite against the reference terminal: " << secs << " s");
}

BOOST_AUTO_TEST_CASE(reader_retrying_with_a_new_txn_id_is_caught) {
  // Purpose: a reader whose retries carry a new txn_id fails RD-RETRY-001 and nothing else
  // (STD-10.4).
  const auto bad = not_passing("reader", YKT_BAD_READER_TXN, kKnownDeviations);
  BOOST_CHECK_MESSAGE(bad == std::set<std::string>{"RD-RETRY-001"}, "not passing: " << join(bad));
}
