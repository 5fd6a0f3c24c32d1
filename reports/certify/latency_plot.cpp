#include "latency_plot.hpp"

#include <cstdlib>
#include <fstream>
#include <map>

namespace ykt::reports {

Status plot_latency(const certify::RunResult& run, const std::string& work_dir,
                    const std::string& png_path) {
  std::map<std::string, std::vector<std::pair<int, double>>> by_type;
  int seq = 0;
  for (const auto& c : run.cases)
    for (const auto& l : c.latencies) by_type[l.type].push_back({++seq, l.ms});
  if (seq == 0) return Error{"plot", "no latency samples"};
  const std::string data = work_dir + "/latency.dat";
  const std::string script = work_dir + "/latency.gp";
  {
    std::ofstream d(data);
    for (const auto& [type, pts] : by_type) {
      d << "# " << type << "\n";
      for (const auto& [i, ms] : pts) d << i << " " << ms << "\n";
      d << "\n\n";
    }
  }
  {
    std::ofstream g(script);
    g << "set terminal pngcairo size 1000,420 font 'sans,10'\n"
      << "set output '" << png_path
      << "'\n"
      // ASCII only: gnuplot's cairo text falls back badly without a CJK font; the report's
      // caption around the image carries the Chinese label.
      << "set title 'Round-trip latency per request'\n"
      << "set xlabel 'request number in the run'\n"
      << "set ylabel 'ms'\nset logscale y\nset grid\nset key outside right\n"
      << "plot ";
    int idx = 0;
    for (const auto& [type, pts] : by_type) {
      g << (idx ? ", " : "") << "'" << data << "' index " << idx
        << " using 1:2 with points pt 7 ps 0.6 title '" << type << "'";
      ++idx;
    }
    g << "\n";
  }
  const std::string cmd = "gnuplot '" + script + "' >/dev/null 2>&1";
  if (std::system(cmd.c_str()) != 0) return Error{"plot", "gnuplot failed or is not installed"};
  std::ifstream check(png_path);
  if (!check) return Error{"plot", "gnuplot wrote no PNG"};
  return ok_status();
}

}  // namespace ykt::reports
