#pragma once
/// JSON on the wire hot path: RapidJSON's SAX reader and writer working directly on Json::Value
/// (Envelope.body stays a Json::Value). Same strictness as ykt::json::parse: one root value,
/// valid UTF-8, no duplicate keys; plus a nesting limit so hostile input cannot exhaust the stack.
#include <json/value.h>

#include <string>
#include <string_view>

#include "result.hpp"

namespace ykt::wire {

/// Deepest nesting of arrays/objects accepted on the wire (a ykt definition).
inline constexpr int kMaxJsonDepth = 64;

/// Parses `text` into a Json::Value; the error (code E1001) names the byte offset.
Result<Json::Value> fast_parse(std::string_view text);

/// Appends the compact JSON of `v` to `out` (object members in jsoncpp's key order).
void fast_write(const Json::Value& v, std::string& out);

/// Appends `s` as a JSON string literal (quoted, escaped) to `out`.
void fast_write_string(std::string_view s, std::string& out);

}  // namespace ykt::wire
