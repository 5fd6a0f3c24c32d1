#define BOOST_TEST_MODULE ykt population
#include <boost/test/unit_test.hpp>
