#pragma once
/// `--set key=value` overrides on a JSON document: a dotted path (`capacity.exchange.servers`,
/// `events.0.factor`) and a value read as JSON when it parses, else as a string.
#include <json/value.h>

#include <string>

#include "result.hpp"

namespace ykt::scenario {

/// Applies one `path=value` assignment to `doc`; the error names the path segment that failed.
Status apply_override(Json::Value& doc, const std::string& assignment);

/// Reads the value at a dotted path (null when absent).
Json::Value value_at(const Json::Value& doc, const std::string& path);

}  // namespace ykt::scenario
