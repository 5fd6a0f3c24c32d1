/// sysc_check: runs one SystemCRuntime case per process (SystemC cannot restart its kernel) and
/// prints its measurements as one JSON line; tests/sim/systemc/runtime_test.cpp spawns it.
/// Usage: sysc_check mmc <servers> <rho> <customers> <seed> [<ghosts> <spread_s>] | fifo | links |
/// timers | lazy | outage
///        | draws <seed> | park <idle_ms>
#include <json/json.h>

#include <iostream>
#include <map>
#include <optional>
#include <string>
#include <systemc>
#include <vector>

#include "json_util.hpp"
#include "queue_network.hpp"
#include "systemc_runtime.hpp"

namespace {
using namespace ykt;
using namespace ykt::sysc;
using std::chrono::milliseconds;

double ms_of(SimTime t) {
  return static_cast<double>(t.ns) / 1e6;
}

/// Records the simulated time of every message and timer it sees; replies `pong` to `ping`.
class Recorder final : public Actor {
 public:
  void on_message(Context& ctx, const Envelope& m) override {
    Json::Value row;
    row["t_ms"] = ms_of(ctx.now());
    row["type"] = m.type;
    row["from"] = m.from;
    row["id"] = m.id;
    seen.append(row);
    if (m.type == "ping") ctx.reply(m, Json::Value(Json::objectValue));
    if (m.type == "start") {
      Envelope e;
      e.type = "ping";
      e.id = "p1";
      e.to = m.body["peer"].asString();
      ctx.send(std::move(e));
    }
    if (m.type == "timers") {
      ctx.set_timer(milliseconds(30), "t30");
      const TimerId cancelled = ctx.set_timer(milliseconds(20), "t20");
      ctx.set_timer(milliseconds(10), "t10a");
      ctx.set_timer(milliseconds(10), "t10b");
      ctx.cancel_timer(cancelled);
    }
  }
  void on_timer(Context& ctx, TimerId, std::string_view tag) override {
    Json::Value row;
    row["t_ms"] = ms_of(ctx.now());
    row["timer"] = std::string(tag);
    seen.append(row);
  }
  Json::Value seen{Json::arrayValue};
};

/// A lazily created counter that can be parked: its state is the number of messages it saw; a
/// `timer` message sets a 200 ms timer; `refuse` makes it refuse the next park request.
class Parkable final : public Actor {
 public:
  Parkable(Json::Value& log, std::uint64_t count, bool rebuilt)
      : log_(log), count_(count), rebuilt_(rebuilt) {}
  void on_message(Context& ctx, const Envelope& m) override {
    ++count_;
    if (m.type == "timer") ctx.set_timer(milliseconds(200), "t200");
    if (m.type == "refuse") refuse_ = true;
    Json::Value row;
    row["t_ms"] = ms_of(ctx.now());
    row["at"] = ctx.self();
    row["count"] = Json::UInt64(count_);
    row["rebuilt"] = rebuilt_;
    log_.append(row);
  }
  void on_timer(Context& ctx, TimerId, std::string_view tag) override {
    Json::Value row;
    row["t_ms"] = ms_of(ctx.now());
    row["at"] = ctx.self();
    row["timer"] = std::string(tag);
    log_.append(row);
  }
  std::optional<std::string> park() override {
    if (refuse_) {
      refuse_ = false;
      return std::nullopt;
    }
    return std::to_string(count_);
  }

