#include "replay_driver.hpp"

#include <algorithm>
#include <cmath>
#include <set>

#include "context.hpp"

namespace ykt::app {

ReplayDriver::ReplayDriver(const TapTrace& trace, double speed, Duration timeout)
    : taps_(trace.taps),
      speed_(speed > 0 ? speed : 1.0),
      timeout_(timeout),
      intended_(trace.taps.size()),
      timers_(trace.taps.size(), 0),
      outcomes_(trace.taps.size()) {
  order_.resize(taps_.size());
  for (std::size_t i = 0; i < taps_.size(); ++i) order_[i] = i;
  std::stable_sort(order_.begin(), order_.end(), [this](std::size_t a, std::size_t b) {
    return taps_[a].offset_ms < taps_[b].offset_ms;
  });
}

void ReplayDriver::on_start(Context& ctx) {
  start_ = ctx.now();
  for (std::size_t i = 0; i < taps_.size(); ++i)
    intended_[i] =
        start_ +
        Duration{static_cast<std::int64_t>(std::llround(taps_[i].offset_ms / speed_ * 1e6))};
  send_due(ctx);
}

void ReplayDriver::send_due(Context& ctx) {
  const SimTime now = ctx.now();
  while (next_ < order_.size() && intended_[order_[next_]] <= now) {
    const std::size_t i = order_[next_++];
    const TraceTap& t = taps_[i];
    max_lag_ = std::max(max_lag_, now - intended_[i]);
    const Duration left = intended_[i] + timeout_ - now;
    timers_[i] = ctx.set_timer(left.count() > 0 ? left : Duration{0}, "t" + std::to_string(i));
    if (t.has_qr) {
      // The holder's e-card app asks its issuer for a token first (STD-5), as in the simulation.
      pending_[ctx.request(t.qr.backend, "qr.issue", t.qr.request)] = {i, true};
    } else {
      send_tap(ctx, i, t.body);
    }
  }
  if (next_ < order_.size()) {
    const Duration gap = intended_[order_[next_]] - now;
    (void)ctx.set_timer(gap.count() > 0 ? gap : Duration{0}, "a");
  }
}

void ReplayDriver::send_tap(Context& ctx, std::size_t i, Json::Value body) {
  pending_[ctx.request(taps_[i].reader, "term.tap", std::move(body))] = {i, false};
}

void ReplayDriver::end(std::size_t i, const std::string& status, Json::Value answer, SimTime at) {
  ReplayOutcome& o = outcomes_[i];
  if (!o.status.empty()) return;
  o.status = status;
  o.answer = std::move(answer);
  ++done_;
  if (status == "timeout") return;
  o.latency_ns = (at - intended_[i]).count();
  latency_.record(o.latency_ns);
  by_service_[taps_[i].labels.get("service", "unknown").asString()].record(o.latency_ns);
}

void ReplayDriver::on_timer(Context& ctx, TimerId, std::string_view tag) {
  if (tag == "a") {
    send_due(ctx);
    return;
  }
  if (!tag.empty() && tag[0] == 't') {
    const std::size_t i = std::stoul(std::string(tag.substr(1)));
    if (i < outcomes_.size()) end(i, "timeout", Json::Value(Json::objectValue), ctx.now());
  }
}

void ReplayDriver::on_message(Context& ctx, const Envelope& msg) {
  auto it = pending_.find(msg.id);
  if (it == pending_.end()) return;  // late answer after its time-out: already counted
  const auto [i, is_qr] = it->second;
  pending_.erase(it);
  if (!outcomes_[i].status.empty()) return;
  const std::string status = msg.body.get("status", "E1001").asString();
  if (is_qr) {
    if (status == "OK" && msg.body["token"].isString() && !taps_[i].reader.empty()) {
      Json::Value body = taps_[i].body;
      body["token"] = msg.body["token"];
      send_tap(ctx, i, std::move(body));
      return;
    }
    ctx.cancel_timer(timers_[i]);
    end(i, status == "OK" ? "no_terminal" : status, msg.body, ctx.now());
    return;
  }
  ctx.cancel_timer(timers_[i]);
  end(i, status, msg.body, ctx.now());
}

std::vector<std::string> ReplayDriver::readers() const {
  std::set<std::string> s;
  for (const auto& t : taps_)
    if (!t.reader.empty()) s.insert(t.reader);
  return {s.begin(), s.end()};
}

}  // namespace ykt::app
