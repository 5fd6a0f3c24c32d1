#include "region.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <stdexcept>

#include "backend/application_items.hpp"
#include "backend/provincial_backend.hpp"
#include "card/card_actor.hpp"
#include "counting_audit_sink.hpp"
#include "exchange/exchange.hpp"
#include "json_util.hpp"
#include "pii.hpp"
#include "reader/terminal.hpp"
#include "schema_registry.hpp"
#include "spec_dir.hpp"

namespace ykt::region {
namespace {
/// The 12-digit id of `reader.<id>` as a number; nullopt for any other address.
std::optional<std::uint64_t> terminal_key(std::string_view addr) {
  if (addr.size() != 19 || addr.substr(0, 7) != "reader.") return std::nullopt;
  std::uint64_t k = 0;
  for (char c : addr.substr(7)) {
    if (c < '0' || c > '9') return std::nullopt;
    k = k * 10 + static_cast<std::uint64_t>(c - '0');
  }
  return k;
}

using std::chrono::milliseconds;

// Zones of the delay model: 0..3 the provinces, 4 the exchange, 5 "local" (the driver, and cards,
// which talk only to the terminal whose field they are in).
constexpr std::uint32_t kExchangeZone = 4, kLocalZone = 5, kZones = 6;
const std::vector<std::string> kRoles = {"driver", "reader", "card", "backend", "exchange"};

sysc::Placement place(std::string_view a) {
  auto prov = [](std::string_view digits) -> std::uint32_t {
    const int i = province_index(digits);
    return i < 0 ? kLocalZone : static_cast<std::uint32_t>(i);
  };
  if (a.rfind("reader.", 0) == 0) return {prov(a.substr(7)), 1};
  if (a.rfind("card.", 0) == 0) return {kLocalZone, 2};
  if (a.rfind("backend.", 0) == 0) return {prov(a.substr(8)), 3};
  if (a == "exchange") return {kExchangeZone, 4};
  return {kLocalZone, 0};
}

Duration ms(double v) {
  return Duration{static_cast<std::int64_t>(v * 1e6)};
}

/// Card profile of a synthetic holder (the card as personalised by its issuer).
card::CardProfile profile_of(const population::Cardholder& h) {
  card::CardProfile p;
  p.card_no = h.card_no;
  p.issuer = h.issuer_city;
  p.citizen_id = h.citizen_id;
  p.name = h.name;
  p.balance =
      static_cast<std::uint32_t>(std::clamp<std::int64_t>(h.purse_balance, 0, card::kPurseMax));
  p.state =
      card::parse_card_state(population::to_string(h.state)).value_or(card::CardState::active);
  return p;
}

/// Receives the answers to the clearing requests (term.flush, clr.run) and keeps them.
class ClearingSink final : public Actor {
 public:
  void on_message(Context&, const Envelope& msg) override {
    if (msg.type == "clr.run.rsp") {
      Json::Value r = msg.body;
      r["backend"] = msg.from.substr(8);  // which province answered (for another round)
      runs.append(r);
    }
    if (msg.type == "term.flush.rsp") {
      ++flushed;
      uploaded += msg.body.get("uploaded", 0).asUInt64();
    }
  }
  Json::Value runs{Json::arrayValue};
  std::uint64_t uploaded = 0, flushed = 0;
};

std::size_t hash_key(std::uint32_t k) {
  std::uint64_t x = k * 0x9E3779B97F4A7C15ULL;
  return static_cast<std::size_t>(x ^ (x >> 29));
}

/// Length prefix of the arena record at `p`: (prefix bytes, state bytes).
std::pair<std::size_t, std::size_t> record_head(const char* p) {
  std::size_t n = 0, used = 0;
  for (unsigned shift = 0;; shift += 7) {
    const auto b = static_cast<std::uint8_t>(p[used++]);
    n |= static_cast<std::size_t>(b & 0x7F) << shift;
    if (!(b & 0x80)) return {used, n};
  }
}

}  // namespace

void ParkedStates::put(std::uint64_t key, std::string_view state) {
  if (key >= 0xFFFFFFFFULL) throw std::length_error("parked card: holder index out of range");
  (void)take(key);
  // Record: varint length, then the state (never split across blocks).
  std::string record;
  for (std::size_t n = state.size();; n >>= 7) {
    record.push_back(static_cast<char>((n & 0x7F) | (n >= 0x80 ? 0x80 : 0)));
    if (n < 0x80) break;
  }
  record.append(state);
  Slot s;
  s.key1 = static_cast<std::uint32_t>(key + 1);
  append(record, s);
  live_ += record.size();
  insert(s);
}

std::optional<std::string> ParkedStates::take(std::uint64_t key) {
  if (count_ == 0 || key >= 0xFFFFFFFFULL) return std::nullopt;
  const std::size_t i = find(static_cast<std::uint32_t>(key + 1));
  if (slots_[i].key1 == 0) return std::nullopt;
  std::size_t bytes = 0;
  std::string out = read(slots_[i], &bytes);
  live_ -= bytes;
  erase_at(i);
  // Garbage (taken records) is dropped once it is most of the arena.
  if (blocks_.size() > 1 && std::uint64_t{blocks_.size()} * kBlock > 2 * live_ + kBlock) compact();
  return out;
}

std::size_t ParkedStates::find(std::uint32_t key1) const {
  const std::size_t mask = slots_.size() - 1;
  std::size_t i = hash_key(key1) & mask;
  while (slots_[i].key1 != 0 && slots_[i].key1 != key1) i = (i + 1) & mask;
  return i;
}

void ParkedStates::insert(const Slot& s) {
  if (4 * (count_ + 1) > 3 * slots_.size()) {
    std::vector<Slot> old = std::move(slots_);
    slots_.assign(old.empty() ? 1024 : 2 * old.size(), Slot{});
    for (const Slot& o : old)
      if (o.key1 != 0) slots_[find(o.key1)] = o;
  }
  const std::size_t i = find(s.key1);
  if (slots_[i].key1 == 0) ++count_;
  slots_[i] = s;
}

void ParkedStates::erase_at(std::size_t i) {
  // Backward-shift deletion: move later members of the probe run into the hole.
  const std::size_t mask = slots_.size() - 1;
  std::size_t hole = i;
  for (std::size_t j = (i + 1) & mask; slots_[j].key1 != 0; j = (j + 1) & mask) {
    const std::size_t home = hash_key(slots_[j].key1) & mask;
    // j may fill the hole unless its home lies cyclically in (hole, j].
    const bool stays = hole <= j ? (hole < home && home <= j) : (hole < home || home <= j);
    if (stays) continue;
    slots_[hole] = slots_[j];
    hole = j;
  }
  slots_[hole] = Slot{};
  --count_;
}

void ParkedStates::append(std::string_view record, Slot& s) {
  if (record.size() > kBlock) throw std::length_error("parked card state too large");
  if (tail_ + record.size() > kBlock) {
    blocks_.push_back(std::make_unique<char[]>(kBlock));
    tail_ = 0;
  }
  s.block = static_cast<std::uint32_t>(blocks_.size() - 1);
  s.pos = tail_;
  std::copy(record.begin(), record.end(), blocks_.back().get() + tail_);
  tail_ += static_cast<std::uint32_t>(record.size());
}

std::string ParkedStates::read(const Slot& s, std::size_t* record_bytes) const {
  const char* p = blocks_[s.block].get() + s.pos;
  const auto [used, n] = record_head(p);
  if (record_bytes) *record_bytes = used + n;
  return std::string(p + used, n);
}

void ParkedStates::compact() {
  std::vector<std::unique_ptr<char[]>> old = std::move(blocks_);
  blocks_.clear();
  tail_ = kBlock;
  for (Slot& s : slots_) {
    if (s.key1 == 0) continue;
    const char* p = old[s.block].get() + s.pos;
    const auto [used, n] = record_head(p);
    append(std::string_view(p, used + n), s);
  }
}

std::uint64_t ParkedStates::held_bytes() const {
  return std::uint64_t{blocks_.size()} * kBlock + slots_.size() * sizeof(Slot);
}

std::shared_ptr<population::Population> region_population(const scenario::Scenario& sc,
                                                          std::uint64_t seed) {
  std::string cities = sc.cities_file;
  if (!cities.empty() && std::filesystem::path(cities).is_relative())
    cities = (std::filesystem::path(sc.file).parent_path() / cities).string();
  // The built-in table stands in only when no file is named: a named file that is missing is a
  // typo.
  if (!cities.empty() && !std::filesystem::is_regular_file(cities))
    throw std::runtime_error("population.cities_file: no such file: " + cities);
  auto table = population::load_city_table_or_default(cities);
  if (!table.ok()) throw std::runtime_error(table.error().message);
  population::PopulationParams pp;
  pp.seed = seed;
  pp.scale = sc.detail_scale();  // a sampled run simulates 1 in `sample` holders in detail
  pp.transit_share = sc.transit_share;
  pp.qr_share = sc.qr_share;
  return std::make_shared<population::Population>(std::move(table.value()), pp);
}

namespace {
// A city code or backend the scenario names must be one of the table's cities or provinces; a
// typo would silently change nothing.
void check_codes(const scenario::Scenario& sc, const population::CityTable& table) {
  auto need = [&](const std::string& code, const std::string& field) {
    if (table.city(code) == nullptr)
      throw std::invalid_argument(field + ": no such city: " + code + " (the " +
                                  std::to_string(table.cities.size()) +
                                  " cities of the city table, e.g. 320500)");
  };
  for (std::size_t i = 0; i < sc.od_flows.size(); ++i) {
    const std::string at = "demand.od_flows[" + std::to_string(i) + "]";
    need(sc.od_flows[i].from, at + ".from");
    need(sc.od_flows[i].to, at + ".to");
  }
  for (const auto& [code, mix] : sc.mix_by_city) need(code, "demand.service_mix_by_city." + code);
  for (const auto& [code, f] : sc.growth_city) need(code, "demand.growth.city." + code);
  for (std::size_t i = 0; i < sc.events.size(); ++i) {
    const scenario::ScenarioEvent& e = sc.events[i];
    const std::string at = "events[" + std::to_string(i) + "]";
    if (e.type == "city_joins") need(e.city, at + ".city");
    if (e.target.rfind("backend.", 0) == 0 && e.target != "backend.*" &&
        table.province(e.target.substr(8)) == nullptr) {
      std::string known;
      for (const auto& p : table.provinces) known += "backend." + p.code + ", ";
      throw std::invalid_argument(at + ".target: no such backend: " + e.target + " (" + known +
                                  "or backend.*)");
    }
  }
}
}  // namespace

double checked_expected_taps(const scenario::Scenario& sc, const population::Population& pop) {
  check_codes(sc, pop.table());
  // A typo such as 3e6 taps per resident would otherwise start a run that never ends.
  const double taps = expected_arrivals(sc, pop);
  if (!(taps <= kMaxExpectedTaps)) {
    char buf[160];
    std::snprintf(buf, sizeof buf,
                  "the scenario expects %.3g transactions over its span, more than the %.0e "
                  "ykt simulate runs",
                  taps, kMaxExpectedTaps);
    throw std::invalid_argument(std::string(buf) +
                                "; check demand.taps_per_resident_per_day, demand.growth, "
                                "city_joins factors and population.scale");
  }
  return taps;
}

Region::Region(const scenario::Scenario& sc, std::uint64_t seed, sysc::SystemCRuntime& rt)
    : sc_(sc), rt_(rt) {
  population_ = region_population(sc, seed);
  (void)checked_expected_taps(sc, *population_);
  // The business day of the clearing file is the day of the last traffic instant: a window that
  // crosses midnight has records of two days, and a file may carry earlier days' records but not
  // later ones (STD-12.2 rule 6).
  date_ = format_beijing_date(sc.at_hour(sc.start_h + sc.duration_h) + Duration{-1});

  rt_.set_placement(place);
  std::vector<std::vector<Duration>> zone(kZones, std::vector<Duration>(kZones, Duration{0}));
  const auto& codes = province_codes();
  for (std::uint32_t a = 0; a < 4; ++a) {
    for (std::uint32_t b = 0; b < 4; ++b) {
      auto it = sc.pair_ms.find({codes[a], codes[b]});
      zone[a][b] =
          ms(it != sc.pair_ms.end() ? it->second
                                    : (a == b ? sc.intra_province_ms : sc.inter_province_ms));
    }
    zone[a][kExchangeZone] = zone[kExchangeZone][a] = ms(sc.inter_province_ms);
  }
  std::vector<std::vector<Duration>> role(kRoles.size(),
                                          std::vector<Duration>(kRoles.size(), Duration{0}));
  for (const auto& [k, v] : sc.role_ms) {
    const auto a = std::find(kRoles.begin(), kRoles.end(), k.first) - kRoles.begin();
    const auto b = std::find(kRoles.begin(), kRoles.end(), k.second) - kRoles.begin();
    role[static_cast<std::size_t>(a)][static_cast<std::size_t>(b)] = ms(v);
  }
  rt_.set_link_delays(zone, role);
  rt_.set_delivery_observer([this](const Envelope& e) {
    ledger_.observe(e);
    if (trace_) {
      Json::Value j;
      j["t"] = format_beijing(rt_.now());
      j["type"] = e.type;
      j["id"] = e.id;
      j["from"] = e.from;
      j["to"] = e.to;
      j["body"] = e.body;
      *trace_ << pii::mask_text(json::compact(j)) << "\n";
    }
  });
  place_stations();

  // The same model actors as the wire mode.
  exchange::ExchangeConfig xc;
  static std::unique_ptr<spec::SchemaRegistry> registry;  // one per process, like the kernel
  if (sc.validate_messages && !registry) {
    auto loaded = spec::SchemaRegistry::load(spec::default_spec_dir());
    if (!loaded.ok()) throw std::runtime_error(loaded.error().message);
    registry = std::move(loaded.value());
  }
  xc.validator = sc.validate_messages ? registry.get() : nullptr;
  xc.audit = std::make_shared<CountingAuditSink>();  // bounded: counts, keeps no records
  rt_.add("exchange", std::make_shared<exchange::Exchange>(xc));
  auto items =
      backend::load_application_items(spec::default_spec_dir() + "/application-items.json");
  if (!items.ok()) throw std::runtime_error(items.error().message);
  for (const auto& p : codes) {
    backend::BackendConfig bc;
    bc.items = items.value();
    bc.province = p;
    bc.population = population_;
    auto b = std::make_shared<backend::ProvincialBackend>(bc);
    backends_.push_back(b);
    rt_.add("backend." + p, b);
  }
  const card::CardTiming timing{ms(sc.card_command_ms), ms(sc.card_write_ms)};
  // Idle cards are parked: only what their transactions changed stays, keyed by holder index.
  auto holder_of = [this](const std::string& addr) {
    return population_->find_by_card_no(std::string_view(addr).substr(5));
  };
  auto index_of = [this](const std::string& addr) {
    return population_->index_of_card_no(std::string_view(addr).substr(5));
  };
  sysc::ParkPolicy park;
  park.idle = ms(sc.card_park_idle_s * 1000.0);
  park.on_park = [this, index_of](const std::string& addr, std::string state) {
    ++cards_parked_;
    if (auto i = index_of(addr)) parked_.put(*i, state);
  };
  park.unpark = [this, index_of](const std::string& addr) -> std::optional<std::string> {
    if (parked_.size() == 0) return std::nullopt;
    auto i = index_of(addr);
    return i ? parked_.take(*i) : std::nullopt;
  };
  rt_.add_factory(
      "card.",
      [this, timing, holder_of](const std::string& addr,
                                const std::string* parked) -> std::shared_ptr<Actor> {
        auto holder = holder_of(addr);
        if (!holder) return nullptr;
        if (parked) {
          ++cards_rebuilt_;
          return std::make_shared<card::CardActor>(profile_of(*holder), timing, *parked);
        }
        ++cards_created_;
        return std::make_shared<card::CardActor>(profile_of(*holder), timing);
      },
      std::move(park));
  // Idle terminals are parked too (counters, sequence number, upload grid), keyed by their id.
  sysc::ParkPolicy tpark;
  tpark.idle = ms(sc.terminal_park_idle_s * 1000.0);
  tpark.on_park = [this](const std::string& addr, std::string state) {
    ++terminals_parked_;
    if (auto k = terminal_key(addr)) parked_terminals_[*k] = std::move(state);
  };
  tpark.unpark = [this](const std::string& addr) -> std::optional<std::string> {
    const auto k = terminal_key(addr);
    auto it = k ? parked_terminals_.find(*k) : parked_terminals_.end();
    if (it == parked_terminals_.end()) return std::nullopt;
    std::string state = std::move(it->second);
    parked_terminals_.erase(it);
    return state;
  };
  rt_.add_factory(
      "reader.",
      [this](const std::string& addr, const std::string* parked) -> std::shared_ptr<Actor> {
        const std::string id = addr.substr(7);
        if (id.size() != 12 || province_index(id) < 0) return nullptr;
        reader::TerminalConfig tc;
        tc.terminal_id = id;
        tc.upload_period = ms(sc_.terminal_upload_s * 1000.0);
        if (parked) {
          ++terminals_rebuilt_;
          return std::make_shared<reader::Terminal>(tc, *parked);
        }
        ++terminals_created_;
        return std::make_shared<reader::Terminal>(tc);
      },
      std::move(tpark));
  workload_ = std::make_shared<SimWorkload>(sc, *population_, outcomes_, seed);
  schedule_events();
  schedule_snapshots();
}

Region::~Region() = default;

Status Region::trace_to(const std::string& path) {
  trace_ = std::make_unique<std::ofstream>(path);
  if (!*trace_) return Error{"io", "cannot write " + path};
  return ok_status();
}

void Region::place_stations() {
  auto add = [this](const std::string& pattern, const scenario::StationSpec& s, bool per_address) {
    sysc::StationConfig c;
    c.servers = s.servers;
    c.service = s.service;
    c.per_address_stats = per_address;
    // Sampled fidelity: the shared stations carry the load of the whole scale (terminals and
    // cards are per-holder and per-terminal already: their load does not depend on the sample).
    if (per_address && sc_.sample > 1) {
      c.ghosts = sc_.sample - 1;
      c.ghost_spread = ms(sc_.ghost_spread_s * 1000.0);
    }
    rt_.add_station_class(pattern, c);
  };
  // Clearing, system and test messages do not grow with the population: no ghosts for them.
  rt_.set_ghost_filter([](const Envelope& e) {
    return e.type.rfind("clr.", 0) != 0 && e.type.rfind("sys.", 0) != 0 &&
           e.type.rfind("test.", 0) != 0;
  });
  add("reader.*", sc_.reader, false);
  add("backend.*", sc_.backend, true);
  add("exchange", sc_.exchange, true);
}

void Region::schedule_events() {
  const auto& codes = province_codes();
  for (const auto& e : sc_.events) {
    const SimTime from = sc_.at_hour(e.from_h), to = sc_.at_hour(e.to_h);
    if (e.type == "outage" || e.type == "degrade") {
      const bool up = e.type == "degrade";
      const double f = up ? e.factor : 1.0;
      rt_.call_at(from, [this, t = e.target, up, f] { rt_.set_station_state(t, up, f); });
      rt_.call_at(to, [this, t = e.target] { rt_.set_station_state(t, true, 1.0); });
    } else if (e.type == "link_down") {
      const auto a =
          static_cast<std::uint32_t>(std::find(codes.begin(), codes.end(), e.a) - codes.begin());
      const auto b =
          static_cast<std::uint32_t>(std::find(codes.begin(), codes.end(), e.b) - codes.begin());
      rt_.call_at(from, [this, a, b] { rt_.set_link_up(a, b, false); });
      rt_.call_at(to, [this, a, b] { rt_.set_link_up(a, b, true); });
    }
    // service_opens and city_joins shape the demand: the workload reads them.
  }
}

void Region::schedule_snapshots() {
  // At the start, at every whole hour inside the span, and at its end.
  std::vector<double> hours = {sc_.start_h};
  for (double h = std::floor(sc_.start_h) + 1; h < sc_.start_h + sc_.duration_h - 1e-9; h += 1.0)
    hours.push_back(h);
  hours.push_back(sc_.start_h + sc_.duration_h);
  for (double h : hours) {
    rt_.call_at(sc_.at_hour(h), [this, h] {
      StationSnapshot s;
      s.hour = h;
      for (const auto& st : rt_.stations()) {
        s.busy_s.push_back(st->busy_integral_s);
        s.queue_s.push_back(st->queue_integral_s);
      }
      snapshots_.push_back(std::move(s));
    });
  }
}

double Region::expected_share(SimTime t) const {
  // Integral of the hourly profile from start_h to h (hours past 24 wrap to the next day).
  auto integral = [this](double h) {
    double sum = 0;
    for (double x = sc_.start_h; x < h - 1e-12;) {
      const double next = std::min(h, std::floor(x) + 1.0);
      const auto hour = static_cast<std::size_t>(std::fmod(std::floor(x), 24.0));
      sum += sc_.profile[hour] * (next - x);
      x = next;
    }
    return sum;
  };
  const double end_h = sc_.start_h + sc_.duration_h;
  const double h = sc_.start_h + static_cast<double>((t - sc_.start_time()).count()) / 3600e9;
  const double total = integral(end_h);
  if (total <= 0) return std::clamp((h - sc_.start_h) / sc_.duration_h, 0.0, 1.0);
  return std::clamp(integral(std::min(h, end_h)) / total, 0.0, 1.0);
}

void Region::run(std::function<void(const sysc::Progress&)> progress, double interval_s) {
  if (progress)
    rt_.set_progress(
        [this, progress = std::move(progress)](const sysc::Progress& p) {
          sysc::Progress q = p;
          q.fraction = expected_share(p.now);
          progress(q);
        },
        interval_s);
  auto sink = std::make_shared<ClearingSink>();
  rt_.add("clearing", sink);
  rt_.add("driver", workload_);
  // Traffic, then a drain: every transaction ends (answer or time-out) before clearing starts.
  const SimTime traffic_end = sc_.at_hour(sc_.start_h + sc_.duration_h);
  SimTime clearing_at = traffic_end + ms(sc_.timeout_ms) + std::chrono::seconds(10);
  if (sc_.clearing_at_h > 0) clearing_at = std::max(clearing_at, sc_.at_hour(sc_.clearing_at_h));
  (void)rt_.run(clearing_at);
  // End-of-day clearing: terminals upload their offline records, then every backend clears
  // (clr.file to the exchange, which routes records to issuers and settles).
  auto inject_from_clearing = [this](const std::string& to, const std::string& type,
                                     Json::Value body, const std::string& round = {}) {
    Envelope e;
    e.from = "clearing";
    e.to = to;
    e.type = type;
    e.id = "clearing-" + type + round + "-" + to;
    e.body = std::move(body);
    rt_.inject(std::move(e));
  };
  // Runs in steps until `done` (bounded: a congested network still ends).
  auto run_until = [this](const std::function<bool()>& done) {
    const SimTime limit = rt_.now() + std::chrono::hours(6);
    while (!done() && rt_.now() < limit) (void)rt_.run(rt_.now() + std::chrono::seconds(10));
  };
  // Only terminals holding records have anything to upload; a parked terminal holds none (it
  // parks only when its store is empty), so it is not woken for nothing.
  std::vector<std::string> terminals;
  for (const auto& t : workload_->terminals_used()) {
    const auto* term = dynamic_cast<const reader::Terminal*>(rt_.find(t));
    if (term != nullptr && term->stored_records() > 0) terminals.push_back(t);
  }
  // The flush reaches every terminal at one instant: at full scale k times as many uploads arrive
  // together, so from here a message's ghosts arrive with it, not spread (a spread would hide the
  // burst the acquirers see).
  rt_.set_ghost_spread(Duration{0});
  for (const auto& t : terminals)
    inject_from_clearing(t, "term.flush", Json::Value(Json::objectValue));
  // The upload window closes when every terminal has answered its flush: at full scale the
  // acquirers need minutes for hundreds of thousands of final batches.
  run_until([&] { return sink->flushed >= terminals.size(); });
  // A backend whose parts got no answer keeps their records: the operator runs its clearing
  // again (at most three rounds); the exchange books a record once however often it comes.
  std::vector<std::string> to_run(province_codes().begin(), province_codes().end());
  for (int round = 1; round <= 3 && !to_run.empty(); ++round) {
    const Json::ArrayIndex first = sink->runs.size();
    for (const auto& p : to_run) {
      Json::Value b;
      b["date"] = date_;
      inject_from_clearing("backend." + p, "clr.run", std::move(b), "-" + std::to_string(round));
    }
    const std::size_t expected = first + to_run.size();
    run_until([&] { return sink->runs.size() >= expected; });
    to_run.clear();
    for (Json::ArrayIndex i = first; i < sink->runs.size(); ++i)
      if (sink->runs[i]["failed_parts"].asUInt64() > 0)
        to_run.push_back(sink->runs[i]["backend"].asString());
  }
  (void)rt_.run(rt_.now() + std::chrono::seconds(120));  // the issuers' last clr.issuer parts
  for (std::size_t i = 0; i < backends_.size(); ++i)
    ledger_.add_local(province_codes()[i], backends_[i]->local_records(),
                      static_cast<std::int64_t>(backends_[i]->local_fen()));
  clearing_runs_ = sink->runs;
  uploaded_ = sink->uploaded;
  end_ = rt_.now();
}

std::map<std::string, std::int64_t> Region::positions() const {
  std::map<std::string, std::int64_t> out;
  for (std::size_t i = 0; i < backends_.size(); ++i)
    out[province_codes()[i]] = backends_[i]->position(date_);
  return out;
}

Json::Value Region::backend_counters() const {
  Json::Value out(Json::objectValue);
  for (std::size_t i = 0; i < backends_.size(); ++i)
    for (const auto& [k, v] : backends_[i]->counters())
      out[province_codes()[i]][k] = Json::UInt64(v);
  return out;
}

}  // namespace ykt::region
