/// bench_systemc: in one run, (a) an M/M/1 queue written directly with SystemC methods and timed
/// events, (b) the same queue as ykt actors on SystemCRuntime, (c) the same queue in SimPy 2.3
/// (Debian's /usr/bin/python3); medians of several repetitions and the ratios (goals: b/a >= 50 %,
/// b/c >= 25x). Every measurement is its own process: SystemC cannot restart its kernel.
/// Then the floor per tap (tap_floor.hpp): a `ykt simulate` run's events and SM4/SM3 work priced at
/// the bare event cost of (a) and bare primitive costs, beside what a tap actually costs.
/// Usage: bench_systemc [--customers N] [--simpy-customers N] [--reps R] [--rho r]
///                      [--floor-scenario FILE] [--floor-reps R (0: no floor)]
///        bench_systemc --one bare|ykt N rho seed   (one measurement, prints JSON)
#include <json/json.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <string>
#include <systemc>
#include <vector>

#include "bare_mm1.hpp"
#include "json_util.hpp"
#include "queue_network.hpp"
#include "tap_floor.hpp"

/// Debian's SystemC library references sc_main; this program has its own main.
int sc_main(int, char**) {
  return 2;
}

namespace {

std::string run_capture(const std::string& cmd) {
  std::string out;
  FILE* p = popen(cmd.c_str(), "r");
  if (!p) return out;
  char buf[4096];
  std::size_t n = 0;
  while ((n = fread(buf, 1, sizeof buf, p)) > 0) out.append(buf, n);
  pclose(p);
  return out;
}

Json::Value last_json_line(const std::string& text) {
  std::string t = text;
  while (!t.empty() && t.back() == '\n') t.pop_back();
  const auto nl = t.rfind('\n');
  auto v = ykt::json::parse(nl == std::string::npos ? t : t.substr(nl + 1));
  return v.ok() ? v.value() : Json::Value();
}

double median(std::vector<double> v) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  return v.size() % 2 ? v[v.size() / 2] : (v[v.size() / 2 - 1] + v[v.size() / 2]) / 2;
}

int one(const std::string& mode, std::uint64_t n, double rho, std::uint64_t seed) {
  Json::Value out;
  if (mode == "bare") {
    const auto r = ykt::bench::run_bare_mm1(n, rho, seed);
    out["customers"] = Json::UInt64(r.customers);
    out["events"] = Json::UInt64(r.events);
    out["wall_s"] = r.wall_s;
    out["mean_wait"] = r.mean_wait_s;
  } else {
    ykt::sysc::QueueNetworkParams p;
    p.rho = rho;
    p.customers = n;
    p.seed = seed;
    p.warmup_fraction = 0;
    p.batches = 1;
    const auto r = ykt::sysc::run_queue_network(p);
    out["customers"] = Json::UInt64(r.served);
    out["events"] = Json::UInt64(r.events);
    out["wall_s"] = r.wall_s;
    out["mean_wait"] = r.mean_wait_s;
  }
  std::cout << ykt::json::compact(out) << "\n";
  return 0;
}

