#pragma once
/// jsoncpp helpers for configuration, scenario, topology and report files.
#include <json/reader.h>
#include <json/value.h>

#include <string>
#include <string_view>

#include "result.hpp"

namespace ykt::json {

/// Parses JSON text strictly (no comments, no trailing garbage); the error names line and column.
Result<Json::Value> parse(std::string_view text);
/// Parses with a configured `reader`; every failure (also jsoncpp's stack-limit exception) is an
/// E1001 error naming the first problem.
Result<Json::Value> parse_with(Json::CharReader& reader, std::string_view text);
/// Reads and parses a file; the error names the file.
Result<Json::Value> load_file(const std::string& path);
/// Compact one-line serialization.
std::string compact(const Json::Value& v);
/// Indented serialization for files people read.
std::string pretty(const Json::Value& v);
/// Writes `v` indented to `path` (atomically: temp file then rename).
Status save_file(const std::string& path, const Json::Value& v);

/// `"status"_k`: a member name jsoncpp stores without copying (members set per message in hot
/// paths would otherwise each allocate a copy of their name). Only for string literals.
inline Json::StaticString operator""_k(const char* literal, std::size_t /*size*/) {
  return Json::StaticString(literal);
}

}  // namespace ykt::json
