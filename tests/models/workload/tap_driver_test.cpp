#define BOOST_TEST_MODULE ykt workload driver
#include <boost/test/unit_test.hpp>

#include "local_runtime.hpp"
#include "workload/tap_driver.hpp"

using namespace ykt;

namespace {
/// A terminal stand-in that answers after a fixed delay, or never for every `drop_every`-th tap.
class DelayedTerminal final : public Actor {
 public:
  DelayedTerminal(Duration delay, int drop_every) : delay_(delay), drop_every_(drop_every) {}
  void on_message(Context& ctx, const Envelope& m) override {
    if (drop_every_ > 0 && ++n_ % drop_every_ == 0) return;
    waiting_[ctx.set_timer(delay_, "answer")] = m;
  }
  void on_timer(Context& ctx, TimerId id, std::string_view) override {
    Json::Value b;
    b["status"] = "OK";
    b["card_ms"] = 120.0;
    ctx.reply(waiting_[id], b);
    waiting_.erase(id);
  }

 private:
  Duration delay_;
  int drop_every_;
  int n_ = 0;
  std::map<TimerId, Envelope> waiting_;
};

std::shared_ptr<TapDriver> run(Duration delay, int drop_every, LocalRuntime& rt) {
  TapDriverConfig cfg;
  cfg.rate_per_s = 100;
  cfg.run_for = std::chrono::seconds(20);
  cfg.timeout = std::chrono::seconds(1);
  auto driver = std::make_shared<TapDriver>(cfg, [](std::mt19937_64&) {
    return PlannedTap{"reader.310000000001", Json::Value(Json::objectValue), "transit",
                      "310000>310000"};
  });
  rt.add("reader.310000000001", std::make_shared<DelayedTerminal>(delay, drop_every));
  rt.add("driver", driver);
  rt.run();
  return driver;
}
}  // namespace

// Purpose: every tap ends answered or timed out, and latency is measured from the intended
// send time (issue 2 §5 demo summary; README "Measuring").
BOOST_AUTO_TEST_CASE(conserves_and_times_from_intended_send) {
  LocalRuntime rt(SimTime{0}, std::chrono::milliseconds(1));
  auto d = run(std::chrono::milliseconds(50), 10, rt);
  const TapResults& r = d->results();
  BOOST_TEST(d->finished());
  BOOST_TEST(r.sent > 1500u);  // ~2000 expected at 100/s for 20 s
  BOOST_TEST(r.sent < 2500u);
  BOOST_TEST(r.answered + r.timed_out == r.sent);
  BOOST_TEST(r.timed_out * 10 >= r.sent - 10);
  // 1 ms there + 50 ms service + 1 ms back, to bucket precision.
  BOOST_TEST(r.latency.quantile(0.5) >= 51'000'000);
  BOOST_TEST(r.latency.quantile(0.5) <= 53'000'000);
}
