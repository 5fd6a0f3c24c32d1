#pragma once
/// Runs a suite against an IUT: probes reachability, sets up the peers, selects cases by ICS and
/// id pattern, runs each under a watchdog (a hanging IUT ends that case in `error` and the run
/// goes on), and collects verdicts, timings, messages and the traceability matrix.
#include <string>

#include "run_result.hpp"

namespace ykt::certify {

/// Options of one run.
struct RunOptions {
  std::string case_pattern = "*";    ///< glob over case ids (`BE-ROUTE-*`)
  std::uint64_t seed = 1;            ///< run seed
  bool progress = false;             ///< print one line per case to stderr
  std::vector<std::string> exclude;  ///< globs of cases left to another IUT configuration
  std::string configuration;         ///< name of the IUT configuration of this run ("" default)
  std::string only;                  ///< if set, a case must match this glob too
};

/// SM3 over the case definitions (id, purpose, clauses, ICS, preconditions, stimulus, expected).
std::string suite_hash(const Suite& s);

/// The traceability matrix clause -> case ids of `s`.
std::map<std::string, std::vector<std::string>> traceability(const Suite& s);

/// True when `id` matches the glob `pattern` (`*` and `?`).
bool glob_match(const std::string& pattern, const std::string& id);

/// Runs suites against one IUT.
class Runner {
 public:
  Runner(SuiteEnv& env, RunOptions opt) : env_(env), opt_(std::move(opt)) {}
  /// Sends sys.ping; an Error names the IUT and endpoint when it does not answer.
  Status probe();
  /// Runs `suite` (set-up, then every case). An Error means the harness could not run (exit 2).
  Result<RunResult> run(const Suite& suite);

 private:
  CaseResult run_case(const TestCase& tc);
  SuiteEnv& env_;
  RunOptions opt_;
};

}  // namespace ykt::certify
