/// `ykt replay <trace>`: brings the reference YRD network up on loopback as separate processes,
/// replays a tap trace open loop at the taps' intended times, flushes, clears and settles like
/// `ykt demo`, reads the final purse balances from the cards, takes the network down and writes
/// `<out>/replay.json`. `ykt replay --convert-sim TRACE --sim-out DIR --write-trace FILE` turns a
/// `ykt simulate --trace` file into a tap trace (format: scenarios/traces/README.md).
#include <cmath>
#include <filesystem>
#include <fstream>
#include <iomanip>
#include <iostream>
#include <set>

#include "address_pattern.hpp"
#include "child_process.hpp"
#include "command.hpp"
#include "json_util.hpp"
#include "network_session.hpp"
#include "replay_balance_probe.hpp"
#include "replay_driver.hpp"
#include "replay_network.hpp"
#include "replay_trace.hpp"
#include "topology.hpp"
#include "wire_client.hpp"
#include "zmq_node.hpp"

namespace fs = std::filesystem;

namespace {

using ykt::app::NetworkGuard;

using ykt::app::CommandExit;
using ykt::app::kExitFailed;
using ykt::app::kExitUsage;

struct ReplayArgs {
  std::string trace;
  double speed = 1;
  std::string out = "ykt-out/replay";
  std::string topology;
  double timeout_ms = 8000;
  int timeout_scale = 1;
  std::string convert_sim;
  std::string sim_out;
  std::string write_trace;
};

/// `--convert-sim`: the population comes from the simulation's effective scenario and seed.
void convert(const ReplayArgs& a) {
  if (a.write_trace.empty())
    throw CommandExit{kExitUsage, "replay: --convert-sim needs --write-trace FILE"};
  const fs::path dir =
      a.sim_out.empty() ? fs::path(a.convert_sim).parent_path() : fs::path(a.sim_out);
  auto sc = ykt::json::load_file((dir / "scenario.json").string());
  auto summary = ykt::json::load_file((dir / "summary.json").string());
  if (!sc || !summary)
    throw CommandExit{kExitUsage,
                      "replay: " + dir.string() +
                          " is not a ykt simulate output (scenario.json, summary.json); "
                          "name it with --sim-out"};
  ykt::app::TracePopulation pop;
  const Json::Value& p = sc.value()["population"];
  pop.seed = summary.value().get("seed", sc.value().get("seed", 1)).asUInt64();
  pop.scale = p.get("scale", 1000.0).asDouble();
  pop.transit_share = p.get("transit_share", 0.35).asDouble();
  pop.qr_share = p.get("qr_share", 0.59).asDouble();
  auto trace = ykt::app::tap_trace_from_sim(a.convert_sim, pop);
  if (!trace) throw CommandExit{kExitUsage, "replay: " + trace.error().message};
  trace->header["scenario"] = sc.value().get("name", "").asString();
  trace->header["simulated_from"] = summary.value().get("simulated_from", "").asString();
  if (auto st = ykt::app::save_tap_trace(a.write_trace, trace.value()); !st)
    throw CommandExit{kExitUsage, "replay: " + st.error().message};
  std::cout << "replay: wrote " << trace->taps.size() << " taps to " << a.write_trace << "\n";
}

/// Runs `node` until `done()` or `deadline`.
template <typename Done>
void pump(ykt::wire::ZmqNode& node, Done done, std::chrono::steady_clock::time_point deadline) {
  while (!done() && std::chrono::steady_clock::now() < deadline)
    node.run_once(std::chrono::milliseconds(5));
}

void run_replay(const ReplayArgs& a) {
  if (!a.convert_sim.empty()) return convert(a);
  if (a.trace.empty()) throw CommandExit{kExitUsage, "replay: a trace file is required"};
  if (!(a.speed > 0) || !(a.timeout_ms > 0))
    throw CommandExit{kExitUsage, "replay: --speed and --timeout-ms must be > 0"};
  auto loaded = ykt::app::load_tap_trace(a.trace);
  if (!loaded) throw CommandExit{kExitUsage, "replay: " + loaded.error().message};
  const ykt::app::TapTrace& trace = loaded.value();
  const ykt::app::TracePopulation defaults;
  if (a.topology.empty() &&
      (std::abs(trace.population.transit_share - defaults.transit_share) > 1e-12 ||
       std::abs(trace.population.qr_share - defaults.qr_share) > 1e-12))
    throw CommandExit{kExitUsage,
                      "replay: the trace's population uses transit_share/qr_share other "
                      "than the defaults (0.35/0.59); the wire roles build the default "
                      "population only"};

  const fs::path out = fs::absolute(a.out);
  const fs::path run_dir = out / "run";
  std::error_code ec;
  if (fs::exists(run_dir / "state.json"))
    ykt::app::run_self({"down", "--run-dir", run_dir.string()}, (out / "down.log").string());
  fs::remove_all(out, ec);
  fs::create_directories(run_dir, ec);
  if (ec)
    throw CommandExit{kExitUsage, "replay: cannot create " + out.string() + ": " + ec.message()};
  fs::path topo_path = a.topology;
  if (topo_path.empty()) {
    ykt::app::ReferenceNetwork n;
    n.name = "ykt-replay";
    n.seed = trace.population.seed;
    n.scale = trace.population.scale;
    n.audit_log = (out / "exchange-audit.jsonl").string();
    n.timeout_scale = a.timeout_scale;
    topo_path = out / "topology.json";
    if (auto st = ykt::json::save_file(topo_path.string(), ykt::app::reference_topology(n)); !st)
      throw CommandExit{kExitUsage, "replay: " + st.error().message};
  }

  std::cerr << "ykt replay: " << trace.taps.size() << " taps from " << a.trace
            << "; starting the network (" << topo_path.string() << ")" << std::endl;
  NetworkGuard guard(run_dir.string());
  if (ykt::app::run_self({"up", topo_path.string(), "--run-dir", run_dir.string()},
                         (out / "up.log").string()) != 0)
    throw CommandExit{kExitUsage,
                      "replay: the network did not come up; logs in " + run_dir.string()};
  auto topo = ykt::wire::Topology::load((run_dir / "topology.json").string());
  if (!topo) throw CommandExit{kExitUsage, "replay: " + topo.error().message};

  std::ofstream driver_log(out / "driver.log");
  ykt::wire::NodeOptions opts;
  opts.name = "driver";
  opts.role = "driver";
  opts.endpoint = "tcp://127.0.0.1:0";
  opts.actors = {"driver", "harness.replay.balances"};
  opts.keys = topo->key_registry();
  opts.log = &driver_log;
  for (int exact = 1; exact >= 0; --exact)
    for (const auto& n : topo->nodes())
      for (const auto& actor : n.actors)
        if (ykt::wire::is_glob(actor) != (exact == 1)) opts.routes.emplace_back(actor, n.endpoint);
  auto node = ykt::wire::ZmqNode::create(opts);
  if (!node) throw CommandExit{kExitUsage, "replay: " + node.error().message};

  const auto timeout = std::chrono::milliseconds(static_cast<std::int64_t>(a.timeout_ms));
  double span_ms = 0;
  for (const auto& t : trace.taps) span_ms = std::max(span_ms, t.offset_ms / a.speed);
  auto driver = std::make_shared<ykt::app::ReplayDriver>(trace, a.speed, timeout);
  const auto t0 = std::chrono::steady_clock::now();
  node.value()->add_actor("driver", driver);
  pump(
      *node.value(), [&] { return driver->finished(); },
      t0 + std::chrono::milliseconds(static_cast<std::int64_t>(span_ms)) + timeout +
          std::chrono::seconds(10));
  const double wall_s =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();

  // End of the day as in `ykt demo` (STD-12). One date for all: the Beijing day the replay ended,
  // so a replay across midnight clears both days (a file may carry earlier days' records only).
  const std::string day = ykt::format_beijing_date(ykt::wall_now());
  const ykt::app::DayClose closed =
      ykt::app::close_day(*topo, driver->readers(), day, "harness.replay");
  const std::uint64_t uploaded = closed.uploaded;
  const Json::Value& clearing = closed.clearing;
  const Json::Value& totals = closed.totals;
  const Json::Value& settlement = closed.settlement;

  // Final balances, read from the cards themselves.
  std::set<std::string> card_set;
  for (const auto& t : trace.taps)
    for (const auto& c : t.body["cards"]) card_set.insert(c.asString());
  auto probe = std::make_shared<ykt::app::BalanceProbe>(
      std::vector<std::string>(card_set.begin(), card_set.end()), std::chrono::seconds(15));
  node.value()->add_actor("harness.replay.balances", probe);  // a harness.* kid the network accepts
  pump(
      *node.value(), [&] { return probe->finished(); },
      std::chrono::steady_clock::now() + std::chrono::seconds(20));
  guard.down();

  // The report.
  Json::Value r;
  r["trace"] = a.trace;
  r["taps"] = Json::UInt64(trace.taps.size());
  r["speed"] = a.speed;
  r["timeout_ms"] = a.timeout_ms;
  r["clearing_date"] = day;
  r["wall_s"] = wall_s;
  r["replay_span_s"] = span_ms / 1000;
  r["max_send_lag_ms"] = static_cast<double>(driver->max_send_lag().count()) / 1e6;
  std::uint64_t answered = 0, ok = 0, timed_out = 0;
  Json::Value by_service(Json::objectValue), by_pair(Json::objectValue),
      by_status(Json::objectValue);
  Json::Value per_tap(Json::arrayValue);
  for (std::size_t i = 0; i < trace.taps.size(); ++i) {
    const auto& t = trace.taps[i];
    const auto& o = driver->outcomes()[i];
    const std::string st = o.status.empty() ? "timeout" : o.status;
    (st == "timeout" ? timed_out : answered) += 1;
    ok += st == "OK";
    const std::string svc = t.labels.get("service", "unknown").asString();
    const std::string pair = t.labels.get("pair", "unknown").asString();
    by_service[svc][st] = Json::UInt64(by_service[svc].get(st, 0).asUInt64() + 1);
    by_pair[pair][st] = Json::UInt64(by_pair[pair].get(st, 0).asUInt64() + 1);
    by_status[st] = Json::UInt64(by_status.get(st, 0).asUInt64() + 1);
    Json::Value p;
    p["i"] = Json::UInt64(i);
    p["status"] = st;
    p["service"] = svc;
    if (st != "timeout") p["latency_ms"] = std::round(o.latency_ns / 1e3) / 1e3;
    if (o.answer["txn_id"].isString()) p["txn_id"] = o.answer["txn_id"];
    if (o.answer["balance"].isIntegral()) p["balance"] = o.answer["balance"];
    per_tap.append(p);
  }
  r["answered"] = Json::UInt64(answered);
  r["ok"] = Json::UInt64(ok);
  r["timed_out"] = Json::UInt64(timed_out);
  r["throughput_per_s"] = wall_s > 0 ? std::round(answered / wall_s * 10) / 10 : 0.0;
  r["offered_rate_per_s"] =
      span_ms > 0 ? std::round(trace.taps.size() / (span_ms / 1000) * 10) / 10 : 0.0;
  r["latency"] = driver->latency().summary_ms();
  for (const auto& [svc, h] : driver->latency_by_service())
    r["latency_by_service"][svc] = h.summary_ms();
  r["statuses"]["by_status"] = by_status;
  r["statuses"]["by_service"] = by_service;
  r["statuses"]["by_pair"] = by_pair;
  r["per_tap"] = per_tap;
  r["offline_records_uploaded"] = Json::UInt64(uploaded);
  r["clearing"]["runs"] = clearing;
  r["clearing"]["totals"] = totals;
  r["settlement"] = settlement;
  Json::Value cards(Json::objectValue), unread(Json::objectValue);
  for (const auto& [card, b] : probe->results()) {
    if (b.balance) {
      cards[card] = Json::Int64(*b.balance);
    } else {
      cards[card] = Json::Value();
      unread[card] = b.status;
    }
  }
  r["card_balances"] = cards;
  r["card_balances_unread"] = unread;
  if (auto st = ykt::json::save_file((out / "replay.json").string(), r); !st)
    throw CommandExit{kExitUsage, "replay: " + st.error().message};

  std::cout << "ykt replay: " << trace.taps.size() << " taps in " << std::setprecision(4) << wall_s
            << " s (speed " << a.speed << "): answered " << answered << ", OK " << ok
            << ", timed out " << timed_out << ", throughput " << r["throughput_per_s"].asDouble()
            << " taps/s\nlatency from intended send: p50 " << r["latency"]["p50_ms"].asDouble()
            << " ms, p99 " << r["latency"]["p99_ms"].asDouble() << " ms, max "
            << r["latency"]["max_ms"].asDouble()
            << " ms\nclearing: " << totals["records"].asUInt64() << " records, "
            << totals["accepted"].asUInt64() << " accepted; positions:";
  for (const auto& p : settlement["positions"].getMemberNames())
    std::cout << " " << p << " " << settlement["positions"][p].asInt64();
  std::cout << "\nreport: " << (out / "replay.json").string() << "\n";
  if (answered == 0) throw CommandExit{kExitFailed, "replay: no tap was answered"};
}

const ykt::app::RegisterCommand reg([](CLI::App& root) {
  auto a = std::make_shared<ReplayArgs>();
  auto* cmd = root.add_subcommand(
      "replay", "Replay a tap trace on the reference network (loopback), clear, settle, report");
  cmd->add_option("trace", a->trace, "Tap trace (scenarios/traces/README.md)");
  cmd->add_option("--speed", a->speed, "Replay speed: offsets are divided by this")
      ->capture_default_str();
  cmd->add_option("--out", a->out, "Output directory (replay.json, logs)")->capture_default_str();
  cmd->add_option("--topology", a->topology, "Topology file (default: the built-in demo network)");
  cmd->add_option("--timeout-scale", a->timeout_scale,
                  "Multiply the network's STD-10.3 time-outs (1 = the standard's budgets)")
      ->capture_default_str()
      ->check(CLI::Range(1, 100));
  cmd->add_option("--timeout-ms", a->timeout_ms,
                  "A tap unanswered this long after its intended time times out")
      ->capture_default_str();
  cmd->add_option("--convert-sim", a->convert_sim,
                  "Convert a `ykt simulate --trace` file into a tap trace and exit");
  cmd->add_option("--sim-out", a->sim_out,
                  "The simulation's --out directory (default: the trace's folder)");
  cmd->add_option("--write-trace", a->write_trace, "Where --convert-sim writes the tap trace");
  cmd->callback([a] { run_replay(*a); });
});

}  // namespace
