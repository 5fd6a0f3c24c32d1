#pragma once
/// Encoding of a parked actor's state (cards, terminals): unsigned LEB128 integers.
#include <cstdint>
#include <string>
#include <string_view>

namespace ykt::parked {

/// Appends `v` as an unsigned LEB128 varint.
void put_varint(std::string& out, std::uint64_t v);
/// Reads a varint from the front of `in`; throws std::invalid_argument when truncated or too long
/// (the message starts with `what`, e.g. "corrupt parked card state").
std::uint64_t take_varint(std::string_view& in, std::string_view what = "corrupt parked state");

}  // namespace ykt::parked
