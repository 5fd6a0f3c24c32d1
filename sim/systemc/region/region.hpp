#pragma once
/// The simulated YRD region of `ykt simulate`: the SAME model actors as the wire mode (terminals,
/// cards, four ProvincialBackends, the Exchange) placed on a SystemCRuntime with the scenario's
/// delays and stations; terminals and cards are created lazily on first use; the workload
/// generator drives them; scenario events and the end-of-day clearing are scheduled on the clock.
#include <json/value.h>

#include <fstream>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "clearing_ledger.hpp"
#include "outcome_table.hpp"
#include "population/population.hpp"
#include "scenario/scenario.hpp"
#include "sim_workload.hpp"
#include "systemc_runtime.hpp"

namespace ykt::backend {
class ProvincialBackend;
}

namespace ykt::region {

/// Most transactions a scenario may expect over its span (about 14 full-scale YRD days): more is a
/// typo in a rate or factor, and the run would not end in any useful time.
inline constexpr double kMaxExpectedTaps = 1e9;

/// The scenario's synthetic cardholders at its scale (cities from its `cities_file` or FACTS).
[[nodiscard]] std::shared_ptr<population::Population> region_population(
    const scenario::Scenario& sc, std::uint64_t seed);
/// Transactions the scenario expects over its span; throws std::invalid_argument naming the field
/// when a city code or backend is not in the city table, or the knobs when they exceed
/// kMaxExpectedTaps.
double checked_expected_taps(const scenario::Scenario& sc, const population::Population& pop);

/// Per-hour snapshot of the station integrals (utilisation over the day).
struct StationSnapshot {
  double hour = 0;              ///< hour of day at the snapshot
  std::vector<double> busy_s;   ///< busy integral per station, in station order
  std::vector<double> queue_s;  ///< queue integral per station
};

/// States of parked cards, keyed by holder index (< 2^32 - 1): an append-only arena of (varint
/// length, bytes) records in fixed blocks, and an open-addressing index of 12-byte slots (linear
/// probing, backward-shift deletion); taken records are garbage, compacted when it dominates.
class ParkedStates {
 public:
  /// Keeps `state` for holder `key` (replacing any earlier one).
  void put(std::uint64_t key, std::string_view state);
  /// Removes and returns the state of `key`, or nullopt.
  std::optional<std::string> take(std::uint64_t key);
  /// States held now.
  [[nodiscard]] std::size_t size() const { return count_; }
  /// Bytes of the states held now (payload and length prefixes).
  [[nodiscard]] std::uint64_t live_bytes() const { return live_; }
  /// Memory held for them: arena blocks plus the index.
  [[nodiscard]] std::uint64_t held_bytes() const;

 private:
  struct Slot {
    std::uint32_t key1 = 0;  // holder index + 1; 0 = empty
    std::uint32_t block = 0, pos = 0;
  };
  static constexpr std::uint32_t kBlock = 256 * 1024;
  std::size_t find(std::uint32_t key1) const;  // slot index, or the empty slot ending the probe
  void insert(const Slot& s);
  void erase_at(std::size_t i);
  void append(std::string_view record, Slot& s);
  std::string read(const Slot& s, std::size_t* record_bytes) const;
  void compact();
  std::vector<std::unique_ptr<char[]>> blocks_;
  std::uint32_t tail_ = kBlock;  // bytes used in the last block
  std::vector<Slot> slots_;      // power-of-two size, at most 3/4 full
  std::size_t count_ = 0;
  std::uint64_t live_ = 0;
};

/// The assembled region on a runtime.
class Region {
 public:
  /// Builds the region for `sc` with `seed` on `rt` (which must outlive the region).
  Region(const scenario::Scenario& sc, std::uint64_t seed, sysc::SystemCRuntime& rt);
  ~Region();
  Region(const Region&) = delete;
  Region& operator=(const Region&) = delete;

