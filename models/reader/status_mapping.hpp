#pragma once
/// How the terminal reports card status words in the error table (STD-4.4, STD-9.1; see
/// TERMINAL.md).
#include <cstdint>
#include <string>

#include "error_code.hpp"

namespace ykt::reader {

/// The status for a card status word (STD-4.4): 9401 → E2005, 9303 → E2004, 9302 → E2006,
/// 9408 → E2012, anything else → E9001.
ErrorCode sw_error(std::uint16_t sw);
/// Four upper-case hex digits of a status word ("9401").
std::string sw_hex(std::uint16_t sw);
/// Wire text of an error code as a std::string.
inline std::string code(ErrorCode c) {
  return std::string(to_string(c));
}

}  // namespace ykt::reader
