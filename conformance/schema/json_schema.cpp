#include "json_schema.hpp"

#include <valijson/adapters/jsoncpp_adapter.hpp>
#include <valijson/schema.hpp>
#include <valijson/schema_parser.hpp>
#include <valijson/validation_results.hpp>
#include <valijson/validator.hpp>

#include <algorithm>
#include <mutex>
#include <stdexcept>

#include "json_util.hpp"
#include "pii.hpp"

namespace ykt::spec {

namespace {

// True when a context step names an array index (`0`, `12`), not a property.
bool is_index(const std::string& step) {
  return !step.empty() &&
         std::all_of(step.begin(), step.end(), [](char ch) { return ch >= '0' && ch <= '9'; });
}

// Turns valijson's context (`<root>`, `[card_ref]`, `[0]`) into `body.card_ref[0]`.
std::string field_path(const std::string& root, const std::vector<std::string>& context) {
  std::string out = root;
  for (const std::string& c : context) {
    if (c == "<root>" || c.size() < 2 || c.front() != '[' || c.back() != ']') continue;
    const std::string inner = c.substr(1, c.size() - 2);
    out += is_index(inner) ? c : "." + inner;
  }
  return out;
}

// The text between the last pair of single quotes of `s` (a property name), or empty.
std::string last_quoted(const std::string& s) {
  const auto close = s.rfind('\'');
  if (close == std::string::npos || close == 0) return {};
  const auto open = s.rfind('\'', close - 1);
  if (open == std::string::npos) return {};
  return s.substr(open + 1, close - open - 1);
}

bool starts_with(const std::string& s, std::string_view p) {
  return s.compare(0, p.size(), p) == 0;
}

// The field names and indices of valijson's context, in order (`[card_ref]`, `[0]`).
std::vector<std::string> context_steps(const std::vector<std::string>& context) {
  std::vector<std::string> out;
  for (const std::string& c : context)
    if (c != "<root>" && c.size() >= 2 && c.front() == '[' && c.back() == ']')
      out.push_back(c.substr(1, c.size() - 2));
  return out;
}

// Follows a local `$ref` (`#/definitions/x`, `#/$defs/x`) of `doc`; other nodes are returned as is.
const Json::Value* resolve(const Json::Value& doc, const Json::Value* node) {
  for (int hops = 0; node && node->isObject() && (*node)["$ref"].isString() && hops < 8; ++hops) {
    const std::string ref = (*node)["$ref"].asString();
    if (ref.rfind("#/", 0) != 0) return node;
    const Json::Value* at = &doc;
    std::size_t pos = 2;
    while (at && pos <= ref.size()) {
      const std::size_t next = std::min(ref.find('/', pos), ref.size());
      const std::string key = ref.substr(pos, next - pos);
      at = at->isObject() && at->isMember(key) ? &(*at)[key] : nullptr;
      pos = next + 1;
    }
    node = at;
  }
  return node;
}

// The JSON type names a value has, as JSON Schema spells them.
std::string type_name(const Json::Value& v) {
  switch (v.type()) {
    case Json::nullValue:
      return "null";
    case Json::intValue:
    case Json::uintValue:
      return "integer";
    case Json::realValue:
      return "number";
    case Json::stringValue:
      return "string";
    case Json::booleanValue:
      return "boolean";
    case Json::arrayValue:
      return "array";
    case Json::objectValue:
      return "object";
  }
  return "value";
}

// "(expected integer, got string)" for a type error at `steps`, or "" when the schema's `type`
// there cannot be found by plain properties/items (e.g. behind oneOf).
std::string type_detail(const Json::Value& schema, const Json::Value& value,
                        const std::vector<std::string>& steps) {
  const Json::Value* node = resolve(schema, &schema);
  const Json::Value* inst = &value;
  for (const std::string& step : steps) {
    if (!node || !node->isObject() || !inst) return {};
    if (is_index(step)) {
      const auto i = static_cast<Json::ArrayIndex>(std::stoul(step));
      node = (*node)["items"].isObject() ? &(*node)["items"] : nullptr;
      inst = inst->isArray() && i < inst->size() ? &(*inst)[i] : nullptr;
    } else {
      const Json::Value& props = (*node)["properties"];
      node = props.isObject() && props.isMember(step) ? &props[step] : nullptr;
      inst = inst->isObject() && inst->isMember(step) ? &(*inst)[step] : nullptr;
    }
    node = resolve(schema, node);
  }
  if (!node || !node->isObject() || !inst) return {};
  const Json::Value& t = (*node)["type"];
  std::string expected;
  if (t.isString()) expected = t.asString();
  if (t.isArray())
    for (const auto& x : t)
      if (x.isString()) expected += (expected.empty() ? "" : " or ") + x.asString();
  if (expected.empty()) return {};
  return " (expected " + expected + ", got " + type_name(*inst) + ")";
}

// "1.000000" (std::to_string in valijson's bounds) as "1", "0.500000" as "0.5".
std::string trim_number(std::string n) {
  if (n.find('.') == std::string::npos) return n;
  while (!n.empty() && n.back() == '0') n.pop_back();
  if (!n.empty() && n.back() == '.') n.pop_back();
  return n;
}

// The value at `steps` of `value` as compact JSON (cut at 40 characters), or "" when absent.
std::string value_at(const Json::Value& value, const std::vector<std::string>& steps) {
  const Json::Value* inst = &value;
  for (const std::string& step : steps) {
    if (inst->isArray()) {
      if (!is_index(step) || std::stoul(step) >= inst->size()) return {};
      inst = &(*inst)[static_cast<Json::ArrayIndex>(std::stoul(step))];
    } else if (inst->isObject() && inst->isMember(step)) {
      inst = &(*inst)[step];
    } else {
      return {};
    }
  }
  std::string text = json::compact(*inst);
  return text.size() > 40 ? text.substr(0, 40) + "..." : text;
}

// valijson's "Expected number greater than or equal to 1.000000" as "out of range (must be >= 1,
// got 0)"; "" for any other description.
std::string bound_detail(const std::string& what, const Json::Value& value,
                         const std::vector<std::string>& steps) {
  static const std::pair<std::string_view, std::string_view> kBounds[] = {
      {"Expected number greater than or equal to ", ">="},
      {"Expected number greater than ", ">"},
      {"Expected number less than or equal to ", "<="},
      {"Expected number less than ", "<"},
  };
  for (const auto& [prefix, op] : kBounds) {
    if (!starts_with(what, prefix)) continue;
    const std::string got = value_at(value, steps);
    return "out of range (must be " + std::string(op) + " " +
           trim_number(what.substr(prefix.size())) + (got.empty() ? "" : ", got " + got) + ")";
  }
  return {};
}

// One readable line for the most specific error: the deepest path wins, the first on a tie.
std::string describe(const valijson::ValidationResults& results, const std::string& root,
                     const Json::Value& schema, const Json::Value& value) {
  const valijson::ValidationResults::Error* best = nullptr;
  std::size_t best_depth = 0;
  for (const auto& err : results) {
    std::size_t depth = err.context.size();
    // A missing or forbidden property names a field one level below its context.
    if (starts_with(err.description, "Missing required property") ||
        starts_with(err.description, "Object contains a property"))
      ++depth;
    if (best == nullptr || depth > best_depth) {
      best = &err;
      best_depth = depth;
    }
  }
  if (best == nullptr) return root + ": does not match the schema";
  std::string path = field_path(root, best->context);
  std::string what = best->description;
  if (starts_with(what, "Missing required property")) {
    path += "." + last_quoted(what);
    what = "required field missing";
  } else if (starts_with(what, "Object contains a property")) {
    path += "." + last_quoted(what);
    what = "field not allowed (additionalProperties: false)";
  } else if (starts_with(what, "Value type not permitted")) {
    what = "wrong type" + type_detail(schema, value, context_steps(best->context));
  } else if (std::string bound = bound_detail(what, value, context_steps(best->context));
             !bound.empty()) {
    what = std::move(bound);
  } else if (starts_with(what, "Failed to match regex")) {
    what = "does not match the pattern";
  } else if (starts_with(what, "Failed to match against any enum")) {
    what = "not one of the allowed values";
  }
  if (!what.empty() && what.back() == '.') what.pop_back();
  if (path.size() > 160) path = path.substr(0, 160) + "...";
  return pii::mask_text(path + ": " + what);
}

}  // namespace

struct JsonSchema::Impl {
  Json::Value doc;  ///< the schema document, kept alive beside the schema built from it
  valijson::Schema schema;
  /// valijson caches compiled regexes inside the validator; shared between threads, so locked.
  std::mutex mu;
  valijson::Validator validator;
};

JsonSchema::JsonSchema() : impl_(std::make_unique<Impl>()) {}
JsonSchema::JsonSchema(JsonSchema&&) noexcept = default;
JsonSchema& JsonSchema::operator=(JsonSchema&&) noexcept = default;
JsonSchema::~JsonSchema() = default;

Result<JsonSchema> JsonSchema::load(const std::string& path) {
  auto doc = json::load_file(path);
  if (!doc) return Error{"spec", doc.error().message};
  return from_json(*doc, path);
}

Result<JsonSchema> JsonSchema::from_json(const Json::Value& doc, const std::string& name) {
  if (!doc.isObject()) return Error{"spec", name + ": a schema must be a JSON object"};
  JsonSchema s;
  s.impl_->doc = doc;
  try {
    valijson::SchemaParser parser(valijson::SchemaParser::kDraft7);
    valijson::adapters::JsonCppAdapter adapter(s.impl_->doc);
    parser.populateSchema(adapter, s.impl_->schema);
  } catch (const std::exception& ex) {
    return Error{"spec", name + ": invalid JSON Schema: " + ex.what()};
  }
  return s;
}

Status JsonSchema::check(const Json::Value& value, const std::string& root,
                         const std::string& code) const {
  valijson::adapters::JsonCppAdapter target(value);
  std::lock_guard<std::mutex> lock(impl_->mu);
  // Fast path without collecting errors; a failure is validated again for its reason.
  if (impl_->validator.validate(impl_->schema, target, nullptr)) return ok_status();
  valijson::ValidationResults results;
  impl_->validator.validate(impl_->schema, target, &results);
  return Error{code, describe(results, root, impl_->doc, value)};
}

}  // namespace ykt::spec
