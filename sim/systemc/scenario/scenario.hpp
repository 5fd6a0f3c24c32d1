#pragma once
/// A `ykt simulate` scenario (format: scenarios/README.md, schema: scenarios/scenario.schema.json):
/// population, demand, capacity and delays, events and an optional sweep, read from JSON, with
/// `--set` overrides applied before the schema check so an override cannot smuggle bad values.
#include <json/value.h>

#include <array>
#include <map>
#include <string>
#include <vector>

#include "result.hpp"
#include "service_time.hpp"
#include "sim_time.hpp"

namespace ykt::scenario {

/// The services a workload generates (CATALOG `term.tap` service names).
inline const std::vector<std::string>& service_names() {
  static const std::vector<std::string> names = {
      "transit", "transit_compound", "venue", "identity", "medical", "topup", "qr"};
  return names;
}

/// Weight per service name.
using Mix = std::map<std::string, double>;

/// A station class in the scenario: servers and service time.
struct StationSpec {
  std::uint32_t servers = 1;                                   ///< c
  sysc::ServiceTime service = sysc::ServiceTime::constant(0);  ///< per message
};

/// An extra origin-destination flow: holders of `from` using cards at terminals of `to`.
struct OdFlow {
  std::string from;   ///< card's home city code
  std::string to;     ///< terminal's city code
  double weight = 0;  ///< relative to the other flows out of the same cross-province share
};

/// A time-windowed event (hours since 00:00 of the scenario's date, Beijing time).
struct ScenarioEvent {
  std::string type;      ///< outage, degrade, link_down, service_opens, city_joins
  std::string target;    ///< station address or pattern (outage, degrade)
  std::string a, b;      ///< provinces of a link (link_down)
  double from_h = 0;     ///< window start
  double to_h = 48;      ///< window end
  double factor = 1;     ///< service-time factor (degrade) or demand factor (city_joins)
  std::string service;   ///< service_opens
  std::string city;      ///< city_joins, service_opens (optional)
  std::string province;  ///< service_opens (optional)
};

/// A whole scenario.
struct Scenario {
  std::string name;                 ///< short name, used in report titles
  std::string description;          ///< what the scenario asks
  std::string file;                 ///< where it was read from
  Json::Value doc;                  ///< the effective document (after overrides)
  std::string date = "2026-11-30";  ///< simulated day (Beijing)
  double start_h = 0;               ///< first simulated hour
  double duration_h = 24;           ///< simulated span
  std::uint64_t seed = 1;           ///< default seed (--seed overrides)

  double scale = 1000;  ///< residents per cardholder (1:scale) the scenario stands for
  /// Sampled fidelity: 1 in `sample` transactions runs through the models (the population is
  /// simulated at scale × sample); each traffic message reaching a backend or the exchange
  /// brings sample − 1 ghosts (sim/systemc/README.md). 1 = every transaction in full detail.
  std::uint32_t sample = 1;
  double ghost_spread_s = 120;  ///< a message's ghosts arrive uniformly over this window after it
  /// Residents per cardholder simulated in detail (scale × sample).
  [[nodiscard]] double detail_scale() const { return scale * sample; }
  double transit_share = 0.35;  ///< FACTS §2 (Anhui 20 M third-generation of 58 M)
  double qr_share = 0.59;       ///< FACTS §2 (Anhui 34 M e-SSC of 58 M)
  std::string cities_file;      ///< optional city table (default: built-in)

  double taps_per_resident_per_day = 0.3;  ///< mean uses of a card per resident and day
  std::array<double, 24> profile{};        ///< share of a day's taps per hour (sums to 1)
  Mix mix;                                 ///< service mix (normalised)
  struct HourMix {
    double from_h, to_h;
    Mix mix;
  };
  std::vector<HourMix> mix_by_hour;        ///< overrides of the mix for hour windows
  std::map<std::string, Mix> mix_by_city;  ///< overrides of the mix per city code
  double cross_province_share = 0.02;      ///< FACTS §2: 1–3 %
  double demo_zone_cross_share = 0.05;     ///< FACTS §2: 5 % in the demonstration zone
  std::vector<OdFlow> od_flows;            ///< extra weights of chosen city pairs
  double growth_all = 1;                   ///< growth of all demand
  std::map<std::string, double> growth_province, growth_city, growth_service;
  std::map<std::string, std::int64_t> amounts_fen;  ///< amount per service in fen

  double card_command_ms = 20;           ///< FACTS §5: an APDU 15–32 ms
  double card_write_ms = 78;             ///< FACTS §5: the debit ~78 ms
  std::uint32_t terminals_per_city = 8;  ///< terminal addresses per city (created lazily)
  /// If > 0: terminals in a city = ceil(its cardholders at this scale / this), instead of
  /// `terminals_per_city`, so the terminal count follows the scale factor.
  double residents_per_terminal = 0;
  double terminal_upload_s = 600;  ///< period of a terminal's offline-record upload (ykt estimate)
  double card_park_idle_s = 60;    ///< a card idle this long is parked (memory only); 0 = never
  double terminal_park_idle_s = 900;      ///< a terminal idle this long is parked; 0 = never
  StationSpec reader, backend, exchange;  ///< station classes
  double intra_province_ms = 2, inter_province_ms = 8;            ///< network delay defaults
  std::map<std::pair<std::string, std::string>, double> pair_ms;  ///< per province pair
  std::map<std::pair<std::string, std::string>, double> role_ms;  ///< per role pair (added)
  double timeout_ms = 5000;  ///< a transaction not answered by then is timed out
  double budget_ms = 400;    ///< FACTS §5: ≤ 400 ms terminal transaction
  /// Hour (since 00:00 of `date`, may pass 24) of the clearing window: terminals upload, backends
  /// send their clearing files; 0 = as soon as the traffic has drained.
  double clearing_at_h = 0;
  bool validate_messages = true;  ///< the exchange checks every message against the schemas

  std::vector<ScenarioEvent> events;           ///< outages, degradations, what-ifs
  std::string sweep_parameter;                 ///< dotted path varied by the sweep (empty: none)
  Json::Value sweep_values{Json::arrayValue};  ///< values of the sweep

  /// The simulated start time.
  [[nodiscard]] SimTime start_time() const;
  /// Time of `hour` (hours since 00:00 of the date, Beijing).
  [[nodiscard]] SimTime at_hour(double hour) const;
};

/// Reads `path`, applies `overrides` (key=value), validates against `schema_path` and builds the
/// scenario. Every error names the file and the field.
Result<Scenario> load_scenario(const std::string& path, const std::vector<std::string>& overrides,
                               const std::string& schema_path);

/// Builds a scenario from an already parsed document (`name` is used in errors).
Result<Scenario> scenario_from_json(Json::Value doc, const std::string& name,
                                    const std::string& schema_path);

}  // namespace ykt::scenario
