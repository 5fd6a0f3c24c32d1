#include <boost/test/unit_test.hpp>

#include "pii.hpp"

using namespace ykt;

BOOST_AUTO_TEST_SUITE(gb11643)

// Purpose: every valid vector in FACTS.md §3 passes the GB 11643 check (STD-2.1).
BOOST_AUTO_TEST_CASE(valid_vectors) {
  for (const char* id : {"11010519491231002X", "440524188001010014", "31011819900101001X",
                         "320509198512120010", "330421200002290010", "34010419700101123X"})
    BOOST_TEST(pii::is_valid_citizen_id(id), id);
}

// Purpose: the invalid vectors in FACTS.md §3 and malformed strings fail (STD-2.1).
BOOST_AUTO_TEST_CASE(invalid_vectors) {
  for (const char* id : {"310118199001010013", "320509198512120018", "3101181990010100", "abc",
                         "31011819900101001Y"})
    BOOST_TEST(!pii::is_valid_citizen_id(id), id);
}

// Purpose: masking keeps 3 leading and 4 trailing characters (STD-8.4).
BOOST_AUTO_TEST_CASE(mask_format) {
  BOOST_TEST(pii::mask_citizen_id("31011819900101001X") == "310***********001X");
}

// Purpose: free text loses every valid ID but keeps invalid digit runs (STD-8.4).
BOOST_AUTO_TEST_CASE(mask_text) {
  const std::string t = "holder 31011819900101001X paid; ref 310118199001010013; 1234";
  const std::string m = pii::mask_text(t);
  BOOST_TEST(!pii::contains_citizen_id(m));
  BOOST_TEST(m.find("310***********001X") != std::string::npos);
  BOOST_TEST(m.find("310118199001010013") != std::string::npos);
  BOOST_TEST(pii::contains_citizen_id(t));
}

BOOST_AUTO_TEST_SUITE_END()
