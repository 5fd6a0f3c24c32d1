#pragma once
/// Turns a finished Region into the report of `ykt simulate`: tables (hourly, province pairs,
/// hour × pair, services, statuses, stations, station utilisation per hour, clearing,
/// settlement), plots, headline figures and findings (bottleneck, conservation).
#include "region.hpp"
#include "sim_report.hpp"

namespace ykt::region {

/// The report of one run (no wall-clock figures: those go to run.json).
reports::SimReport build_report(Region& region, const scenario::Scenario& sc, std::uint64_t seed);

/// True when every generated transaction ended, clearing equals the completed debits and the net
/// positions sum to zero.
bool conservation_holds(const reports::SimReport& report);

}  // namespace ykt::region
