#include "replay_trace.hpp"

#include <cmath>
#include <cstdio>
#include <fstream>
#include <map>
#include <optional>
#include <sstream>

#include "json_util.hpp"
#include "pii.hpp"

namespace ykt::app {

namespace {

Error bad(std::size_t line, const std::string& field, const std::string& what) {
  return Error{"trace", "line " + std::to_string(line) +
                            (field.empty() ? "" : ", field '" + field + "'") + ": " + what};
}

/// Milliseconds since the epoch of a `format_beijing` stamp (`2026-11-30T10:00:00.123+08:00`).
std::optional<double> beijing_ms(const std::string& s) {
  int y = 0, mo = 0, d = 0, h = 0, mi = 0, sec = 0, ms = 0;
  if (std::sscanf(s.c_str(), "%4d-%2d-%2dT%2d:%2d:%2d.%3d", &y, &mo, &d, &h, &mi, &sec, &ms) != 7)
    return std::nullopt;
  // Days from civil (proleptic Gregorian), then shift Beijing (UTC+8) to UTC.
  y -= mo <= 2;
  const int era = (y >= 0 ? y : y - 399) / 400;
  const int yoe = y - era * 400;
  const int doy = (153 * (mo + (mo > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  const double days = static_cast<double>(era) * 146097 + doe - 719468;
  return ((days * 24 + h - 8) * 60 + mi) * 60000.0 + sec * 1000.0 + ms;
}

}  // namespace

Result<TraceTap> parse_trace_tap(const std::string& text, std::size_t line) {
  auto parsed = json::parse(text);
  if (!parsed) return bad(line, "", "not JSON (" + parsed.error().message + ")");
  const Json::Value& v = parsed.value();
  if (!v.isObject()) return bad(line, "", "not a JSON object");
  TraceTap t;
  t.line = line;
  if (!v["offset_ms"].isNumeric()) return bad(line, "offset_ms", "missing or not a number");
  t.offset_ms = v["offset_ms"].asDouble();
  if (!std::isfinite(t.offset_ms) || t.offset_ms < 0)
    return bad(line, "offset_ms", "must be a finite number >= 0");
  if (v.isMember("qr")) {
    const Json::Value& q = v["qr"];
    if (!q.isObject()) return bad(line, "qr", "not an object");
    if (!q["backend"].isString() || q["backend"].asString().rfind("backend.", 0) != 0)
      return bad(line, "qr.backend", "missing or not a backend address");
    if (!q["request"].isObject() || !q["request"]["card_ref"].isObject())
      return bad(line, "qr.request", "missing or without card_ref");
    t.has_qr = true;
    t.qr.backend = q["backend"].asString();
    t.qr.request = q["request"];
  }
  if (v.isMember("reader") || !t.has_qr) {
    if (!v["reader"].isString() || v["reader"].asString().rfind("reader.", 0) != 0 ||
        v["reader"].asString().size() <= 7)
      return bad(line, "reader", "missing or not a terminal address (reader.<id>)");
    t.reader = v["reader"].asString();
  }
  const Json::Value& b = v["body"];
  if (!b.isObject()) return bad(line, "body", "missing or not an object");
  if (!b["service"].isString() || b["service"].asString().empty())
    return bad(line, "body.service", "missing or not a string");
  if (!b["cards"].isArray() || b["cards"].empty())
    return bad(line, "body.cards", "missing or empty");
  for (const auto& c : b["cards"])
    if (!c.isString() || c.asString().rfind("card.", 0) != 0)
      return bad(line, "body.cards", "every entry must be a card address (card.<card_no>)");
  if (b.isMember("amount") && !(b["amount"].isIntegral() && b["amount"].asInt64() >= 0))
    return bad(line, "body.amount", "must be a whole number of fen >= 0");
  t.body = b;
  if (v.isMember("labels") && !v["labels"].isObject()) return bad(line, "labels", "not an object");
  t.labels = v.isMember("labels") ? v["labels"] : Json::Value(Json::objectValue);
  if (!t.labels["service"].isString()) t.labels["service"] = b["service"];
  return t;
}

Result<TapTrace> load_tap_trace(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Error{"io", path + ": cannot read"};
  std::stringstream ss;
  ss << in.rdbuf();
  const std::string all = ss.str();
  TapTrace trace;
  std::size_t pos = 0, line = 0;
  auto fail = [&](const Error& e) { return Error{e.code, path + ": " + e.message}; };
  while (pos < all.size()) {
    ++line;
    const std::size_t nl = all.find('\n', pos);
    const bool last_unterminated = nl == std::string::npos;
    std::string text = all.substr(pos, last_unterminated ? std::string::npos : nl - pos);
    pos = last_unterminated ? all.size() : nl + 1;
    if (!text.empty() && text.back() == '\r') text.pop_back();
    if (text.find_first_not_of(" \t") == std::string::npos) continue;
    if (text[text.find_first_not_of(" \t")] == '#') continue;
    auto fail_line = [&](const Error& e) {
      if (last_unterminated && !json::parse(text).ok())
        return Error{"trace", path + ": line " + std::to_string(line) +
                                  ": truncated (the last line has no newline and is not "
                                  "complete JSON)"};
      return fail(e);
    };
    if (line == 1 || (trace.taps.empty() && trace.header.empty())) {
      auto h = json::parse(text);
      if (h && h.value().isObject() && h.value().isMember("ykt_tap_trace")) {
        const Json::Value& hv = h.value();
        if (!hv["ykt_tap_trace"].isIntegral() || hv["ykt_tap_trace"].asInt() != 1)
          return fail(bad(line, "ykt_tap_trace", "unsupported version (expected 1)"));
        const Json::Value& p = hv["population"];
        if (!p.isNull()) {
          if (!p.isObject()) return fail(bad(line, "population", "not an object"));
          if (p.isMember("seed") && !p["seed"].isIntegral())
            return fail(bad(line, "population.seed", "not an integer"));
          for (const char* k : {"scale", "transit_share", "qr_share"})
            if (p.isMember(k) && !p[k].isNumeric())
              return fail(bad(line, std::string("population.") + k, "not a number"));
          trace.population.seed = p.get("seed", 1).asUInt64();
          trace.population.scale = p.get("scale", 1000.0).asDouble();
          trace.population.transit_share = p.get("transit_share", 0.35).asDouble();
          trace.population.qr_share = p.get("qr_share", 0.59).asDouble();
        }
        trace.header = hv;
        continue;
      }
    }
    auto tap = parse_trace_tap(text, line);
    if (!tap) return fail_line(tap.error());
    tap->index = trace.taps.size();
    trace.taps.push_back(std::move(tap.value()));
  }
  if (trace.taps.empty()) return Error{"trace", path + ": no taps"};
  return trace;
}

std::string trace_tap_line(const TraceTap& tap) {
  Json::Value v;
  v["i"] = Json::UInt64(tap.index);
  v["offset_ms"] = std::round(tap.offset_ms * 1000) / 1000;
  if (!tap.reader.empty()) v["reader"] = tap.reader;
  v["body"] = tap.body;
  v["labels"] = tap.labels;
  if (tap.has_qr) {
    v["qr"]["backend"] = tap.qr.backend;
    v["qr"]["request"] = tap.qr.request;
  }
  return pii::mask_text(json::compact(v));
}

Status save_tap_trace(const std::string& path, const TapTrace& trace) {
  std::ofstream out(path, std::ios::trunc);
  if (!out) return Error{"io", "cannot write " + path};
  Json::Value h = trace.header.isObject() ? trace.header : Json::Value(Json::objectValue);
  h["ykt_tap_trace"] = 1;
  h["population"]["seed"] = Json::UInt64(trace.population.seed);
  h["population"]["scale"] = trace.population.scale;
  h["population"]["transit_share"] = trace.population.transit_share;
  h["population"]["qr_share"] = trace.population.qr_share;
  out << json::compact(h) << "\n";
  for (const auto& t : trace.taps) out << trace_tap_line(t) << "\n";
  out.flush();
  if (!out) return Error{"io", "cannot write " + path};
  return ok_status();
}

Result<TapTrace> tap_trace_from_sim(const std::string& sim_trace_path,
                                    const TracePopulation& population) {
  std::ifstream in(sim_trace_path);
  if (!in) return Error{"io", sim_trace_path + ": cannot read"};
  TapTrace trace;
  trace.population = population;
  std::map<std::string, std::size_t> tap_of_request;  // sim request id -> tap index
  std::map<std::string, std::size_t> qr_of_card;      // card_no -> tap index awaiting its term.tap
  std::vector<double> sent_ms;
  double t0 = -1;
  std::string text;
  std::size_t line = 0;
  while (std::getline(in, text)) {
    ++line;
    if (text.empty()) continue;
    auto parsed = json::parse(text);
    if (!parsed)
      return Error{"trace", sim_trace_path + ": line " + std::to_string(line) + ": not JSON"};
    const Json::Value& m = parsed.value();
    const auto at = beijing_ms(m["t"].asString());
    if (!at)
      return Error{"trace",
                   sim_trace_path + ": line " + std::to_string(line) + ", field 't': not a time"};
    const std::string type = m["type"].asString(), id = m["id"].asString();
    if (m["from"].asString() == "driver" && type == "qr.issue") {
      if (t0 < 0) t0 = *at;
      TraceTap t;
      t.index = trace.taps.size();
      t.offset_ms = *at - t0;
      t.has_qr = true;
      t.qr.backend = m["to"].asString();
      t.qr.request = m["body"];
      t.body["service"] = "qr";
      t.body["cards"].append("card." + m["body"]["card_ref"]["card_no"].asString());
      t.labels["service"] = "qr";
      qr_of_card[m["body"]["card_ref"]["card_no"].asString()] = t.index;
      tap_of_request[id] = t.index;
      trace.taps.push_back(std::move(t));
      sent_ms.push_back(*at);
    } else if (m["from"].asString() == "driver" && type == "term.tap") {
      Json::Value body = m["body"];
      const std::string card = body["cards"][0].asString().substr(5);
      std::size_t idx = 0;
      if (auto q = qr_of_card.find(card);
          body["service"].asString() == "qr" && q != qr_of_card.end()) {
        idx = q->second;
        qr_of_card.erase(q);
        body.removeMember("token");  // fetched afresh at replay time
      } else {
        if (t0 < 0) t0 = *at;
        TraceTap t;
        t.index = idx = trace.taps.size();
        t.offset_ms = *at - t0;
        t.labels["service"] = body["service"];
        trace.taps.push_back(std::move(t));
        sent_ms.push_back(*at);
      }
      TraceTap& t = trace.taps[idx];
      t.reader = m["to"].asString();
      t.body = body;
      tap_of_request[id] = idx;
    } else if (m["to"].asString() == "driver") {
      auto r = tap_of_request.find(id);
      if (r == tap_of_request.end()) continue;
      TraceTap& t = trace.taps[r->second];
      const std::string status = m["body"].get("status", "E1001").asString();
      t.labels["expect_status"] = status;
      t.labels["sim_latency_ms"] = std::round((*at - sent_ms[r->second]) * 1000) / 1000;
      if (status == "OK" && m["body"]["balance"].isIntegral())
        t.labels["expect_balance"] = m["body"]["balance"];
      if (m["body"]["txn_id"].isString()) t.labels["sim_txn_id"] = m["body"]["txn_id"];
      tap_of_request.erase(r);
    }
  }
  if (trace.taps.empty())
    return Error{"trace", sim_trace_path +
                              ": no term.tap from the generator (was it written "
                              "with ykt simulate --trace?)"};
  for (auto& t : trace.taps) {
    if (!t.labels.isMember("expect_status")) t.labels["expect_status"] = "timeout";
    if (!t.body["city"].isString() && !t.reader.empty()) t.body["city"] = t.reader.substr(7, 6);
    // Labels: acquiring province (terminal) > issuing province (card number Y<pp>...).
    const std::string card = t.body["cards"][0].asString();
    const std::string acq = t.reader.empty() ? std::string("--") : t.reader.substr(7, 2);
    const std::string iss = card.size() > 7 ? card.substr(6, 2) : std::string("--");
    t.labels["pair"] = acq + "0000>" + iss + "0000";
  }
  trace.header["ykt_tap_trace"] = 1;
  trace.header["source"] = "ykt simulate --trace";
  return trace;
}

}  // namespace ykt::app
