#include "clearing_house.hpp"

#include <algorithm>
#include <string_view>

#include "common/purchase_record.hpp"
#include "json_util.hpp"

using ykt::json::operator""_k;

namespace ykt::exchange {

namespace {

/// Late presentment window (STD-12.2 rule 6, ykt definition): a record of day D - 7 still clears.
constexpr std::int64_t kLateDays = 7;

/// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's days_from_civil).
std::int64_t days_from_civil(int y, int m, int d) {
  y -= m <= 2 ? 1 : 0;
  const int era = (y >= 0 ? y : y - 399) / 400;
  const int yoe = y - era * 400;
  const int doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return static_cast<std::int64_t>(era) * 146097 + doe - 719468;
}

/// The day number of a calendar date "YYYYMMDD"; nullopt when it is not one.
std::optional<std::int64_t> day_number(std::string_view s) {
  if (s.size() != 8 ||
      !std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; }))
    return std::nullopt;
  auto num = [&](std::size_t at, std::size_t n) {
    int v = 0;
    for (std::size_t i = at; i < at + n; ++i) v = v * 10 + (s[i] - '0');
    return v;
  };
  const int y = num(0, 4), m = num(4, 2), d = num(6, 2);
  if (m < 1 || m > 12 || d < 1) return std::nullopt;
  static constexpr int kMonthDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  const bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
  if (d > kMonthDays[m - 1] + (m == 2 && leap ? 1 : 0)) return std::nullopt;
  return days_from_civil(y, m, d);
}

/// 64-bit FNV-1a of `s`, then a splitmix64 finalizer (so the low bits index a hash table well);
/// never 0.
std::uint64_t hash64(std::string_view s) {
  std::uint64_t h = 0xcbf29ce484222325ULL;
  for (unsigned char c : s) h = (h ^ c) * 0x100000001b3ULL;
  h ^= h >> 30;
  h *= 0xbf58476d1ce4e5b9ULL;
  h ^= h >> 27;
  h *= 0x94d049bb133111ebULL;
  h ^= h >> 31;
  return h ? h : 1;
}

/// Fingerprint of a record's content (every field as parsed, STD-12.2 rule 4). Two different
/// records share one with probability 2^-64: such a changed resend would pass as a repeat.
std::uint64_t content_fingerprint(const PurchaseRecord& r) {
  std::string s = r.txn_id + '|' + r.terminal_id + '|' + r.card.issuer + '|' + r.card.card_no;
  s += '|' + std::to_string(r.amount) + '|' + std::to_string(r.txn_type) + '|' +
       std::to_string(r.atc) + '|' + std::to_string(r.term_seq);
  s += '|' + r.date + '|' + r.time + '|' + r.tac + (r.online ? "|1|" : "|0|");
  s += purse::algorithm_name(r.alg);
  return hash64(s);
}

/// Key of (card, ATC, txn_type) for double presentment (STD-12.2 rule 5). With n keys booked, a
/// new record collides with probability <= n / 2^64 (~1e-11 per record after a year at 1.4 M a
/// day) and would be refused E3003 wrongly.
std::uint64_t presentment_key(const PurchaseRecord& r) {
  return hash64(r.card.issuer + '|' + r.card.card_no + '|' + std::to_string(r.atc) + '|' +
                std::to_string(r.txn_type));
}

}  // namespace

bool ClearingHouse::KeySet::contains(std::uint64_t key) const {
  if (slots_.empty()) return false;
  const std::size_t mask = slots_.size() - 1;
  for (std::size_t i = static_cast<std::size_t>(key) & mask;; i = (i + 1) & mask) {
    if (slots_[i] == key) return true;
    if (slots_[i] == 0) return false;
  }
}

void ClearingHouse::KeySet::insert(std::uint64_t key) {
  if ((size_ + 1) * 2 > slots_.size()) grow();
  const std::size_t mask = slots_.size() - 1;
  for (std::size_t i = static_cast<std::size_t>(key) & mask;; i = (i + 1) & mask) {
    if (slots_[i] == key) return;
    if (slots_[i] == 0) {
      slots_[i] = key;
      ++size_;
      return;
    }
  }
}

void ClearingHouse::KeySet::grow() {
  std::vector<std::uint64_t> old = std::move(slots_);
  slots_.assign(old.empty() ? 64 : old.size() * 2, 0);
  size_ = 0;
  for (std::uint64_t k : old)
    if (k) insert(k);
}

