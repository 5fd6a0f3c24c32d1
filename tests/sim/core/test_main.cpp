#define BOOST_TEST_MODULE ykt core
#include <boost/test/unit_test.hpp>
