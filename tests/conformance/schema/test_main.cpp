#define BOOST_TEST_MODULE ykt conformance schema
#include <boost/test/unit_test.hpp>
