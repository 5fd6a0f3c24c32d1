#include "sim_workload.hpp"

#include <algorithm>
#include <cmath>
#include "json_util.hpp"

using ykt::json::operator""_k;

namespace ykt::region {
namespace {

std::size_t pick(const std::vector<double>& cum, double u) {
  const double x = u * cum.back();
  const auto it = std::upper_bound(cum.begin(), cum.end(), x);
  return std::min<std::size_t>(static_cast<std::size_t>(it - cum.begin()), cum.size() - 1);
}

std::string pad6(std::uint64_t v) {
  std::string s = std::to_string(v);
  return std::string(s.size() < 6 ? 6 - s.size() : 0, '0') + s;
}

double factor(const std::map<std::string, double>& m, const std::string& key) {
  auto it = m.find(key);
  return it == m.end() ? 1.0 : it->second;
}

std::uint8_t service_index(const std::string& s) {
  const auto& names = scenario::service_names();
  return static_cast<std::uint8_t>(std::find(names.begin(), names.end(), s) - names.begin());
}

}  // namespace

const std::array<std::string, 4>& province_codes() {
  static const std::array<std::string, 4> codes = {"310000", "320000", "330000", "340000"};
  return codes;
}

int province_index(std::string_view code) {
  if (code.size() < 2) return -1;
  const auto& codes = province_codes();
  for (int i = 0; i < 4; ++i)
    if (code.substr(0, 2) == std::string_view(codes[i]).substr(0, 2)) return i;
  return -1;
}

SimWorkload::SimWorkload(const scenario::Scenario& sc, const population::Population& pop,
                         OutcomeTable& out, std::uint64_t seed)
    : sc_(sc), pop_(pop), out_(out), rng_(seed, "workload") {
  const auto& codes = province_codes();
  for (int a = 0; a < 4; ++a)
    for (int b = 0; b < 4; ++b) pair_names_[a * 4 + b] = codes[a] + ">" + codes[b];
  // Origins of cross-province cards per terminal city: holders of other provinces' cities, plus
  // the scenario's extra OD weights (a weight w adds w times the whole other-province population).
  const auto& slices = pop_.slices();
  cross_cum_.resize(slices.size());
  for (std::size_t t = 0; t < slices.size(); ++t) {
    double other_total = 0;
    for (const auto& s : slices)
      if (s.province != slices[t].province) other_total += static_cast<double>(s.count);
    double acc = 0;
    for (const auto& s : slices) {
      double w = 0;
      if (s.province != slices[t].province && other_total > 0) {
        w = static_cast<double>(s.count) / other_total;
        for (const auto& f : sc_.od_flows)
          if (f.from == s.city->code && f.to == slices[t].city->code) w += f.weight;
      }
      acc += w;
      cross_cum_[t].push_back(acc);
    }
  }
}

double SimWorkload::hour_of(SimTime t) const {
  return static_cast<double>((t - sc_.at_hour(0)).count()) / 3600e9;
}

bool SimWorkload::service_open(const std::string& service, const std::string& city,
                               double h) const {
  for (const auto& e : sc_.events) {
    if (e.type != "service_opens" || e.service != service) continue;
    if (!e.city.empty() && e.city != city) continue;
    if (!e.province.empty() && province_index(e.province) != province_index(city)) continue;
    if (h < e.from_h) return false;
  }
  return true;
}

std::uint64_t SimWorkload::terminals_in(std::uint64_t holders) const {
  if (sc_.residents_per_terminal <= 0) return std::max<std::uint32_t>(1, sc_.terminals_per_city);
  const double n = std::ceil(static_cast<double>(holders) / sc_.residents_per_terminal);
  return static_cast<std::uint64_t>(std::clamp(n, 1.0, 999999.0));
}

bool SimWorkload::city_joined(const std::string& city, double h) const {
  for (const auto& e : sc_.events)
    if (e.type == "city_joins" && e.city == city && h < e.from_h) return false;
  return true;
}

void SimWorkload::plan_segment(SimTime t) {
  const double h = hour_of(t);
  double next_h = std::floor(h) + 1;
  for (const auto& e : sc_.events) {
    if (e.type != "city_joins" && e.type != "service_opens") continue;
    for (double b : {e.from_h, e.to_h})
      if (b > h + 1e-12 && b < next_h) next_h = b;
  }
  seg_end_ = std::min(end_, sc_.at_hour(next_h));
  city_cum_.clear();
  double acc = 0;
  for (const auto& s : pop_.slices()) {
    acc += city_rate(sc_, s, h);
    city_cum_.push_back(acc);
  }
  rate_ = acc;
}

double city_rate(const scenario::Scenario& sc, const population::CitySlice& s, double h) {
  const double share = sc.profile[static_cast<std::size_t>(std::floor(h)) % 24];
  const std::string& code = s.city->code;
  double r = static_cast<double>(s.count) * sc.taps_per_resident_per_day * share / 3600.0 *
             sc.growth_all * factor(sc.growth_province, code.substr(0, 2) + "0000") *
             factor(sc.growth_city, code);
  for (const auto& e : sc.events)
    if (e.type == "city_joins" && e.city == code && h >= e.from_h && h < e.to_h) r *= e.factor;
  return r;
}

double expected_arrivals(const scenario::Scenario& sc, const population::Population& pop) {
  double total = 0;
  const double end_h = sc.start_h + sc.duration_h;
  for (double h = sc.start_h; h < end_h;) {
    const double next_h = std::min(std::floor(h) + 1, end_h);
    for (const auto& s : pop.slices()) total += city_rate(sc, s, h) * (next_h - h) * 3600.0;
    h = next_h;
  }
  return total;
}

void SimWorkload::on_start(Context& ctx) {
  end_ = sc_.at_hour(sc_.start_h + sc_.duration_h);
  next_ = ctx.now();
  plan_segment(next_);
  schedule_next(ctx);
}

void SimWorkload::schedule_next(Context& ctx) {
  // Poisson arrivals with a piecewise-constant rate: an exponential gap within the segment; a gap
  // that crosses the segment's end restarts at the end with the new rate (memorylessness).
  while (next_ < end_) {
    if (rate_ > 0) {
      // Compared in double before converting: a near-zero rate (a tiny profile weight) draws gaps
      // beyond the range of int64 nanoseconds, whose conversion is undefined.
      const double gap_ns = rng_.exponential(1.0 / rate_) * 1e9;
      if (gap_ns < static_cast<double>((seg_end_ - next_).count())) {
        next_ = next_ + Duration{static_cast<std::int64_t>(gap_ns)};
        ctx.set_timer(next_ - ctx.now(), "a");
        return;
      }
    }
    next_ = seg_end_;
    if (next_ < end_) plan_segment(next_);
  }
}

void SimWorkload::arrival(Context& ctx) {
  const double h = hour_of(ctx.now());
  const int hour = static_cast<int>(std::floor(h));
  const auto& slices = pop_.slices();
  const std::size_t ci = pick(city_cum_, rng_.uniform());
  const std::string& city = slices[ci].city->code;

  // Service mix for this city and hour, growth per service, closed services thinned away.
  const scenario::Mix* mix = &sc_.mix;
  if (auto it = sc_.mix_by_city.find(city); it != sc_.mix_by_city.end()) mix = &it->second;
  for (const auto& w : sc_.mix_by_hour)
    if (h >= w.from_h && h < w.to_h) mix = &w.mix;
  const auto& names = scenario::service_names();
  std::array<double, 7> cum{};
  double acc = 0;
  for (std::size_t i = 0; i < names.size(); ++i) {
    auto it = mix->find(names[i]);
    double w = it == mix->end() ? 0 : it->second * factor(sc_.growth_service, names[i]);
    if (w > 0 && !service_open(names[i], city, h)) w = 0;
    acc += w;
    cum[i] = acc;
  }
  if (acc <= 0) {
    ++thinned_;
    return;
  }
  const double us = rng_.uniform() * acc;
  std::size_t si = 0;
  while (si + 1 < names.size() && cum[si] <= us) ++si;
  const std::string& service = names[si];

  // Terminal: inside a demonstration-zone district with that district's share of the city.
  std::string term_code = city;
  bool demo = false;
  for (const auto& d : pop_.table().demo_districts) {
    if (d.city == city && rng_.uniform() < d.share) {
      term_code = d.code;
      demo = true;
      break;
    }
  }
  // Card: local, or cross-province with the scenario's share (FACTS §2: 1–3 %, 5 % in the zone).
  std::size_t card_ci = ci;
  const double cross = demo ? sc_.demo_zone_cross_share : sc_.cross_province_share;
  if (rng_.uniform() < cross) {
    if (demo) {
      std::vector<std::size_t> others;
      for (const auto& d : pop_.table().demo_districts) {
        if (d.city.substr(0, 2) == city.substr(0, 2)) continue;
        for (std::size_t k = 0; k < slices.size(); ++k)
          if (slices[k].city->code == d.city) others.push_back(k);
      }
      if (!others.empty()) card_ci = others[rng_.bits() % others.size()];
    } else if (cross_cum_[ci].back() > 0) {
      card_ci = pick(cross_cum_[ci], rng_.uniform());
    }
  }
  const bool transit = service == "transit" || service == "transit_compound";
  if (card_ci != ci && transit &&
      (!city_joined(city, h) || !city_joined(slices[card_ci].city->code, h))) {
    ++thinned_;
    return;
  }
  const auto& cs = slices[card_ci];
  if (cs.count == 0) {
    ++thinned_;
    return;
  }
  // Up to 8 draws for a holder the service suits; the flags are read without building a holder.
  const bool qr = service == "qr";
  std::uint64_t index = 0;
  for (int tries = 0; tries < 8; ++tries) {
    index = cs.offset + rng_.bits() % cs.count;
    if (transit && !pop_.transit_enabled(index)) continue;
    if (qr && !pop_.qr_user(index)) continue;
    break;
  }
  const std::optional<population::Cardholder> holder = pop_.holder(index);
  if (!holder) {
    ++thinned_;
    return;
  }

  const std::uint64_t serial = 1 + rng_.bits() % terminals_in(slices[ci].count);
  const std::string reader = "reader." + term_code + pad6(serial);
  terminals_[reader] = true;
  Json::Value body;
  body["service"_k] = service;
  body["cards"_k].append("card." + holder->card_no);
  body["city"_k] = term_code;
  const auto amount_it = sc_.amounts_fen.find(service);
  const std::int64_t amount = amount_it == sc_.amounts_fen.end() ? 0 : amount_it->second;
  if (amount > 0 && service != "identity") body["amount"_k] = Json::Int64(amount);
  if (service == "venue") {
    body["venue_id"_k] = "V" + term_code + "01";
  } else if (service == "medical") {
    Json::Value item;
    item["code"_k] = "MED001";
    item["qty"_k] = 1;
    item["unit_price"_k] = Json::Int64(amount);
    body["items"_k].append(item);
  }
  const int pa = province_index(term_code), pb = province_index(holder->issuer_city);
  const auto pair = static_cast<std::uint8_t>(std::max(0, pa) * 4 + std::max(0, pb));
  out_.generated(hour, pair_names_[pair], service);
  ++generated_;
  if (service == "qr") {
    // The holder's e-card app first gets a short-lived token from its issuer (qr.issue), then
    // shows it at the terminal; the transaction is timed from the token request.
    Json::Value req;
    req["card_ref"_k]["issuer"_k] = holder->issuer_city;
    req["card_ref"_k]["card_no"_k] = holder->card_no;
    req["ttl_s"_k] = 60;
    const std::string id = ctx.request("backend." + holder->province(), "qr.issue", std::move(req));
    const TimerId t =
        ctx.set_timer(Duration{static_cast<std::int64_t>(sc_.timeout_ms * 1e6)}, "q" + id);
    qr_waits_.emplace(id, QrWait{std::move(body), reader, ctx.now(), hour, pair, t});
    return;
  }
  send_tap(ctx, reader, std::move(body), ctx.now(), hour, pair, service_index(service),
           transit ? amount : 0);
}

void SimWorkload::send_tap(Context& ctx, const std::string& reader, Json::Value body,
                           SimTime started, int hour, std::uint8_t pair, std::uint8_t service,
                           std::int64_t debit) {
  const std::string id = ctx.request(reader, "term.tap", std::move(body));
  const Duration left =
      Duration{static_cast<std::int64_t>(sc_.timeout_ms * 1e6)} - (ctx.now() - started);
  const TimerId timer = ctx.set_timer(left.count() > 0 ? left : Duration{0}, "t" + id);
  pending_.emplace(id, Pending{started, hour, pair, service, debit, timer});
}

void SimWorkload::on_timer(Context& ctx, TimerId, std::string_view tag) {
  if (tag == "a") {
    arrival(ctx);
    schedule_next(ctx);
    return;
  }
  if (!tag.empty() && tag[0] == 'q') {
    auto q = qr_waits_.find(std::string(tag.substr(1)));
    if (q == qr_waits_.end()) return;
    out_.ended(q->second.hour, pair_names_[q->second.pair], "qr", Outcome::timed_out, "timeout", 0,
               0);
    qr_waits_.erase(q);
    return;
  }
  if (!tag.empty() && tag[0] == 't') {
    auto it = pending_.find(std::string(tag.substr(1)));
    if (it == pending_.end()) return;
    const Pending& p = it->second;
    out_.ended(p.hour, pair_names_[p.pair], scenario::service_names()[p.service],
               Outcome::timed_out, "timeout", 0, 0);
    pending_.erase(it);
  }
}

void SimWorkload::on_message(Context& ctx, const Envelope& msg) {
  if (auto q = qr_waits_.find(msg.id); q != qr_waits_.end()) {
    QrWait w = std::move(q->second);
    qr_waits_.erase(q);
    ctx.cancel_timer(w.timer);
    const std::string status = msg.body.get("status", "E1001").asString();
    const std::uint8_t qr = service_index("qr");
    if (status != "OK" || !msg.body["token"].isString()) {
      out_.ended(w.hour, pair_names_[w.pair], "qr", Outcome::rejected, status,
                 (ctx.now() - w.started).count(), 0);
      return;
    }
    w.tap["token"_k] = msg.body["token"];
    send_tap(ctx, w.reader, std::move(w.tap), w.started, w.hour, w.pair, qr, 0);
    return;
  }
  auto it = pending_.find(msg.id);
  if (it == pending_.end()) return;  // late answer after its time-out: already counted
  const Pending p = it->second;
  pending_.erase(it);
  ctx.cancel_timer(p.timer);
  const std::string status = msg.body.get("status", "E1001").asString();
  const bool ok = status == "OK";
  out_.ended(p.hour, pair_names_[p.pair], scenario::service_names()[p.service],
             ok ? Outcome::completed : Outcome::rejected, status, (ctx.now() - p.sent).count(),
             ok ? p.debit : 0);
}

std::vector<std::string> SimWorkload::terminals_used() const {
  std::vector<std::string> v;
  v.reserve(terminals_.size());
  for (const auto& [k, _] : terminals_) v.push_back(k);
  std::sort(v.begin(), v.end());
  return v;
}

}  // namespace ykt::region
