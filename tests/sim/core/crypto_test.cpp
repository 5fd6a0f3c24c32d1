#include <boost/test/unit_test.hpp>

#include "crypto.hpp"

using namespace ykt;

BOOST_AUTO_TEST_SUITE(crypto_suite)

// Purpose: SM3 matches the standard's "abc" vector (STD-8.1, FACTS.md §4).
BOOST_AUTO_TEST_CASE(sm3_abc) {
  BOOST_TEST(to_hex(crypto::sm3(std::string_view("abc"))) ==
             "66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0");
}

// Purpose: SM3 of the 64-byte "abcd"x16 vector from GB/T 32905 (STD-8.1).
BOOST_AUTO_TEST_CASE(sm3_512bit) {
  std::string m;
  for (int i = 0; i < 16; ++i) m += "abcd";
  BOOST_TEST(to_hex(crypto::sm3(std::string_view(m))) ==
             "debe9ff92275b8a138604889c18e5a4d6fdb70e5387e5765293dcba39c0c5732");
}

// Purpose: SM4 encrypts and decrypts the GB/T 32907 example (STD-8.1, FACTS.md §4).
BOOST_AUTO_TEST_CASE(sm4_known_answer) {
  const Bytes k = hex_bytes("0123456789abcdeffedcba9876543210");
  const Bytes c = crypto::ecb_encrypt(crypto::Algorithm::sm4, k, k);
  BOOST_TEST(to_hex(c) == "681edf34d206965e86b3e94f536e4246");
  BOOST_TEST(to_hex(crypto::ecb_decrypt(crypto::Algorithm::sm4, k, c)) == to_hex(k));
}

// Purpose: a one-bit change of the key changes the MAC, and the MAC is 4 bytes (STD-4.6).
BOOST_AUTO_TEST_CASE(card_mac_is_key_sensitive) {
  const Bytes k = hex_bytes("0123456789abcdeffedcba9876543210");
  Bytes k2 = k;
  k2[15] ^= 0x02;  // not bit 0: DES ignores parity bits
  const Bytes data = hex_bytes("0000006406112233445566");
  for (auto alg : {crypto::Algorithm::sm4, crypto::Algorithm::des3}) {
    const Bytes m1 = crypto::card_mac(alg, k, data);
    BOOST_TEST(m1.size() == 4u);
    BOOST_TEST(to_hex(m1) != to_hex(crypto::card_mac(alg, k2, data)));
  }
}

// Purpose: the card MAC is the chained definition of STD-4.6 (pad 80 00.., XOR each block into the
// chain, encrypt, first 4 bytes) for both algorithms and message lengths around a block boundary.
BOOST_AUTO_TEST_CASE(card_mac_matches_chained_definition) {
  const Bytes k = hex_bytes("0123456789abcdeffedcba9876543210");
  for (auto alg : {crypto::Algorithm::sm4, crypto::Algorithm::des3}) {
    const std::size_t bs = crypto::block_size(alg);
    for (std::size_t len : {std::size_t{0}, bs - 1, bs, bs + 1, 3 * bs + 5}) {
      Bytes data(len);
      for (std::size_t i = 0; i < len; ++i) data[i] = static_cast<std::uint8_t>(i * 37 + 11);
      Bytes padded = data;
      padded.push_back(0x80);
      while (padded.size() % bs != 0) padded.push_back(0x00);
      Bytes chain(bs, 0);
      for (std::size_t off = 0; off < padded.size(); off += bs) {
        for (std::size_t i = 0; i < bs; ++i) chain[i] ^= padded[off + i];
        chain = crypto::ecb_encrypt(alg, k, chain);
      }
      BOOST_TEST(to_hex(crypto::card_mac(alg, k, data)) ==
                 to_hex(Bytes(chain.begin(), chain.begin() + 4)));
    }
  }
}

// Purpose: HMAC-SM3 differs per key and is 32 bytes (STD-8.2).
BOOST_AUTO_TEST_CASE(hmac_sm3_keyed) {
  const Bytes a = crypto::hmac_sm3(hex_bytes("00"), hex_bytes("616263"));
  const Bytes b = crypto::hmac_sm3(hex_bytes("01"), hex_bytes("616263"));
  BOOST_TEST(a.size() == 32u);
  BOOST_TEST(to_hex(a) != to_hex(b));
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(hmac_vectors)

// Purpose: HMAC-SM3 equals the RFC 2104 construction computed from SM3 itself, for a short key, a
// key longer than the block, and repeated calls with the same key (the keyed-context cache)
// (STD-8.2).
BOOST_AUTO_TEST_CASE(hmac_sm3_matches_rfc2104) {
  auto reference = [](Bytes key, const Bytes& msg) {
    if (key.size() > 64) key = crypto::sm3(key);
    key.resize(64, 0);
    Bytes inner, outer;
    for (auto b : key) inner.push_back(b ^ 0x36);
    for (auto b : key) outer.push_back(b ^ 0x5c);
    inner.insert(inner.end(), msg.begin(), msg.end());
    const Bytes ih = crypto::sm3(inner);
    outer.insert(outer.end(), ih.begin(), ih.end());
    return crypto::sm3(outer);
  };
  const Bytes msg = hex_bytes("6162636465666768");
  for (std::size_t klen : {1u, 32u, 100u}) {
    const Bytes key(klen, 0x0b);
    for (int i = 0; i < 3; ++i)
      BOOST_TEST(to_hex(crypto::hmac_sm3(key, msg)) == to_hex(reference(key, msg)));
  }
}

BOOST_AUTO_TEST_SUITE_END()
