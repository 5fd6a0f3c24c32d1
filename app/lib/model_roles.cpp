#include "model_roles.hpp"

#include <fstream>
#include <map>
#include <mutex>
#include <stdexcept>

#include "actor_factory.hpp"
#include "backend/application_items.hpp"
#include "backend/provincial_backend.hpp"
#include "backend/service_rules.hpp"
#include "card/card_actor.hpp"
#include "exchange/audit_sink.hpp"
#include "exchange/exchange.hpp"
#include "population/city_table.hpp"
#include "reader/terminal.hpp"
#include "schema_registry.hpp"
#include "spec_dir.hpp"

namespace ykt::app {

std::string data_path(const Json::Value& params, const std::string& key, const std::string& name) {
  if (params.isMember(key) && params[key].isString()) return params[key].asString();
  return std::string(YKT_SOURCE_DIR) + "/scenarios/data/" + name;
}

std::shared_ptr<const population::Population> population_for(const Json::Value& params) {
  static std::mutex m;
  static std::map<std::pair<std::uint64_t, double>, std::shared_ptr<const population::Population>>
      cache;
  population::PopulationParams p;
  p.seed = params.get("seed", 1).asUInt64();
  p.scale = params.get("scale", 1000.0).asDouble();
  std::lock_guard<std::mutex> lock(m);
  auto& slot = cache[{p.seed, p.scale}];
  if (!slot) {
    auto table = population::load_city_table_or_default(data_path(params, "cities", "cities.json"));
    if (!table) throw std::runtime_error(table.error().message);
    slot = std::make_shared<population::Population>(table.value(), p);
  }
  return slot;
}

namespace {

/// The node's `timeout_scale` param (default 1): multiplies the STD-10.3 time-outs.
int timeout_scale(const Json::Value& params) {
  const int k = params.get("timeout_scale", 1).asInt();
  if (k < 1 || k > 100) throw std::runtime_error("timeout_scale must be 1..100");
  return k;
}

/// Appends masked audit records, one JSON line each, flushed per record (append-only file).
class FileAuditSink final : public exchange::AuditSink {
 public:
  explicit FileAuditSink(const std::string& path) : out_(path, std::ios::app) {
    if (!out_) throw std::runtime_error("cannot open audit log " + path);
  }
  void append(const exchange::AuditRecord& r) override {
    out_ << r.to_json_line() << '\n' << std::flush;
  }

 private:
  std::ofstream out_;
};

std::shared_ptr<Actor> make_card(const Json::Value& params, const std::string& address) {
  const std::string prefix = "card.";
  if (address.rfind(prefix, 0) != 0)
    throw std::runtime_error("card address must be card.<card_no>");
  const auto holder = population_for(params)->find_by_card_no(address.substr(prefix.size()));
  if (!holder) return nullptr;  // no such card in the synthetic population: nothing answers
  card::CardProfile profile;
  profile.card_no = holder->card_no;
  profile.issuer = holder->issuer_city;
  profile.citizen_id = holder->citizen_id;
  profile.name = holder->name;
  profile.state = holder->state;
  profile.balance = static_cast<std::uint32_t>(holder->purse_balance);
  const bool realistic = params.get("card_timing", "facts").asString() == "facts";
  return std::make_shared<card::CardActor>(
      profile, realistic ? card::CardTiming::facts() : card::CardTiming{});
}

std::shared_ptr<Actor> make_reader(const Json::Value& params, const std::string& address) {
  const std::string prefix = "reader.";
  if (address.rfind(prefix, 0) != 0) throw std::runtime_error("reader address must be reader.<id>");
  reader::TerminalConfig cfg;
  cfg.terminal_id = address.substr(prefix.size());
  if (params.isMember("upload_period_ms"))
    cfg.upload_period = std::chrono::milliseconds(params["upload_period_ms"].asInt64());
  cfg.backend_timeout *= timeout_scale(params);
  return std::make_shared<reader::Terminal>(cfg);
}

/// The spec's schemas, loaded once per process from `spec_dir` (default: the installed spec).
const MessageValidator* spec_registry(const Json::Value& params) {
  static std::mutex m;
  static std::unique_ptr<spec::SchemaRegistry> registry;
  std::lock_guard<std::mutex> lock(m);
  if (!registry) {
    auto loaded =
        spec::SchemaRegistry::load(params.get("spec_dir", spec::default_spec_dir()).asString());
    if (!loaded) throw std::runtime_error(loaded.error().message);
    registry = std::move(loaded.value());
  }
  return registry.get();
}

std::shared_ptr<Actor> make_backend(const Json::Value& params, const std::string& address) {
  backend::BackendConfig cfg;
  cfg.province = params.get("province", address.substr(address.find('.') + 1)).asString();
  cfg.population = population_for(params);
  auto items = backend::load_application_items(
      params.get("application_items", spec::default_spec_dir() + "/application-items.json")
          .asString());
  if (!items) throw std::runtime_error(items.error().message);
  cfg.items = items.value();
  // A backend configured not to offer some services (a lab's second IUT configuration).
  for (const auto& svc : params["omit_services"])
    if (svc.isString()) cfg.items.drop_service(svc.asString());
  auto rules = backend::load_service_rules_or_default(
      data_path(params, "service_rules", "service_rules.json"));
  if (!rules) throw std::runtime_error(rules.error().message);
  cfg.rules = rules.value();
  cfg.validator = spec_registry(params);  // requests checked against the schemas (STD-3.2)
  cfg.forward_timeout *= timeout_scale(params);
  return std::make_shared<backend::ProvincialBackend>(cfg);
}

std::shared_ptr<Actor> make_exchange(const Json::Value& params, const std::string&) {
  exchange::ExchangeConfig cfg;
  cfg.validator = spec_registry(params);
  cfg.forward_timeout *= timeout_scale(params);
  if (params.isMember("audit_log"))
    cfg.audit = std::make_shared<FileAuditSink>(params["audit_log"].asString());
  return std::make_shared<exchange::Exchange>(cfg);
}

const RegisterRole reg_card("card", make_card);
const RegisterRole reg_reader("reader", make_reader);
const RegisterRole reg_backend("backend", make_backend);
const RegisterRole reg_exchange("exchange", make_exchange);

}  // namespace
}  // namespace ykt::app