  /// Writes every delivered envelope as one JSON line to `path` (a golden trace; masked).
  Status trace_to(const std::string& path);
  /// Runs the whole scenario (traffic, drain, clearing); progress goes to `progress` if set, its
  /// `fraction` being the share of the span's expected taps (daily profile) reached.
  void run(std::function<void(const sysc::Progress&)> progress, double interval_s = 1.0);
  /// Share (0..1) of the span's expected taps before `t`, by the daily profile: work done, so an
  /// ETA stays honest through the quiet night hours.
  [[nodiscard]] double expected_share(SimTime t) const;

  /// Outcomes recorded by the workload.
  [[nodiscard]] const OutcomeTable& outcomes() const { return outcomes_; }
  /// Clearing as seen in the messages.
  [[nodiscard]] const ClearingLedger& ledger() const { return ledger_; }
  /// The workload generator.
  [[nodiscard]] const SimWorkload& workload() const { return *workload_; }
  /// Net settlement position per province (fen, from the backends at the end).
  [[nodiscard]] std::map<std::string, std::int64_t> positions() const;
  /// Backend counters per province.
  [[nodiscard]] Json::Value backend_counters() const;
  /// Hourly snapshots of station integrals.
  [[nodiscard]] const std::vector<StationSnapshot>& snapshots() const { return snapshots_; }
  /// The runtime.
  [[nodiscard]] sysc::SystemCRuntime& runtime() { return rt_; }
  /// The population.
  [[nodiscard]] const population::Population& population() const { return *population_; }
  /// Cards and terminals created lazily.
  [[nodiscard]] std::uint64_t cards_created() const { return cards_created_; }
  /// Cards parked while idle (scenario `card_park_idle_s`).
  [[nodiscard]] std::uint64_t cards_parked() const { return cards_parked_; }
  /// Cards rebuilt from a parked state.
  [[nodiscard]] std::uint64_t cards_rebuilt() const { return cards_rebuilt_; }
  /// Terminals parked while idle (scenario `terminal_park_idle_s`), and rebuilt.
  [[nodiscard]] std::uint64_t terminals_parked() const { return terminals_parked_; }
  /// Terminals rebuilt from a parked state.
  [[nodiscard]] std::uint64_t terminals_rebuilt() const { return terminals_rebuilt_; }
  /// Parked terminal states held now.
  [[nodiscard]] std::size_t parked_terminals() const { return parked_terminals_.size(); }
  /// Parked card states held now.
  [[nodiscard]] const ParkedStates& parked_states() const { return parked_; }
  /// Terminals created lazily.
  [[nodiscard]] std::uint64_t terminals_created() const { return terminals_created_; }
  /// Settlement date (Beijing) used for clearing.
  [[nodiscard]] const std::string& clearing_date() const { return date_; }
  /// Answers of the backends to `clr.run`.
  [[nodiscard]] const Json::Value& clearing_runs() const { return clearing_runs_; }
  /// Offline records the terminals uploaded at the end-of-day flush.
  [[nodiscard]] std::uint64_t flushed_records() const { return uploaded_; }
  /// Simulated time when the traffic ended and clearing finished.
  [[nodiscard]] SimTime end_time() const { return end_; }

 private:
  void place_stations();
  void schedule_events();
  void schedule_snapshots();

  const scenario::Scenario& sc_;
  sysc::SystemCRuntime& rt_;
  std::shared_ptr<const population::Population> population_;
  OutcomeTable outcomes_;
  ClearingLedger ledger_;
  std::shared_ptr<SimWorkload> workload_;
  std::vector<std::shared_ptr<backend::ProvincialBackend>> backends_;
  std::vector<StationSnapshot> snapshots_;
  std::uint64_t cards_created_ = 0, terminals_created_ = 0;
  std::uint64_t cards_parked_ = 0, cards_rebuilt_ = 0, terminals_parked_ = 0,
                terminals_rebuilt_ = 0;
  ParkedStates parked_;
  /// Parked terminals' states by 12-digit terminal id (as a number).
  std::unordered_map<std::uint64_t, std::string> parked_terminals_;
  std::string date_;
  SimTime end_{};
  Json::Value clearing_runs_{Json::arrayValue};
  std::uint64_t uploaded_ = 0;
  std::unique_ptr<std::ofstream> trace_;
};

}  // namespace ykt::region
