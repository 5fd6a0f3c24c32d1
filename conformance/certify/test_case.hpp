#pragma once
/// A conformance test case, written like a JT/T 1356.2 test item (FACTS §7): ID, purpose in one
/// sentence, the spec clauses it checks, the ICS selection expression, preconditions, stimulus,
/// expected result, time-out; and the code that runs it.
#include <chrono>
#include <functional>
#include <string>
#include <vector>

#include "result.hpp"

namespace ykt::certify {

class CaseContext;
class SuiteEnv;

/// One test case.
struct TestCase {
  std::string id;                          ///< e.g. BE-ROUTE-003: role prefix, group, number
  std::string purpose;                     ///< one sentence
  std::vector<std::string> clauses;        ///< spec clauses, e.g. STD-6.2
  std::string ics = "true";                ///< ICS selection expression (see ics.hpp)
  std::string preconditions;               ///< state the IUT must be in
  std::string stimulus;                    ///< what the harness sends
  std::string expected;                    ///< the IUT's conforming behaviour
  std::chrono::milliseconds timeout{0};    ///< watchdog; 0 = the IXIT's case time-out
  std::function<void(CaseContext&)> body;  ///< the test logic
};

/// A named suite of cases for one IUT role.
struct Suite {
  std::string name;     ///< e.g. backend
  std::string role;     ///< card, reader, backend, exchange
  std::string version;  ///< suite version, e.g. 1.0.0
  std::vector<TestCase> cases;
  /// Prepares the peers the harness plays (bind, handlers); an Error stops the run (exit 2).
  std::function<Status(SuiteEnv&)> setup;
};

/// Every suite built into this harness.
const std::vector<Suite>& all_suites();

}  // namespace ykt::certify
