#define BOOST_TEST_MODULE ykt wire processes
#include <boost/test/unit_test.hpp>
