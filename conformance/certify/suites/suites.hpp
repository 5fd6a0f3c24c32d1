#pragma once
/// The built-in suites, one per IUT role (collected by all_suites()).
#include "test_case.hpp"

namespace ykt::certify {

/// Card IUT: the harness plays the reader/PSAM (CD-*).
Suite card_suite();
/// Reader IUT: the harness plays the cards, the driver and the acquiring backend (RD-*).
Suite reader_suite();
/// Backend IUT: the harness plays readers, the exchange and the other backends (BE-*).
Suite backend_suite();
/// Exchange IUT: the harness plays the four backends (EX-*).
Suite exchange_suite();

}  // namespace ykt::certify
