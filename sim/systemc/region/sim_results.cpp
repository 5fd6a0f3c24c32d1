#include "sim_results.hpp"

#include <cmath>
#include <sstream>

namespace ykt::region {
namespace {
using reports::PlotSpec;
using reports::Table;

Json::Value round3(double v) {
  return std::round(v * 1000.0) / 1000.0;
}
Json::Value u64(std::uint64_t v) {
  return Json::UInt64(v);
}
Json::Value i64(std::int64_t v) {
  return Json::Int64(v);
}

std::vector<std::string> outcome_columns() {
  return {"generated", "completed", "rejected", "timed_out", "p50_ms",
          "p90_ms",    "p99_ms",    "p999_ms",  "max_ms",    "over_budget_share"};
}

std::vector<Json::Value> outcome_values(const OutcomeCell& c, double budget_ms) {
  const auto& h = c.latency_ns;
  return {u64(c.generated),
          u64(c.completed),
          u64(c.rejected),
          u64(c.timed_out),
          round3(h.quantile(0.50) / 1e6),
          round3(h.quantile(0.90) / 1e6),
          round3(h.quantile(0.99) / 1e6),
          round3(h.quantile(0.999) / 1e6),
          round3(static_cast<double>(h.max()) / 1e6),
          Json::Value(std::round(h.share_above(static_cast<std::int64_t>(budget_ms * 1e6)) * 1e6) /
                      1e6)};
}

std::string fen_text(std::int64_t fen) {
  std::ostringstream o;
  o << (fen < 0 ? "-" : "") << std::llabs(fen) / 100 << "."
    << (std::llabs(fen) % 100 < 10 ? "0" : "") << std::llabs(fen) % 100 << " CNY";
  return o.str();
}

}  // namespace

reports::SimReport build_report(Region& region, const scenario::Scenario& sc, std::uint64_t seed) {
  reports::SimReport r;
  r.title = "ykt simulate: " + sc.name;
  r.description = sc.description;
  const double budget = sc.budget_ms;
  const auto& cells = region.outcomes().cells();

  // Per hour, per pair, per hour × pair, per service.
  std::map<int, OutcomeCell> by_hour;
  std::map<std::string, OutcomeCell> by_pair, by_service;
  std::map<std::pair<int, std::string>, OutcomeCell> by_hour_pair;
  for (const auto& [key, c] : cells) {
    const auto& [hour, pair, service] = key;
    by_hour[hour].merge(c);
    by_pair[pair].merge(c);
    by_service[service].merge(c);
    by_hour_pair[{hour, pair}].merge(c);
  }
  Table hourly{"hourly",
               "Per hour: throughput, latency percentiles (full histograms), share over the budget",
               {},
               {}};
  hourly.columns = {"hour", "throughput_per_s", "throughput_per_s_at_1to1"};
  for (const auto& c : outcome_columns()) hourly.columns.push_back(c);
  for (int h = static_cast<int>(std::floor(sc.start_h)); h < std::ceil(sc.start_h + sc.duration_h);
       ++h) {
    const OutcomeCell c = by_hour.count(h) ? by_hour[h] : OutcomeCell{};
    std::vector<Json::Value> row = {h, round3(c.completed / 3600.0),
                                    round3(c.completed / 3600.0 * sc.detail_scale())};
    for (auto& v : outcome_values(c, budget)) row.push_back(v);
    hourly.rows.push_back(row);
  }
  Table pairs{
      "province_pairs", "Per province pair (acquirer>issuer): outcomes and latency", {}, {}};
  pairs.columns = {"pair"};
  for (const auto& c : outcome_columns()) pairs.columns.push_back(c);
  pairs.columns.push_back("completed_debit_fen");
  for (const auto& [p, c] : by_pair) {
    std::vector<Json::Value> row = {p};
    for (auto& v : outcome_values(c, budget)) row.push_back(v);
    row.push_back(i64(c.debit_fen));
    pairs.rows.push_back(row);
  }
  Table hour_pairs{"hourly_pairs", "Per hour and province pair", {}, {}};
  hour_pairs.columns = {"hour", "pair"};
  for (const auto& c : outcome_columns()) hour_pairs.columns.push_back(c);
  for (const auto& [k, c] : by_hour_pair) {
    std::vector<Json::Value> row = {k.first, k.second};
    for (auto& v : outcome_values(c, budget)) row.push_back(v);
    hour_pairs.rows.push_back(row);
  }
  Table services{"services", "Per service", {}, {}};
  services.columns = {"service"};
  for (const auto& c : outcome_columns()) services.columns.push_back(c);
  for (const auto& [s, c] : by_service) {
    std::vector<Json::Value> row = {s};
    for (auto& v : outcome_values(c, budget)) row.push_back(v);
    services.rows.push_back(row);
  }
  const OutcomeCell total = region.outcomes().total();
  Table statuses{"statuses", "Answer status codes (time-outs apart)", {"status", "count"}, {}};
  for (const auto& [s, n] : total.statuses) statuses.rows.push_back({s, u64(n)});

  // Stations: utilisation, queue, waiting; hourly utilisation from the snapshots.
  auto& rt = region.runtime();
  const std::int64_t now_ns = rt.now().ns - sc.start_time().ns;  // runtime-relative "now"
  (void)now_ns;
  const auto& stations = rt.stations();
  Table st{"stations", "Per station: utilisation, queue length, waiting time", {}, {}};
  st.columns = {"station",     "servers",         "addresses",     "arrivals",  "served",
                "dropped",     "utilisation",     "mean_queue",    "max_queue", "mean_wait_ms",
                "p99_wait_ms", "mean_service_ms", "ghost_arrivals"};
  const auto& snaps = region.snapshots();
  // Utilisation over the simulated traffic span (first to last snapshot), not the clearing tail.
  std::string bottleneck;
  double worst = -1;
  for (std::size_t i = 0; i < stations.size(); ++i) {
    const auto& s = *stations[i];
    double util = 0, mean_q = 0;
    if (snaps.size() >= 2 && i < snaps.back().busy_s.size()) {
      const double span = (snaps.back().hour - snaps.front().hour) * 3600.0;
      const double b0 = i < snaps.front().busy_s.size() ? snaps.front().busy_s[i] : 0;
      const double q0 = i < snaps.front().queue_s.size() ? snaps.front().queue_s[i] : 0;
      const double cap =
          span * s.servers * static_cast<double>(std::max<std::uint64_t>(1, s.addresses));
      util = cap > 0 ? (snaps.back().busy_s[i] - b0) / cap : 0;
      mean_q = span > 0 ? (snaps.back().queue_s[i] - q0) / span : 0;
    }
    if (util > worst) {
      worst = util;
      bottleneck = s.name;
    }
    st.rows.push_back({s.name, u64(s.servers), u64(s.addresses), u64(s.arrivals), u64(s.served),
                       u64(s.dropped), Json::Value(std::round(util * 1e6) / 1e6), round3(mean_q),
                       u64(s.queue_max), round3(s.wait_ns.mean() / 1e6),
                       round3(s.wait_ns.quantile(0.99) / 1e6), round3(s.service_ns.mean() / 1e6),
                       u64(s.ghosts)});
  }
  Table st_hourly{"station_hourly", "Utilisation per station and hour", {"hour"}, {}};
  for (const auto& s : stations) st_hourly.columns.push_back(s->name);
  for (std::size_t k = 1; k < snaps.size(); ++k) {
    std::vector<Json::Value> row = {round3(snaps[k - 1].hour)};
    for (std::size_t i = 0; i < stations.size(); ++i) {
      const auto& s = *stations[i];
      const double b1 = i < snaps[k].busy_s.size() ? snaps[k].busy_s[i] : 0;
      const double b0 = i < snaps[k - 1].busy_s.size() ? snaps[k - 1].busy_s[i] : 0;
      const double dt = (snaps[k].hour - snaps[k - 1].hour) * 3600.0;
      const double cap =
          dt * s.servers * static_cast<double>(std::max<std::uint64_t>(1, s.addresses));
      row.push_back(std::round((b1 - b0) / cap * 1e6) / 1e6);
    }
    st_hourly.rows.push_back(row);
  }

  // Clearing against completed debits, and net settlement.
  Table clearing{"clearing",
                 "Clearing per province pair: cleared (exchange answers) vs completed debits",
                 {},
                 {}};
  clearing.columns = {
      "pair",          "cleared_records", "cleared_fen", "completed_debits", "completed_debit_fen",
      "difference_fen"};
  std::int64_t cleared_total = 0, debit_total = 0;
  std::map<std::string, bool> all_pairs;
  for (const auto& [p, v] : region.ledger().cleared_fen()) all_pairs[p] = true;
  for (const auto& [p, c] : by_pair)
    if (c.debits) all_pairs[p] = true;
  for (const auto& [p, _] : all_pairs) {
    const auto& lf = region.ledger().cleared_fen();
    const auto& ln = region.ledger().cleared_records();
    const std::int64_t cf = lf.count(p) ? lf.at(p) : 0;
    const std::uint64_t cn = ln.count(p) ? ln.at(p) : 0;
    const OutcomeCell c = by_pair.count(p) ? by_pair[p] : OutcomeCell{};
    cleared_total += cf;
    debit_total += c.debit_fen;
    clearing.rows.push_back(
        {p, u64(cn), i64(cf), u64(c.debits), i64(c.debit_fen), i64(cf - c.debit_fen)});
  }
  Table settlement{"settlement",
                   "Net settlement per province at the end of the day (fen; positive: owed to it)",
                   {"province", "position_fen"},
                   {}};
  std::int64_t position_sum = 0;
  for (const auto& [p, v] : region.positions()) {
    settlement.rows.push_back({p, i64(v)});
    position_sum += v;
  }

  const std::uint64_t ended = total.completed + total.rejected + total.timed_out;
  const bool ended_all = ended == total.generated && region.workload().in_flight() == 0;
  const bool cleared_all = cleared_total == debit_total;
  Json::Value& s = r.summary;
  s["scenario"] = sc.name;
  s["seed"] = Json::UInt64(seed);
  s["scale"] = sc.scale;
  s["sample"] = sc.sample;
  s["detail_scale"] = sc.detail_scale();
  std::uint64_t ghosts = 0;
  for (const auto& x : stations) ghosts += x->ghosts;
  s["ghost_arrivals"] = u64(ghosts);
  s["cardholders"] = u64(region.population().size());  // simulated in detail, at 1:detail_scale
  s["cardholders_represented"] = u64(region.population().size() * sc.sample);  // at 1:scale
  s["simulated_from"] = format_beijing(sc.start_time());
  s["simulated_hours"] = sc.duration_h;
  s["generated"] = u64(total.generated);
  s["completed"] = u64(total.completed);
  s["rejected"] = u64(total.rejected);
  s["timed_out"] = u64(total.timed_out);
  s["thinned_arrivals"] = u64(region.workload().thinned());
  s["latency_p50_ms"] = round3(total.latency_ns.quantile(0.5) / 1e6);
  s["latency_p99_ms"] = round3(total.latency_ns.quantile(0.99) / 1e6);
  s["over_budget_share"] =
      std::round(total.latency_ns.share_above(static_cast<std::int64_t>(budget * 1e6)) * 1e6) / 1e6;
  s["budget_ms"] = budget;
  s["completed_debit_fen"] = i64(debit_total);
  s["cleared_fen"] = i64(cleared_total);
  s["clearing_rejected_records"] = u64(region.ledger().rejected());
  s["settlement_sum_fen"] = i64(position_sum);
  s["conservation_all_ended"] = ended_all;
  s["conservation_clearing_equals_debits"] = cleared_all;
  s["bottleneck"] = bottleneck;
  s["bottleneck_utilisation"] = std::round(worst * 1e6) / 1e6;
  s["cards_created"] = u64(region.cards_created());
  s["cards_parked"] = u64(region.cards_parked());
  s["cards_rebuilt"] = u64(region.cards_rebuilt());
  s["parked_cards_held"] = u64(region.parked_states().size());
  s["parked_state_bytes"] = u64(region.parked_states().live_bytes());
  s["parked_bytes_held"] = u64(region.parked_states().held_bytes());
  s["terminals_parked"] = u64(region.terminals_parked());
  s["terminals_rebuilt"] = u64(region.terminals_rebuilt());
  s["parked_terminals_held"] = u64(region.parked_terminals());
  s["terminals_created"] = u64(region.terminals_created());
  s["events_dispatched"] = u64(rt.events());
  s["undeliverable"] = u64(rt.undeliverable());
  s["link_drops"] = u64(rt.link_drops());

  std::ostringstream f1, f2, f3;
  f1 << total.generated << " transactions: " << total.completed << " completed, " << total.rejected
     << " rejected, " << total.timed_out << " timed out; p99 latency "
     << s["latency_p99_ms"].asDouble() << " ms, " << s["over_budget_share"].asDouble() * 100
     << " % over the " << budget << " ms budget.";
  f2 << "Bottleneck: " << bottleneck << " at " << std::round(worst * 1000) / 10
     << " % utilisation.";
  f3 << "Conservation: " << (ended_all ? "every transaction ended" : "NOT every transaction ended")
     << "; clearing " << fen_text(cleared_total) << (cleared_all ? " equals" : " DIFFERS from")
     << " completed debits " << fen_text(debit_total) << "; net positions sum to "
     << fen_text(position_sum) << ".";
  r.findings = {f1.str(), f2.str(), f3.str()};
  if (sc.sample > 1) {  // a planner must not read the sample's counts as the region's
    std::ostringstream f4;
    f4 << "Sampled fidelity, 1 in " << sc.sample << ": " << region.population().size()
       << " cardholders in detail stand for " << region.population().size() * sc.sample
       << "; the counts and money above are the sample's and stand for about "
       << total.generated * sc.sample << " transactions and "
       << fen_text(cleared_total * static_cast<std::int64_t>(sc.sample))
       << " cleared at 1:" << sc.scale << " (x " << sc.sample
       << ", an estimate). Utilisation, queues and latency are "
       << "those of 1:" << sc.scale << ".";
    r.findings.push_back(f4.str());
  }

  r.tables = {hourly, pairs, hour_pairs, services, statuses, st, st_hourly, clearing, settlement};
  PlotSpec tp{"throughput",
              "Throughput over the day (completed per second, simulated scale)",
              "hourly",
              "hour",
              {"throughput_per_s"},
              "hour (Beijing)",
              "transactions/s",
              false};
  PlotSpec lat{"latency",
               "Latency percentiles over the day",
               "hourly",
               "hour",
               {"p50_ms", "p90_ms", "p99_ms"},
               "hour (Beijing)",
               "ms",
               false};
  PlotSpec util{"utilisation",   "Utilisation per actor (traffic span)",
                "stations",      "station",
                {"utilisation"}, "station",
                "utilisation",   true};
  std::vector<std::string> st_names;
  for (const auto& x : stations) st_names.push_back(x->name);
  PlotSpec util_h{"utilisation_hourly",
                  "Utilisation per actor over the day",
                  "station_hourly",
                  "hour",
                  st_names,
                  "hour (Beijing)",
                  "utilisation",
                  false};
  r.plots = {tp, lat, util};
  if (!st_names.empty() && st_hourly.rows.size() > 0) r.plots.push_back(util_h);
  return r;
}

bool conservation_holds(const reports::SimReport& report) {
  return report.summary["conservation_all_ended"].asBool() &&
         report.summary["conservation_clearing_equals_debits"].asBool() &&
         report.summary["settlement_sum_fen"].asInt64() == 0;  // STD-12.5.1
}

}  // namespace ykt::region
