#include "gnuplot_plot.hpp"

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <sstream>

namespace ykt::reports {
namespace {

int column_of(const Table& t, const std::string& c) {
  const auto it = std::find(t.columns.begin(), t.columns.end(), c);
  return it == t.columns.end() ? -1 : static_cast<int>(it - t.columns.begin()) + 1;
}

std::string quoted(const std::string& s) {
  std::string q = "\"";
  for (char c : s) {
    if (c == '"' || c == '\\') q += '\\';
    q += c;
  }
  return q + "\"";
}

}  // namespace

Status draw_plot(const PlotSpec& spec, const Table& table, const std::string& dir) {
  const int xc = column_of(table, spec.x);
  if (xc < 0) return Error{"report", "plot " + spec.name + ": no column " + spec.x};
  std::ostringstream plot;
  const std::string data = quoted("tables/" + spec.table + ".csv");  // gnuplot runs in `dir`
  for (std::size_t i = 0; i < spec.ys.size(); ++i) {
    const int yc = column_of(table, spec.ys[i]);
    if (yc < 0) return Error{"report", "plot " + spec.name + ": no column " + spec.ys[i]};
    plot << (i ? ", \\\n     " : "plot ") << (i ? "''" : data);
    if (spec.bars)
      plot << " using " << yc << ":xtic(" << xc << ") with histogram title " << quoted(spec.ys[i]);
    else
      plot << " using " << xc << ":" << yc << " with linespoints pt 7 ps 0.5 lw 2 title "
           << quoted(spec.ys[i]);
  }
  if (table.rows.empty()) plot.str("plot 0 notitle");
  std::ostringstream gp;
  gp << "# ykt simulate plot: " << spec.title << "\n"
     << "set datafile separator ','\n"
     << "set key top left\nset grid\n"
     << "set title " << quoted(spec.title) << "\n"
     << "set xlabel " << quoted(spec.xlabel) << "\nset ylabel " << quoted(spec.ylabel) << "\n";
  if (spec.bars)
    gp << "set style data histogram\nset style histogram clustered gap 1\n"
       << "set style fill solid 0.8 border -1\nset xtics rotate by -35\nset yrange [0:*]\n";
  gp << "set terminal svg size 900,420 noenhanced font 'Sans,11' background rgb 'white'\n"
     << "set output " << quoted("plots/" + spec.name + ".svg") << "\n"
     << "set key autotitle columnhead\n"
     << plot.str() << "\n"
     << "set terminal pngcairo size 900,420 noenhanced font 'Sans,10' background rgb 'white'\n"
     << "set output " << quoted("plots/" + spec.name + ".png") << "\nreplot\nset output\n";
  const std::string script = dir + "/plots/" + spec.name + ".gp";
  {
    std::ofstream f(script);
    if (!f) return Error{"io", "cannot write " + script};
    f << gp.str();
  }
  const std::string cmd = "cd " + quoted(dir) + " && gnuplot " +
                          quoted("plots/" + spec.name + ".gp") + " 2>" +
                          quoted("plots/" + spec.name + ".gp.log");
  if (std::system(cmd.c_str()) != 0)
    return Error{"report", "gnuplot failed for plot " + spec.name + " (see " + script + ".log)"};
  std::remove((script + ".log").c_str());
  return ok_status();
}

}  // namespace ykt::reports
