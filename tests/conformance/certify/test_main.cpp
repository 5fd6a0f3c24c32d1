#define BOOST_TEST_MODULE ykt_certify
#include <boost/test/unit_test.hpp>
