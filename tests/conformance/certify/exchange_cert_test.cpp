// Self-qualification of the exchange suite with real processes: the reference exchange
// (models/exchange) passes every case; a lossy and a duplicating exchange are caught.
#include "program_iut.hpp"

using namespace ykt::certify;
using namespace ykt::certify::testing;

namespace {
const std::set<std::string> kKnownDeviations = {};
}  // namespace

BOOST_AUTO_TEST_CASE(reference_exchange_passes) {
  // Purpose: the reference exchange passes every exchange case (STD-7, STD-12).
  double secs = 0;
  const auto bad = not_passing("exchange", YKT_REF_EXCHANGE_IUT, kKnownDeviations, &secs);
  BOOST_CHECK_MESSAGE(bad.empty(), "not passing: " << join(bad));
  BOOST_TEST_MESSAGE("exchange suite against the reference exchange: " << secs << " s");
}

BOOST_AUTO_TEST_CASE(duplicating_exchange_is_caught) {
  // Purpose: an exchange that routes every request twice fails EX-DUP-001 (STD-7.3).
  const auto bad = not_passing("exchange", YKT_BAD_EXCHANGE_DUP, kKnownDeviations);
  BOOST_CHECK(bad.count("EX-DUP-001"));
  for (const auto& id : bad) BOOST_CHECK_MESSAGE(id == "EX-DUP-001", id);
}

BOOST_AUTO_TEST_CASE(slow_exchange_is_caught) {
  // Purpose: an exchange that holds every routed card.status 150 ms fails the routing-time case
  // EX-TIME-001 and nothing that does not time routing (STD-10.3).
  const auto bad = not_passing("exchange", YKT_BAD_EXCHANGE_SLOW, kKnownDeviations);
  BOOST_CHECK(bad.count("EX-TIME-001"));
  for (const auto& id : bad) BOOST_CHECK_MESSAGE(id == "EX-TIME-001", id);
}

BOOST_AUTO_TEST_CASE(lossy_exchange_is_caught) {
  // Purpose: an exchange that drops every 20th routed request fails the burst case EX-DUP-002
  // (STD-7.3).
  const auto bad = not_passing("exchange", YKT_BAD_EXCHANGE_DROP, kKnownDeviations);
  BOOST_CHECK(bad.count("EX-DUP-002"));
  // Explained extras: whichever other routing cases the drop counter lands on; none outside
  // routing.
  for (const auto& id : bad)
    BOOST_CHECK_MESSAGE(id.rfind("EX-ROUTE", 0) == 0 || id.rfind("EX-SVC", 0) == 0 ||
                            id.rfind("EX-DUP", 0) == 0 || id.rfind("EX-CLR", 0) == 0 ||
                            id.rfind("EX-ADJ", 0) == 0 || id.rfind("EX-TIME", 0) == 0 ||
                            id.rfind("EX-AUD", 0) == 0 || id.rfind("EX-DM", 0) == 0,
                        id << " failed outside routing");
}
