/// `ykt simulate <scenario.json> [--seed N] [--out DIR] [--set key=value ...]`: runs the region's
/// model actors on SystemC simulated time and writes tables, plots and an HTML summary. A scenario
/// with a `sweep` block runs each point in its own process (SystemC cannot restart its kernel).
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <sstream>
#include <systemc>
#include <thread>

#include "allocator_config.hpp"
#include "child_process.hpp"
#include "command.hpp"
#include "crypto.hpp"
#include "json_util.hpp"
#include "region/region.hpp"
#include "region/sim_results.hpp"
#include "scenario/json_override.hpp"
#include "scenario/scenario.hpp"
#include "sim_report.hpp"

/// Debian's SystemC library references sc_main; ykt has its own main, so this is never called.
int sc_main(int, char**) {
  return ykt::app::kExitUsage;
}

namespace {
using ykt::app::CommandExit;
using ykt::app::kExitFailed;
using ykt::app::kExitOk;
using ykt::app::kExitUsage;
namespace fs = std::filesystem;

struct SimArgs {
  std::string scenario;
  std::int64_t seed = -1;
  std::string out;
  std::vector<std::string> sets;
  bool no_sweep = false;
  bool quiet = false;
  bool check = false;
  std::string trace;
  double progress_s = 1.0;
  unsigned jobs = 0;  // sweep points at a time; 0: per cores and available memory
};

std::string schema_path() {
  if (const char* e = std::getenv("YKT_SCENARIO_SCHEMA"); e && *e) return e;
  return std::string(YKT_SOURCE_DIR) + "/scenarios/scenario.schema.json";
}

double wall_s() {
  using namespace std::chrono;
  return duration<double>(steady_clock::now().time_since_epoch()).count();
}

/// One progress line on stderr: simulated time reached, wall time, events per second, ETA.
void print_progress(const ykt::sysc::Progress& p, bool tty) {
  const double rate = p.wall_s > 0 ? static_cast<double>(p.events) / p.wall_s : 0;
  const double eta = p.fraction > 0 ? p.wall_s * (1 - p.fraction) / p.fraction : 0;
  char buf[200];
  std::snprintf(buf, sizeof buf, "simulate: %s  %5.1f%%  wall %.1f s  %.2f M events/s  ETA %.1f s",
                ykt::format_beijing(p.now).substr(0, 19).c_str(), p.fraction * 100, p.wall_s,
                rate / 1e6, eta);
  std::cerr << (tty ? "\r" : "") << buf << (tty ? "" : "\n") << std::flush;
}

int run_single(const SimArgs& a, const ykt::scenario::Scenario& sc, std::uint64_t seed) {
  const double w0 = wall_s();
  const bool tty = isatty(STDERR_FILENO) != 0;
  ykt::sysc::SystemCRuntime rt(sc.start_time(), seed);
  std::unique_ptr<ykt::region::Region> region;
  try {
    region = std::make_unique<ykt::region::Region>(sc, seed, rt);
  } catch (const std::exception& e) {
    throw CommandExit{kExitUsage, sc.file + ": " + e.what()};
  }
  if (!a.trace.empty()) {
    auto st = region->trace_to(a.trace);
    if (!st.ok()) throw CommandExit{kExitUsage, st.error().message};
  }
  std::function<void(const ykt::sysc::Progress&)> progress;
  if (!a.quiet) progress = [tty](const ykt::sysc::Progress& p) { print_progress(p, tty); };
  region->run(progress, a.progress_s);
  if (!a.quiet && tty) std::cerr << "\n";
  const double sim_wall = wall_s() - w0;
  ykt::reports::SimReport report = ykt::region::build_report(*region, sc, seed);
  auto st = ykt::reports::write_sim_report(report, a.out);
  if (!st.ok()) throw CommandExit{kExitUsage, st.error().message};
  st = ykt::json::save_file(a.out + "/scenario.json", sc.doc);
  if (!st.ok()) throw CommandExit{kExitUsage, st.error().message};
  Json::Value run;
  run["wall_s_simulation"] = sim_wall;
  run["wall_s_total"] = wall_s() - w0;
  run["events"] = Json::UInt64(rt.events());
  run["events_per_s"] = sim_wall > 0 ? static_cast<double>(rt.events()) / sim_wall : 0;
  // Cost of the run rather than an outcome: parking (re-deriving a rebuilt card's keys) changes it.
  const ykt::crypto::Usage cu = ykt::crypto::usage();
  Json::Value& crypto = run["crypto"];
  crypto["cipher_calls"] = Json::UInt64(cu.cipher_calls);
  crypto["cipher_blocks"] = Json::UInt64(cu.cipher_blocks);
  crypto["digests"] = Json::UInt64(cu.digests);
  crypto["digest_blocks"] = Json::UInt64(cu.digest_blocks);
  crypto["hmacs"] = Json::UInt64(cu.hmacs);
  run["started_at"] = ykt::format_beijing(ykt::wall_now());
  run["command"] = "ykt simulate " + a.scenario;
  for (const auto& s : a.sets) run["sets"].append(s);
  st = ykt::json::save_file(a.out + "/run.json", run);
  if (!st.ok()) throw CommandExit{kExitUsage, st.error().message};
  if (!a.quiet) {
    for (const auto& f : report.findings) std::cout << f << "\n";
    std::cout << "report: " << a.out << "/index.html (" << rt.events() << " events in "
              << std::round(sim_wall * 100) / 100 << " s)\n";
  }
  if (!ykt::region::conservation_holds(report)) return kExitFailed;
  // Every output file is written and closed. Tearing down the actors, messages and histograms one
  // by one takes seconds at 1:1000 and minutes at full scale; the OS reclaims the memory at once.
  if (!a.trace.empty()) region.reset();  // closes (flushes) the trace file
  std::cout.flush();
  std::cerr.flush();
  std::_Exit(kExitOk);
}

/// Rough memory of one simulated day at 1:`scale` (measured: ≈ 0.1 GB at 1:1000, 0.28 GB at
/// 1:100, 8.6 GB for the 1:1 peak hour, ≈ 11 GB projected for the 1:1 day), in GB.
double point_memory_gb(double scale) {
  return 0.1 + 11.0 / std::max(scale, 1.0);
}

/// Sweep points to run at once: one per core, fewer when the memory available now cannot hold
/// that many points of `point_gb` each (a full-scale sweep must not be killed for memory).
unsigned auto_jobs(double point_gb) {
  unsigned jobs = std::max(1U, std::thread::hardware_concurrency());
  std::ifstream meminfo("/proc/meminfo");
  std::string key;
  double kb = 0;
  while (meminfo >> key >> kb) {
    if (key == "MemAvailable:") {
      const double fit = kb / 1024.0 / 1024.0 / std::max(point_gb, 0.01);
      jobs = std::min(jobs, static_cast<unsigned>(std::max(1.0, std::floor(fit))));
      break;
    }
    meminfo.ignore(256, '\n');
  }
  return jobs;
}

/// Sweep points to run at once (--jobs, else auto_jobs) and the memory estimate of the largest.
std::pair<unsigned, double> sweep_jobs(const SimArgs& a, const ykt::scenario::Scenario& sc) {
  double biggest_gb = 0;
  for (const auto& v : sc.sweep_values) {
    const bool scaled = sc.sweep_parameter == "population.scale" && v.isNumeric();
    biggest_gb =
        std::max(biggest_gb, point_memory_gb((scaled ? v.asDouble() : sc.scale) * sc.sample));
  }
  return {a.jobs > 0 ? a.jobs : auto_jobs(biggest_gb), biggest_gb};
}

/// The transactions a loaded scenario expects over its span, after the checks that need the city
/// table (city codes, a demand too large to run); a failed check exits 2 naming the file.
double expected_taps(const SimArgs& a, const ykt::scenario::Scenario& sc) {
  try {
    const std::uint64_t seed = a.seed >= 0 ? static_cast<std::uint64_t>(a.seed) : sc.seed;
    return ykt::region::checked_expected_taps(sc, *ykt::region::region_population(sc, seed));
  } catch (const std::exception& e) {
    throw CommandExit{kExitUsage, a.scenario + ": " + e.what()};
  }
}

/// Checks every sweep point as its process will (overrides, then the point's value) so that a bad
/// value is refused before any point runs, not hours into a sweep.
void check_sweep_points(const SimArgs& a, const ykt::scenario::Scenario& sc) {
  for (Json::ArrayIndex i = 0; i < sc.sweep_values.size(); ++i) {
    std::vector<std::string> sets = a.sets;
    const std::string value = ykt::json::compact(sc.sweep_values[i]);
    sets.push_back(sc.sweep_parameter + "=" + value);
    const std::string label = "sweep point " + std::to_string(i + 1) + "/" +
                              std::to_string(sc.sweep_values.size()) + " (" + sc.sweep_parameter +
                              " = " + value + "): ";
    auto point = ykt::scenario::load_scenario(a.scenario, sets, schema_path());
    if (!point.ok()) throw CommandExit{kExitUsage, label + point.error().message};
    try {
      (void)expected_taps(a, *point);
    } catch (const CommandExit& e) {
      throw CommandExit{kExitUsage, label + e.message};
    }
  }
}

/// Runs the sweep's points, up to `jobs` at a time (each its own process and kernel); returns
/// each point's exit code, in point order. After a point fails to run, no new point starts and
/// the running ones are waited for.
std::vector<int> run_points(const std::vector<std::vector<std::string>>& points, unsigned jobs,
                            const std::vector<std::string>& labels, bool quiet) {
  std::vector<int> codes(points.size(), -1);
  std::map<pid_t, std::size_t> running;
  std::vector<double> started(points.size(), 0);
  std::size_t next = 0;
  bool failed = false;
  while (!running.empty() || (!failed && next < points.size())) {
    while (!failed && next < points.size() && running.size() < jobs) {
      if (!quiet)
        std::cerr << "sweep point " << next + 1 << "/" << points.size() << ": " << labels[next]
                  << "\n";
      started[next] = wall_s();
      const pid_t pid = ykt::app::start_self(points[next]);
      if (pid < 0) {
        failed = true;
        break;
      }
      running.emplace(pid, next++);
    }
    if (running.empty()) break;
    int status = 0;
    const pid_t pid = waitpid(-1, &status, 0);
    if (pid < 0) {
      if (errno == EINTR) continue;
      break;  // no child left to wait for
    }
    auto it = running.find(pid);
    if (it == running.end()) continue;
    const std::size_t i = it->second;
    running.erase(it);
    codes[i] = ykt::app::exit_code_of(status);
    if (codes[i] != kExitOk && codes[i] != kExitFailed) failed = true;
    if (!quiet)
      std::cerr << "sweep point " << i + 1 << "/" << points.size() << " done in "
                << static_cast<int>(wall_s() - started[i] + 0.5) << " s (exit " << codes[i]
                << ")\n";
  }
  return codes;
}

int run_sweep(const SimArgs& a, const ykt::scenario::Scenario& sc, std::uint64_t seed) {
  ykt::reports::Table sweep{
      "sweep", "Sweep of " + sc.sweep_parameter + " (one process per point)", {}, {}};
  sweep.columns = {sc.sweep_parameter,
                   "generated",
                   "completed",
                   "rejected",
                   "timed_out",
                   "latency_p50_ms",
                   "latency_p99_ms",
                   "over_budget_share",
                   "bottleneck",
                   "bottleneck_utilisation",
                   "exchange_utilisation",
                   "exchange_mean_wait_ms"};
  std::vector<std::vector<std::string>> points;
  std::vector<std::string> labels;
  for (Json::ArrayIndex i = 0; i < sc.sweep_values.size(); ++i) {
    const Json::Value& v = sc.sweep_values[i];
    const std::string dir = a.out + "/points/" + std::to_string(i);
    std::vector<std::string> argv = {"simulate", a.scenario, "--seed",     std::to_string(seed),
                                     "--out",    dir,        "--no-sweep", "--quiet"};
    for (const auto& s : a.sets) argv.insert(argv.end(), {"--set", s});
    argv.insert(argv.end(), {"--set", sc.sweep_parameter + "=" + ykt::json::compact(v)});
    points.push_back(std::move(argv));
    labels.push_back(sc.sweep_parameter + " = " + ykt::json::compact(v));
  }
  const auto [jobs, point_gb] = sweep_jobs(a, sc);
  if (!a.quiet && a.jobs == 0)
    std::cerr << "sweep: " << jobs << " point(s) at a time (cores and available memory; ≈ "
              << static_cast<int>(point_gb * 10 + 0.5) / 10.0
              << " GB per point; --jobs overrides)\n";
  const std::vector<int> codes = run_points(points, jobs, labels, a.quiet);
  int worst = kExitOk;
  for (std::size_t i = 0; i < codes.size(); ++i) {
    const int code = codes[i];
    if (code != kExitOk && code != kExitFailed)
      throw CommandExit{
          kExitUsage,
          "sweep point " + std::to_string(i + 1) + "/" + std::to_string(codes.size()) + " (" +
              labels[i] +
              (code == -1 ? ") was not run (a point failed first, or it could not start)"
                          : ") failed (exit " + std::to_string(code) + ")")};
    worst = std::max(worst, code);
    const Json::Value& v = sc.sweep_values[static_cast<Json::ArrayIndex>(i)];
    const std::string dir = a.out + "/points/" + std::to_string(i);
    auto summary = ykt::json::load_file(dir + "/summary.json");
    auto stations = ykt::json::load_file(dir + "/tables/stations.json");
    if (!summary.ok() || !stations.ok())
      throw CommandExit{kExitUsage, "sweep point " + std::to_string(i + 1) + ": no report"};
    const Json::Value& s = summary.value();
    Json::Value xu, xw;
    for (const auto& row : stations.value()["rows"])
      if (row["station"].asString() == "exchange") {
        xu = row["utilisation"];
        xw = row["mean_wait_ms"];
      }
    sweep.rows.push_back({v, s["generated"], s["completed"], s["rejected"], s["timed_out"],
                          s["latency_p50_ms"], s["latency_p99_ms"], s["over_budget_share"],
                          s["bottleneck"], s["bottleneck_utilisation"], xu, xw});
  }
  ykt::reports::SimReport r;
  r.title = "ykt simulate sweep: " + sc.name;
  r.description = sc.description;
  r.summary["scenario"] = sc.name;
  r.summary["seed"] = Json::UInt64(seed);
  r.summary["parameter"] = sc.sweep_parameter;
  r.summary["points"] = Json::UInt64(sc.sweep_values.size());
  for (Json::ArrayIndex i = 0; i < sc.sweep_values.size(); ++i)
    r.findings.push_back(sc.sweep_parameter + " = " + ykt::json::compact(sc.sweep_values[i]) +
                         ": p99 " + ykt::json::compact(sweep.rows[i][6]) + " ms, timed out " +
                         ykt::json::compact(sweep.rows[i][4]) + ", exchange utilisation " +
                         ykt::json::compact(sweep.rows[i][10]) + " (report: points/" +
                         std::to_string(i) + "/index.html)");
  r.tables = {sweep};
  const bool numeric = std::all_of(sc.sweep_values.begin(), sc.sweep_values.end(),
                                   [](const Json::Value& x) { return x.isNumeric(); });
  r.plots = {{"sweep_latency",
              "Latency against " + sc.sweep_parameter,
              "sweep",
              sc.sweep_parameter,
              {"latency_p50_ms", "latency_p99_ms"},
              sc.sweep_parameter,
              "ms",
              !numeric},
             {"sweep_utilisation",
              "Exchange utilisation against " + sc.sweep_parameter,
              "sweep",
              sc.sweep_parameter,
              {"exchange_utilisation", "bottleneck_utilisation"},
              sc.sweep_parameter,
              "utilisation",
              !numeric}};
  auto st = ykt::reports::write_sim_report(r, a.out);
  if (!st.ok()) throw CommandExit{kExitUsage, st.error().message};
  st = ykt::json::save_file(a.out + "/scenario.json", sc.doc);
  if (!st.ok()) throw CommandExit{kExitUsage, st.error().message};
  if (!a.quiet) {
    for (const auto& f : r.findings) std::cout << f << "\n";
    std::cout << "report: " << a.out << "/index.html\n";
  }
  return worst;
}

const ykt::app::RegisterCommand reg([](CLI::App& root) {
  auto args = std::make_shared<SimArgs>();
  auto* cmd = root.add_subcommand("simulate", "Simulate a scenario on SystemC simulated time");
  cmd->add_option("scenario", args->scenario, "Scenario file (scenarios/*.json)")->required();
  cmd->add_option("--seed", args->seed, "Random seed (default: the scenario's)");
  cmd->add_option("--out", args->out, "Output directory (default: sim-out/<scenario name>)");
  cmd->add_option("--set", args->sets, "Override a scenario value: dotted.key=value (repeatable)");
  cmd->add_flag("--no-sweep", args->no_sweep, "Run the base point of a sweep scenario only");
  cmd->add_option("--jobs", args->jobs,
                  "Sweep points run at a time, each its own process with its own memory "
                  "(default 0: one per core, fewer when the available memory cannot hold them)")
      ->check(CLI::Range(0U, 256U));
  cmd->add_option("--trace", args->trace, "Write every delivered message as a JSON line (masked)");
  cmd->add_flag("--check", args->check, "Only validate the scenario (with overrides) and exit");
  cmd->add_flag("--quiet", args->quiet, "No progress line and no findings on the terminal");
  cmd->add_option("--progress-s", args->progress_s,
                  "Wall seconds between progress lines (default 1); the percentage is the share "
                  "of the span's expected taps (daily profile) simulated so far")
      ->check(CLI::Range(0.001, 3600.0));
  cmd->callback([args] {
    ykt::app::allow_huge_pages(true);
    auto sc = ykt::scenario::load_scenario(args->scenario, args->sets, schema_path());
    if (!sc.ok()) throw CommandExit{kExitUsage, sc.error().message};
    if (!sc->sweep_parameter.empty() && !args->no_sweep) check_sweep_points(*args, *sc);
    if (args->check) {
      const double taps = expected_taps(*args, *sc);
      double shown = taps;
      const char* unit = "";
      if (taps >= 1e6) {
        shown = taps / 1e6;
        unit = " M";
      } else if (taps >= 1e3) {
        shown = taps / 1e3;
        unit = " k";
      }
      char expects[200];
      std::snprintf(expects, sizeof expects, ", expects %.4g%s transactions in %g h at 1:%g", shown,
                    unit, sc->duration_h, sc->detail_scale());
      if (sc->sample > 1) {
        const std::string detail(expects);
        std::snprintf(expects, sizeof expects,
                      "%s in detail (1 in %u of 1:%g; backends and exchange carry the load of "
                      "1:%g)",
                      detail.c_str(), sc->sample, sc->scale, sc->scale);
      }
      std::cout << args->scenario << ": valid scenario '" << sc->name << "'" << expects;
      if (!sc->sweep_parameter.empty()) {
        const auto [jobs, gb] = sweep_jobs(*args, *sc);
        std::cout << " (sweep of " << sc->sweep_parameter << ": " << sc->sweep_values.size()
                  << " points, " << jobs << " at a time, ~"
                  << static_cast<int>(gb * 10 + 0.5) / 10.0 << " GB each)";
      }
      std::cout << "\n";
      return;
    }
    const std::uint64_t seed = args->seed >= 0 ? static_cast<std::uint64_t>(args->seed) : sc->seed;
    if (args->out.empty()) args->out = "sim-out/" + sc->name;
    std::error_code ec;
    fs::create_directories(args->out, ec);
    if (ec) throw CommandExit{kExitUsage, "cannot create " + args->out + ": " + ec.message()};
    const int code = !sc->sweep_parameter.empty() && !args->no_sweep ? run_sweep(*args, *sc, seed)
                                                                     : run_single(*args, *sc, seed);
    if (code != kExitOk)
      throw CommandExit{code,
                        code == kExitFailed ? "conservation check failed (see summary.json)" : ""};
  });
});
}  // namespace
