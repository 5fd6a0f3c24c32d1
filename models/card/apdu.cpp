#include "apdu.hpp"

namespace ykt::card {

std::variant<Command, StatusWord> parse_command(const Bytes& capdu) {
  if (capdu.size() < 4) return StatusWord::wrong_length;
  Command c;
  c.cla = capdu[0];
  c.ins = capdu[1];
  c.p1 = capdu[2];
  c.p2 = capdu[3];
  if (capdu.size() == 4) return c;
  if (capdu.size() == 5) {
    c.le = capdu[4];
    return c;
  }
  const std::size_t lc = capdu[4];
  if (lc == 0) return StatusWord::wrong_length;
  if (capdu.size() == 5 + lc) {
    c.data.assign(capdu.begin() + 5, capdu.end());
    return c;
  }
  if (capdu.size() == 6 + lc) {
    c.data.assign(capdu.begin() + 5, capdu.end() - 1);
    c.le = capdu.back();
    return c;
  }
  return StatusWord::wrong_length;
}

Bytes response(const Bytes& data, StatusWord sw) {
  Bytes out = data;
  const Bytes s = sw_bytes(sw);
  out.insert(out.end(), s.begin(), s.end());
  return out;
}

Bytes response(StatusWord sw) {
  return sw_bytes(sw);
}

}  // namespace ykt::card
