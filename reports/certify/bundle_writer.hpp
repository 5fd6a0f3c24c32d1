#pragma once
/// Writes the certification bundle of a run (`ykt certify --out`): report.json, junit.xml,
/// report.html (self-contained: summary, per-case verdict and log, message sequence charts,
/// latency plot), the ICS and IXIT used, traceability.json, the merged masked log, and
/// MANIFEST.sha256 over all of them so a lab can sign the bundle.
#include <string>
#include <vector>

#include "result.hpp"
#include "run_result.hpp"

namespace ykt::reports {

/// Files written into the bundle directory, in the order written (MANIFEST.sha256 last).
struct BundleFiles {
  std::vector<std::string> files;
};

/// Writes every bundle file of `run` into `dir` (created if needed).
Result<BundleFiles> write_bundle(const certify::RunResult& run, const std::string& dir);

/// report.json content.
Json::Value report_json(const certify::RunResult& run);
/// junit.xml content: pass -> testcase, fail -> <failure type="fail">, inconc -> <skipped
/// message="inconc: ...">, error -> <error type="error">, not selected -> <skipped
/// message="not selected: ...">, none -> <failure type="none">.
std::string junit_xml(const certify::RunResult& run);
/// report.html content; `plot_png` is the latency plot (empty: none drawn).
std::string report_html(const certify::RunResult& run, const std::string& plot_png);
/// The merged, masked, timestamped log of all actors (messages and log lines interleaved).
std::string merged_log(const certify::RunResult& run);

}  // namespace ykt::reports
