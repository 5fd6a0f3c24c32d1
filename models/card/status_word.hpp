#pragma once
/// The status words a ykt card answers (FACTS §4, STD-4.4); meanings are in models/card/APDU.md.
#include <cstdint>
#include <string_view>

#include "hex.hpp"

namespace ykt::card {

/// SW1 SW2 of a response APDU as one 16-bit value.
enum class StatusWord : std::uint16_t {
  ok = 0x9000,                        ///< success
  bytes_available = 0x6100,           ///< 61xx: xx bytes wait for GET RESPONSE (low byte = count)
  wrong_length = 0x6700,              ///< Lc/Le wrong or APDU truncated
  conditions_not_satisfied = 0x6985,  ///< command out of sequence
  sm_data_incorrect = 0x6988,         ///< a data object in the command is invalid (ykt meaning)
  file_not_found = 0x6A82,            ///< unknown AID or EF, or the EF is not in the selected app
  record_not_found = 0x6A83,          ///< no such record or tag
  wrong_p1p2 = 0x6A86,                ///< P1/P2 not allowed for this command
  ins_not_supported = 0x6D00,         ///< unknown instruction
  cla_not_supported = 0x6E00,         ///< unknown class byte
  mac_invalid = 0x9302,               ///< MAC1 (purchase) or MAC2 (load) wrong
  app_locked = 0x9303,                ///< application locked (permanently)
  insufficient_balance = 0x9401,      ///< purchase amount above the balance
  key_index_unsupported = 0x9403,     ///< key index not held by the card
  mac_unavailable = 0x9406,           ///< GET TRANSACTION PROVE: no such transaction (ykt meaning)
  atc_exhausted = 0x9407,             ///< transaction counter at its maximum (ykt meaning)
  amount_invalid = 0x9408,            ///< load above the purse maximum or zero (ykt meaning)
};

/// The two SW bytes of `sw`.
inline Bytes sw_bytes(StatusWord sw) {
  const auto v = static_cast<std::uint16_t>(sw);
  return {static_cast<std::uint8_t>(v >> 8), static_cast<std::uint8_t>(v & 0xFF)};
}

/// The status word at the end of a response APDU; 0 when it is shorter than two bytes.
inline std::uint16_t sw_of(const Bytes& rapdu) {
  if (rapdu.size() < 2) return 0;
  return static_cast<std::uint16_t>((rapdu[rapdu.size() - 2] << 8) | rapdu.back());
}

}  // namespace ykt::card
