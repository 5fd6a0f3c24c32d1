#pragma once
/// Command APDUs in the short ISO/IEC 7816-4 form (FACTS §4): header, optional Lc and data,
/// optional Le. A parse failure is a status word (6700), never an exception.
#include <cstdint>
#include <optional>
#include <variant>

#include "hex.hpp"
#include "status_word.hpp"

namespace ykt::card {

/// One parsed command APDU.
struct Command {
  std::uint8_t cla = 0;            ///< class byte (00 ISO, 80 proprietary)
  std::uint8_t ins = 0;            ///< instruction
  std::uint8_t p1 = 0;             ///< parameter 1
  std::uint8_t p2 = 0;             ///< parameter 2
  Bytes data;                      ///< command data (Lc bytes)
  std::optional<std::uint8_t> le;  ///< expected length; 0 means "up to 256"
};

/// Parses a short APDU: 4 bytes (case 1), 5 (case 2), 5+Lc (case 3) or 5+Lc+1 (case 4);
/// anything else, or Lc = 0 with data following, is 6700.
std::variant<Command, StatusWord> parse_command(const Bytes& capdu);

/// A response APDU: `data` ‖ SW1 SW2.
Bytes response(const Bytes& data, StatusWord sw);
/// A response APDU of a status word alone.
Bytes response(StatusWord sw);

}  // namespace ykt::card
