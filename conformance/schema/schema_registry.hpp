#pragma once
/// The message registry of the unified standard (STD-3.2): messages.json plus one JSON Schema per
/// request and response body, checked with valijson. Implements ykt::MessageValidator, so the
/// exchange can validate every message it relays (STD-7.6).
#include <json/value.h>

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "message_validator.hpp"

namespace ykt::spec {

/// One entry of messages.json.
struct MessageType {
  std::string name;                  ///< request type, e.g. `txn.purchase` (or `error`)
  std::string clause;                ///< clause of ykt-std-1.0.md that defines it, e.g. `STD-6.2`
  std::vector<std::string> from;     ///< roles that may send the request
  std::vector<std::string> to;       ///< roles that receive it
  std::string schema_file;           ///< request body schema, relative to the spec directory
  std::string response_schema_file;  ///< response body schema; empty for `error`
};

/// Loaded schemas of every message type; thread-safe validation.
class SchemaRegistry final : public MessageValidator {
 public:
  /// Loads `<spec_dir>/messages.json` and every schema it names plus envelope.json and auth.json;
  /// the error names the file that failed and why.
  [[nodiscard]] static Result<std::unique_ptr<SchemaRegistry>> load(const std::string& spec_dir);

  ~SchemaRegistry() override;
  SchemaRegistry(const SchemaRegistry&) = delete;
  SchemaRegistry& operator=(const SchemaRegistry&) = delete;

  /// OK; E1005 for an unknown type; E1002 with `body.<path>: <what>` for a schema violation.
  [[nodiscard]] Status validate(const Envelope& e) const override;
  /// Validates a body as `type` (`x`, `x.rsp` or `error`); same codes as validate().
  [[nodiscard]] Status validate_body(const std::string& type, const Json::Value& body) const;
  /// Validates a parsed wire frame 1 against envelope.json (E1001 with the field on failure).
  [[nodiscard]] Status validate_envelope(const Json::Value& frame1) const;
  /// Validates a parsed wire frame 2 against auth.json (E1101 with the field on failure).
  [[nodiscard]] Status validate_auth(const Json::Value& frame2) const;

  /// The registry's version string, `ykt-std/1.0`.
  [[nodiscard]] const std::string& version() const { return version_; }
  /// The directory the registry was loaded from.
  [[nodiscard]] const std::string& spec_dir() const { return dir_; }
  /// The entry for a request type (`error` included); nullptr when unknown.
  [[nodiscard]] const MessageType* find(const std::string& type) const;
  /// All entries by type name.
  [[nodiscard]] const std::map<std::string, MessageType>& types() const { return types_; }
  /// Number of schema files loaded (request, response, envelope, auth).
  [[nodiscard]] std::size_t schema_count() const;

 private:
  struct Impl;
  SchemaRegistry();
  std::string dir_;
  std::string version_;
  std::map<std::string, MessageType> types_;
  std::unique_ptr<Impl> impl_;
};

}  // namespace ykt::spec
