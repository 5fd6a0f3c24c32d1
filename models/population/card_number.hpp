#pragma once
/// The ykt synthetic SSC card number (STD-2.2): 9 characters, `Y` ‖ 2-digit province prefix ‖
/// 6-character serial. Serials 1..999999 are decimal (`Y31000042`); larger serials (needed only at
/// scales near 1:1) start with a letter A–Z followed by 5 base-36 characters, so every serial has
/// exactly one spelling and decimal and lettered forms never collide (ykt definition).
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace ykt::population {

/// Largest serial a province can hold: 999,999 decimal + 26·36^5 lettered.
constexpr std::uint64_t kMaxCardSerial = 999'999ULL + 26ULL * 60'466'176ULL;

/// The card number for `prefix` ("31") and `serial` (1..kMaxCardSerial); nullopt out of range.
std::optional<std::string> encode_card_no(std::string_view prefix, std::uint64_t serial);

/// Parsed form of a card number.
struct CardNoParts {
  std::string prefix;    ///< "31"
  std::uint64_t serial;  ///< 1..kMaxCardSerial
};

/// Parses a card number; nullopt when it is not in the ykt synthetic form.
std::optional<CardNoParts> decode_card_no(std::string_view card_no);

}  // namespace ykt::population
