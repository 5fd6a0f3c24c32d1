#pragma once
/// Bytes and their hexadecimal text form (APDUs, keys, MACs on the wire).
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

// GCC's stringop warnings misfire inside Boost.Container's copy helpers (a run-time size checked
// against the inline capacity); they are silenced for that header only.
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wstringop-overread"
#pragma GCC diagnostic ignored "-Wstringop-overflow"
#include <boost/container/small_vector.hpp>
#pragma GCC diagnostic pop

namespace ykt {

/// A byte string; up to 40 bytes (keys, MACs, most APDUs and records) are held inline.
using Bytes = boost::container::small_vector<std::uint8_t, 40>;

/// Lower-case hex of `b`.
std::string to_hex(const Bytes& b);
/// Upper-case hex of `b` (APDU logs).
std::string to_hex_upper(const Bytes& b);
/// Parses hex (either case, no separators); nullopt on odd length or a non-hex character.
std::optional<Bytes> from_hex(std::string_view s);
/// Parses hex that is known to be valid (test vectors, constants); throws on bad input.
Bytes hex_bytes(std::string_view s);

}  // namespace ykt
