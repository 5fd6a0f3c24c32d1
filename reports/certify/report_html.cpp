// report.html: one self-contained page (inline CSS and SVG, the plot as a data URI), bilingual
// labels (Chinese / English) because labs here work in Chinese.
#include <algorithm>
#include <cstdio>
#include <map>
#include <sstream>

#include "bundle_writer.hpp"
#include "msc_svg.hpp"
#include "pii.hpp"
#include "text_escape.hpp"

namespace ykt::reports {

using certify::Verdict;

namespace {

const char* kStyle = R"(
body{font-family:"Noto Sans CJK SC","WenQuanYi Micro Hei","Microsoft YaHei",sans-serif;margin:24px;color:#222}
h1{font-size:22px;margin-bottom:4px}h2{font-size:17px;border-bottom:2px solid #4a6fa5;padding-bottom:3px;margin-top:28px}
table{border-collapse:collapse;font-size:13px}td,th{border:1px solid #ccc;padding:3px 7px;vertical-align:top;text-align:left}
th{background:#eef2f8}.v{font-weight:bold;padding:1px 6px;border-radius:3px;color:#fff;white-space:nowrap}
.pass{background:#2e7d32}.fail{background:#c62828}.inconc{background:#ef8f00}.error{background:#6a1b9a}
.none{background:#757575}.skipped{background:#9e9e9e}
details{margin:2px 0}summary{cursor:pointer}pre{font-size:11px;background:#f7f7f7;padding:6px;white-space:pre-wrap;word-break:break-all;max-height:420px;overflow-y:auto}
.note{color:#666;font-size:12px}.kv td:first-child{font-weight:bold;background:#f5f7fb;white-space:nowrap}
.msc{border:1px solid #ddd;background:#fff;margin:6px 0}.bar{display:flex;height:18px;width:600px;border:1px solid #aaa}
)";

std::string badge(const certify::CaseResult& c) {
  const std::string v = c.selected ? std::string(to_string(c.verdict)) : "skipped";
  const std::string zh = c.selected ? std::string(label_zh(c.verdict)) : "未选";
  return "<span class=\"v " + v + "\">" + zh + " " + v + "</span>";
}

std::string row(const std::string& k, const std::string& v) {
  return "<tr><td>" + k + "</td><td>" + v + "</td></tr>";
}

}  // namespace

std::string report_html(const certify::RunResult& run, const std::string& plot_png) {
  std::ostringstream h;
  const double secs = static_cast<double>((run.finished - run.started).count()) / 1e9;
  h << "<!DOCTYPE html><html lang=\"zh-CN\"><head><meta charset=\"utf-8\">"
    << "<title>ykt 符合性测试报告 / Conformance report - " << xml_escape(run.suite)
    << "</title><style>" << kStyle << "</style></head><body>";
  h << "<h1>长三角一卡通符合性测试报告 / YRD One-Card Conformance Test Report</h1>"
    << "<p class=\"note\">ykt-std/1.0 · " << certify::kHarnessVersion << "</p>";
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.2f s", secs);
  h << "<h2>概要 / Summary</h2><table class=\"kv\">"
    << row("被测角色 / IUT role", xml_escape(run.role))
    << row("被测实现 / IUT", xml_escape(run.iut_address + " @ " + run.iut_endpoint))
    << row("实现声明 / Implementation (ICS)",
           xml_escape(run.ics["implementation"].isString() ? run.ics["implementation"].asString()
                                                           : "(not stated)"))
    << row("测试套 / Suite", xml_escape(run.suite + " " + run.suite_version))
    << row("测试套哈希 / Suite hash (SM3)", "<code>" + run.suite_hash + "</code>")
    << row("随机种子 / Seed", std::to_string(run.seed))
    << row("开始 / Started", xml_escape(format_beijing(run.started)))
    << row("用时 / Duration", buf);
  const int total = static_cast<int>(run.cases.size());
  std::ostringstream counts;
  for (auto v : {Verdict::pass, Verdict::inconc, Verdict::fail, Verdict::error, Verdict::none})
    counts << "<span class=\"v " << to_string(v) << "\">" << label_zh(v) << " " << to_string(v)
           << ": " << run.count(v) << "</span> ";
  counts << "<span class=\"v skipped\">未选 skipped: " << run.skipped() << "</span>";
  h << row("判定统计 / Verdicts", counts.str())
    << row("结论 / Result",
           run.exit_code() == 0
               ? "<span class=\"v pass\">全部通过 / all selected cases pass</span>"
               : "<span class=\"v fail\">未通过 / not all selected cases pass</span>")
    << "</table>";
  // Proportion bar.
  h << "<div class=\"bar\" title=\"verdicts\">";
  for (auto v : {Verdict::pass, Verdict::inconc, Verdict::fail, Verdict::error, Verdict::none}) {
    const int n = run.count(v);
    if (n && total)
      h << "<div class=\"" << to_string(v) << "\" style=\"width:" << (100.0 * n / total)
        << "%\"></div>";
  }
  if (run.skipped() && total)
    h << "<div class=\"skipped\" style=\"width:" << (100.0 * run.skipped() / total) << "%\"></div>";
  h << "</div>";

  h << "<h2>时延 / Latency</h2><p class=\"note\">往返时延（毫秒，对数坐标），每个请求一个点 / "
       "round-trip latency in ms (log scale), one point per request</p>";
  {
    std::map<std::string, std::vector<double>> by_type;
    for (const auto& c : run.cases)
      for (const auto& l : c.latencies) by_type[l.type].push_back(l.ms);
    if (!by_type.empty()) {
      h << "<table><tr><th>消息类型 / Type</th><th>次数 / n</th><th>中位数 / median ms</th>"
        << "<th>p95 ms</th><th>最大 / max ms</th></tr>";
      for (auto& [type, v] : by_type) {
        std::sort(v.begin(), v.end());
        char row_buf[160];
        std::snprintf(row_buf, sizeof row_buf,
                      "<td>%zu</td><td>%.2f</td><td>%.2f</td><td>%.2f</td>", v.size(),
                      v[v.size() / 2], v[std::min(v.size() - 1, v.size() * 95 / 100)], v.back());
        h << "<tr><td>" << xml_escape(type) << "</td>" << row_buf << "</tr>";
      }
      h << "</table>";
    }
  }
  if (!plot_png.empty())
    h << "<img alt=\"latency plot\" src=\"data:image/png;base64," << base64(plot_png) << "\">";
  else
    h << "<p class=\"note\">无时延样本或 gnuplot 不可用 / no latency samples or gnuplot "
         "missing</p>";

  h << "<h2>测试用例 / Test cases</h2><table><tr><th>编号 / ID</th><th>目的 / Purpose</th>"
    << "<th>条款 / Clauses</th><th>判定 / Verdict</th><th>原因 / Reason</th><th>用时 / "
       "ms</th></tr>";
  for (const auto& c : run.cases) {
    std::string clauses;
    for (const auto& cl : c.clauses) clauses += (clauses.empty() ? "" : " ") + cl;
    std::snprintf(buf, sizeof buf, "%.1f", c.duration_ms);
    h << "<tr id=\"" << xml_escape(c.id) << "\"><td><code>" << xml_escape(c.id)
      << "</code></td><td>" << xml_escape(c.purpose);
    h << "<details><summary>详情 / details</summary><table class=\"kv\">"
      << row("选择 / Selection", xml_escape(c.ics_expr + " → " + c.selection_reason))
      << row("前提 / Preconditions", xml_escape(c.preconditions))
      << row("激励 / Stimulus", xml_escape(c.stimulus))
      << row("预期 / Expected", xml_escape(c.expected))
      << (c.configuration.empty()
              ? std::string()
              : row("被测配置 / IUT configuration", xml_escape(c.configuration)));
    if (auto it = run.omitted.find(c.id); it != run.omitted.end())
      h << row("未记录 / Not recorded",
               std::to_string(it->second) + " messages or log lines beyond " +
                   std::to_string(certify::kRecordCapPerCase) + " per case (counted, not kept)");
    h << "</table>";
    if (c.selected) {
      std::vector<certify::RecordedMessage> msgs;
      for (const auto& m : run.messages)
        if (m.case_id == c.id) msgs.push_back(m);
      h << "<p><b>消息序列图 / Message sequence chart</b></p>" << msc_svg(msgs);
      h << "<p><b>日志 / Log</b></p><pre>";
      for (const auto& l : run.log)
        if (l.case_id == c.id)
          h << xml_escape(format_beijing(l.at) + " " + l.actor + ": " + pii::mask_text(l.text))
            << "\n";
      for (const auto& m : msgs)
        h << xml_escape(format_beijing(m.at) + " " + m.from + " -> " + m.to + " " + m.type + " " +
                        m.body.substr(0, 300))
          << "\n";
      h << "</pre>";
    }
    h << "</details></td><td>" << xml_escape(clauses) << "</td><td>" << badge(c) << "</td><td>"
      << xml_escape(pii::mask_text(c.selected ? c.reason : c.selection_reason)) << "</td><td>"
      << (c.selected ? buf : "") << "</td></tr>";
  }
  h << "</table>";

  h << "<h2>可追溯矩阵 / Traceability (clause → cases)</h2><table><tr><th>条款 / Clause</th>"
    << "<th>用例 / Cases</th></tr>";
  std::map<std::string, const certify::CaseResult*> by_id;
  for (const auto& c : run.cases) by_id[c.id] = &c;
  for (const auto& [clause, ids] : run.traceability) {
    h << "<tr><td>" << xml_escape(clause) << "</td><td>";
    for (const auto& id : ids) {
      auto it = by_id.find(id);
      const std::string cls = it == by_id.end()      ? "none"
                              : it->second->selected ? std::string(to_string(it->second->verdict))
                                                     : "skipped";
      h << "<a href=\"#" << xml_escape(id) << "\"><span class=\"v " << cls << "\">"
        << xml_escape(id) << "</span></a> ";
    }
    h << "</td></tr>";
  }
  h << "</table>";
  h << "<h2>ICS / 实现一致性声明</h2><pre>" << xml_escape(run.ics.toStyledString()) << "</pre>";
  h << "<h2>IXIT / 测试附加信息</h2><pre>" << xml_escape(pii::mask_text(run.ixit.toStyledString()))
    << "</pre>";
  h << "<h2>合并日志 / Merged log (personal data masked)</h2><details><summary>展开 / show ("
    << run.messages.size() + run.log.size() << " lines)</summary><pre>"
    << xml_escape(merged_log(run)) << "</pre></details>";
  h << "<p class=\"note\">判定顺序 / verdict order: none &lt; pass &lt; inconc &lt; fail &lt; "
       "error; "
       "error 仅由测试系统设置 / error is set only by the harness.</p></body></html>\n";
  return h.str();
}

}  // namespace ykt::reports
