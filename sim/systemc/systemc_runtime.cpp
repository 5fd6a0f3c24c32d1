#include "systemc_runtime.hpp"

#include <algorithm>
#include <chrono>
#include <cstdlib>

// SystemC prints a banner on kernel start-up unless this is set; ykt's stdout stays clean.
#include <systemc>

#include "pii.hpp"

namespace ykt::sysc {
namespace {
double wall_seconds() {
  using namespace std::chrono;
  return duration<double>(steady_clock::now().time_since_epoch()).count();
}
}  // namespace

/// One actor as seen by the runtime: its Context, its place in the delay model, its servers.
class SystemCRuntime::Record final : public Context {
 public:
  Record(SystemCRuntime& rt, std::string addr, std::shared_ptr<Actor> a)
      : rt_(rt), address(std::move(addr)), actor(std::move(a)) {}
  SimTime now() const override { return rt_.now(); }
  const std::string& self() const override { return address; }
  void send(Envelope e) override { rt_.send_from(this, e); }
  TimerId set_timer(Duration after, std::string tag) override {
    const std::uint32_t s = rt_.alloc_slot();
    Slot& slot = rt_.slot_at(s);
    slot.tag = std::move(tag);
    rt_.bind(slot, this);
    rt_.push(rt_.now_ns_ + std::max<std::int64_t>(0, after.count()), Kind::timer, s);
    return (static_cast<TimerId>(slot.gen) << 32) | s;
  }
  void cancel_timer(TimerId id) override {
    const auto s = static_cast<std::uint32_t>(id & 0xffffffffU);
    const auto gen = static_cast<std::uint32_t>(id >> 32);
    if (s < rt_.slot_count_ && rt_.slot_at(s).gen == gen && rt_.slot_at(s).rec == this)
      rt_.slot_at(s).cancelled = true;
  }
  std::string new_id() override {
    std::string id;  // one allocation: `address-N` built in place
    id.reserve(address.size() + 21);
    id.append(address).push_back('-');
    id.append(std::to_string(++rt_.next_id_));
    return id;
  }
  void log(LogLevel, std::string_view text) override { rt_.log_line(*this, text); }

  SystemCRuntime& rt_;
  std::string address;
  std::shared_ptr<Actor> actor;
  Placement place;
  StationStats* stats = nullptr;  // null: not a station
  const StationConfig* cfg = nullptr;
  RngStream* rng = nullptr;
  std::unique_ptr<RngStream> own_rng;
  FactoryRule* rule = nullptr;  // set when the record may be parked
  std::int64_t active_ns = 0;   // last message in or out, or timer fired
  std::uint32_t refs = 0;       // slots bound to this record (messages, timers)
  std::uint32_t busy = 0;
  std::uint32_t ghost_index = 0;       // index + 1 in ghost_stations_; 0 = no ghosts
  std::uint32_t qhead = 0, qtail = 0;  // slot index + 1 of the FIFO ends; 0 = empty
  bool up = true;
  double factor = 1.0;
};

/// The single sc_module: an SC_METHOD woken by one sc_event drains every event due now.
class SystemCRuntime::KernelQueue final : public sc_core::sc_module {
 public:
  KernelQueue(sc_core::sc_module_name name, SystemCRuntime& rt) : sc_module(name), rt_(rt) {
    SC_HAS_PROCESS(KernelQueue);
    SC_METHOD(dispatch);
    sensitive << wake;
    dont_initialize();
  }
  void dispatch() { rt_.drain(static_cast<std::int64_t>(sc_core::sc_time_stamp().value())); }
  sc_core::sc_event wake;

