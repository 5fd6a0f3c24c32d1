#define BOOST_TEST_MODULE ykt models reader
#include <boost/test/unit_test.hpp>
