#include "schema_registry.hpp"

#include "json_schema.hpp"
#include "json_util.hpp"
#include "pii.hpp"

namespace ykt::spec {

namespace {

constexpr std::string_view kRspSuffix = ".rsp";
constexpr std::size_t kMaxEchoedType = 48;

Result<std::vector<std::string>> string_list(const Json::Value& v, const std::string& where) {
  std::vector<std::string> out;
  if (v.isNull()) return out;
  if (!v.isArray()) return Error{"spec", where + " must be an array of strings"};
  for (const Json::Value& s : v) {
    if (!s.isString()) return Error{"spec", where + " must be an array of strings"};
    out.push_back(s.asString());
  }
  return out;
}

}  // namespace

struct SchemaRegistry::Impl {
  /// Schemas by body type: `x`, `x.rsp`, `error`, plus `#envelope` and `#auth`.
  std::map<std::string, JsonSchema> schemas;

  Status add(const std::string& key, const std::string& dir, const std::string& rel) {
    auto schema = JsonSchema::load(dir + "/" + rel);
    if (!schema) return schema.error();
    schemas.insert_or_assign(key, std::move(schema.value()));
    return ok_status();
  }
};

SchemaRegistry::SchemaRegistry() : impl_(std::make_unique<Impl>()) {}
SchemaRegistry::~SchemaRegistry() = default;

Result<std::unique_ptr<SchemaRegistry>> SchemaRegistry::load(const std::string& spec_dir) {
  std::unique_ptr<SchemaRegistry> reg(new SchemaRegistry());
  reg->dir_ = spec_dir;
  const std::string index_path = spec_dir + "/messages.json";
  auto index = json::load_file(index_path);
  if (!index) return Error{"spec", index.error().message};
  const Json::Value& root = *index;
  if (!root.isObject() || !root["version"].isString() || !root["types"].isObject())
    return Error{"spec", index_path + ": needs a string `version` and an object `types`"};
  reg->version_ = root["version"].asString();
  if (reg->version_.rfind("ykt-std/1.", 0) != 0)
    return Error{"spec", index_path + ": unsupported version " + reg->version_};
  for (const std::string& name : root["types"].getMemberNames()) {
    const Json::Value& t = root["types"][name];
    const std::string where = index_path + ": types." + name;
    if (!t.isObject() || !t["schema"].isString() || !t["clause"].isString())
      return Error{"spec", where + " needs string fields `schema` and `clause`"};
    MessageType mt;
    mt.name = name;
    mt.clause = t["clause"].asString();
    mt.schema_file = t["schema"].asString();
    if (t.isMember("response_schema")) {
      if (!t["response_schema"].isString())
        return Error{"spec", where + ".response_schema must be a string"};
      mt.response_schema_file = t["response_schema"].asString();
    } else if (name != "error") {
      return Error{"spec", where + " has no `response_schema`"};
    }
    auto from = string_list(t["from"], where + ".from");
    if (!from) return from.error();
    auto to = string_list(t["to"], where + ".to");
    if (!to) return to.error();
    mt.from = std::move(from.value());
    mt.to = std::move(to.value());
    if (auto s = reg->impl_->add(name, spec_dir, mt.schema_file); !s) return s.error();
    if (!mt.response_schema_file.empty()) {
      auto s = reg->impl_->add(name + std::string(kRspSuffix), spec_dir, mt.response_schema_file);
      if (!s) return s.error();
    }
    reg->types_.emplace(name, std::move(mt));
  }
  if (reg->types_.count("error") == 0)
    return Error{"spec", index_path + ": the `error` type is missing"};
  if (auto s = reg->impl_->add("#envelope", spec_dir, "schemas/envelope.json"); !s)
    return s.error();
  if (auto s = reg->impl_->add("#auth", spec_dir, "schemas/auth.json"); !s) return s.error();
  return reg;
}

Status SchemaRegistry::validate(const Envelope& e) const {
  return validate_body(e.type, e.body);
}

Status SchemaRegistry::validate_body(const std::string& type, const Json::Value& body) const {
  auto it = impl_->schemas.find(type);
  if (it == impl_->schemas.end() || type.empty() || type.front() == '#') {
    std::string shown = type.substr(0, kMaxEchoedType);
    if (shown.size() < type.size()) shown += "...";
    return Error{"E1005", pii::mask_text("unknown message type '" + shown + "'")};
  }
  return it->second.check(body, "body", "E1002");
}

Status SchemaRegistry::validate_envelope(const Json::Value& frame1) const {
  return impl_->schemas.at("#envelope").check(frame1, "envelope", "E1001");
}

Status SchemaRegistry::validate_auth(const Json::Value& frame2) const {
  return impl_->schemas.at("#auth").check(frame2, "auth", "E1101");
}

const MessageType* SchemaRegistry::find(const std::string& type) const {
  auto it = types_.find(type);
  return it == types_.end() ? nullptr : &it->second;
}

std::size_t SchemaRegistry::schema_count() const {
  return impl_->schemas.size();
}

}  // namespace ykt::spec