 private:
  SystemCRuntime& rt_;
};

SystemCRuntime::SystemCRuntime(SimTime start, std::uint64_t seed) : start_(start), seed_(seed) {
  setenv("SYSTEMC_DISABLE_COPYRIGHT_MESSAGE", "1", 0);
  sc_core::sc_set_time_resolution(1, sc_core::SC_NS);
  kernel_ = std::make_unique<KernelQueue>("ykt_kernel", *this);
}

SystemCRuntime::~SystemCRuntime() = default;

SimTime SystemCRuntime::now() const {
  return SimTime{start_.ns + now_ns_};
}

std::uint32_t SystemCRuntime::alloc_slot() {
  if (free_head_) {  // LIFO, like the vector it replaced: same slot numbers, same timer ids
    const std::uint32_t s = free_head_ - 1;
    Slot& slot = slot_at(s);
    free_head_ = slot.next;
    slot.next = 0;
    return s;
  }
  if ((slot_count_ >> kChunkBits) >= chunks_.size())
    chunks_.push_back(std::make_unique<Slot[]>(std::size_t{1} << kChunkBits));
  return slot_count_++;
}

void SystemCRuntime::bind(Slot& slot, Record* rec) {
  slot.rec = rec;
  if (rec) ++rec->refs;
}

void SystemCRuntime::free_slot(std::uint32_t s) {
  Slot& slot = slot_at(s);
  if (slot.rec) {  // the message was handled or dropped, or the timer fired: activity
    --slot.rec->refs;
    slot.rec->active_ns = now_ns_;
  }
  slot.rec = nullptr;
  slot.cancelled = false;
  slot.ghost = false;
  if (slot.fn) slot.fn = nullptr;
  ++slot.gen;
  slot.next = free_head_;  // a free slot is in no station FIFO: `next` links the free list
  free_head_ = s + 1;
}

void SystemCRuntime::move_into(Envelope& dst, Envelope& src) {
  // Strings are move-assigned (cheaper than swapping short strings); the body swaps its payload
  // only: Json::Value's move assignment would also swap comment storage.
  dst.type = std::move(src.type);
  dst.id = std::move(src.id);
  dst.from = std::move(src.from);
  dst.to = std::move(src.to);
  dst.body.swapPayload(src.body);
  dst.is_reply = src.is_reply;
}

void SystemCRuntime::push(std::int64_t at, Kind kind, std::uint32_t slot) {
  // Sift the hole up from the new leaf; the parent of i is (i - 1) / 4.
  const Event ev{at, ++seq_, slot, kind};
  std::size_t i = heap_.size();
  heap_.push_back(ev);
  while (i > 0) {
    const std::size_t parent = (i - 1) / 4;
    if (!before(ev, heap_[parent])) break;
    heap_[i] = heap_[parent];
    i = parent;
  }
  heap_[i] = ev;
}

SystemCRuntime::Event SystemCRuntime::pop() {
  // Take the root, then sift the last leaf down from the root through the smallest children.
  const Event top = heap_.front();
  const Event last = heap_.back();
  heap_.pop_back();
  const std::size_t n = heap_.size();
  if (n == 0) return top;
  std::size_t i = 0;
  for (;;) {
    const std::size_t first = 4 * i + 1;
    if (first >= n) break;
    std::size_t best = first;
    const std::size_t end = std::min(first + 4, n);
    for (std::size_t k = first + 1; k < end; ++k)
      if (before(heap_[k], heap_[best])) best = k;
    if (!before(heap_[best], last)) break;
    heap_[i] = heap_[best];
    i = best;
  }
  heap_[i] = last;
  return top;
}

bool SystemCRuntime::matches(const std::string& pattern, std::string_view address) {
  if (!pattern.empty() && pattern.back() == '*')
    return address.substr(0, pattern.size() - 1) ==
           std::string_view(pattern).substr(0, pattern.size() - 1);
  return address == pattern;
}

void SystemCRuntime::add(const std::string& address, std::shared_ptr<Actor> actor) {
  create(address, std::move(actor));
}

void SystemCRuntime::add_factory(
    std::string prefix, std::function<std::shared_ptr<Actor>(const std::string&)> factory) {
  add_factory(
      std::move(prefix),
      [f = std::move(factory)](const std::string& address, const std::string*) {
        return f(address);
      },
      ParkPolicy{});
}

void SystemCRuntime::add_factory(std::string prefix, ActorFactory factory, ParkPolicy policy) {
  auto rule = std::make_unique<FactoryRule>();
  rule->prefix = std::move(prefix);
  rule->factory = std::move(factory);
  rule->park = std::move(policy);
  factories_.push_back(std::move(rule));
}

void SystemCRuntime::add_station_class(std::string pattern, StationConfig config) {
  auto rule = std::make_unique<StationRule>();
  rule->pattern = std::move(pattern);
  rule->config = std::move(config);
  station_rules_.push_back(std::move(rule));
}

void SystemCRuntime::set_placement(std::function<Placement(std::string_view)> place) {
  place_ = std::move(place);
}

void SystemCRuntime::set_link_delays(std::vector<std::vector<Duration>> zone_delay,
                                     std::vector<std::vector<Duration>> role_delay) {
  auto convert = [](const std::vector<std::vector<Duration>>& m) {
    std::vector<std::vector<std::int64_t>> out(m.size());
    for (std::size_t i = 0; i < m.size(); ++i)
      for (auto d : m[i]) out[i].push_back(d.count());
    return out;
  };
  zone_delay_ = convert(zone_delay);
  role_delay_ = convert(role_delay);
}

void SystemCRuntime::set_link_up(std::uint32_t a, std::uint32_t b, bool up) {
  const std::size_t n = std::max<std::size_t>({zone_down_.size(), a + 1U, b + 1U});
  zone_down_.resize(n);
  for (auto& row : zone_down_) row.resize(n, false);
  zone_down_[a][b] = zone_down_[b][a] = !up;
}

void SystemCRuntime::set_station_state(const std::string& pattern, bool up, double factor) {
  state_rules_.push_back(StateRule{pattern, up, factor});
  for (auto& [addr, rec] : actors_) {
    if (rec->stats && matches(pattern, addr)) {
      rec->up = up;
      rec->factor = factor;
    }
  }
}

std::int64_t SystemCRuntime::link_delay(const Placement& a, const Placement& b, bool& up) const {
  up = !(a.zone < zone_down_.size() && b.zone < zone_down_.size() && zone_down_[a.zone][b.zone]);
  std::int64_t d = 0;
  if (a.zone < zone_delay_.size() && b.zone < zone_delay_[a.zone].size())
    d += zone_delay_[a.zone][b.zone];
  if (a.role < role_delay_.size() && b.role < role_delay_[a.role].size())
    d += role_delay_[a.role][b.role];
  return d;
}

SystemCRuntime::Record* SystemCRuntime::create(const std::string& address,
                                               std::shared_ptr<Actor> actor, FactoryRule* rule,
                                               bool rebuilt) {
  auto rec = std::make_unique<Record>(*this, address, std::move(actor));
  Record* r = rec.get();
  r->active_ns = now_ns_;
  if (place_) r->place = place_(address);
  // Station class: an exact pattern wins, else the longest matching prefix pattern.
  StationRule* best = nullptr;
  for (auto& rule : station_rules_) {
    if (!matches(rule->pattern, address)) continue;
    if (rule->pattern == address) {
      best = rule.get();
      break;
    }
    if (!best || rule->pattern.size() > best->pattern.size()) best = rule.get();
  }
  if (best) {
    r->cfg = &best->config;
    if (best->config.per_address_stats) {
      stats_.push_back(std::make_unique<StationStats>());
      r->stats = stats_.back().get();
      r->stats->name = address;
      r->own_rng = std::make_unique<RngStream>(seed_, "station:" + address);
      r->rng = r->own_rng.get();
    } else {
      if (!best->shared) {
        stats_.push_back(std::make_unique<StationStats>());
        best->shared = stats_.back().get();
        best->shared->name = best->pattern;
        best->shared_rng = std::make_unique<RngStream>(seed_, "station:" + best->pattern);
      }
      r->stats = best->shared;
      r->rng = best->shared_rng.get();
    }
    if (best->config.ghosts > 0 && best->config.per_address_stats) {
      ghost_stations_.push_back(r);
      r->ghost_index = static_cast<std::uint32_t>(ghost_stations_.size());
      if (!ghost_rng_) ghost_rng_ = std::make_unique<RngStream>(seed_, "ghosts");
    }
    r->stats->servers = best->config.servers;
    r->stats->advance(now_ns_);
    if (!rebuilt) ++r->stats->addresses;  // a parked address rebuilt is not a new one
    for (const auto& s : state_rules_) {
      if (matches(s.pattern, address)) {
        r->up = s.up;
        r->factor = s.factor;
      }
    }
  }
  actors_.emplace(std::string_view(r->address), std::move(rec));
  // An idle station address holds nothing but its actor (no server busy, no queue: both would
  // bind slots to it), so it may park unless it keeps statistics of its own.
  const bool parkable = !r->stats || !r->cfg->per_address_stats;
  if (rule && rule->park.idle.count() > 0 && rule->park.on_park && parkable && r->actor) {
    r->rule = rule;
    queue_for_parking(*rule, r, now_ns_);
  }
  if (r->actor) r->actor->on_start(*r);
  return r;
}

SystemCRuntime::Record* SystemCRuntime::lookup_or_create(const std::string& address) {
  if (last_ && last_->address == address) return last_;  // streams of messages to one address
  auto it = actors_.find(std::string_view(address));
  if (it != actors_.end()) return last_ = it->second.get();
  for (auto& rule : factories_) {
    if (address.compare(0, rule->prefix.size(), rule->prefix) != 0) continue;
    std::optional<std::string> parked;
    if (rule->park.unpark) parked = rule->park.unpark(address);
    if (auto actor = rule->factory(address, parked ? &*parked : nullptr)) {
      if (parked) ++rebuilt_;
      return create(address, std::move(actor), rule.get(), parked.has_value());
    }
  }
  return nullptr;
}

bool SystemCRuntime::park(Record* rec) {
  std::optional<std::string> state = rec->actor->park();
  if (!state) return false;
  auto it = actors_.find(std::string_view(rec->address));
  std::unique_ptr<Record> owned = std::move(it->second);
  actors_.erase(it);
  if (last_ == rec) last_ = nullptr;
  ++parked_;
  rec->rule->park.on_park(rec->address, std::move(*state));
  return true;  // `owned` destroys the record and, with it, the runtime's hold on the actor
}

void SystemCRuntime::queue_for_parking(FactoryRule& rule, Record* rec, std::int64_t stamp) {
  rule.queue.push_back(ParkEntry{stamp, ++park_seq_, rec});
  std::push_heap(rule.queue.begin(), rule.queue.end(), later);
}

void SystemCRuntime::sweep_parking() {
  // Only the top of each class's queue is looked at (no scan): an entry is due when its stamp is
  // `idle` old. A record active since it was queued is a stale entry: re-queued at its newer
  // stamp. One that is busy (messages or timers bound to it) or refuses is re-queued from now.
  for (auto& rule : factories_) {
    auto& q = rule->queue;
    const std::int64_t idle = rule->park.idle.count();
    while (!q.empty() && q.front().stamp + idle <= now_ns_) {
      std::pop_heap(q.begin(), q.end(), later);
      const ParkEntry e = q.back();
      q.pop_back();
      if (e.rec->active_ns > e.stamp)
        queue_for_parking(*rule, e.rec, e.rec->active_ns);
      else if (e.rec->refs != 0 || !park(e.rec))
        queue_for_parking(*rule, e.rec, now_ns_);
    }
  }
}

Actor* SystemCRuntime::find(std::string_view address) const {
  auto it = actors_.find(address);
  return it == actors_.end() ? nullptr : it->second->actor.get();
}

void SystemCRuntime::send_from(Record* from, Envelope& e) {
  if (from) from->active_ns = now_ns_;
  Record* to = lookup_or_create(e.to);
  const Placement src = from ? from->place : Placement{};
  const Placement dst = to ? to->place : (place_ ? place_(e.to) : Placement{});
  bool up = true;
  const std::int64_t delay = link_delay(src, dst, up);
  if (!up) {
    ++link_drops_;
    return;
  }
  const std::uint32_t s = alloc_slot();
  Slot& slot = slot_at(s);
  move_into(slot.env, e);
  if (from) slot.env.from = from->address;  // copied into the slot's own buffer
  bind(slot, to);
  // A zero-delay arrival at a station runs no actor code: queue it at once (same instant).
  if (delay == 0 && to && to->stats) {
    arrive(s);
    return;
  }
  push(now_ns_ + delay, Kind::arrive, s);
}

void SystemCRuntime::inject(Envelope e, Duration after) {
  const std::uint32_t s = alloc_slot();
  Record* to = lookup_or_create(e.to);  // after alloc_slot, as before: same slot numbers
  Slot& slot = slot_at(s);
  bind(slot, to);
  move_into(slot.env, e);
  push(now_ns_ + std::max<std::int64_t>(0, after.count()), Kind::arrive, s);
}

void SystemCRuntime::call_at(SimTime at, std::function<void()> fn) {
  const std::uint32_t s = alloc_slot();
  slot_at(s).fn = std::move(fn);
  push(std::max(now_ns_, at.ns - start_.ns), Kind::call, s);
}

void SystemCRuntime::arrive(std::uint32_t s) {
  Slot& slot = slot_at(s);
  Record* rec = slot.rec ? slot.rec : lookup_or_create(slot.env.to);
  if (!rec || !rec->actor) {
    ++undeliverable_;
    free_slot(s);
    return;
  }
  if (!slot.rec) bind(slot, rec);
  if (!rec->stats) {
    if (observer_) observer_(slot.env);
    rec->actor->on_message(*rec, slot.env);
    free_slot(s);
    return;
  }
  StationStats& st = *rec->stats;
  // Ghosts come with every message, dropped or not: they stand for other transactions' messages,
  // which meet whatever state the station is in when they arrive.
  if (rec->ghost_index && (!ghost_filter_ || ghost_filter_(slot.env))) spawn_ghosts(rec);
  if (!rec->up) {
    ++st.dropped;
    free_slot(s);
    return;
  }
  st.advance(now_ns_);
  ++st.arrivals;
  slot.enq_ns = now_ns_;
  if (rec->busy < rec->cfg->servers) {
    start_service(rec, s);
    return;
  }
  slot.next = 0;
  if (rec->qtail)
    slot_at(rec->qtail - 1).next = s + 1;
  else
    rec->qhead = s + 1;
  rec->qtail = s + 1;
  ++st.queued;
  if (st.queued > st.queue_max) st.queue_max = st.queued;
}

void SystemCRuntime::start_service(Record* rec, std::uint32_t s) {
  StationStats& st = *rec->stats;
  ++rec->busy;
  ++st.busy;
  st.wait_ns.add(now_ns_ - slot_at(s).enq_ns);
  const Duration d = rec->cfg->service.draw(*rec->rng, rec->factor);
  st.service_ns.add(d.count());
  if (slot_at(s).ghost) {  // a ghost leaves the FIFO: its slot is free, its end is an event
    free_slot(s);
    push(now_ns_ + d.count(), Kind::ghost_done, rec->ghost_index - 1);
    return;
  }
  push(now_ns_ + d.count(), Kind::done, s);
}

void SystemCRuntime::spawn_ghosts(Record* rec) {
  const auto spread =
      static_cast<double>(ghost_spread_override_.value_or(rec->cfg->ghost_spread).count());
  for (std::uint32_t i = 0; i < rec->cfg->ghosts; ++i) {
    const auto after = static_cast<std::int64_t>(ghost_rng_->uniform() * spread);
    push(now_ns_ + after, Kind::ghost_arrive, rec->ghost_index - 1);
  }
}

void SystemCRuntime::ghost_arrive(std::uint32_t station) {
  Record* rec = ghost_stations_[station];
  StationStats& st = *rec->stats;
  ++st.ghosts;
  if (!rec->up) {
    ++st.dropped;
    return;
  }
  st.advance(now_ns_);
  ++st.arrivals;
  if (rec->busy < rec->cfg->servers) {  // straight into service: no slot needed
    ++rec->busy;
    ++st.busy;
    st.wait_ns.add(0);
    const Duration d = rec->cfg->service.draw(*rec->rng, rec->factor);
    st.service_ns.add(d.count());
    push(now_ns_ + d.count(), Kind::ghost_done, station);
    return;
  }
  const std::uint32_t s = alloc_slot();
  Slot& slot = slot_at(s);
  slot.ghost = true;
  slot.enq_ns = now_ns_;
  slot.next = 0;
  if (rec->qtail)
    slot_at(rec->qtail - 1).next = s + 1;
  else
    rec->qhead = s + 1;
  rec->qtail = s + 1;
  ++st.queued;
  if (st.queued > st.queue_max) st.queue_max = st.queued;
}

void SystemCRuntime::ghost_done(std::uint32_t station) {
  release_server(ghost_stations_[station]);
}

void SystemCRuntime::release_server(Record* rec) {
  StationStats& st = *rec->stats;
  st.advance(now_ns_);
  ++st.served;
  --rec->busy;
  --st.busy;
  if (rec->qhead) {
    const std::uint32_t next = rec->qhead - 1;
    rec->qhead = slot_at(next).next;
    if (!rec->qhead) rec->qtail = 0;
    --st.queued;
    start_service(rec, next);
  }
}

void SystemCRuntime::complete(std::uint32_t s) {
  Record* rec = slot_at(s).rec;
  release_server(rec);  // the next message starts service before this one's handler runs
  if (observer_) observer_(slot_at(s).env);
  rec->actor->on_message(*rec, slot_at(s).env);
  free_slot(s);
}

void SystemCRuntime::drain(std::int64_t now_ns) {
  now_ns_ = now_ns;
  while (!heap_.empty() && heap_.front().at <= now_ns) {
    const Event ev = pop();
    ++events_;
    switch (ev.kind) {
      case Kind::arrive:
        arrive(ev.slot);
        break;
      case Kind::done:
        complete(ev.slot);
        break;
      case Kind::ghost_arrive:
        ghost_arrive(ev.slot);
        break;
      case Kind::ghost_done:
        ghost_done(ev.slot);
        break;
      case Kind::timer: {
        Slot& slot = slot_at(ev.slot);
        if (!slot.cancelled) {
          const TimerId id = (static_cast<TimerId>(slot.gen) << 32) | ev.slot;
          slot.rec->actor->on_timer(*slot.rec, id, slot.tag);
        }
        free_slot(ev.slot);
        break;
      }
      case Kind::call: {
        auto fn = std::move(slot_at(ev.slot).fn);
        free_slot(ev.slot);
        fn();
        break;
      }
    }
    if (progress_ && (events_ & 0x3fff) == 0) {
      const double w = wall_seconds();
      if (w - last_progress_wall_ >= progress_interval_s_) {
        last_progress_wall_ = w;
        const double span = static_cast<double>(run_to_ns_ - run_from_ns_);
        progress_(Progress{now(), w - run_wall_start_, events_,
                           span > 0 ? static_cast<double>(now_ns_ - run_from_ns_) / span : 1.0});
      }
    }
  }
  sweep_parking();
  wake_kernel();
}

void SystemCRuntime::wake_kernel() {
  if (heap_.empty()) return;
  const std::int64_t dt = heap_.front().at - now_ns_;
  if (dt <= 0)
    kernel_->wake.notify(sc_core::SC_ZERO_TIME);
  else
    kernel_->wake.notify(sc_core::sc_time::from_value(static_cast<std::uint64_t>(dt)));
}

std::uint64_t SystemCRuntime::run(SimTime until) {
  const std::uint64_t before = events_;
  now_ns_ = static_cast<std::int64_t>(sc_core::sc_time_stamp().value());
  const std::int64_t to = until.ns - start_.ns;
  if (to <= now_ns_) return 0;
  run_from_ns_ = now_ns_;
  run_to_ns_ = to;
  run_wall_start_ = last_progress_wall_ = wall_seconds();
  wake_kernel();
  sc_core::sc_start(sc_core::sc_time::from_value(static_cast<std::uint64_t>(to - now_ns_)));
  now_ns_ = static_cast<std::int64_t>(sc_core::sc_time_stamp().value());
  // Events due exactly at `until` are run now, so a later run starts strictly after them.
  if (!heap_.empty() && heap_.front().at <= now_ns_) drain(now_ns_);
  if (progress_) progress_(Progress{now(), wall_seconds() - run_wall_start_, events_, 1.0});
  return events_ - before;
}

std::uint64_t SystemCRuntime::run_until_idle() {
  const std::uint64_t before = events_;
  now_ns_ = static_cast<std::int64_t>(sc_core::sc_time_stamp().value());
  run_from_ns_ = run_to_ns_ = now_ns_;
  run_wall_start_ = last_progress_wall_ = wall_seconds();
  wake_kernel();
  sc_core::sc_start();
  now_ns_ = static_cast<std::int64_t>(sc_core::sc_time_stamp().value());
  return events_ - before;
}

void SystemCRuntime::set_progress(std::function<void(const Progress&)> cb, double interval) {
  progress_ = std::move(cb);
  progress_interval_s_ = interval;
}

void SystemCRuntime::reset_statistics() {
  for (auto& s : stats_) s->reset(now_ns_);
}

const std::vector<std::unique_ptr<StationStats>>& SystemCRuntime::stations() {
  for (auto& s : stats_) s->advance(now_ns_);
  return stats_;
}

void SystemCRuntime::log_line(const Record& rec, std::string_view text) {
  ++log_count_;
  if (logs_.size() >= log_limit_ && !log_sink_) return;
  std::string line = format_beijing(now()) + " " + rec.address + " " + pii::mask_text(text);
  if (log_sink_) log_sink_(line);
  if (logs_.size() < log_limit_) logs_.push_back(std::move(line));
}

}  // namespace ykt::sysc
