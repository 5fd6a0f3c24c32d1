/// Semantics of SystemCRuntime: station queueing, link delays, timers, lazy actors, parking,
/// outages and deterministic random streams. Each case runs in its own sysc_check process.
#include <boost/test/unit_test.hpp>

#include <string>
#include <vector>

#include "spawn.hpp"

namespace {
using ykt::test::run_json;
const std::string kCheck = SYSC_CHECK;

BOOST_AUTO_TEST_SUITE(systemc_runtime)

BOOST_AUTO_TEST_CASE(station_serves_fifo_with_c_servers) {
  // Purpose: a station with 2 servers and 10 ms constant service serves 5 simultaneous jobs
  // FIFO, two at a time, and runs the handler when each service ends (ykt sim semantics, README).
  const Json::Value r = run_json(kCheck + " fifo", 30);
  const Json::Value& seen = r["seen"];
  BOOST_TEST_REQUIRE(seen.size() == 5u);
  const double expect_ms[] = {10, 10, 20, 20, 30};
  for (Json::ArrayIndex i = 0; i < seen.size(); ++i) {
    BOOST_TEST(seen[i]["t_ms"].asDouble() == expect_ms[i]);
    BOOST_TEST(seen[i]["id"].asString() == "j" + std::to_string(i));
  }
}

BOOST_AUTO_TEST_CASE(link_delay_adds_zone_and_role_terms_and_down_links_drop) {
  // Purpose: a message between zones takes zone delay + role delay (5 + 2 ms each way), and a
  // link that is down drops the message and counts it (ykt sim transport model).
  const Json::Value r = run_json(kCheck + " links", 30);
  BOOST_TEST_REQUIRE(r["b"].size() == 1u);
  BOOST_TEST(r["b"][0]["t_ms"].asDouble() == 7.0);
  BOOST_TEST(r["b"][0]["from"].asString() == "a");
  // a: "start" at 0 then "ping.rsp" at 14 ms; the second start at 100 ms yields no reply.
  BOOST_TEST_REQUIRE(r["a"].size() == 3u);
  BOOST_TEST(r["a"][1]["type"].asString() == "ping.rsp");
  BOOST_TEST(r["a"][1]["t_ms"].asDouble() == 14.0);
  BOOST_TEST(r["link_drops"].asUInt64() == 1u);
}

BOOST_AUTO_TEST_CASE(timers_fire_in_time_then_sequence_order_and_cancel_works) {
  // Purpose: timers fire at their time, ties in the order they were set, a cancelled timer
  // never fires (Context::cancel_timer contract).
  const Json::Value r = run_json(kCheck + " timers", 30);
  const Json::Value& seen = r["seen"];
  BOOST_TEST_REQUIRE(seen.size() == 4u);
  BOOST_TEST(seen[1]["timer"].asString() == "t10a");
  BOOST_TEST(seen[1]["t_ms"].asDouble() == 15.0);
  BOOST_TEST(seen[2]["timer"].asString() == "t10b");
  BOOST_TEST(seen[3]["timer"].asString() == "t30");
  BOOST_TEST(seen[3]["t_ms"].asDouble() == 35.0);
}

BOOST_AUTO_TEST_CASE(lazy_actors_are_created_once_on_first_message) {
  // Purpose: a factory creates an actor the first time a message reaches its address, once;
  // addresses nobody holds count as undeliverable (ykt sim lazy cardholders).
  const Json::Value r = run_json(kCheck + " lazy", 30);
  BOOST_TEST(r["created"].asInt() == 2);
  BOOST_TEST(r["undeliverable"].asUInt64() == 2u);
  BOOST_TEST(r["actors"].asUInt64() == 2u);
  BOOST_TEST_REQUIRE(r["stations"].size() == 1u);
  BOOST_TEST(r["stations"][0]["name"].asString() == "card.*");
  BOOST_TEST(r["stations"][0]["addresses"].asUInt64() == 2u);
  BOOST_TEST(r["stations"][0]["served"].asUInt64() == 3u);
}

BOOST_AUTO_TEST_CASE(outage_drops_and_degradation_scales_service) {
  // Purpose: a station that is down drops arrivals; after recovery with factor 2 its service
  // time doubles (scenario events: outage and degradation windows).
  const Json::Value r = run_json(kCheck + " outage", 30);
  const Json::Value& seen = r["seen"];
  BOOST_TEST_REQUIRE(seen.size() == 2u);
  BOOST_TEST(seen[0]["t_ms"].asDouble() == 10.0);
  BOOST_TEST(seen[1]["t_ms"].asDouble() == 320.0);
  BOOST_TEST(r["stations"][0]["dropped"].asUInt64() == 1u);
}

BOOST_AUTO_TEST_CASE(random_streams_are_deterministic_per_seed) {
  // Purpose: the same seed gives identical service draws, another seed different ones, and the
  // lognormal mean is near its parameter (determinism requirement of ykt simulate).
  const Json::Value a = run_json(kCheck + " draws 11", 30);
  const Json::Value b = run_json(kCheck + " draws 11", 30);
  const Json::Value c = run_json(kCheck + " draws 12", 30);
  const double ma = a["stations"][0]["service_mean_ms"].asDouble();
  BOOST_TEST(ma == b["stations"][0]["service_mean_ms"].asDouble());
  BOOST_TEST(ma != c["stations"][0]["service_mean_ms"].asDouble());
  BOOST_TEST(ma > 1.8);
  BOOST_TEST(ma < 2.2);
}

/// The parks of `r` at address `at`: "t_ms:state" each.
std::vector<std::string> parks_of(const Json::Value& r, const std::string& at) {
  std::vector<std::string> out;
  for (const auto& p : r["parks"])
    if (p["at"].asString() == at)
      out.push_back(std::to_string(p["t_ms"].asInt()) + ":" + p["state"].asString());
  return out;
}

BOOST_AUTO_TEST_CASE(idle_actor_is_parked_and_rebuilt_with_its_state_by_the_next_message) {
  // Purpose: a lazy actor idle for 60 ms is parked (its state handed to the owner, the actor
  // gone), the next message rebuilds it through the factory with that state, and every handler
  // sees exactly what it sees in a run without parking (ykt simulate card parking).
  const Json::Value r = run_json(kCheck + " park 60", 30);
  const Json::Value ref = run_json(kCheck + " park 0", 30);
  BOOST_TEST(parks_of(r, "card.A") == (std::vector<std::string>{"60:1", "160:2"}),
             boost::test_tools::per_element());
  BOOST_TEST(r["parked"].asUInt64() == 5u);
  BOOST_TEST(r["rebuilt"].asUInt64() == 1u);
  BOOST_TEST(r["actors"].asUInt64() == 1u);  // only the clock is left
  BOOST_TEST(r["held"].asUInt64() == 4u);
  BOOST_TEST(ref["parked"].asUInt64() == 0u);
  BOOST_TEST(ref["actors"].asUInt64() == 5u);
  Json::Value a = r["seen"], b = ref["seen"];
  BOOST_TEST_REQUIRE(a.size() == b.size());
  int rebuilt = 0;
  for (Json::ArrayIndex i = 0; i < a.size(); ++i) {
    rebuilt += a[i]["rebuilt"].asBool() ? 1 : 0;
    a[i].removeMember("rebuilt");
    b[i].removeMember("rebuilt");
    BOOST_TEST((a[i] == b[i]), "row " << i);
  }
  BOOST_TEST(rebuilt == 1);  // A at 100 ms, count 2: its count survived the park
  BOOST_TEST(r["events"].asUInt64() == ref["events"].asUInt64());
}

BOOST_AUTO_TEST_CASE(actor_with_a_pending_timer_is_not_parked_until_idle_after_it_fires) {
  // Purpose: a pending timer keeps an actor resident; it is parked one idle span after the timer
  // fired (200 + 60 ms), never while the timer is pending.
  const Json::Value r = run_json(kCheck + " park 60", 30);
  BOOST_TEST(parks_of(r, "card.B") == (std::vector<std::string>{"260:1"}),
             boost::test_tools::per_element());
  bool fired = false;
  for (const auto& row : r["seen"])
    if (row["at"].asString() == "card.B" && row["timer"].asString() == "t200")
      fired = row["t_ms"].asDouble() == 200.0;
  BOOST_TEST(fired);
}

BOOST_AUTO_TEST_CASE(stale_queue_entries_are_skipped_and_refused_parks_retried) {
  // Purpose: an actor active again before its queued stamp is due (messages at 40 and 80 ms) is
  // not parked at the stale stamp but 60 ms after its last activity, and an actor that refuses
  // to park is asked again one idle span later.
  const Json::Value r = run_json(kCheck + " park 60", 30);
  BOOST_TEST(parks_of(r, "card.C") == (std::vector<std::string>{"140:3"}),
             boost::test_tools::per_element());
  BOOST_TEST(parks_of(r, "card.D") == (std::vector<std::string>{"120:1"}),
             boost::test_tools::per_element());
}

BOOST_AUTO_TEST_SUITE_END()
}  // namespace