Json::Value Settlement::to_json() const {
  Json::Value v(Json::objectValue);
  v["status"_k] = "OK";
  v["positions"_k] = Json::Value(Json::objectValue);
  for (const auto& [p, a] : positions) v["positions"_k][p] = Json::Int64(a);
  v["transfers"_k] = Json::Value(Json::arrayValue);
  for (const auto& t : transfers) {
    Json::Value o;
    o["from"_k] = t.from;
    o["to"_k] = t.to;
    o["amount"_k] = Json::Int64(t.amount);
    v["transfers"_k].append(o);
  }
  return v;
}

ClearingHouse::ClearingHouse(std::vector<std::string> provinces)
    : provinces_(std::move(provinces)) {}

bool ClearingHouse::known(const std::string& province) const {
  return std::find(provinces_.begin(), provinces_.end(), province) != provinces_.end();
}

std::uint8_t ClearingHouse::province_index(const std::string& province) const {
  return static_cast<std::uint8_t>(std::find(provinces_.begin(), provinces_.end(), province) -
                                   provinces_.begin());
}

std::uint32_t ClearingHouse::date_index(const std::string& date) {
  auto [it, added] = date_index_.try_emplace(date, static_cast<std::uint32_t>(dates_.size()));
  if (added) dates_.push_back(date);
  return it->second;
}

BookedRecord ClearingHouse::expand(const std::string& txn_id, const Booked& b) const {
  return BookedRecord{
      txn_id, provinces_[b.acquirer], provinces_[b.issuer], dates_[b.date], b.amount, b.reversed};
}

FileOutcome ClearingHouse::accept_file(const Json::Value& body,
                                       const std::string& sender_province) {
  FileOutcome out;
  auto fail = [&](ErrorCode c, const std::string& reason) {
    out.response = Json::Value(Json::objectValue);
    out.response["status"_k] = std::string(to_string(c));
    out.response["reason"_k] = reason;
    return out;
  };
  if (!body.isObject() || !body["records"].isArray() || !body["acquirer"].isString() ||
      !body["date"].isString())
    return fail(ErrorCode::schema_violation, "clr.file needs acquirer, date and records");
  const std::string acquirer = body["acquirer"].asString();
  const std::string date = body["date"].asString();
  if (!known(acquirer)) return fail(ErrorCode::route_unknown, "unknown acquirer province");
  if (!sender_province.empty() && sender_province != acquirer)
    return fail(ErrorCode::clearing_reject, "acquirer does not match the sending backend");
  if (settled_.count(date)) return fail(ErrorCode::clearing_reject, "date already settled");
  std::uint64_t accepted = 0;
  Json::Value rejects(Json::arrayValue);
  auto reject = [&](const Json::Value& r, ErrorCode c) {
    ++rejected_[std::string(to_string(c))];
    if (rejects.size() >= 150) return;
    Json::Value o;
    o["txn_id"_k] =
        r.isObject() && r["txn_id"].isString() ? r["txn_id"].asString() : std::string("unknown");
    o["status"_k] = std::string(to_string(c));
    rejects.append(o);
  };
  const auto file_day = day_number(date);
  if (!file_day) return fail(ErrorCode::schema_violation, "date is not a calendar date");
  for (const auto& r : body["records"]) {
    auto rec = parse_purchase_record(r);
    if (!rec) {  // schema
      reject(r, ErrorCode::schema_violation);
      continue;
    }
    const std::string issuer = rec->card.province();
    if (!known(issuer)) {  // rule 2: the card's province is one of the four
      reject(r, ErrorCode::route_unknown);
      continue;
    }
    // Rule 1: acquired in the terminal's province, cleared only across provinces.
    if (rec->terminal_id.compare(0, 2, acquirer, 0, 2) != 0 || issuer == acquirer) {
      reject(r, ErrorCode::clearing_reject);
      continue;
    }
    // Rule 6: the record's day is D or up to kLateDays before D.
    const auto rec_day = day_number(rec->date);
    if (!rec_day || *rec_day > *file_day || *file_day - *rec_day > kLateDays) {
      reject(r, ErrorCode::clearing_reject);
      continue;
    }
    // Rule 4: a booked txn_id is accepted again with the same content (booked once), else E2007.
    const std::uint64_t content = content_fingerprint(*rec);
    const auto lo = static_cast<std::uint32_t>(content),
               hi = static_cast<std::uint32_t>(content >> 32);
    if (const Booked* b = records_.find(rec->txn_id).value) {
      if (b->content_lo == lo && b->content_hi == hi) {
        ++accepted;
        ++repeated_records_;
      } else {
        reject(r, ErrorCode::duplicate_conflict);
      }
      continue;
    }
    if (!rec->tac_valid()) {  // rule 3
      reject(r, ErrorCode::tac_invalid);
      continue;
    }
    const std::uint64_t presented = presentment_key(*rec);
    if (presented_.contains(presented)) {  // rule 5: double presentment under a new txn_id
      reject(r, ErrorCode::clearing_reject);
      continue;
    }
    presented_.insert(presented);
    records_.insert(rec->txn_id, Booked{rec->amount, date_index(date), lo, hi,
                                        province_index(acquirer), province_index(issuer), false});
    ledger_[date][{acquirer, issuer}] += rec->amount;
    ++accepted;
    ++accepted_records_;
    accepted_amount_ += rec->amount;
    out.accepted_amount += rec->amount;
    out.by_issuer[issuer].append(r);
  }
  out.response = Json::Value(Json::objectValue);
  out.response["status"_k] = "OK";
  out.response["accepted"_k] = Json::UInt64(accepted);
  out.response["rejects"_k] = rejects;
  return out;
}

