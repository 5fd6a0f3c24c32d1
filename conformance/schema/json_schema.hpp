#pragma once
/// One compiled JSON Schema (draft-07, valijson over jsoncpp) and the readable reason of a failure.
#include <json/value.h>

#include <memory>
#include <string>

#include "result.hpp"

namespace ykt::spec {

/// A loaded schema; validation is thread-safe.
class JsonSchema {
 public:
  /// Reads and compiles the schema at `path`; the error names the file and the problem.
  [[nodiscard]] static Result<JsonSchema> load(const std::string& path);
  /// Compiles an already parsed schema document; `name` is used in error messages.
  [[nodiscard]] static Result<JsonSchema> from_json(const Json::Value& doc,
                                                    const std::string& name);

  JsonSchema(JsonSchema&&) noexcept;
  JsonSchema& operator=(JsonSchema&&) noexcept;
  ~JsonSchema();

  /// OK, or Error{code, "<root>.<field path>: <what>"} naming the most specific failing field
  /// (personal data in the path is masked).
  [[nodiscard]] Status check(const Json::Value& value, const std::string& root,
                             const std::string& code) const;

 private:
  struct Impl;
  JsonSchema();
  std::unique_ptr<Impl> impl_;
};

}  // namespace ykt::spec
