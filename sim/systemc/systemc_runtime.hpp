#pragma once
/// SystemCRuntime: runs ykt actors on SystemC simulated time with an in-process transport whose
/// delays and queueing are modelled (ykt definition, see sim/systemc/README.md):
///  - one sc_module owns a time-ordered event queue (ties broken by a sequence number, so runs are
///    deterministic) and is woken through one sc_event; no SC_THREAD per actor;
///  - a message from A to B arrives after link delay = zone_delay[zone A][zone B] +
///    role_delay[role A][role B]; a link that is down drops it;
///  - if B's address belongs to a station class (c servers, a service-time distribution), the
///    message waits FIFO for a free server, holds it for one drawn service time, and B's handler
///    runs when the service ends (replies leave at that instant); otherwise the handler runs on
///    arrival. A station that is down drops arriving messages; a degraded one scales service times;
///  - timers use the same queue and never occupy a server;
///  - lazy actors: a factory per address prefix creates an actor when a message is first sent to
///    an unknown address (e.g. cards, cardholders);
///  - parking: a lazy non-station actor with no message in or out and no timer pending for the
///    class's idle time is asked Actor::park(); state it returns goes to the owner and the actor
///    is destroyed; the next message to the address rebuilds it through the factory with that
///    state. The check runs after each instant's events from a per-class heap of activity stamps
///    (no scan, no event of its own: event order and counts are unchanged).
/// One SystemCRuntime per process: SystemC cannot restart its kernel.
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "actor.hpp"
#include "rng_stream.hpp"
#include "service_time.hpp"
#include "station_stats.hpp"

namespace ykt::sysc {

/// How a class of addresses queues: `servers` servers with a service-time distribution.
struct StationConfig {
  std::uint32_t servers = 1;                       ///< servers per address (c)
  ServiceTime service = ServiceTime::constant(0);  ///< service time per message
  bool per_address_stats = true;  ///< false: one statistics record for the whole class
  /// Sampled fidelity: ghost arrivals per message that passes the ghost filter (per-address
  /// stations only). A ghost arrives `ghost_spread` × U(0,1) after the message, queues and holds
  /// a server like a message, and runs no handler: it stands for a message of a transaction that
  /// is not simulated in detail.
  std::uint32_t ghosts = 0;
  Duration ghost_spread{0};  ///< window over which a message's ghosts arrive
};

/// Where an address sits in the delay model: a zone (e.g. province) and a role index.
struct Placement {
  std::uint32_t zone = 0;  ///< row/column of the zone delay matrix
  std::uint32_t role = 0;  ///< row/column of the role delay matrix
};

/// A lazy actor factory: `parked` is the state the actor returned from Actor::park() when it was
/// parked, or null for a first creation; it may return null (no actor at that address).
using ActorFactory =
    std::function<std::shared_ptr<Actor>(const std::string& address, const std::string* parked)>;

/// Parking of the idle actors of one factory class (see SystemCRuntime).
struct ParkPolicy {
  Duration idle{0};  ///< simulated idle time before the actor is asked to park; 0 = never park
  /// Receives the state of an actor just parked (the owner keeps it).
  std::function<void(const std::string& address, std::string state)> on_park;
  /// Hands back (and forgets) the parked state of `address`, or nullopt if none is held.
  std::function<std::optional<std::string>(const std::string& address)> unpark;
};

/// Progress of a run, for a progress line.
struct Progress {
  SimTime now;               ///< simulated time reached
  double wall_s = 0;         ///< wall seconds since the run began
  std::uint64_t events = 0;  ///< events dispatched so far
  double fraction = 0;       ///< share of the requested span done (0..1)
};

/// The SystemC-backed runtime.
class SystemCRuntime {
 public:
  /// Creates the kernel module; `start` is the simulated time at SystemC time zero.
  SystemCRuntime(SimTime start, std::uint64_t seed);
  ~SystemCRuntime();
  SystemCRuntime(const SystemCRuntime&) = delete;
  SystemCRuntime& operator=(const SystemCRuntime&) = delete;

