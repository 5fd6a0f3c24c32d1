#include "audit_sink.hpp"

#include <json/value.h>

#include "json_util.hpp"
#include "pii.hpp"

namespace ykt::exchange {

std::string AuditRecord::to_json_line() const {
  Json::Value v(Json::objectValue);
  v["at"] = format_beijing(at);
  v["dir"] = dir;
  v["from"] = from;
  v["to"] = to;
  v["type"] = type;
  v["id"] = id;
  if (!status.empty()) v["status"] = status;
  if (!txn_id.empty()) v["txn_id"] = txn_id;
  if (!card_no.empty()) v["card_no"] = card_no;
  if (!note.empty()) v["note"] = note;
  return pii::mask_text(json::compact(v));
}

void InMemoryAuditSink::append(const AuditRecord& r) {
  AuditRecord m = r;
  m.note = pii::mask_text(m.note);
  m.txn_id = pii::mask_text(m.txn_id);
  std::lock_guard<std::mutex> lock(mu_);
  records_.push_back(std::move(m));
}

std::vector<AuditRecord> InMemoryAuditSink::records() const {
  std::lock_guard<std::mutex> lock(mu_);
  return records_;
}

std::size_t InMemoryAuditSink::size() const {
  std::lock_guard<std::mutex> lock(mu_);
  return records_.size();
}

}  // namespace ykt::exchange
