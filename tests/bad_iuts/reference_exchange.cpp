#include "reference_exchange.hpp"

#include <fstream>
#include <iostream>

#include "iut_host.hpp"
#include "json_util.hpp"

namespace ykt::testing {

namespace {
/// Appends each record as one line and flushes it (append-only, STD-7.7).
class FileAuditSink final : public exchange::AuditSink {
 public:
  explicit FileAuditSink(const std::string& path) : out_(path, std::ios::app) {}
  void append(const exchange::AuditRecord& r) override {
    out_ << r.to_json_line() << "\n";
    out_.flush();
  }

 private:
  std::ofstream out_;
};
}  // namespace

std::shared_ptr<exchange::Exchange> make_reference_exchange(const std::string& audit_path) {
  exchange::ExchangeConfig cfg;
  cfg.validator = spec_validator();
  cfg.audit = std::make_shared<FileAuditSink>(audit_path);
  return std::make_shared<exchange::Exchange>(cfg);
}

bool write_exchange_ixit(const std::string& path, const std::string& endpoint,
                         const std::string& peer, const std::string& audit_path) {
  Json::Value x;
  x["iut"]["endpoint"] = endpoint;
  x["iut"]["address"] = "exchange";
  x["harness"]["peer_endpoint"] = peer;
  x["timers"]["reply_ms"] = 2500;
  x["test_data"]["audit_log"] = audit_path;
  return json::save_file(path, x).ok();
}

}  // namespace ykt::testing
