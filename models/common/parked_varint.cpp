#include "parked_varint.hpp"

#include <stdexcept>

namespace ykt::parked {

void put_varint(std::string& out, std::uint64_t v) {
  while (v >= 0x80) {
    out.push_back(static_cast<char>((v & 0x7F) | 0x80));
    v >>= 7;
  }
  out.push_back(static_cast<char>(v));
}

std::uint64_t take_varint(std::string_view& in, std::string_view what) {
  std::uint64_t v = 0;
  for (unsigned shift = 0; shift < 64; shift += 7) {
    if (in.empty()) throw std::invalid_argument(std::string(what) + ": truncated number");
    const auto b = static_cast<std::uint8_t>(in.front());
    in.remove_prefix(1);
    v |= static_cast<std::uint64_t>(b & 0x7F) << shift;
    if (!(b & 0x80)) return v;
  }
  throw std::invalid_argument(std::string(what) + ": number too long");
}

}  // namespace ykt::parked
