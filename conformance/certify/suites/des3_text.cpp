#include "des3_text.hpp"

#include "crypto.hpp"

namespace ykt::certify::des3_text {

Bytes encrypt(const Bytes& key16, const Bytes& block8) {
  return crypto::ecb_encrypt(crypto::Algorithm::des3, key16, block8);
}

Bytes mac(const Bytes& key16, Bytes data, bool pad) {
  if (pad || data.size() % 8 != 0) {
    data.push_back(0x80);
    while (data.size() % 8 != 0) data.push_back(0x00);
  }
  Bytes chain(8, 0x00);
  for (std::size_t i = 0; i < data.size(); i += 8) {
    for (std::size_t j = 0; j < 8; ++j) chain[j] ^= data[i + j];
    chain = encrypt(key16, chain);
  }
  chain.resize(4);
  return chain;
}

Bytes card_key(const CardRef& card, const std::string& purpose) {
  Bytes master = crypto::sm3("ykt-test-master|" + card.province() + "|" + purpose);
  master.resize(16);
  Bytes factor = crypto::sm3(card.card_no);
  factor.resize(8);
  Bytes inverse;
  for (std::uint8_t b : factor) inverse.push_back(static_cast<std::uint8_t>(~b));
  return cat({encrypt(master, factor), encrypt(master, inverse)});
}

Bytes session_mac(const Bytes& card_key16, const Bytes& input8, const Bytes& data) {
  const Bytes sk = encrypt(card_key16, input8);
  return mac(cat({sk, sk}), data);
}

Bytes cat(std::initializer_list<Bytes> parts) {
  Bytes out;
  for (const auto& p : parts) out.insert(out.end(), p.begin(), p.end());
  return out;
}

std::string tac_mismatch(const Bytes& tac_key, const Bytes& in, const Bytes& tac) {
  if (tac == mac(tac_key, in, false))
    return "the card left its 24-byte TAC input unpadded (STD-4.6 item 2 asks for a whole "
           "padding block 80 00..00)";
  Bytes folded(8);
  for (std::size_t i = 0; i < 8; ++i) folded[i] = tac_key[i] ^ tac_key[8 + i];
  if (tac == mac(cat({folded, folded}), in))
    return "the card made its TAC with single DES under left XOR right of the TAC key, not the "
           "16-byte TAC key used directly (STD-4.6 item 5)";
  return "the TAC differs from MAC(3DES TAC key of STD-4.7, input of STD-4.6)";
}

}  // namespace ykt::certify::des3_text
