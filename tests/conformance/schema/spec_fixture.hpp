#pragma once
/// Shared helpers of the schema tests: the source tree's spec directory and its files.
#include <json/value.h>

#include <memory>
#include <stdexcept>
#include <string>

#include "json_util.hpp"
#include "schema_registry.hpp"

namespace ykt::test {

/// The spec directory of the source tree under test.
inline std::string spec_dir() {
  return YKT_SOURCE_DIR "/conformance/spec";
}

/// The registry loaded once from spec_dir(); throws (failing the test) when it cannot load.
inline const spec::SchemaRegistry& registry() {
  static const std::unique_ptr<spec::SchemaRegistry> reg = [] {
    auto r = spec::SchemaRegistry::load(spec_dir());
    if (!r) throw std::runtime_error("registry: " + r.error().message);
    return std::move(r.value());
  }();
  return *reg;
}

/// Parsed `examples/<name>.json`; throws when missing or broken.
inline Json::Value example(const std::string& name) {
  auto v = json::load_file(spec_dir() + "/examples/" + name + ".json");
  if (!v) throw std::runtime_error(v.error().message);
  return v.value();
}

/// Parsed spec file relative to spec_dir(); throws when missing or broken.
inline Json::Value spec_json(const std::string& rel) {
  auto v = json::load_file(spec_dir() + "/" + rel);
  if (!v) throw std::runtime_error(v.error().message);
  return v.value();
}

}  // namespace ykt::test
