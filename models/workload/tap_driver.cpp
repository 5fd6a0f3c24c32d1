#include "tap_driver.hpp"

#include "pii.hpp"

namespace ykt {

TapDriver::TapDriver(TapDriverConfig config, TapSource source)
    : config_(config), source_(std::move(source)), rng_(config.seed), gap_(config.rate_per_s) {}

void TapDriver::on_start(Context& ctx) {
  start_ = ctx.now();
  next_arrival_ = start_;
  schedule_next(ctx);
}

void TapDriver::schedule_next(Context& ctx) {
  next_arrival_ = next_arrival_ + std::chrono::duration_cast<Duration>(
                                      std::chrono::duration<double>(gap_(rng_)));
  if (next_arrival_ - start_ >= config_.run_for) {
    stopped_ = true;
    return;
  }
  const Duration wait = next_arrival_ - ctx.now();
  ctx.set_timer(wait.count() > 0 ? wait : Duration{0}, "arrival");
}

void TapDriver::on_timer(Context& ctx, TimerId, std::string_view tag) {
  if (tag == "arrival") {
    // Every arrival due by now is sent, each timed from its own intended instant: a slow system
    // delays the sends but cannot hide the delay from the measurement.
    const SimTime intended = next_arrival_;
    if (pending_.size() >= config_.max_in_flight) {
      ++results_.shed;
    } else {
      PlannedTap tap = source_(rng_);
      const std::string id = ctx.request(tap.reader, "term.tap", std::move(tap.body));
      const TimerId t = ctx.set_timer(config_.timeout - (ctx.now() - intended), "timeout:" + id);
      pending_[id] = Pending{intended, std::move(tap.service), std::move(tap.pair), t};
      ++results_.sent;
    }
    schedule_next(ctx);
    return;
  }
  if (tag.substr(0, 8) == "timeout:") {
    auto it = pending_.find(std::string(tag.substr(8)));
    if (it == pending_.end()) return;
    ++results_.timed_out;
    ++results_.by_status["timeout"];
    ++results_.by_service_status[it->second.service]["timeout"];
    pending_.erase(it);
  }
}

void TapDriver::on_message(Context& ctx, const Envelope& msg) {
  auto it = pending_.find(msg.id);
  if (it == pending_.end()) return;  // late answer after its time-out: already counted
  Pending p = std::move(it->second);
  pending_.erase(it);
  ctx.cancel_timer(p.timeout);
  const std::string status = msg.body.get("status", "E1001").asString();
  ++results_.answered;
  ++results_.by_status[status];
  if (status != "OK" && !results_.first_reason.count(status))
    results_.first_reason[status] = p.service + ": " + msg.body.get("reason", "").asString();
  ++results_.by_service_status[p.service][status];
  ++results_.by_pair[p.pair];
  const std::int64_t ns = (ctx.now() - p.intended).count();
  results_.latency.record(ns);
  results_.latency_by_service[p.service].record(ns);
  if (msg.body.isMember("card_ms")) {
    const double card_ms = msg.body["card_ms"].asDouble();
    results_.card_ms.record(static_cast<std::int64_t>(card_ms * 1e6));
    if (card_ms > 400.0) ++results_.over_budget;
  }
}

Json::Value TapDriver::results_json() const {
  Json::Value j;
  j["sent"] = Json::UInt64(results_.sent);
  j["answered"] = Json::UInt64(results_.answered);
  j["timed_out"] = Json::UInt64(results_.timed_out);
  j["shed"] = Json::UInt64(results_.shed);
  j["over_400ms_card_budget"] = Json::UInt64(results_.over_budget);
  for (const auto& [k, v] : results_.by_status) j["by_status"][k] = Json::UInt64(v);
  for (const auto& [svc, m] : results_.by_service_status)
    for (const auto& [k, v] : m) j["by_service"][svc][k] = Json::UInt64(v);
  for (const auto& [k, v] : results_.first_reason) j["first_reason"][k] = pii::mask_text(v);
  for (const auto& [k, v] : results_.by_pair) j["by_pair"][k] = Json::UInt64(v);
  j["latency"] = results_.latency.summary_ms();
  for (const auto& [svc, h] : results_.latency_by_service) j["latency_by_service"][svc] = h.summary_ms();
  j["card_time"] = results_.card_ms.summary_ms();
  return j;
}

}  // namespace ykt
