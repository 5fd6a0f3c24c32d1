#include "hex.hpp"

#include <stdexcept>

namespace ykt {

namespace {
std::string encode(const Bytes& b, const char* digits) {
  std::string s;
  s.reserve(b.size() * 2);
  for (std::uint8_t c : b) {
    s.push_back(digits[c >> 4]);
    s.push_back(digits[c & 15]);
  }
  return s;
}
int nibble(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}
}  // namespace

std::string to_hex(const Bytes& b) { return encode(b, "0123456789abcdef"); }
std::string to_hex_upper(const Bytes& b) { return encode(b, "0123456789ABCDEF"); }

std::optional<Bytes> from_hex(std::string_view s) {
  if (s.size() % 2 != 0) return std::nullopt;
  Bytes out(s.size() / 2);
  for (std::size_t i = 0; i < out.size(); ++i) {
    const int hi = nibble(s[2 * i]);
    const int lo = nibble(s[2 * i + 1]);
    if (hi < 0 || lo < 0) return std::nullopt;
    out[i] = static_cast<std::uint8_t>(hi << 4 | lo);
  }
  return out;
}

Bytes hex_bytes(std::string_view s) {
  auto b = from_hex(s);
  if (!b) throw std::invalid_argument("bad hex constant");
  return *b;
}

}  // namespace ykt
