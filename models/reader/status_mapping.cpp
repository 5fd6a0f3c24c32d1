#include "status_mapping.hpp"

#include <cstdio>

namespace ykt::reader {

ErrorCode sw_error(std::uint16_t sw) {
  switch (sw) {
    case 0x9401:
      return ErrorCode::insufficient_balance;
    case 0x9303:
      return ErrorCode::card_revoked;  // application locked (STD-4.4, STD-4.5)
    case 0x9302:
      return ErrorCode::tac_invalid;
    case 0x9408:
      return ErrorCode::limit_exceeded;
    default:
      return ErrorCode::internal;
  }
}

std::string sw_hex(std::uint16_t sw) {
  char buf[5];
  std::snprintf(buf, sizeof buf, "%04X", sw);
  return buf;
}

}  // namespace ykt::reader
