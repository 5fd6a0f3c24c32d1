#include "msc_svg.hpp"

#include <algorithm>
#include <cstdio>

#include "text_escape.hpp"

namespace ykt::reports {

std::string msc_svg(const std::vector<certify::RecordedMessage>& msgs, std::size_t max_arrows) {
  if (msgs.empty()) return "<p class=\"note\">无消息 / no messages crossed in this case</p>";
  std::vector<std::string> actors;
  auto add = [&](const std::string& a) {
    const std::string name = a.empty() ? "(unknown)" : a;
    if (std::find(actors.begin(), actors.end(), name) == actors.end()) actors.push_back(name);
  };
  for (const auto& m : msgs) {
    add(m.from);
    add(m.to);
  }
  const std::size_t n = std::min(msgs.size(), max_arrows);
  const int col = 190, top = 40, row = 24, left = 20;
  const int width = left * 2 + col * static_cast<int>(actors.size());
  const int height = top + row * static_cast<int>(n) + 30;
  auto x_of = [&](const std::string& a) {
    const std::string name = a.empty() ? "(unknown)" : a;
    const auto i = std::find(actors.begin(), actors.end(), name) - actors.begin();
    return left + col / 2 + col * static_cast<int>(i);
  };
  std::string s;
  char buf[512];
  std::snprintf(
      buf, sizeof buf,
      "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"msc\" width=\"%d\" height=\"%d\" "
      "viewBox=\"0 0 %d %d\" font-family=\"sans-serif\" font-size=\"11\">",
      width, height, width, height);
  s += buf;
  s += "<defs><marker id=\"ah\" markerWidth=\"8\" markerHeight=\"8\" refX=\"7\" refY=\"4\" "
       "orient=\"auto\"><path d=\"M0,0 L8,4 L0,8 z\" fill=\"#333\"/></marker></defs>";
  for (const auto& a : actors) {
    const int x = x_of(a);
    std::snprintf(buf, sizeof buf,
                  "<rect x=\"%d\" y=\"4\" width=\"%d\" height=\"20\" rx=\"3\" fill=\"#e8eef7\" "
                  "stroke=\"#4a6fa5\"/><text x=\"%d\" y=\"18\" text-anchor=\"middle\">",
                  x - col / 2 + 6, col - 12, x);
    s += buf;
    s += xml_escape(a) + "</text>";
    std::snprintf(buf, sizeof buf,
                  "<line x1=\"%d\" y1=\"24\" x2=\"%d\" y2=\"%d\" stroke=\"#999\" "
                  "stroke-dasharray=\"4,3\"/>",
                  x, x, height - 10);
    s += buf;
  }
  const SimTime t0 = msgs.front().at;
  for (std::size_t i = 0; i < n; ++i) {
    const auto& m = msgs[i];
    const int y = top + row * static_cast<int>(i);
    const int x1 = x_of(m.from), x2 = x_of(m.to);
    const bool bad = !m.status.empty() && m.status != "OK";
    const char* colour = m.type == "(raw)" ? "#8a2be2"
                         : bad             ? "#c0392b"
                         : m.reply         ? "#2e7d32"
                                           : "#333";
    if (x1 == x2) {
      std::snprintf(buf, sizeof buf,
                    "<path d=\"M%d,%d h30 v10 h-30\" fill=\"none\" stroke=\"%s\" "
                    "marker-end=\"url(#ah)\"/>",
                    x1, y, colour);
    } else {
      std::snprintf(buf, sizeof buf,
                    "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"%s\" "
                    "%smarker-end=\"url(#ah)\"/>",
                    x1, y + 8, x2, y + 8, colour, m.reply ? "stroke-dasharray=\"5,2\" " : "");
    }
    s += buf;
    const double dt = static_cast<double>((m.at - t0).count()) / 1e6;
    std::snprintf(buf, sizeof buf, "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\" fill=\"%s\">",
                  (x1 + x2) / 2, y + 4, colour);
    s += buf;
    std::string label = m.type + (m.status.empty() ? "" : " [" + m.status + "]");
    char tbuf[32];
    std::snprintf(tbuf, sizeof tbuf, "  +%.1f ms", dt);
    s += xml_escape(label + tbuf) + "<title>" + xml_escape(m.body.substr(0, 400)) +
         "</title></text>";
  }
  if (msgs.size() > n) {
    std::snprintf(buf, sizeof buf, "<text x=\"%d\" y=\"%d\">… %zu more</text>", left, height - 12,
                  msgs.size() - n);
    s += buf;
  }
  s += "</svg>";
  return s;
}

}  // namespace ykt::reports
