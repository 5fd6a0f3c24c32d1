#include "scenario.hpp"

#include <cmath>
#include <optional>

#include "json_override.hpp"
#include "json_schema.hpp"
#include "json_util.hpp"

namespace ykt::scenario {
namespace {

// Days since 1970-01-01 of a civil date (H. Hinnant's algorithm).
std::int64_t days_from_civil(int y, int m, int d) {
  y -= m <= 2;
  const int era = (y >= 0 ? y : y - 399) / 400;
  const int yoe = y - era * 400;
  const int doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return static_cast<std::int64_t>(era) * 146097 + doe - 719468;
}

/// The mix normalised to shares; nothing when all its weights are zero (no service to draw).
std::optional<Mix> read_mix(const Json::Value& v) {
  Mix m;
  double sum = 0;
  for (const auto& k : v.getMemberNames()) sum += v[k].asDouble();
  if (!(sum > 0)) return std::nullopt;
  for (const auto& k : v.getMemberNames()) m[k] = v[k].asDouble() / sum;
  return m;
}

std::map<std::string, double> read_factors(const Json::Value& v) {
  std::map<std::string, double> out;
  for (const auto& k : v.getMemberNames()) out[k] = v[k].asDouble();
  return out;
}

Result<StationSpec> read_station(const Json::Value& v, const std::string& where, StationSpec dflt) {
  if (v.isNull()) return dflt;
  StationSpec s;
  s.servers = v["servers"].asUInt();
  auto t = sysc::ServiceTime::from_json(v["service"], where + ".service");
  if (!t.ok()) return t.error();
  s.service = t.value();
  return s;
}

}  // namespace

SimTime Scenario::start_time() const {
  return at_hour(start_h);
}

SimTime Scenario::at_hour(double hour) const {
  const int y = std::stoi(date.substr(0, 4)), m = std::stoi(date.substr(5, 2)),
            d = std::stoi(date.substr(8, 2));
  const std::int64_t midnight_utc_s = days_from_civil(y, m, d) * 86400 - 8 * 3600;  // UTC+8
  return SimTime{midnight_utc_s * 1'000'000'000LL + std::llround(hour * 3600e9)};
}

Result<Scenario> load_scenario(const std::string& path, const std::vector<std::string>& overrides,
                               const std::string& schema_path) {
  auto doc = json::load_file(path);
  if (!doc.ok()) return Error{"scenario", doc.error().message};
  for (const auto& o : overrides) {
    auto st = apply_override(doc.value(), o);
    if (!st.ok()) return Error{"usage", path + ": " + st.error().message};
  }
  return scenario_from_json(std::move(doc.value()), path, schema_path);
}

Result<Scenario> scenario_from_json(Json::Value doc, const std::string& name,
                                    const std::string& schema_path) {
  auto schema = spec::JsonSchema::load(schema_path);
  if (!schema.ok()) return Error{"schema", schema.error().message};
  auto checked = schema->check(doc, name, "scenario");
  if (!checked.ok()) return Error{"scenario", checked.error().message};

  Scenario s;
  s.file = name;
  s.name = doc["name"].asString();
  s.description = doc.get("description", "").asString();
  s.date = doc.get("date", s.date).asString();
  s.start_h = doc.get("start_h", 0.0).asDouble();
  s.duration_h = doc.get("duration_h", 24.0).asDouble();
  s.seed = doc.get("seed", 1).asUInt64();
  const int year = std::stoi(s.date.substr(0, 4)), month = std::stoi(s.date.substr(5, 2)),
            day = std::stoi(s.date.substr(8, 2));
  const bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (month < 1 || month > 12 || day < 1 || day > kDays[month - 1] + (month == 2 && leap ? 1 : 0))
    return Error{"scenario", name + ".date: not a calendar date: " + s.date};

  const Json::Value& pop = doc["population"];
  s.scale = pop["scale"].asDouble();
  s.transit_share = pop.get("transit_share", s.transit_share).asDouble();
  s.qr_share = pop.get("qr_share", s.qr_share).asDouble();
  s.cities_file = pop.get("cities_file", "").asString();

  const Json::Value& dem = doc["demand"];
  s.taps_per_resident_per_day = dem["taps_per_resident_per_day"].asDouble();
  double total = 0;
  for (Json::ArrayIndex h = 0; h < 24; ++h) total += dem["profile"][h].asDouble();
  if (total <= 0) return Error{"scenario", name + ".demand.profile: all 24 weights are zero"};
  for (Json::ArrayIndex h = 0; h < 24; ++h) s.profile[h] = dem["profile"][h].asDouble() / total;
  const auto zero_mix = [&](const std::string& field) {
    return Error{"scenario", name + "." + field + ": all weights are zero"};
  };
  auto mix = read_mix(dem["service_mix"]);
  if (!mix) return zero_mix("demand.service_mix");
  s.mix = std::move(*mix);
  Json::ArrayIndex hi = 0;
  for (const auto& w : dem["service_mix_by_hour"]) {
    auto m = read_mix(w["mix"]);
    if (!m) return zero_mix("demand.service_mix_by_hour[" + std::to_string(hi) + "].mix");
    ++hi;
    s.mix_by_hour.push_back({w["from_h"].asDouble(), w["to_h"].asDouble(), std::move(*m)});
  }
  for (const auto& c : dem["service_mix_by_city"].getMemberNames()) {
    auto m = read_mix(dem["service_mix_by_city"][c]);
    if (!m) return zero_mix("demand.service_mix_by_city." + c);
    s.mix_by_city[c] = std::move(*m);
  }
  s.cross_province_share = dem.get("cross_province_share", s.cross_province_share).asDouble();
  s.demo_zone_cross_share = dem.get("demo_zone_cross_share", s.demo_zone_cross_share).asDouble();
  for (const auto& f : dem["od_flows"])
    s.od_flows.push_back({f["from"].asString(), f["to"].asString(), f["weight"].asDouble()});
  const Json::Value& g = dem["growth"];
  s.growth_all = g.get("all", 1.0).asDouble();
  s.growth_province = read_factors(g["province"]);
  s.growth_city = read_factors(g["city"]);
  s.growth_service = read_factors(g["service"]);
  s.amounts_fen = {{"transit", 300}, {"transit_compound", 200}, {"venue", 2000}, {"medical", 15000},
                   {"topup", 5000},  {"identity", 0},           {"qr", 300}};
  for (const auto& k : dem["amounts_fen"].getMemberNames())
    s.amounts_fen[k] = dem["amounts_fen"][k].asInt64();

  const Json::Value& cap = doc["capacity"];
  s.card_command_ms = cap["card"].get("command_ms", s.card_command_ms).asDouble();
  s.card_write_ms = cap["card"].get("write_ms", s.card_write_ms).asDouble();
  s.terminals_per_city = cap.get("terminals_per_city", s.terminals_per_city).asUInt();
  s.residents_per_terminal = cap.get("residents_per_terminal", 0.0).asDouble();
  s.terminal_upload_s = cap.get("terminal_upload_s", s.terminal_upload_s).asDouble();
  s.card_park_idle_s = cap.get("card_park_idle_s", s.card_park_idle_s).asDouble();
  s.terminal_park_idle_s = cap.get("terminal_park_idle_s", s.terminal_park_idle_s).asDouble();
  auto reader = read_station(cap["reader"], name + ".capacity.reader",
                             {1, sysc::ServiceTime::constant(0.002)});
  auto backend = read_station(cap["backend"], name + ".capacity.backend",
                              {8, sysc::ServiceTime::lognormal(0.004, 0.5)});
  auto exchange = read_station(cap["exchange"], name + ".capacity.exchange",
                               {16, sysc::ServiceTime::lognormal(0.003, 0.5)});
  if (!reader.ok()) return reader.error();
  if (!backend.ok()) return backend.error();
  if (!exchange.ok()) return exchange.error();
  s.reader = reader.value();
  s.backend = backend.value();
  s.exchange = exchange.value();
  const Json::Value& net = cap["network"];
  s.intra_province_ms = net.get("intra_province_ms", s.intra_province_ms).asDouble();
  s.inter_province_ms = net.get("inter_province_ms", s.inter_province_ms).asDouble();
  for (const auto& p : net["pairs"]) {
    s.pair_ms[{p["a"].asString(), p["b"].asString()}] = p["ms"].asDouble();
    s.pair_ms[{p["b"].asString(), p["a"].asString()}] = p["ms"].asDouble();
  }
  for (const auto& r : net["roles"])
    s.role_ms[{r["from"].asString(), r["to"].asString()}] = r["ms"].asDouble();
  s.timeout_ms = cap.get("timeout_ms", s.timeout_ms).asDouble();
  s.budget_ms = cap.get("budget_ms", s.budget_ms).asDouble();
  s.validate_messages = cap.get("validate_messages", true).asBool();
  s.clearing_at_h = cap.get("clearing_at_h", 0.0).asDouble();
  const Json::Value& fid = doc["fidelity"];
  s.sample = fid.get("sample", 1).asUInt();
  s.ghost_spread_s = fid.get("ghost_spread_s", s.ghost_spread_s).asDouble();
  // Ghost uploads stand for the terminals a sampled population lacks: only right when the
  // terminal count follows the population.
  if (s.sample > 1 && s.residents_per_terminal <= 0)
    return Error{"scenario", name + ".fidelity.sample: " + std::to_string(s.sample) +
                                 " needs capacity.residents_per_terminal > 0 (the terminal count "
                                 "must follow the population for ghost uploads to stand for "
                                 "the terminals left out)"};
  if (s.clearing_at_h > 0 && s.clearing_at_h < s.start_h + s.duration_h)
    return Error{"scenario", name + ".capacity.clearing_at_h: before the end of the traffic (" +
                                 std::to_string(s.start_h + s.duration_h) + " h)"};

  Json::ArrayIndex i = 0;
  for (const auto& e : doc["events"]) {
    const std::string where = name + ".events[" + std::to_string(i++) + "]";
    ScenarioEvent ev;
    ev.type = e["type"].asString();
    ev.target = e.get("target", "").asString();
    ev.a = e.get("a", "").asString();
    ev.b = e.get("b", "").asString();
    ev.from_h = e.get("from_h", 0.0).asDouble();
    ev.to_h = e.get("to_h", 48.0).asDouble();
    ev.factor = e.get("factor", 1.0).asDouble();
    ev.service = e.get("service", "").asString();
    ev.city = e.get("city", "").asString();
    ev.province = e.get("province", "").asString();
    if (ev.to_h < ev.from_h) return Error{"scenario", where + ".to_h: ends before from_h"};
    if ((ev.type == "outage" || ev.type == "degrade") && ev.target.empty())
      return Error{"scenario", where + ".target: required for " + ev.type};
    if (ev.type == "link_down" && (ev.a.empty() || ev.b.empty()))
      return Error{"scenario", where + ": link_down needs provinces a and b"};
    if (ev.type == "service_opens" && ev.service.empty())
      return Error{"scenario", where + ".service: required for service_opens"};
    if (ev.type == "city_joins" && ev.city.empty())
      return Error{"scenario", where + ".city: required for city_joins"};
    s.events.push_back(ev);
  }
  if (doc.isMember("sweep")) {
    s.sweep_parameter = doc["sweep"]["parameter"].asString();
    s.sweep_values = doc["sweep"]["values"];
  }
  s.doc = std::move(doc);
  return s;
}

}  // namespace ykt::scenario
