#pragma once
/// Checks a message against the unified standard (STD-3.2). Declared here so models (the exchange)
/// can enforce the spec's schemas without depending on the JSON Schema library that implements it.
#include "envelope.hpp"
#include "result.hpp"

namespace ykt {

/// Validates envelopes; implemented in conformance/ with the spec's JSON Schemas.
class MessageValidator {
 public:
  virtual ~MessageValidator() = default;
  /// OK, or E1005 (unknown type) / E1002 (schema violation) with a reason naming the field.
  [[nodiscard]] virtual Status validate(const Envelope& e) const = 0;
};

}  // namespace ykt