  /// Adds an actor under `address`; its on_start runs immediately.
  void add(const std::string& address, std::shared_ptr<Actor> actor);
  /// Creates actors on first use for every address starting with `prefix` (factory may return
  /// null).
  void add_factory(std::string prefix,
                   std::function<std::shared_ptr<Actor>(const std::string& address)> factory);
  /// As above, and parks idle actors of the class under `policy` (addresses of a station class
  /// with per-address statistics never park; a class with shared statistics may).
  void add_factory(std::string prefix, ActorFactory factory, ParkPolicy policy);
  /// Makes every address matching `pattern` (exact, or a prefix ending in `*`) a station.
  void add_station_class(std::string pattern, StationConfig config);
  /// Sets which messages bring ghosts at stations with StationConfig::ghosts (default: all).
  void set_ghost_filter(std::function<bool(const Envelope&)> filter) {
    ghost_filter_ = std::move(filter);
  }
  /// Overrides every class's ghost window from now on (e.g. 0 for a synchronised burst).
  void set_ghost_spread(Duration spread) { ghost_spread_override_ = spread; }
  /// Sets how addresses are placed in the delay model (default: zone 0, role 0).
  void set_placement(std::function<Placement(std::string_view address)> place);
  /// Sets the link delay matrices (square; missing entries count as zero).
  void set_link_delays(std::vector<std::vector<Duration>> zone_delay,
                       std::vector<std::vector<Duration>> role_delay);
  /// Takes the link between two zones down or up (both directions).
  void set_link_up(std::uint32_t zone_a, std::uint32_t zone_b, bool up);
  /// Takes matching stations down (arrivals dropped) or up, and scales their service times.
  void set_station_state(const std::string& pattern, bool up, double service_factor = 1.0);

  /// Injects an envelope from outside, arriving at `e.to` after `after` (no link delay added).
  void inject(Envelope e, Duration after = Duration{0});
  /// Runs `fn` at simulated time `at` (scenario events such as outages).
  void call_at(SimTime at, std::function<void()> fn);
  /// Runs until `until` (simulated); returns the number of events dispatched in this call.
  std::uint64_t run(SimTime until);
  /// Runs until no event is left.
  std::uint64_t run_until_idle();
  /// Reports progress about every `wall_interval_s` wall seconds while running.
  void set_progress(std::function<void(const Progress&)> cb, double wall_interval_s = 1.0);

  /// Current simulated time.
  [[nodiscard]] SimTime now() const;
  /// Events dispatched since the start.
  [[nodiscard]] std::uint64_t events() const { return events_; }
  /// Clears station statistics (end of warm-up).
  void reset_statistics();
  /// Station statistics, integrals advanced to now, in creation order.
  [[nodiscard]] const std::vector<std::unique_ptr<StationStats>>& stations();
  /// Messages dropped by down links.
  [[nodiscard]] std::uint64_t link_drops() const { return link_drops_; }
  /// Messages to addresses that no actor holds.
  [[nodiscard]] std::uint64_t undeliverable() const { return undeliverable_; }
  /// Number of actors (including lazily created ones; parked ones are not counted).
  [[nodiscard]] std::size_t actor_count() const { return actors_.size(); }
  /// Actors parked so far (one count per park).
  [[nodiscard]] std::uint64_t parked() const { return parked_; }
  /// Actors rebuilt from a parked state so far.
  [[nodiscard]] std::uint64_t rebuilt() const { return rebuilt_; }
  /// The actor at `address`, or null (also when it is parked).
  [[nodiscard]] Actor* find(std::string_view address) const;
  /// Log lines written by actors (the first `limit`, masked) and the total count.
  [[nodiscard]] const std::vector<std::string>& logs() const { return logs_; }
  /// Total log lines written (kept or not).
  [[nodiscard]] std::uint64_t log_count() const { return log_count_; }
  /// Keeps at most `n` log lines in memory (default 1000).
  void set_log_limit(std::size_t n) { log_limit_ = n; }
  /// Observer called with every envelope just before its handler runs (measurement only).
  void set_delivery_observer(std::function<void(const Envelope&)> obs) {
    observer_ = std::move(obs);
  }
  /// Sink that receives every log line (optional).
  void set_log_sink(std::function<void(const std::string&)> sink) { log_sink_ = std::move(sink); }

  class Record;       ///< one actor: its Context, placement and server state
  class KernelQueue;  ///< the sc_module that owns the event queue

