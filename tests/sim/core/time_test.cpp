#include <boost/test/unit_test.hpp>

#include "error_code.hpp"
#include "sim_time.hpp"

using namespace ykt;

BOOST_AUTO_TEST_SUITE(time_and_codes)

// Purpose: the epoch maps to 1970-01-01 08:00 Beijing time (STD-3.1 `ts`).
BOOST_AUTO_TEST_CASE(beijing_calendar) {
  BOOST_TEST(format_beijing(SimTime{0}) == "1970-01-01T08:00:00.000+08:00");
  // 2024-02-29T16:00:00Z is 2024-03-01 00:00 in Beijing.
  const LocalDateTime l = to_beijing(SimTime{1709222400LL * 1'000'000'000});
  BOOST_TEST(l.year == 2024);
  BOOST_TEST(l.month == 3);
  BOOST_TEST(l.day == 1);
  BOOST_TEST(l.hour == 0);
}

// Purpose: every error code round-trips through its wire text (STD-9.1).
BOOST_AUTO_TEST_CASE(error_codes_round_trip) {
  for (ErrorCode c : all_error_codes()) BOOST_TEST((parse_error_code(to_string(c)) == c));
  BOOST_TEST(!parse_error_code("E0000").has_value());
}

BOOST_AUTO_TEST_SUITE_END()
