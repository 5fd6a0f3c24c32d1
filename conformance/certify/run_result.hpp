#pragma once
/// The outcome of one certification run: every case with its verdict, reason, timings and
/// selection reason, plus what is needed to reproduce and sign it (ICS, IXIT, versions, seed).
#include <json/value.h>

#include <map>
#include <string>
#include <vector>

#include "case_context.hpp"
#include "recorder.hpp"
#include "test_case.hpp"
#include "verdict.hpp"

namespace ykt::certify {

/// Version of this harness (reported in every bundle).
inline constexpr const char* kHarnessVersion = "ykt-certify 1.0.0";

/// One case's outcome.
struct CaseResult {
  std::string id, purpose, preconditions, stimulus, expected, ics_expr;
  std::vector<std::string> clauses;
  bool selected = false;
  std::string selection_reason;
  Verdict verdict = Verdict::none;
  std::string reason;
  SimTime started, finished;
  double duration_ms = 0;
  std::vector<LatencySample> latencies;
  std::string configuration;  ///< the IXIT configuration the IUT ran in ("" = the default one)
};

/// A whole run.
struct RunResult {
  std::string role, suite, suite_version, suite_hash;
  std::string iut_endpoint, iut_address;
  std::uint64_t seed = 0;
  SimTime started, finished;
  std::vector<CaseResult> cases;
  std::vector<RecordedMessage> messages;
  std::vector<LogLine> log;
  /// Case id -> messages and log lines seen beyond the recorder's cap and not kept.
  std::map<std::string, std::uint64_t> omitted;
  Json::Value ics, ixit;
  /// Clause -> ids of the cases that check it (every case of the suite, selected or not).
  std::map<std::string, std::vector<std::string>> traceability;

  /// Number of selected cases with verdict `v`.
  [[nodiscard]] int count(Verdict v) const;
  /// Number of skipped (not selected) cases.
  [[nodiscard]] int skipped() const;
  /// The exit code of `ykt certify`: 0 all selected pass, 1 otherwise.
  [[nodiscard]] int exit_code() const;
};

}  // namespace ykt::certify