 private:
  friend class Record;
  friend class KernelQueue;
  enum class Kind : std::uint8_t { arrive, done, timer, call, ghost_arrive, ghost_done };
  struct Event {
    std::int64_t at;
    std::uint64_t seq;
    std::uint32_t slot;
    Kind kind;
  };
  /// True if `a` runs before `b`: earlier time, then earlier push (seq is unique).
  static bool before(const Event& a, const Event& b) {
    return a.at != b.at ? a.at < b.at : a.seq < b.seq;
  }
  struct Slot {
    Envelope env;
    std::string tag;
    std::function<void()> fn;
    Record* rec = nullptr;
    std::int64_t enq_ns = 0;
    std::uint32_t next = 0;
    std::uint32_t gen = 0;
    bool cancelled = false;
    bool ghost = false;  // a ghost waiting in a station FIFO (no envelope, no record bound)
  };
  /// A parkable record and the activity stamp it was queued with (one entry per live record).
  struct ParkEntry {
    std::int64_t stamp;
    std::uint64_t seq;  // push order: breaks ties deterministically
    Record* rec;
  };
  /// True if `a` is due after `b` (std heap order: the earliest stamp on top).
  static bool later(const ParkEntry& a, const ParkEntry& b) {
    return a.stamp != b.stamp ? a.stamp > b.stamp : a.seq > b.seq;
  }
  struct FactoryRule {
    std::string prefix;
    ActorFactory factory;
    ParkPolicy park;
    std::vector<ParkEntry> queue;  // this class's parkable records: a min-heap by stamp
  };
  struct StationRule {
    std::string pattern;
    StationConfig config;
    StationStats* shared = nullptr;
    std::unique_ptr<RngStream> shared_rng;
  };
  struct StateRule {
    std::string pattern;
    bool up;
    double factor;
  };

  /// Slots live in fixed chunks so a reference stays valid while handlers add slots.
  static constexpr std::uint32_t kChunkBits = 8;
  Slot& slot_at(std::uint32_t s) { return chunks_[s >> kChunkBits][s & ((1U << kChunkBits) - 1)]; }
  std::uint32_t alloc_slot();
  void free_slot(std::uint32_t s);
  void push(std::int64_t at, Kind kind, std::uint32_t slot);
  Event pop();
  static void move_into(Envelope& dst, Envelope& src);
  void send_from(Record* from, Envelope& e);
  void arrive(std::uint32_t slot);
  void start_service(Record* rec, std::uint32_t slot);
  void complete(std::uint32_t slot);
  void spawn_ghosts(Record* rec);
  void ghost_arrive(std::uint32_t station);
  void ghost_done(std::uint32_t station);
  void release_server(Record* rec);  // a service ended: counts it and starts the next in FIFO
  void drain(std::int64_t now_ns);
  void wake_kernel();
  Record* lookup_or_create(const std::string& address);
  Record* create(const std::string& address, std::shared_ptr<Actor> actor,
                 FactoryRule* rule = nullptr, bool rebuilt = false);
  void bind(Slot& slot, Record* rec);
  void sweep_parking();
  bool park(Record* rec);
  void queue_for_parking(FactoryRule& rule, Record* rec, std::int64_t stamp);
  void log_line(const Record& rec, std::string_view text);
  std::int64_t link_delay(const Placement& a, const Placement& b, bool& up) const;
  static bool matches(const std::string& pattern, std::string_view address);

  SimTime start_;
  std::uint64_t seed_;
  std::unique_ptr<KernelQueue> kernel_;
  std::int64_t now_ns_ = 0;
  std::uint64_t seq_ = 0;
  std::uint64_t events_ = 0;
  std::uint64_t next_id_ = 0;
  std::vector<Event> heap_;  // a 4-ary min-heap ordered by before()
  std::vector<std::unique_ptr<Slot[]>> chunks_;
  std::uint32_t slot_count_ = 0;
  std::uint32_t free_head_ = 0;  // slot index + 1 of the first free slot; 0 = none
  std::unordered_map<std::string_view, std::unique_ptr<Record>> actors_;
  Record* last_ = nullptr;  // the last address looked up (cleared when its record is parked)
  std::vector<std::unique_ptr<FactoryRule>> factories_;
  std::uint64_t parked_ = 0, rebuilt_ = 0, park_seq_ = 0;
  std::vector<std::unique_ptr<StationRule>> station_rules_;
  std::vector<StateRule> state_rules_;
  std::vector<std::unique_ptr<StationStats>> stats_;
  std::function<Placement(std::string_view)> place_;
  std::vector<std::vector<std::int64_t>> zone_delay_, role_delay_;
  std::vector<std::vector<bool>> zone_down_;
  std::uint64_t link_drops_ = 0, undeliverable_ = 0;
  std::vector<std::string> logs_;
  std::uint64_t log_count_ = 0;
  std::size_t log_limit_ = 1000;
  std::function<void(const std::string&)> log_sink_;
  std::function<void(const Progress&)> progress_;
  std::function<void(const Envelope&)> observer_;
  std::function<bool(const Envelope&)> ghost_filter_;
  std::optional<Duration> ghost_spread_override_;
  std::vector<Record*> ghost_stations_;  // stations with ghosts; event slot = index here
  std::unique_ptr<RngStream> ghost_rng_;
  double progress_interval_s_ = 1.0;
  double run_wall_start_ = 0, last_progress_wall_ = 0;
  std::int64_t run_from_ns_ = 0, run_to_ns_ = 0;
};

}  // namespace ykt::sysc
