#pragma once
/// A reference M/M/c queue built from ykt actors on SystemCRuntime (a Poisson source actor and a
/// station of c exponential servers), with its analytic values: used by the analytic checks and
/// by the benchmark. Runs the SystemC kernel: call at most once per process.
#include <cstdint>

namespace ykt::sysc {

/// Parameters of one M/M/c run.
struct QueueNetworkParams {
  std::uint32_t servers = 1;         ///< c
  double rho = 0.5;                  ///< utilisation per server, lambda / (c mu)
  double mean_service_s = 1.0;       ///< 1 / mu
  std::uint64_t customers = 100000;  ///< expected arrivals over the measured span
  std::uint64_t seed = 1;            ///< run seed
  std::uint32_t batches = 20;        ///< batch count for batch means
  double warmup_fraction = 0.05;     ///< share of the span discarded first
  /// Sampled fidelity: the source sends lambda / (ghosts + 1) and every job brings `ghosts`
  /// ghost arrivals spread over `ghost_spread_s` (StationConfig::ghosts); 0 = no ghosts.
  std::uint32_t ghosts = 0;
  double ghost_spread_s = 0;  ///< window of a job's ghosts, in seconds
};

/// What one run measured and what theory says.
struct QueueNetworkResult {
  double mean_wait_s = 0;      ///< simulated mean waiting time in queue (Wq)
  double wait_half_width = 0;  ///< 95 % batch-means half-width of Wq
  double utilisation = 0;      ///< simulated server utilisation
  double util_half_width = 0;  ///< 95 % batch-means half-width of the utilisation
  double analytic_wait_s = 0;  ///< Erlang C (M/M/1 when c = 1) Wq
  double analytic_util = 0;    ///< rho
  std::uint64_t served = 0;    ///< customers served in the measured span
  std::uint64_t events = 0;    ///< kernel-queue events dispatched
  double wall_s = 0;           ///< wall time of the run
};

/// Erlang C probability of waiting for c servers at offered load a = lambda / mu.
double erlang_c(std::uint32_t c, double a);

/// Runs the M/M/c network and returns the measured and analytic values.
QueueNetworkResult run_queue_network(const QueueNetworkParams& p);

}  // namespace ykt::sysc
