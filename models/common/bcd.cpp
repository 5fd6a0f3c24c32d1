#include "bcd.hpp"

#include <cstdio>

namespace ykt::codec {

std::optional<Bytes> digits_to_bcd(std::string_view digits) {
  if (digits.size() % 2 != 0) return std::nullopt;
  Bytes out;
  out.reserve(digits.size() / 2);
  for (std::size_t i = 0; i < digits.size(); i += 2) {
    const char a = digits[i];
    const char b = digits[i + 1];
    if (a < '0' || a > '9' || b < '0' || b > '9') return std::nullopt;
    out.push_back(static_cast<std::uint8_t>(((a - '0') << 4) | (b - '0')));
  }
  return out;
}

std::optional<std::string> bcd_to_digits(const Bytes& bcd) {
  std::string out;
  out.reserve(bcd.size() * 2);
  for (std::uint8_t b : bcd) {
    const int hi = b >> 4;
    const int lo = b & 0x0F;
    if (hi > 9 || lo > 9) return std::nullopt;
    out.push_back(static_cast<char>('0' + hi));
    out.push_back(static_cast<char>('0' + lo));
  }
  return out;
}

namespace {
std::uint8_t bcd2(int v) {
  return static_cast<std::uint8_t>(((v / 10) << 4) | (v % 10));
}
int dec2(std::uint8_t b) {
  return (b >> 4) * 10 + (b & 0x0F);
}
bool is_bcd(const Bytes& b) {
  for (std::uint8_t x : b)
    if ((x >> 4) > 9 || (x & 0x0F) > 9) return false;
  return true;
}
}  // namespace

Bytes bcd_date(SimTime t) {
  const LocalDateTime l = to_beijing(t);
  return {bcd2(l.year / 100), bcd2(l.year % 100), bcd2(l.month), bcd2(l.day)};
}

Bytes bcd_time(SimTime t) {
  const LocalDateTime l = to_beijing(t);
  return {bcd2(l.hour), bcd2(l.minute), bcd2(l.second)};
}

bool valid_bcd_date(const Bytes& d) {
  if (d.size() != 4 || !is_bcd(d)) return false;
  const int year = dec2(d[0]) * 100 + dec2(d[1]);
  const int month = dec2(d[2]);
  const int day = dec2(d[3]);
  return year >= 1900 && year <= 2099 && month >= 1 && month <= 12 && day >= 1 && day <= 31;
}

bool valid_bcd_time(const Bytes& t) {
  return t.size() == 3 && is_bcd(t) && dec2(t[0]) < 24 && dec2(t[1]) < 60 && dec2(t[2]) < 60;
}

Bytes be_bytes(std::uint32_t v, std::size_t n) {
  Bytes out(n);
  for (std::size_t i = 0; i < n; ++i)
    out[n - 1 - i] = static_cast<std::uint8_t>((v >> (8 * i)) & 0xFF);
  return out;
}

std::uint32_t be_value(const Bytes& b, std::size_t off, std::size_t n) {
  std::uint32_t v = 0;
  for (std::size_t i = 0; i < n; ++i) v = (v << 8) | b[off + i];
  return v;
}

bool valid_terminal_id(std::string_view id) {
  if (id.size() != 12) return false;
  for (char c : id)
    if (c < '0' || c > '9') return false;
  return true;
}

std::optional<Bytes> terminal_id_bytes(std::string_view id) {
  if (!valid_terminal_id(id)) return std::nullopt;
  return digits_to_bcd(id);
}

std::optional<std::string> terminal_id_text(const Bytes& six) {
  if (six.size() != 6) return std::nullopt;
  return bcd_to_digits(six);
}

std::string terminal_city(std::string_view terminal_id) {
  return std::string(terminal_id.substr(0, 6));
}

std::string acquirer_address(std::string_view terminal_id) {
  return "backend." + std::string(terminal_id.substr(0, 2)) + "0000";
}

}  // namespace ykt::codec
