#define BOOST_TEST_MODULE ykt backend
#include <boost/test/unit_test.hpp>