std::optional<BookedRecord> ClearingHouse::reverse(const std::string& txn_id,
                                                   const std::string& issuer) {
  Booked* b = records_.find(txn_id).value;
  if (!b || b->reversed) return std::nullopt;
  BookedRecord r = expand(txn_id, *b);
  if (settled_.count(r.date) || (!issuer.empty() && r.issuer != issuer)) return std::nullopt;
  b->reversed = r.reversed = true;
  ledger_[r.date][{r.acquirer, r.issuer}] -= r.amount;
  --accepted_records_;
  accepted_amount_ -= r.amount;
  ++rejected_["issuer"];
  return r;
}

Result<ClearingHouse::Adjusted> ClearingHouse::adjust(const std::string& txn_id,
                                                      std::int64_t amount,
                                                      const std::string& reason) {
  const Booked* b = records_.find(txn_id).value;
  if (!b || b->reversed) return Error{"E2015", "no booked clearing record with this txn_id"};
  const BookedRecord r = expand(txn_id, *b);
  if (auto done = adjustments_.find({txn_id, reason}); done != adjustments_.end()) {
    if (done->second != amount)
      return Error{"E2007", "this record was adjusted for this reason with another amount"};
    return Adjusted{r, true};
  }
  if (settled_.count(r.date)) return Error{"E3003", "the record's date is settled"};
  adjustments_[{txn_id, reason}] = amount;
  ledger_[r.date][{r.acquirer, r.issuer}] += amount;
  accepted_amount_ += amount;
  return Adjusted{r, false};
}

std::int64_t ClearingHouse::booked(const std::string& date, const std::string& acquirer,
                                   const std::string& issuer) const {
  auto d = ledger_.find(date);
  if (d == ledger_.end()) return 0;
  auto p = d->second.find({acquirer, issuer});
  return p == d->second.end() ? 0 : p->second;
}

Settlement ClearingHouse::settle(const std::string& date) {
  auto done = settled_.find(date);
  if (done != settled_.end()) return done->second;
  Settlement s;
  s.date = date;
  for (const auto& p : provinces_) s.positions[p] = 0;
  auto d = ledger_.find(date);
  if (d != ledger_.end())
    for (const auto& [pair, amount] : d->second) {
      s.positions[pair.first] += amount;   // the acquirer is owed
      s.positions[pair.second] -= amount;  // the issuer owes
    }
  // STD-12.5.3: debtors in ascending province code pay creditors in ascending province code
  // (`positions` is a map ordered by code), each transfer the smaller of the two remainders.
  std::vector<std::pair<std::string, std::int64_t>> creditors, debtors;
  for (const auto& [p, a] : s.positions) {
    if (a > 0) creditors.emplace_back(p, a);
    if (a < 0) debtors.emplace_back(p, -a);
  }
  std::size_t ci = 0, di = 0;
  while (ci < creditors.size() && di < debtors.size()) {
    const std::int64_t pay = std::min(creditors[ci].second, debtors[di].second);
    s.transfers.push_back({debtors[di].first, creditors[ci].first, pay});
    creditors[ci].second -= pay;
    debtors[di].second -= pay;
    if (creditors[ci].second == 0) ++ci;
    if (debtors[di].second == 0) ++di;
  }
  settled_[date] = s;
  return s;
}

}  // namespace ykt::exchange