 private:
  Json::Value& log_;
  std::uint64_t count_;
  bool rebuilt_;
  bool refuse_ = false;
};

Envelope msg(const std::string& to, const std::string& type, const std::string& id) {
  Envelope e;
  e.to = to;
  e.type = type;
  e.id = id;
  e.from = "test";
  return e;
}

Json::Value station_json(SystemCRuntime& rt) {
  Json::Value out(Json::arrayValue);
  for (auto& s : rt.stations()) {
    Json::Value j;
    j["name"] = s->name;
    j["arrivals"] = Json::UInt64(s->arrivals);
    j["served"] = Json::UInt64(s->served);
    j["dropped"] = Json::UInt64(s->dropped);
    j["queue_max"] = Json::UInt64(s->queue_max);
    j["wait_mean_ms"] = s->wait_ns.mean() / 1e6;
    j["service_mean_ms"] = s->service_ns.mean() / 1e6;
    j["addresses"] = Json::UInt64(s->addresses);
    out.append(j);
  }
  return out;
}

Json::Value run_case(const std::string& name, char** argv, int argc) {
  Json::Value out;
  if (name == "mmc") {
    if (argc < 6) throw std::runtime_error("mmc <servers> <rho> <customers> <seed>");
    QueueNetworkParams p;
    p.servers = static_cast<std::uint32_t>(std::stoul(argv[2]));
    p.rho = std::stod(argv[3]);
    p.customers = std::stoull(argv[4]);
    p.seed = std::stoull(argv[5]);
    if (argc >= 8) {
      p.ghosts = static_cast<std::uint32_t>(std::stoul(argv[6]));
      p.ghost_spread_s = std::stod(argv[7]);
    }
    const QueueNetworkResult r = run_queue_network(p);
    out["mean_wait_s"] = r.mean_wait_s;
    out["wait_half_width"] = r.wait_half_width;
    out["utilisation"] = r.utilisation;
    out["util_half_width"] = r.util_half_width;
    out["analytic_wait_s"] = r.analytic_wait_s;
    out["analytic_util"] = r.analytic_util;
    out["served"] = Json::UInt64(r.served);
    out["events"] = Json::UInt64(r.events);
    out["wall_s"] = r.wall_s;
    return out;
  }
  SystemCRuntime rt(SimTime{0}, name == "draws" && argc > 2 ? std::stoull(argv[2]) : 7);
  auto a = std::make_shared<Recorder>();
  auto b = std::make_shared<Recorder>();
  if (name == "fifo") {
    StationConfig cfg;
    cfg.servers = 2;
    cfg.service = ServiceTime::constant(0.010);
    rt.add_station_class("srv.*", cfg);
    rt.add("srv.1", a);
    for (int i = 0; i < 5; ++i) rt.inject(msg("srv.1", "job", "j" + std::to_string(i)));
    (void)rt.run_until_idle();
    out["seen"] = a->seen;
  } else if (name == "links") {
    rt.set_placement([](std::string_view addr) {
      return Placement{addr == "a" ? 0U : 1U, addr == "a" ? 0U : 1U};
    });
    rt.set_link_delays({{milliseconds(1), milliseconds(5)}, {milliseconds(5), milliseconds(1)}},
                       {{Duration{0}, milliseconds(2)}, {milliseconds(2), Duration{0}}});
    rt.add("a", a);
    rt.add("b", b);
    Envelope start = msg("a", "start", "s1");
    start.body["peer"] = "b";
    rt.inject(start);
    (void)rt.run(SimTime{std::chrono::nanoseconds(milliseconds(100)).count()});
    rt.set_link_up(0, 1, false);
    rt.inject(start);
    (void)rt.run(SimTime{std::chrono::nanoseconds(milliseconds(200)).count()});
    out["a"] = a->seen;
    out["b"] = b->seen;
    out["link_drops"] = Json::UInt64(rt.link_drops());
  } else if (name == "timers") {
    rt.add("a", a);
    rt.inject(msg("a", "timers", "t"), milliseconds(5));
    (void)rt.run_until_idle();
    out["seen"] = a->seen;
  } else if (name == "lazy") {
    int created = 0;
    std::vector<std::shared_ptr<Recorder>> made;
    rt.add_factory("card.", [&](const std::string& addr) -> std::shared_ptr<Actor> {
      if (addr == "card.none") return nullptr;
      ++created;
      made.push_back(std::make_shared<Recorder>());
      return made.back();
    });
    StationConfig cfg;
    cfg.service = ServiceTime::constant(0.001);
    cfg.per_address_stats = false;
    rt.add_station_class("card.*", cfg);
    for (const char* to : {"card.A", "card.B", "card.A", "card.none", "nobody"})
      rt.inject(msg(to, "job", "x"));
    (void)rt.run_until_idle();
    out["created"] = created;
    out["undeliverable"] = Json::UInt64(rt.undeliverable());
    out["actors"] = Json::UInt64(rt.actor_count());
    out["stations"] = station_json(rt);
  } else if (name == "park") {
    // park <idle_ms>: A idles, is parked and rebuilt by a later message; B waits on a timer; C
    // stays busy past its first FIFO stamp (stale entries); D refuses once; "clock" ticks every
    // 10 ms so the kernel wakes. idle 0: never park (the reference run).
    const double idle_ms = argc > 2 ? std::stod(argv[2]) : 60;
    Json::Value seen(Json::arrayValue), parks(Json::arrayValue);
    std::map<std::string, std::string> held;
    ParkPolicy policy;
    policy.idle = Duration{static_cast<std::int64_t>(idle_ms * 1e6)};
    policy.on_park = [&](const std::string& addr, std::string state) {
      Json::Value row;
      row["t_ms"] = ms_of(rt.now());
      row["at"] = addr;
      row["state"] = state;
      parks.append(row);
      held[addr] = std::move(state);
    };
    policy.unpark = [&](const std::string& addr) -> std::optional<std::string> {
      auto it = held.find(addr);
      if (it == held.end()) return std::nullopt;
      std::string st = std::move(it->second);
      held.erase(it);
      return st;
    };
    rt.add_factory(
        "card.",
        [&](const std::string&, const std::string* parked) -> std::shared_ptr<Actor> {
          return std::make_shared<Parkable>(seen, parked ? std::stoull(*parked) : 0, parked);
        },
        policy);
    rt.add("clock", b);
    for (int t = 0; t <= 400; t += 10) rt.inject(msg("clock", "tick", "k"), milliseconds(t));
    rt.inject(msg("card.A", "job", "a0"));
    rt.inject(msg("card.B", "timer", "b0"));
    rt.inject(msg("card.C", "job", "c0"));
    rt.inject(msg("card.D", "refuse", "d0"));
    auto later = [&](int t, const std::string& to) {
      rt.call_at(SimTime{std::chrono::nanoseconds(milliseconds(t)).count()},
                 [&rt, to] { rt.inject(msg(to, "job", "late")); });
    };
    later(40, "card.C");
    later(80, "card.C");
    later(100, "card.A");
    (void)rt.run(SimTime{std::chrono::nanoseconds(milliseconds(500)).count()});
    out["seen"] = seen;
    out["parks"] = parks;
    out["parked"] = Json::UInt64(rt.parked());
    out["rebuilt"] = Json::UInt64(rt.rebuilt());
    out["actors"] = Json::UInt64(rt.actor_count());
    out["held"] = Json::UInt64(held.size());
  } else if (name == "outage") {
    StationConfig cfg;
    cfg.service = ServiceTime::constant(0.010);
    rt.add_station_class("backend.*", cfg);
    rt.add("backend.1", a);
    rt.call_at(SimTime{std::chrono::nanoseconds(milliseconds(100)).count()},
               [&rt] { rt.set_station_state("backend.*", false); });
    rt.call_at(SimTime{std::chrono::nanoseconds(milliseconds(200)).count()},
               [&rt] { rt.set_station_state("backend.*", true, 2.0); });
    for (int t : {0, 150, 300})
      rt.inject(msg("backend.1", "job", "o" + std::to_string(t)), milliseconds(t));
    (void)rt.run_until_idle();
    out["seen"] = a->seen;
    out["stations"] = station_json(rt);
  } else if (name == "draws") {
    StationConfig cfg;
    cfg.service = ServiceTime::lognormal(0.002, 0.8);
    rt.add_station_class("s", cfg);
    rt.add("s", a);
    for (int i = 0; i < 2000; ++i) rt.inject(msg("s", "job", "d"), milliseconds(i * 10));
    (void)rt.run_until_idle();
    out["stations"] = station_json(rt);
    out["end_ms"] = ms_of(rt.now());
  } else {
    throw std::runtime_error("unknown case " + name);
  }
  out["events"] = Json::UInt64(rt.events());
  return out;
}
}  // namespace

/// Debian's SystemC library references sc_main; this helper has its own main so that the kernel
/// starts lazily inside SystemCRuntime (which silences the banner first).
int sc_main(int, char**) {
  return 2;
}

int main(int argc, char** argv) {
  if (argc < 2) {
    std::cerr << "usage: sysc_check <case> [args]\n";
    return 2;
  }
  try {
    std::cout << ykt::json::compact(run_case(argv[1], argv, argc)) << "\n";
  } catch (const std::exception& e) {
    std::cerr << "sysc_check: " << e.what() << "\n";
    return 2;
  }
  return 0;
}
