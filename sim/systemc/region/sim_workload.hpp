#pragma once
/// The workload generator of `ykt simulate`: one actor that creates transactions as Poisson
/// arrivals whose rate follows the scenario's daily profile, per city, service and hour, picks a
/// terminal and a synthetic cardholder (cross-province with the scenario's share), sends
/// `term.tap` to the terminal and records how each transaction ended.
#include <array>
#include <string>
#include <unordered_map>
#include <vector>

#include "actor.hpp"
#include "outcome_table.hpp"
#include "population/population.hpp"
#include "rng_stream.hpp"
#include "scenario/scenario.hpp"

namespace ykt::region {

/// Index of a province code in 310000, 320000, 330000, 340000 order (-1 when unknown).
int province_index(std::string_view code);
/// The four province codes in index order.
const std::array<std::string, 4>& province_codes();

/// A city's arrival rate per second at hour `h` (growth and city_joins factors applied).
[[nodiscard]] double city_rate(const scenario::Scenario& sc, const population::CitySlice& s,
                               double h);
/// Arrivals the scenario's rates give over its whole span (before thinning), at hour steps.
[[nodiscard]] double expected_arrivals(const scenario::Scenario& sc,
                                       const population::Population& pop);

/// Generates the scenario's transactions and records their outcomes.
class SimWorkload final : public Actor {
 public:
  /// Both referenced objects must outlive the actor.
  SimWorkload(const scenario::Scenario& sc, const population::Population& pop, OutcomeTable& out,
              std::uint64_t seed);
  void on_start(Context& ctx) override;
  void on_message(Context& ctx, const Envelope& msg) override;
  void on_timer(Context& ctx, TimerId id, std::string_view tag) override;

  /// Transactions sent but not yet ended.
  [[nodiscard]] std::size_t in_flight() const { return pending_.size() + qr_waits_.size(); }
  /// Transactions generated so far.
  [[nodiscard]] std::uint64_t generated() const { return generated_; }
  /// Arrivals thinned away (closed service, city not yet joined, no suitable card).
  [[nodiscard]] std::uint64_t thinned() const { return thinned_; }
  /// Terminal addresses used so far (for the clearing flush), sorted.
  [[nodiscard]] std::vector<std::string> terminals_used() const;

 private:
  struct Pending {
    SimTime sent;
    int hour;
    std::uint8_t pair;
    std::uint8_t service;
    std::int64_t debit;
    TimerId timer;
  };
  struct QrWait {
    Json::Value tap;  // the term.tap body waiting for its token
    std::string reader;
    SimTime started;
    int hour;
    std::uint8_t pair;
    TimerId timer;
  };
  void send_tap(Context& ctx, const std::string& reader, Json::Value body, SimTime started,
                int hour, std::uint8_t pair, std::uint8_t service, std::int64_t debit);
  void plan_segment(SimTime t);
  void schedule_next(Context& ctx);
  void arrival(Context& ctx);
  [[nodiscard]] double hour_of(SimTime t) const;
  [[nodiscard]] bool service_open(const std::string& service, const std::string& city,
                                  double h) const;
  [[nodiscard]] bool city_joined(const std::string& city, double h) const;
  /// Terminals of a city with `holders` cardholders at this scale (at least 1, at most 999 999).
  [[nodiscard]] std::uint64_t terminals_in(std::uint64_t holders) const;

  const scenario::Scenario& sc_;
  const population::Population& pop_;
  OutcomeTable& out_;
  sysc::RngStream rng_;
  SimTime end_;
  SimTime seg_end_{};
  SimTime next_{};
  double rate_ = 0;                             // arrivals per second in the current segment
  std::vector<double> city_cum_;                // cumulative city weights in the current segment
  std::vector<std::vector<double>> cross_cum_;  // per terminal city: cumulative origin weights
  std::unordered_map<std::string, Pending> pending_;
  std::unordered_map<std::string, QrWait> qr_waits_;  // by qr.issue request id
  std::unordered_map<std::string, bool> terminals_;
  std::array<std::string, 16> pair_names_;
  std::uint64_t generated_ = 0, thinned_ = 0;
};

}  // namespace ykt::region
