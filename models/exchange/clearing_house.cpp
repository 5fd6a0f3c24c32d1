#include "clearing_house.hpp"

#include <algorithm>

#include "common/purchase_record.hpp"

namespace ykt::exchange {

Json::Value Settlement::to_json() const {
  Json::Value v(Json::objectValue);
  v["status"] = "OK";
  v["positions"] = Json::Value(Json::objectValue);
  for (const auto& [p, a] : positions) v["positions"][p] = Json::Int64(a);
  v["transfers"] = Json::Value(Json::arrayValue);
  for (const auto& t : transfers) {
    Json::Value o;
    o["from"] = t.from;
    o["to"] = t.to;
    o["amount"] = Json::Int64(t.amount);
    v["transfers"].append(o);
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
    out.response["status"] = std::string(to_string(c));
    out.response["reason"] = reason;
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
    o["txn_id"] =
        r.isObject() && r["txn_id"].isString() ? r["txn_id"].asString() : std::string("unknown");
    o["status"] = std::string(to_string(c));
    rejects.append(o);
  };
  for (const auto& r : body["records"]) {
    auto rec = parse_purchase_record(r);
    if (!rec) {
      reject(r, ErrorCode::schema_violation);
      continue;
    }
    const std::string issuer = rec->card.province();
    if (!known(issuer)) {
      reject(r, ErrorCode::route_unknown);
      continue;
    }
    if (records_.contains(rec->txn_id)) {
      reject(r, ErrorCode::duplicate_conflict);
      continue;
    }
    if (!rec->tac_valid()) {
      reject(r, ErrorCode::tac_invalid);
      continue;
    }
    records_.insert(rec->txn_id, Booked{rec->amount, date_index(date), province_index(acquirer),
                                        province_index(issuer), false});
    ledger_[date][{acquirer, issuer}] += rec->amount;
    ++accepted;
    ++accepted_records_;
    accepted_amount_ += rec->amount;
    out.accepted_amount += rec->amount;
    out.by_issuer[issuer].append(r);
  }
  out.response = Json::Value(Json::objectValue);
  out.response["status"] = "OK";
  out.response["accepted"] = Json::UInt64(accepted);
  out.response["rejects"] = rejects;
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

Result<BookedRecord> ClearingHouse::adjust(const std::string& txn_id, std::int64_t amount) {
  const Booked* b = records_.find(txn_id).value;
  if (!b || b->reversed) return Error{"E2015", "no booked clearing record with this txn_id"};
  const BookedRecord r = expand(txn_id, *b);
  if (settled_.count(r.date)) return Error{"E3003", "the record's date is settled"};
  ledger_[r.date][{r.acquirer, r.issuer}] += amount;
  accepted_amount_ += amount;
  return r;
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
  // Greedy netting: the largest debtor pays the largest creditor; ties by province code.
  std::vector<std::pair<std::string, std::int64_t>> creditors, debtors;
  for (const auto& [p, a] : s.positions) {
    if (a > 0) creditors.emplace_back(p, a);
    if (a < 0) debtors.emplace_back(p, -a);
  }
  auto by_amount = [](const auto& x, const auto& y) {
    return x.second != y.second ? x.second > y.second : x.first < y.first;
  };
  std::sort(creditors.begin(), creditors.end(), by_amount);
  std::sort(debtors.begin(), debtors.end(), by_amount);
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
