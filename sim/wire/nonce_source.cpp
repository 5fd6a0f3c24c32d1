#include "nonce_source.hpp"

#include "crypto.hpp"

namespace ykt::wire {

NonceSource::NonceSource() {
  const Bytes seed = crypto::random_bytes(16);
  for (int i = 0; i < 8; ++i) {
    hi_ = (hi_ << 8) | seed[i];
    lo_ = (lo_ << 8) | seed[8 + i];
  }
}

std::string NonceSource::next() {
  if (++lo_ == 0) ++hi_;
  static const char* digits = "0123456789abcdef";
  std::string out(32, '0');
  for (int i = 0; i < 16; ++i) {
    out[15 - i] = digits[(hi_ >> (4 * i)) & 0xF];
    out[31 - i] = digits[(lo_ >> (4 * i)) & 0xF];
  }
  return out;
}

}  // namespace ykt::wire
