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
  if (e.type == "clr.run.rsp" && e.from.rfind("backend.", 0) == 0) {
    // Records of the province's own cards are settled inside it (STD-12.1.2): the acquirer
    // reports them in its clearing run's answer.
    const std::string prov = e.from.substr(8);
    fen_[prov + ">" + prov] += e.body["local_fen"].asInt64();
    n_[prov + ">" + prov] += e.body["local_records"].asUInt64();
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
    const std::string pair = s.acquirer + ">" + rec.first;
    fen_[pair] += rec.second;
    ++n_[pair];
  }
}

}  // namespace ykt::region
