#pragma once
/// Bytes and their hexadecimal text form (APDUs, keys, MACs on the wire).
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace ykt {

/// A byte string.
using Bytes = std::vector<std::uint8_t>;

/// Lower-case hex of `b`.
std::string to_hex(const Bytes& b);
/// Upper-case hex of `b` (APDU logs).
std::string to_hex_upper(const Bytes& b);
/// Parses hex (either case, no separators); nullopt on odd length or a non-hex character.
std::optional<Bytes> from_hex(std::string_view s);
/// Parses hex that is known to be valid (test vectors, constants); throws on bad input.
Bytes hex_bytes(std::string_view s);

}  // namespace ykt
