#define BOOST_TEST_MODULE ykt models card
#include <boost/test/unit_test.hpp>
