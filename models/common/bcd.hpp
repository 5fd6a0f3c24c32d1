#pragma once
/// Byte encodings shared by cards, terminals and backends (STD-4.3): BCD dates and times, amounts
/// and counters as big-endian integers, and 12-digit terminal ids as 6 BCD bytes.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "hex.hpp"
#include "sim_time.hpp"

namespace ykt::codec {

/// Packs an even-length digit string ("20261130") into BCD bytes; nullopt if not all digits.
std::optional<Bytes> digits_to_bcd(std::string_view digits);
/// Unpacks BCD bytes into digits; nullopt if a nibble is above 9.
std::optional<std::string> bcd_to_digits(const Bytes& bcd);
/// The 4-byte BCD date YYYYMMDD of `t` in Beijing time (FACTS §4 log record).
Bytes bcd_date(SimTime t);
/// The 3-byte BCD time hhmmss of `t` in Beijing time.
Bytes bcd_time(SimTime t);
/// True when `date4` is a BCD calendar date (year 1900..2099, month 1..12, day 1..31).
bool valid_bcd_date(const Bytes& date4);
/// True when `time3` is a BCD time of day (hh < 24, mm < 60, ss < 60).
bool valid_bcd_time(const Bytes& time3);

/// `v` as `n` big-endian bytes (n ≤ 4); amounts are 4 bytes in fen, ATC 2, terminal sequence 4.
Bytes be_bytes(std::uint32_t v, std::size_t n);
/// Reads `n` (≤ 4) big-endian bytes at `off`; the caller checks the length.
std::uint32_t be_value(const Bytes& b, std::size_t off, std::size_t n);

/// True when `id` is a 12-digit terminal id: 6-digit city code ‖ 6-digit serial (CATALOG).
bool valid_terminal_id(std::string_view id);
/// The 6 BCD bytes of a 12-digit terminal id; nullopt if it is not 12 digits.
std::optional<Bytes> terminal_id_bytes(std::string_view id);
/// The 12-digit text of 6 BCD terminal bytes; nullopt if not BCD.
std::optional<std::string> terminal_id_text(const Bytes& six);
/// The city code (first 6 digits) of a terminal id.
std::string terminal_city(std::string_view terminal_id);
/// The acquiring backend of a terminal: `backend.<first 2 digits of its city>0000` (CATALOG).
std::string acquirer_address(std::string_view terminal_id);

}  // namespace ykt::codec
