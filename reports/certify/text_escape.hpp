#pragma once
/// Escaping for the markup the report writers produce.
#include <string>
#include <string_view>

namespace ykt::reports {

/// Escapes & < > " ' for XML and HTML text and attribute values; drops control characters
/// that XML 1.0 forbids.
std::string xml_escape(std::string_view s);
/// Standard base64 (RFC 4648) of raw bytes, for data URIs.
std::string base64(std::string_view bytes);

}  // namespace ykt::reports
