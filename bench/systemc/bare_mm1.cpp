#include "bare_mm1.hpp"

#include <chrono>
#include <cstdlib>
#include <deque>
#include <systemc>

#include "rng_stream.hpp"

namespace ykt::bench {
namespace {

/// Arrival and departure processes are SC_METHODs woken by timed notifications of two events.
class BareQueue final : public sc_core::sc_module {
 public:
  BareQueue(sc_core::sc_module_name n, std::uint64_t customers, double rho, std::uint64_t seed)
      : sc_module(n),
        left_(customers),
        rho_(rho),
        arrivals_(seed, "source"),
        service_(seed, "server") {
    SC_HAS_PROCESS(BareQueue);
    SC_METHOD(arrive);
    sensitive << arrival_ev_;
    SC_METHOD(depart);
    sensitive << departure_ev_;
    dont_initialize();
  }
  void arrive() {
    const double now = sc_core::sc_time_stamp().to_seconds();
    ++result.events;
    if (busy_) {
      waiting_.push_back(now);
    } else {
      busy_ = true;
      departure_ev_.notify(sc_core::sc_time(service_.exponential(1.0), sc_core::SC_SEC));
    }
    if (--left_ > 0)
      arrival_ev_.notify(sc_core::sc_time(arrivals_.exponential(1.0 / rho_), sc_core::SC_SEC));
  }
  void depart() {
    const double now = sc_core::sc_time_stamp().to_seconds();
    ++result.events;
    ++result.customers;
    if (waiting_.empty()) {
      busy_ = false;
      return;
    }
    wait_sum_ += now - waiting_.front();
    waiting_.pop_front();
    departure_ev_.notify(sc_core::sc_time(service_.exponential(1.0), sc_core::SC_SEC));
  }
  void start() { arrival_ev_.notify(sc_core::SC_ZERO_TIME); }
  BareResult result;
  double wait_sum_ = 0;

 private:
  sc_core::sc_event arrival_ev_, departure_ev_;
  std::uint64_t left_;
  double rho_;
  sysc::RngStream arrivals_, service_;
  bool busy_ = false;
  std::deque<double> waiting_;
};

}  // namespace

BareResult run_bare_mm1(std::uint64_t customers, double rho, std::uint64_t seed) {
  setenv("SYSTEMC_DISABLE_COPYRIGHT_MESSAGE", "1", 0);
  sc_core::sc_set_time_resolution(1, sc_core::SC_NS);
  BareQueue q("bare_mm1", customers, rho, seed);
  q.start();
  const auto t0 = std::chrono::steady_clock::now();
  sc_core::sc_start();
  q.result.wall_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  q.result.mean_wait_s =
      q.result.customers ? q.wait_sum_ / static_cast<double>(q.result.customers) : 0;
  return q.result;
}

}  // namespace ykt::bench
