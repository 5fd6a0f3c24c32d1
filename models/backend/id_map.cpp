#include "id_map.hpp"

namespace ykt::backend {

namespace {

constexpr std::size_t kTermForm = 25;  // <12 digits>-<12 lower-case hex>

bool is_digit(char c) {
  return c >= '0' && c <= '9';
}
int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  return -1;  // upper case is kept as text: it must come back as it was
}

bool terminal_form(std::string_view s) {
  if (s.size() != kTermForm || s[12] != '-') return false;
  for (std::size_t i = 0; i < 12; ++i)
    if (!is_digit(s[i]) || hex_value(s[13 + i]) < 0) return false;
  return true;
}

}  // namespace

// Tag 0: the id as it is. Tag 1: the id's prefix as it is, then its terminal-form tail as
// 6 BCD bytes and 6 bytes.
void pack_id(std::string_view id, std::string& out) {
  if (id.size() < kTermForm || !terminal_form(id.substr(id.size() - kTermForm))) {
    out.push_back('\0');
    out.append(id);
    return;
  }
  const std::string_view prefix = id.substr(0, id.size() - kTermForm);
  const std::string_view tail = id.substr(prefix.size());
  out.push_back('\1');
  out.append(prefix);
  for (std::size_t i = 0; i < 12; i += 2)
    out.push_back(static_cast<char>(((tail[i] - '0') << 4) | (tail[i + 1] - '0')));
  for (std::size_t i = 13; i < kTermForm; i += 2)
    out.push_back(static_cast<char>((hex_value(tail[i]) << 4) | hex_value(tail[i + 1])));
}

std::string unpack_id(std::string_view packed) {
  if (packed.empty()) return {};
  if (packed[0] == '\0' || packed.size() < 13) return std::string(packed.substr(1));
  static const char* kHex = "0123456789abcdef";
  std::string id(packed.substr(1, packed.size() - 13));
  const std::string_view b = packed.substr(packed.size() - 12);
  for (std::size_t i = 0; i < 12; ++i) {
    const auto v = static_cast<unsigned char>(b[i]);
    id.push_back(kHex[v >> 4]);
    id.push_back(kHex[v & 0xF]);
    if (i == 5) id.push_back('-');
  }
  return id;
}

}  // namespace ykt::backend
