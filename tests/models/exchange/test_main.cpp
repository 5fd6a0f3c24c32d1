#define BOOST_TEST_MODULE ykt exchange
#include <boost/test/unit_test.hpp>
