#include "bundle_writer.hpp"

#include <filesystem>
#include <fstream>
#include <sstream>

#include "json_util.hpp"
#include "latency_plot.hpp"
#include "manifest.hpp"
#include "pii.hpp"
#include "text_escape.hpp"

namespace ykt::reports {

using certify::Verdict;

namespace {

Json::Value strings(const std::vector<std::string>& v) {
  Json::Value a(Json::arrayValue);
  for (const auto& s : v) a.append(s);
  return a;
}

/// A JSON document with every string value masked (the IXIT may carry test data).
Json::Value masked(const Json::Value& v) {
  if (v.isString()) return pii::mask_text(v.asString());
  if (v.isArray()) {
    Json::Value a(Json::arrayValue);
    for (const auto& x : v) a.append(masked(x));
    return a;
  }
  if (v.isObject()) {
    Json::Value o(Json::objectValue);
    for (const auto& k : v.getMemberNames()) o[k] = masked(v[k]);
    return o;
  }
  return v;
}

Status write_text(const std::string& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << text;
  if (!out) return Error{"io", "cannot write " + path};
  return ok_status();
}

}  // namespace

Json::Value report_json(const certify::RunResult& run) {
  Json::Value r;
  r["format"] = "ykt-certify-report/1";
  r["harness_version"] = certify::kHarnessVersion;
  r["standard"] = "ykt-std/1.0";
  r["role"] = run.role;
  r["suite"] = run.suite;
  r["suite_version"] = run.suite_version;
  r["suite_hash_sm3"] = run.suite_hash;
  r["seed"] = Json::UInt64(run.seed);
  r["iut"]["endpoint"] = run.iut_endpoint;
  r["iut"]["address"] = run.iut_address;
  r["started"] = format_beijing(run.started);
  r["finished"] = format_beijing(run.finished);
  r["duration_ms"] = static_cast<double>((run.finished - run.started).count()) / 1e6;
  Json::Value& s = r["summary"];
  s["cases"] = static_cast<int>(run.cases.size());
  s["selected"] = static_cast<int>(run.cases.size()) - run.skipped();
  s["skipped"] = run.skipped();
  for (auto v : {Verdict::none, Verdict::pass, Verdict::inconc, Verdict::fail, Verdict::error})
    s[std::string(to_string(v))] = run.count(v);
  s["exit_code"] = run.exit_code();
  std::uint64_t omitted_total = 0;
  for (const auto& [id, n] : run.omitted) omitted_total += n;
  s["record_omitted"] = Json::UInt64(omitted_total);
  Json::Value cases(Json::arrayValue);
  for (const auto& c : run.cases) {
    Json::Value j;
    j["id"] = c.id;
    j["purpose"] = c.purpose;
    j["clauses"] = strings(c.clauses);
    j["ics"] = c.ics_expr;
    j["selected"] = c.selected;
    j["selection_reason"] = c.selection_reason;
    j["preconditions"] = c.preconditions;
    j["stimulus"] = c.stimulus;
    j["expected"] = c.expected;
    j["verdict"] = c.selected ? std::string(to_string(c.verdict)) : "skipped";
    j["reason"] = pii::mask_text(c.reason);
    if (!c.configuration.empty()) j["iut_configuration"] = c.configuration;
    if (auto it = run.omitted.find(c.id); it != run.omitted.end())
      j["record_omitted"] = Json::UInt64(it->second);
    if (c.selected) {
      j["started"] = format_beijing(c.started);
      j["duration_ms"] = c.duration_ms;
      Json::Value lat(Json::arrayValue);
      for (const auto& l : c.latencies) {
        Json::Value x;
        x["type"] = l.type;
        x["ms"] = l.ms;
        lat.append(x);
      }
      j["latencies"] = lat;
    }
    cases.append(j);
  }
  r["cases"] = cases;
  Json::Value tr(Json::objectValue);
  for (const auto& [clause, ids] : run.traceability) tr[clause] = strings(ids);
  r["traceability"] = tr;
  r["ics_used"] = run.ics;
  r["ixit_used"] = masked(run.ixit);
  return r;
}

std::string junit_xml(const certify::RunResult& run) {
  int failures = 0, errors = 0, skipped = 0;
  for (const auto& c : run.cases) {
    if (!c.selected || c.verdict == Verdict::inconc)
      ++skipped;
    else if (c.verdict == Verdict::fail || c.verdict == Verdict::none)
      ++failures;
    else if (c.verdict == Verdict::error)
      ++errors;
  }
  std::ostringstream x;
  const double secs = static_cast<double>((run.finished - run.started).count()) / 1e9;
  x << "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
    << "<testsuites name=\"ykt certify\" tests=\"" << run.cases.size() << "\" failures=\""
    << failures << "\" errors=\"" << errors << "\" skipped=\"" << skipped << "\" time=\"" << secs
    << "\">\n"
    << "  <testsuite name=\"" << xml_escape(run.suite) << "\" tests=\"" << run.cases.size()
    << "\" failures=\"" << failures << "\" errors=\"" << errors << "\" skipped=\"" << skipped
    << "\" time=\"" << secs << "\" timestamp=\"" << xml_escape(format_beijing(run.started))
    << "\">\n    <properties>\n"
    << "      <property name=\"role\" value=\"" << xml_escape(run.role) << "\"/>\n"
    << "      <property name=\"iut\" value=\"" << xml_escape(run.iut_endpoint) << "\"/>\n"
    << "      <property name=\"suite_version\" value=\"" << xml_escape(run.suite_version)
    << "\"/>\n      <property name=\"suite_hash_sm3\" value=\"" << run.suite_hash << "\"/>\n"
    << "      <property name=\"seed\" value=\"" << run.seed << "\"/>\n"
    << "      <property name=\"harness_version\" value=\"" << certify::kHarnessVersion
    << "\"/>\n    </properties>\n";
  for (const auto& c : run.cases) {
    std::string clauses;
    for (const auto& cl : c.clauses) clauses += (clauses.empty() ? "" : " ") + cl;
    x << "    <testcase classname=\"ykt." << xml_escape(run.suite) << "\" name=\""
      << xml_escape(c.id) << "\" time=\"" << c.duration_ms / 1000.0 << "\">\n";
    const std::string why = xml_escape(pii::mask_text(c.reason));
    if (!c.selected) {
      x << "      <skipped message=\"not selected: " << xml_escape(c.selection_reason) << "\"/>\n";
    } else if (c.verdict == Verdict::inconc) {
      x << "      <skipped message=\"inconc: " << why << "\"/>\n";
    } else if (c.verdict == Verdict::fail) {
      x << "      <failure type=\"fail\" message=\"" << why << "\"/>\n";
    } else if (c.verdict == Verdict::none) {
      x << "      <failure type=\"none\" message=\"the case set no verdict\"/>\n";
    } else if (c.verdict == Verdict::error) {
      x << "      <error type=\"error\" message=\"" << why << "\"/>\n";
    }
    x << "      <system-out>" << xml_escape(c.purpose + " [" + clauses + "] " + c.selection_reason)
      << "</system-out>\n    </testcase>\n";
  }
  x << "  </testsuite>\n</testsuites>\n";
  return x.str();
}

std::string merged_log(const certify::RunResult& run) {
  struct Item {
    SimTime at;
    std::string text;
  };
  std::vector<Item> items;
  for (const auto& m : run.messages) {
    std::string t = "[" + (m.case_id.empty() ? std::string("-") : m.case_id) + "] " + m.from +
                    " -> " + m.to + " " + m.type + (m.reply ? " (reply)" : "") + " id=" + m.id +
                    (m.status.empty() ? "" : " status=" + m.status) + " " + m.body;
    items.push_back({m.at, pii::mask_text(t)});
  }
  for (const auto& l : run.log)
    items.push_back({l.at, pii::mask_text("[" + (l.case_id.empty() ? std::string("-") : l.case_id) +
                                          "] " + l.actor + ": " + l.text)});
  std::stable_sort(items.begin(), items.end(),
                   [](const Item& a, const Item& b) { return a.at < b.at; });
  std::string out;
  for (const auto& i : items) out += format_beijing(i.at) + " " + i.text + "\n";
  return out;
}

Result<BundleFiles> write_bundle(const certify::RunResult& run, const std::string& dir) {
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec) return Error{"io", "cannot create bundle directory " + dir + ": " + ec.message()};
  BundleFiles bf;
  auto put_json = [&](const std::string& name, const Json::Value& v) -> Status {
    auto st = json::save_file(dir + "/" + name, v);
    if (st) bf.files.push_back(name);
    return st;
  };
  auto put_text = [&](const std::string& name, const std::string& text) -> Status {
    auto st = write_text(dir + "/" + name, text);
    if (st) bf.files.push_back(name);
    return st;
  };
  if (auto st = put_json("report.json", report_json(run)); !st) return st.error();
  if (auto st = put_text("junit.xml", junit_xml(run)); !st) return st.error();
  if (auto st = put_json("ics.json", run.ics); !st) return st.error();
  if (auto st = put_json("ixit.json", masked(run.ixit)); !st) return st.error();
  Json::Value tr(Json::objectValue);
  for (const auto& [clause, ids] : run.traceability) tr[clause] = strings(ids);
  if (auto st = put_json("traceability.json", tr); !st) return st.error();
  if (auto st = put_text("run.log", merged_log(run)); !st) return st.error();
  std::string png;
  const std::string png_path = dir + "/latency.png";
  if (plot_latency(run, dir, png_path)) {
    std::ifstream in(png_path, std::ios::binary);
    png.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
    bf.files.push_back("latency.png");
    bf.files.push_back("latency.dat");
    bf.files.push_back("latency.gp");
  }
  if (auto st = put_text("report.html", report_html(run, png)); !st) return st.error();
  if (auto st = write_manifest(dir, bf.files); !st) return st.error();
  bf.files.push_back("MANIFEST.sha256");
  return bf;
}

}  // namespace ykt::reports
