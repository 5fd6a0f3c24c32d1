#define BOOST_TEST_MODULE test_sim_systemc
#include <boost/test/unit_test.hpp>

/// Debian's SystemC library references sc_main; Boost.Test supplies main, so this one is unused.
int sc_main(int, char**) {
  return 0;
}
