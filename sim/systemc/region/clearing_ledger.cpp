#include "clearing_ledger.hpp"

namespace ykt::region {

void ClearingLedger::observe(const Envelope& e) {
  if (e.type == "clr.file" && !e.is_reply) {
    Sent s;
    s.acquirer = e.body["acquirer"].asString();
    for (const auto& r : e.body["records"]) {
      const std::string issuer = r["card_ref"]["issuer"].asString();
      s.records[r["txn_id"].asString()] = {issuer.size() >= 2 ? issuer.substr(0, 2) + "0000" : "?",
                                           r["amount"].asInt64()};
    }
    sent_[e.id] = std::move(s);
    return;
  }
  if (e.type != "clr.file.rsp") return;
  auto it = sent_.find(e.id);
  if (it == sent_.end()) return;
  Sent s = std::move(it->second);
  sent_.erase(it);
  if (e.body["status"].asString() != "OK") {
    ++failed_;
    return;
  }
  for (const auto& r : e.body["rejects"]) {
    if (s.records.erase(r["txn_id"].asString())) ++rejected_;
  }
  for (const auto& [txn, rec] : s.records) {
    // A part re-sent after a lost answer is answered again: each record counts once.
    if (!counted_.insert(txn).second) continue;
    const std::string pair = s.acquirer + ">" + rec.first;
    fen_[pair] += rec.second;
    ++n_[pair];
  }
}

void ClearingLedger::add_local(const std::string& province, std::uint64_t records,
                               std::int64_t fen) {
  if (records == 0) return;
  fen_[province + ">" + province] += fen;
  n_[province + ">" + province] += records;
}

}  // namespace ykt::region
