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

BOOST_AUTO_TEST_CASE(flooding_exchange_keeps_the_harness_bounded) {
  // Purpose: an exchange that sends 150 unsolicited copies of every message cannot grow the
  // harness without bound: every case still ends with a verdict, at most kRecordCapPerCase
  // messages are kept per case, and what was not kept is counted per case (STD-3.3, robustness).
  ProgramIut iut("exchange", YKT_BAD_EXCHANGE_FLOOD);
  auto r = run_suite(suite_of("exchange"), iut.ixit(), full_ics("exchange", {"alg_3des"}), "*");
  BOOST_REQUIRE_MESSAGE(r.ok(), (r.ok() ? std::string() : r.error().message));
  for (const auto& c : r->cases)
    if (c.selected) BOOST_CHECK_MESSAGE(c.verdict != Verdict::none, c.id << " has no verdict");
  std::map<std::string, std::size_t> kept;
  for (const auto& m : r->messages) ++kept[m.case_id];
  for (const auto& [id, n] : kept)
    BOOST_CHECK_MESSAGE(n <= kRecordCapPerCase, id << " kept " << n << " messages");
  std::uint64_t omitted = 0;
  for (const auto& [id, n] : r->omitted) omitted += n;
  BOOST_CHECK_MESSAGE(omitted > 0, "the flood exceeded no case's cap: nothing was counted");
  BOOST_TEST_MESSAGE("flood: " << r->messages.size() << " messages kept, " << omitted
                               << " counted and not kept");
}
