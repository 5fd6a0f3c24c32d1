/// bench_systemc: in one run, (a) an M/M/1 queue written directly with SystemC methods and timed
/// events, (b) the same queue as ykt actors on SystemCRuntime, (c) the same queue in SimPy 2.3
/// (Debian's /usr/bin/python3); medians of several repetitions and the ratios (goals: b/a >= 50 %,
/// b/c >= 25x). Every measurement is its own process: SystemC cannot restart its kernel.
/// Usage: bench_systemc [--customers N] [--simpy-customers N] [--reps R] [--rho r]
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

}  // namespace

int main(int argc, char** argv) {
  std::vector<std::string> args(argv + 1, argv + argc);
  if (args.size() == 5 && args[0] == "--one")
    return one(args[1], std::stoull(args[2]), std::stod(args[3]), std::stoull(args[4]));
  std::uint64_t n = 4'000'000, simpy_n = 200'000;
  int reps = 5;
  double rho = 0.9;
  for (std::size_t i = 0; i + 1 < args.size(); i += 2) {
    if (args[i] == "--customers")
      n = std::stoull(args[i + 1]);
    else if (args[i] == "--simpy-customers")
      simpy_n = std::stoull(args[i + 1]);
    else if (args[i] == "--reps")
      reps = std::stoi(args[i + 1]);
    else if (args[i] == "--rho")
      rho = std::stod(args[i + 1]);
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
  return 0;
}
