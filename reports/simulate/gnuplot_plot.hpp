#pragma once
/// Plots of a simulation report drawn by gnuplot from the report's CSV tables: one script per
/// plot, rendered as SVG (inlined into the HTML summary) and PNG (pngcairo).
#include <string>
#include <vector>

#include "result.hpp"
#include "table.hpp"

namespace ykt::reports {

/// What to draw: columns `ys` of table `table` against column `x`.
struct PlotSpec {
  std::string name;             ///< file stem
  std::string title;            ///< plot title
  std::string table;            ///< table name (its CSV is the data)
  std::string x;                ///< x column
  std::vector<std::string> ys;  ///< y columns, one curve each
  std::string xlabel, ylabel;   ///< axis labels
  bool bars = false;            ///< bars with x as labels instead of lines
};

/// Writes `<dir>/plots/<name>.gp`, runs gnuplot, leaves `<name>.svg` and `<name>.png`.
/// The CSV must already be at `<dir>/tables/<table>.csv`; the error names the plot.
Status draw_plot(const PlotSpec& spec, const Table& table, const std::string& dir);

}  // namespace ykt::reports
