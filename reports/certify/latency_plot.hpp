#pragma once
/// The latency plot of a run, drawn with gnuplot (pngcairo, or png when cairo is missing):
/// round-trip time of every request in run order, one colour per message type.
#include <string>

#include "result.hpp"
#include "run_result.hpp"

namespace ykt::reports {

/// Draws the plot into `png_path` (gnuplot data and script beside it in `work_dir`);
/// an Error says why not (no gnuplot, no samples).
Status plot_latency(const certify::RunResult& run, const std::string& work_dir,
                    const std::string& png_path);

}  // namespace ykt::reports
