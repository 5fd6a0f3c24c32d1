#include "sim_report.hpp"

#include <filesystem>
#include <fstream>
#include <sstream>

#include "json_util.hpp"

namespace ykt::reports {
namespace fs = std::filesystem;
namespace {

Status write_text(const std::string& path, const std::string& text) {
  std::ofstream f(path, std::ios::binary);
  if (!f) return Error{"io", "cannot write " + path};
  f << text;
  if (!f) return Error{"io", "write failed: " + path};
  return ok_status();
}

std::string read_text(const std::string& path) {
  std::ifstream f(path, std::ios::binary);
  std::ostringstream o;
  o << f.rdbuf();
  return o.str();
}

std::string cell_text(const Json::Value& v) {
  if (v.isString()) return v.asString();
  if (v.isNull()) return "";
  if (v.type() == Json::realValue) {  // integers (counts, fen) are shown whole
    std::ostringstream o;
    o.precision(4);
    o << v.asDouble();
    return o.str();
  }
  return json::compact(v);
}

}  // namespace

std::string html_escape(const std::string& s) {
  std::string o;
  for (char c : s) {
    switch (c) {
      case '<':
        o += "&lt;";
        break;
      case '>':
        o += "&gt;";
        break;
      case '&':
        o += "&amp;";
        break;
      case '"':
        o += "&quot;";
        break;
      default:
        o += c;
    }
  }
  return o;
}

Status write_sim_report(const SimReport& r, const std::string& dir) {
  std::error_code ec;
  fs::create_directories(dir + "/tables", ec);
  fs::create_directories(dir + "/plots", ec);
  if (ec) return Error{"io", "cannot create " + dir + ": " + ec.message()};
  for (const auto& t : r.tables) {
    auto st = json::save_file(dir + "/tables/" + t.name + ".json", t.to_json());
    if (!st.ok()) return st;
    st = write_text(dir + "/tables/" + t.name + ".csv", t.to_csv());
    if (!st.ok()) return st;
  }
  for (const auto& p : r.plots) {
    const Table* t = nullptr;
    for (const auto& cand : r.tables)
      if (cand.name == p.table) t = &cand;
    if (!t) return Error{"report", "plot " + p.name + ": no table " + p.table};
    auto st = draw_plot(p, *t, dir);
    if (!st.ok()) return st;
  }
  auto st = json::save_file(dir + "/summary.json", r.summary);
  if (!st.ok()) return st;

  std::ostringstream h;
  h << "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>"
    << html_escape(r.title)
    << "</title>\n<style>body{font-family:sans-serif;margin:2em;max-width:72em}"
    << "table{border-collapse:collapse;margin:1em 0;font-size:90%}td,th{border:1px solid #bbb;"
    << "padding:2px 6px;text-align:right}th{background:#eef}td:first-child{text-align:left}"
    << ".finding{background:#f6f6e0;padding:4px 8px;margin:2px 0}details{margin:0.5em 0}"
    << "</style></head><body>\n<h1>" << html_escape(r.title) << "</h1>\n<p>"
    << html_escape(r.description) << "</p>\n<h2>Findings</h2>\n";
  for (const auto& f : r.findings) h << "<div class=\"finding\">" << html_escape(f) << "</div>\n";
  h << "<h2>Summary</h2>\n<table>";
  for (const auto& k : r.summary.getMemberNames())
    h << "<tr><th>" << html_escape(k) << "</th><td>" << html_escape(cell_text(r.summary[k]))
      << "</td></tr>";
  h << "</table>\n<h2>Plots</h2>\n";
  for (const auto& p : r.plots) {
    h << "<figure>" << read_text(dir + "/plots/" + p.name + ".svg") << "<figcaption>"
      << html_escape(p.title) << " (<a href=\"plots/" << p.name
      << ".png\">PNG</a>)</figcaption></figure>\n";
  }
  h << "<h2>Tables</h2>\n";
  for (const auto& t : r.tables) {
    h << "<details" << (t.rows.size() <= 30 ? " open" : "") << "><summary>" << html_escape(t.title)
      << " (" << t.rows.size() << " rows; <a href=\"tables/" << t.name
      << ".csv\">CSV</a>, <a href=\"tables/" << t.name << ".json\">JSON</a>)</summary><table><tr>";
    for (const auto& c : t.columns) h << "<th>" << html_escape(c) << "</th>";
    h << "</tr>\n";
    for (const auto& row : t.rows) {
      h << "<tr>";
      for (const auto& v : row) h << "<td>" << html_escape(cell_text(v)) << "</td>";
      h << "</tr>\n";
    }
    h << "</table></details>\n";
  }
  h << "<p><small>Written by ykt simulate. Run metadata (wall time, host) is in "
       "run.json.</small></p>"
    << "</body></html>\n";
  return write_text(dir + "/index.html", h.str());
}

}  // namespace ykt::reports