/// Runs `ykt simulate` on `scenario` `reps` times and prints the floor per tap (median run).
int print_floor(const std::string& scenario, int reps, double bare_event_s) {
  const ykt::bench::CryptoCosts costs = ykt::bench::measure_crypto_costs();
  const std::string out =
      (std::filesystem::temp_directory_path() / ("bench-floor-" + std::to_string(::getpid())))
          .string();
  std::vector<ykt::bench::TapFloor> runs;
  for (int r = 0; r < reps; ++r) {
    std::filesystem::remove_all(out);
    run_capture(std::string(YKT_BIN) + " simulate '" + scenario + "' --quiet --out " + out +
                " 2>&1");
    auto summary = ykt::json::load_file(out + "/summary.json");
    auto run = ykt::json::load_file(out + "/run.json");
    if (!summary.ok() || !run.ok()) {
      std::cerr << "bench_systemc: ykt simulate " << scenario << " wrote no summary\n";
      return 2;
    }
    runs.push_back(ykt::bench::tap_floor(summary.value(), run.value(), costs, bare_event_s));
  }
  std::filesystem::remove_all(out);
  std::sort(runs.begin(), runs.end(),
            [](const auto& a, const auto& b) { return a.actual_s_per_tap < b.actual_s_per_tap; });
  const ykt::bench::TapFloor& f = runs[runs.size() / 2];
  std::printf("Floor per tap: %s (1:%.0f, %.0f taps), median of %d runs\n", scenario.c_str(),
              f.scale, f.taps, reps);
  std::printf(
      "  bare costs: SM4 call %.0f ns + %.0f ns/block, SM3 %.0f ns + %.0f ns/64 B, "
      "HMAC-SM3 %.0f ns, SystemC event %.0f ns\n",
      costs.cipher_call_s * 1e9, costs.cipher_block_s * 1e9, costs.digest_s * 1e9,
      costs.digest_block_s * 1e9, costs.hmac_s * 1e9, bare_event_s * 1e9);
  std::printf("  per tap: %.1f events -> %.2f us; SM4/SM3 work -> %.2f us; floor %.2f us\n",
              f.events_per_tap, f.event_floor_s * 1e6, f.crypto_floor_s * 1e6, f.floor_s() * 1e6);
  std::printf("  per tap in ykt simulate: %.2f us (%.1fx the floor)\n", f.actual_s_per_tap * 1e6,
              f.floor_s() > 0 ? f.actual_s_per_tap / f.floor_s() : 0);
  std::printf(
      "  at full scale (%.3g taps): floor %.0f s, ykt at this run's cost per tap %.0f s "
      "(goal 600 s)\n",
      f.taps * f.scale, f.full_scale_floor_s(), f.full_scale_actual_s());
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  std::vector<std::string> args(argv + 1, argv + argc);
  if (args.size() == 5 && args[0] == "--one")
    return one(args[1], std::stoull(args[2]), std::stod(args[3]), std::stoull(args[4]));
  std::uint64_t n = 4'000'000, simpy_n = 200'000;
  int reps = 5, floor_reps = 3;
  double rho = 0.9;
  std::string floor_scenario = std::string(BENCH_DIR) + "/../../scenarios/yrd-baseline.json";
  for (std::size_t i = 0; i + 1 < args.size(); i += 2) {
    if (args[i] == "--customers")
      n = std::stoull(args[i + 1]);
    else if (args[i] == "--simpy-customers")
      simpy_n = std::stoull(args[i + 1]);
    else if (args[i] == "--reps")
      reps = std::stoi(args[i + 1]);
    else if (args[i] == "--rho")
      rho = std::stod(args[i + 1]);
    else if (args[i] == "--floor-scenario")
      floor_scenario = args[i + 1];
    else if (args[i] == "--floor-reps")
      floor_reps = std::stoi(args[i + 1]);
  }
  const std::string self = std::filesystem::read_symlink("/proc/self/exe").string();
  std::vector<double> bare_cps, ykt_cps, simpy_cps, bare_eps, ykt_eps;
  for (int r = 0; r < reps; ++r) {
    const std::string seed = std::to_string(r + 1);
    for (const char* mode : {"bare", "ykt"}) {
      const Json::Value j =
          last_json_line(run_capture(self + " --one " + mode + " " + std::to_string(n) + " " +
                                     std::to_string(rho) + " " + seed));
      const double wall = j["wall_s"].asDouble();
      if (wall <= 0) {
        std::cerr << "bench_systemc: measurement " << mode << " failed\n";
        return 2;
      }
      (std::string(mode) == "bare" ? bare_cps : ykt_cps)
          .push_back(j["customers"].asDouble() / wall);
      (std::string(mode) == "bare" ? bare_eps : ykt_eps).push_back(j["events"].asDouble() / wall);
    }
    const Json::Value s = last_json_line(run_capture("/usr/bin/python3 " + std::string(BENCH_DIR) +
                                                     "/mm1_simpy.py " + std::to_string(simpy_n) +
                                                     " " + std::to_string(rho) + " " + seed));
    if (s["wall_s"].asDouble() > 0)
      simpy_cps.push_back(s["customers"].asDouble() / s["wall_s"].asDouble());
  }
  const double b = median(bare_cps), y = median(ykt_cps), p = median(simpy_cps);
  std::printf("M/M/1 at rho=%.2f, medians of %d runs (customers = jobs served per wall second)\n",
              rho, reps);
  std::printf(
      "  (a) bare SystemC (SC_METHOD + timed events): %10.0f customers/s  %10.0f events/s\n", b,
      median(bare_eps));
  std::printf(
      "  (b) ykt actors on SystemCRuntime:            %10.0f customers/s  %10.0f events/s\n", y,
      median(ykt_eps));
  if (p > 0)
    std::printf("  (c) SimPy 2.3 (/usr/bin/python3):            %10.0f customers/s\n", p);
  else
    std::printf("  (c) SimPy 2.3: not available (python3-simpy missing?)\n");
  std::printf("ratio ykt / bare SystemC: %.1f %% (goal >= 50 %%)\n", b > 0 ? 100 * y / b : 0);
  if (p > 0) std::printf("ratio ykt / SimPy: %.1fx (goal >= 25x)\n", y / p);
  if (floor_reps <= 0) return 0;
  const double bare_event_s = median(bare_eps) > 0 ? 1 / median(bare_eps) : 0;
  return print_floor(floor_scenario, floor_reps, bare_event_s);
}
