#pragma once
/// Writes a `ykt simulate` report directory: every table as JSON and CSV, gnuplot plots (SVG and
/// PNG), summary.json and a self-contained index.html (plots inlined as SVG).
#include <json/value.h>

#include <string>
#include <vector>

#include "gnuplot_plot.hpp"
#include "result.hpp"
#include "table.hpp"

namespace ykt::reports {

/// Everything a simulation report shows.
struct SimReport {
  std::string title;                       ///< page title
  std::string description;                 ///< what the scenario asks
  Json::Value summary{Json::objectValue};  ///< headline figures (written to summary.json)
  std::vector<std::string> findings;       ///< one-line answers (bottleneck, conservation, ...)
  std::vector<Table> tables;               ///< tables, in page order
  std::vector<PlotSpec> plots;             ///< plots, in page order
};

/// Writes the report under `dir` (created); the error names the file that failed.
Status write_sim_report(const SimReport& report, const std::string& dir);

/// Escapes text for HTML.
std::string html_escape(const std::string& s);

}  // namespace ykt::reports
