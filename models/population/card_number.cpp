#include "card_number.hpp"

namespace ykt::population {

namespace {
constexpr char kB36[] = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ";
constexpr std::uint64_t kDecimalMax = 999'999;
constexpr std::uint64_t k36p5 = 60'466'176;  // 36^5

int b36_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'A' && c <= 'Z') return c - 'A' + 10;
  return -1;
}
}  // namespace

std::optional<std::string> encode_card_no(std::string_view prefix, std::uint64_t serial) {
  if (prefix.size() != 2 || serial == 0 || serial > kMaxCardSerial) return std::nullopt;
  std::string out = "Y";
  out.append(prefix);
  if (serial <= kDecimalMax) {
    std::string s = std::to_string(serial);
    out.append(6 - s.size(), '0').append(s);
    return out;
  }
  std::uint64_t m = serial - kDecimalMax - 1;
  out.push_back(static_cast<char>('A' + m / k36p5));
  m %= k36p5;
  char tail[5];
  for (int i = 4; i >= 0; --i) {
    tail[i] = kB36[m % 36];
    m /= 36;
  }
  out.append(tail, 5);
  return out;
}

std::optional<CardNoParts> decode_card_no(std::string_view s) {
  if (s.size() != 9 || s[0] != 'Y') return std::nullopt;
  if (s[1] < '0' || s[1] > '9' || s[2] < '0' || s[2] > '9') return std::nullopt;
  CardNoParts p{std::string(s.substr(1, 2)), 0};
  if (s[3] >= 'A' && s[3] <= 'Z') {
    std::uint64_t m = 0;
    for (std::size_t i = 4; i < 9; ++i) {
      const int v = b36_value(s[i]);
      if (v < 0) return std::nullopt;
      m = m * 36 + static_cast<std::uint64_t>(v);
    }
    p.serial = kDecimalMax + 1 + static_cast<std::uint64_t>(s[3] - 'A') * k36p5 + m;
    return p;
  }
  for (std::size_t i = 3; i < 9; ++i) {
    if (s[i] < '0' || s[i] > '9') return std::nullopt;
    p.serial = p.serial * 10 + static_cast<std::uint64_t>(s[i] - '0');
  }
  if (p.serial == 0) return std::nullopt;
  return p;
}

}  // namespace ykt::population
