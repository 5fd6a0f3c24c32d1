#pragma once
/// The baseline of the benchmark: an M/M/1 queue written directly with SystemC methods and timed
/// events (no ykt), the same model as the ykt queue network and the SimPy script.
#include <cstdint>

namespace ykt::bench {

/// What one bare run measured.
struct BareResult {
  std::uint64_t customers = 0;  ///< customers served
  std::uint64_t events = 0;     ///< timed events (arrivals + departures)
  double mean_wait_s = 0;       ///< mean waiting time in queue
  double wall_s = 0;            ///< wall time of sc_start
};

/// Runs `customers` arrivals at utilisation `rho` (mean service 1 s). Once per process.
BareResult run_bare_mm1(std::uint64_t customers, double rho, std::uint64_t seed);

}  // namespace ykt::bench
