// The terminal's non-volatile state (FACTS §5: clock, completed records and state survive power
// loss): snapshot and restore as JSON; and the compact state of an idle terminal parked by the
// simulated runtime.
#include <stdexcept>

#include "common/parked_varint.hpp"
#include "common/purchase_record.hpp"
#include "json_util.hpp"
#include "terminal.hpp"

using ykt::json::operator""_k;

namespace ykt::reader {

namespace {
constexpr char kParkedVersion = 1;
constexpr std::string_view kCorrupt = "corrupt parked terminal state";
}  // namespace

// Parked state: a version byte, then varints: PSAM sequence, transaction and batch counters, the
// upload grid's origin (ns, two's complement) and every sys.stats counter in Stat order.
std::optional<std::string> Terminal::park() {
  if (busy_ || !taps_.empty() || !outstanding_.empty() || !pending_.empty() ||
      offline_.total() > 0 || !flush_waiters_.empty() || upload_armed_)
    return std::nullopt;
  std::string out(1, kParkedVersion);
  parked::put_varint(out, psam_.sequence());
  parked::put_varint(out, txn_counter_);
  parked::put_varint(out, batch_counter_);
  parked::put_varint(out, static_cast<std::uint64_t>(started_.ns));
  for (const std::uint64_t v : stats_) parked::put_varint(out, v);
  return out;
}

Terminal::Terminal(TerminalConfig cfg, std::string_view in) : Terminal(std::move(cfg)) {
  if (in.empty() || in.front() != kParkedVersion)
    throw std::invalid_argument(std::string(kCorrupt) + ": unknown version");
  in.remove_prefix(1);
  const std::uint64_t seq = parked::take_varint(in, kCorrupt);
  if (seq > 0xFFFFFFFFULL) throw std::invalid_argument(std::string(kCorrupt) + ": bad sequence");
  psam_.set_sequence(static_cast<std::uint32_t>(seq));
  txn_counter_ = parked::take_varint(in, kCorrupt);
  batch_counter_ = parked::take_varint(in, kCorrupt);
  started_ = SimTime{static_cast<std::int64_t>(parked::take_varint(in, kCorrupt))};
  for (std::uint64_t& v : stats_) v = parked::take_varint(in, kCorrupt);
  if (!in.empty()) throw std::invalid_argument(std::string(kCorrupt) + ": trailing bytes");
  rebuilt_ = true;
}

namespace {
Json::Value pending_json(const std::string& txn_id, bool load, crypto::Algorithm alg,
                         const CardRef& ref, const purse::PurchaseData& p,
                         const purse::LoadData& l) {
  Json::Value v(Json::objectValue);
  v["txn_id"_k] = txn_id;
  v["load"_k] = load;
  v["alg"_k] = std::string(purse::algorithm_name(alg));
  v["card_ref"_k] = ref.to_json();
  if (load) {
    v["amount"_k] = l.amount;
    v["atc"_k] = l.online_atc;
    v["random"_k] = to_hex(l.card_random);
    v["old_balance"_k] = l.old_balance;
    v["date"_k] = to_hex(l.date);
    v["time"_k] = to_hex(l.time);
  } else {
    v["amount"_k] = p.amount;
    v["txn_type"_k] = p.txn_type;
    v["atc"_k] = p.atc;
    v["term_seq"_k] = p.term_seq;
    v["random"_k] = to_hex(p.card_random);
    v["date"_k] = to_hex(p.date);
    v["time"_k] = to_hex(p.time);
  }
  return v;
}

std::optional<Bytes> hex_field(const Json::Value& v, const char* k, std::size_t len) {
  if (!v[k].isString()) return std::nullopt;
  auto b = from_hex(v[k].asString());
  if (!b || b->size() != len) return std::nullopt;
  return b;
}
}  // namespace

Json::Value Terminal::snapshot() const {
  Json::Value s(Json::objectValue);
  s["terminal_id"_k] = cfg_.terminal_id;
  s["term_seq"_k] = psam_.sequence();
  s["records"_k] = Json::Value(Json::arrayValue);
  for (const auto& r : offline_.all()) s["records"_k].append(r.to_json());
  s["pending"_k] = Json::Value(Json::arrayValue);
  for (const auto& [card_no, p] : pending_)
    s["pending"_k].append(pending_json(p.txn_id, p.load, p.alg, p.ref, p.purchase, p.load_data));
  return s;
}

Status Terminal::restore(const Json::Value& s) {
  if (!s.isObject() || s["terminal_id"].asString() != cfg_.terminal_id)
    return Error{"E1002", "snapshot is not of this terminal"};
  if (!s["term_seq"].isUInt()) return Error{"E1002", "term_seq must be an integer"};
  OfflineStore store;
  for (const auto& r : s["records"]) {
    auto rec = parse_purchase_record(r);
    if (!rec) return rec.error();
    store.add(*rec);
  }
  std::map<std::string, PendingTxn> pending;
  for (const auto& v : s["pending"]) {
    PendingTxn p;
    auto ref = parse_card_ref(v["card_ref"]);
    auto alg = purse::parse_algorithm(v["alg"].asString());
    auto random = hex_field(v, "random", 4);
    auto date = hex_field(v, "date", 4);
    auto time = hex_field(v, "time", 3);
    if (!ref || !alg || !random || !date || !time || !v["txn_id"].isString() ||
        !v["amount"].isUInt() || !v["atc"].isUInt())
      return Error{"E1002", "pending transaction malformed"};
    p.txn_id = v["txn_id"].asString();
    p.load = v["load"].asBool();
    p.alg = *alg;
    p.ref = *ref;
    const auto atc = static_cast<std::uint16_t>(v["atc"].asUInt());
    if (p.load) {
      p.load_data = purse::LoadData{v["amount"].asUInt(),      terminal_bcd_, atc,  *random,
                                    v["old_balance"].asUInt(), *date,         *time};
    } else {
      p.purchase.amount = v["amount"].asUInt();
      p.purchase.txn_type = static_cast<std::uint8_t>(v["txn_type"].asUInt());
      p.purchase.terminal = terminal_bcd_;
      p.purchase.term_seq = v["term_seq"].asUInt();
      p.purchase.atc = atc;
      p.purchase.card_random = *random;
      p.purchase.date = *date;
      p.purchase.time = *time;
    }
    pending[p.ref.card_no] = p;
  }
  psam_.set_sequence(s["term_seq"].asUInt());
  offline_ = std::move(store);
  pending_ = std::move(pending);
  return ok_status();
}

}  // namespace ykt::reader
