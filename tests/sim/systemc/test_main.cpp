#define BOOST_TEST_MODULE test_sim_systemc
#include <boost/test/unit_test.hpp>

/// Debian's SystemC library references sc_main (a C symbol, as sysc/kernel/sc_externs.h declares
/// it); Boost.Test supplies main, and every simulation runs in the sysc_check process, so this
/// one is never called.
extern "C" int sc_main(int, char**) { return 0; }
