#include "queue_network.hpp"

#include <chrono>
#include <cmath>
#include <vector>

#include "systemc_runtime.hpp"

namespace ykt::sysc {
namespace {

/// Poisson source: one timer per arrival, one `job` message to the station per arrival.
class PoissonSource final : public Actor {
 public:
  PoissonSource(double rate, std::uint64_t seed) : mean_gap_(1.0 / rate), rng_(seed, "source") {}
  void on_start(Context& ctx) override { schedule(ctx); }
  void on_message(Context&, const Envelope&) override {}
  void on_timer(Context& ctx, TimerId, std::string_view) override {
    // A job carries no payload: a null body costs no allocation (an empty object would).
    ctx.send(Envelope{"job", {}, {}, "server", Json::Value(), false});
    schedule(ctx);
  }

 private:
  void schedule(Context& ctx) {
    ctx.set_timer(Duration{static_cast<std::int64_t>(rng_.exponential(mean_gap_) * 1e9)}, "a");
  }
  double mean_gap_;
  RngStream rng_;
};

/// The served side: counts completions (its handler runs when a job's service ends).
class CountingSink final : public Actor {
 public:
  void on_message(Context&, const Envelope&) override { ++done; }
  std::uint64_t done = 0;
};

double half_width(const std::vector<double>& xs) {
  const double n = static_cast<double>(xs.size());
  if (xs.size() < 2) return 0;
  double m = 0;
  for (double x : xs) m += x;
  m /= n;
  double v = 0;
  for (double x : xs) v += (x - m) * (x - m);
  v /= (n - 1);
  return 2.09 * std::sqrt(v / n);  // t quantile for ~20 batches
}

}  // namespace

double erlang_c(std::uint32_t c, double a) {
  // Erlang B by recursion, then C = B / (1 - rho (1 - B)).
  double b = 1.0;
  for (std::uint32_t k = 1; k <= c; ++k) b = a * b / (k + a * b);
  const double rho = a / c;
  return b / (1.0 - rho * (1.0 - b));
}

QueueNetworkResult run_queue_network(const QueueNetworkParams& p) {
  const double mu = 1.0 / p.mean_service_s;
  const double lambda = p.rho * p.servers * mu;
  const double span_s = static_cast<double>(p.customers) / lambda;
  const double warm_s = span_s * p.warmup_fraction;
  const SimTime t0{0};
  SystemCRuntime rt(t0, p.seed);
  StationConfig cfg;
  cfg.servers = p.servers;
  cfg.service = ServiceTime::exponential(p.mean_service_s);
  cfg.ghosts = p.ghosts;
  cfg.ghost_spread = Duration{static_cast<std::int64_t>(p.ghost_spread_s * 1e9)};
  rt.add_station_class("server", cfg);
  auto sink = std::make_shared<CountingSink>();
  rt.add("server", sink);
  rt.add("source", std::make_shared<PoissonSource>(lambda / (p.ghosts + 1.0), p.seed));

  const auto wall0 = std::chrono::steady_clock::now();
  auto at = [&](double s) { return SimTime{static_cast<std::int64_t>(s * 1e9)}; };
  (void)rt.run(at(warm_s));
  rt.reset_statistics();
  std::vector<double> waits, utils;
  double wait_sum = 0;
  std::uint64_t wait_count = 0;
  QueueNetworkResult r;
  for (std::uint32_t b = 1; b <= p.batches; ++b) {
    (void)rt.run(at(warm_s + span_s * b / p.batches));
    const StationStats& st = *rt.stations().front();
    const std::int64_t now_ns = rt.now().ns;
    waits.push_back(st.wait_ns.mean() * 1e-9);
    utils.push_back(st.utilisation(now_ns));
    wait_sum += st.wait_ns.mean() * 1e-9 * static_cast<double>(st.wait_ns.count());
    wait_count += st.wait_ns.count();
    r.served += st.served;
    r.utilisation += st.utilisation(now_ns) / p.batches;
    rt.reset_statistics();
  }
  r.wall_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - wall0).count();
  r.mean_wait_s = wait_count ? wait_sum / static_cast<double>(wait_count) : 0;
  r.wait_half_width = half_width(waits);
  r.util_half_width = half_width(utils);
  r.analytic_util = p.rho;
  r.analytic_wait_s = erlang_c(p.servers, lambda / mu) / (p.servers * mu - lambda);
  r.events = rt.events();
  return r;
}

}  // namespace ykt::sysc
