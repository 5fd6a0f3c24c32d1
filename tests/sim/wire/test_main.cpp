#define BOOST_TEST_MODULE ykt wire
#include <boost/test/unit_test.hpp>
