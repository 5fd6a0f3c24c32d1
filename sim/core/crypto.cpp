#include "crypto.hpp"

#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/rand.h>

#include <algorithm>
#include <array>
#include <functional>
#include <map>
#include <memory>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace ykt::crypto {

namespace {
using CipherCtx = std::unique_ptr<EVP_CIPHER_CTX, decltype(&EVP_CIPHER_CTX_free)>;

// Ciphers and the digest are fetched once per process: OpenSSL 3 otherwise fetches them from the
// provider on every initialisation, which cost more than the cipher work for one block.
const EVP_CIPHER* fetched_cipher(const char* name) {
  const EVP_CIPHER* c = EVP_CIPHER_fetch(nullptr, name, nullptr);
  if (!c) throw std::runtime_error(std::string("cipher not available: ") + name);
  return c;
}

const EVP_CIPHER* block_cipher(Algorithm alg, std::size_t key_len, bool cbc) {
  if (alg == Algorithm::sm4) {
    if (key_len != 16) throw std::invalid_argument("SM4 key must be 16 bytes");
    static const EVP_CIPHER* const sm4_ecb = fetched_cipher("SM4-ECB");
    static const EVP_CIPHER* const sm4_cbc = fetched_cipher("SM4-CBC");
    return cbc ? sm4_cbc : sm4_ecb;
  }
  if (key_len != 16) throw std::invalid_argument("3DES key must be 16 bytes (two-key)");
  static const EVP_CIPHER* const des_ecb = fetched_cipher("DES-EDE-ECB");
  static const EVP_CIPHER* const des_cbc = fetched_cipher("DES-EDE-CBC");
  return cbc ? des_cbc : des_ecb;
}

thread_local Usage t_usage;

// Encrypts (enc = 1) or decrypts (0) block-aligned `data`; CBC mode starts from a zero IV.
Bytes crypt(Algorithm alg, const Bytes& key, const Bytes& data, int enc, bool cbc) {
  if (data.size() % block_size(alg) != 0) throw std::invalid_argument("data not block aligned");
  ++t_usage.cipher_calls;
  t_usage.cipher_blocks += data.size() / block_size(alg);
  // One context per thread, cipher, mode and direction: set up once, then only re-keyed (a full
  // initialisation with the cipher re-creates the provider's context every call).
  struct Slot {
    CipherCtx ctx{nullptr, &EVP_CIPHER_CTX_free};
  };
  thread_local Slot slots[2][2][2];  // [alg][cbc][enc]
  Slot& slot = slots[alg == Algorithm::sm4 ? 0 : 1][cbc ? 1 : 0][enc ? 1 : 0];
  const EVP_CIPHER* cipher = block_cipher(alg, key.size(), cbc);
  static const unsigned char zero_iv[16] = {};
  if (!slot.ctx) {
    slot.ctx.reset(EVP_CIPHER_CTX_new());
    if (!slot.ctx || EVP_CipherInit_ex(slot.ctx.get(), cipher, nullptr, nullptr, nullptr, enc) != 1)
      throw std::runtime_error("cipher init failed");
    EVP_CIPHER_CTX_set_padding(slot.ctx.get(), 0);
  }
  EVP_CIPHER_CTX* ctx = slot.ctx.get();
  if (EVP_CipherInit_ex(ctx, nullptr, nullptr, key.data(), cbc ? zero_iv : nullptr, enc) != 1)
    throw std::runtime_error("cipher init failed");
  Bytes out(data.size() + block_size(alg));
  int n1 = 0;
  int n2 = 0;
  if (EVP_CipherUpdate(ctx, out.data(), &n1, data.data(), static_cast<int>(data.size())) != 1 ||
      EVP_CipherFinal_ex(ctx, out.data() + n1, &n2) != 1)
    throw std::runtime_error("cipher failed");
  out.resize(static_cast<std::size_t>(n1 + n2));
  return out;
}
}  // namespace

namespace {
Bytes sm3_of(const void* data, std::size_t size) {
  ++t_usage.digests;
  t_usage.digest_blocks += (size + 9 + 63) / 64;  // padding: 0x80 and the 8-byte length
  static EVP_MD* const md = EVP_MD_fetch(nullptr, "SM3", nullptr);
  thread_local const std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)> ctx(EVP_MD_CTX_new(),
                                                                                 &EVP_MD_CTX_free);
  Bytes out(32);
  unsigned int len = 0;
  if (!md || !ctx || EVP_DigestInit_ex(ctx.get(), md, nullptr) != 1 ||
      EVP_DigestUpdate(ctx.get(), data, size) != 1 ||
      EVP_DigestFinal_ex(ctx.get(), out.data(), &len) != 1)
    throw std::runtime_error("SM3 failed");
  return out;
}
}  // namespace

Bytes sm3(const Bytes& data) {
  return sm3_of(data.data(), data.size());
}

Bytes sm3(std::string_view text) {
  return sm3_of(text.data(), text.size());
}

namespace {
// Keyed HMAC-SM3 contexts, one per key and thread: re-initialising a keyed context is about twice
// as fast as OpenSSL's one-shot HMAC(), which fetches the digest and expands the key every call.
// Every message on the wire is signed and checked, so this is on the hot path.
struct MacCtxFree {
  void operator()(EVP_MAC_CTX* c) const { EVP_MAC_CTX_free(c); }
};
using MacCtx = std::unique_ptr<EVP_MAC_CTX, MacCtxFree>;

EVP_MAC_CTX* keyed_hmac_sm3(const Bytes& key) {
  static EVP_MAC* mac = EVP_MAC_fetch(nullptr, "HMAC", nullptr);
  thread_local std::map<Bytes, MacCtx> cache;
  auto it = cache.find(key);
  if (it != cache.end()) return it->second.get();
  if (mac == nullptr) throw std::runtime_error("HMAC not available");
  if (cache.size() >= 256) cache.clear();  // bounded: a node talks to a few hundred peers at most
  MacCtx ctx(EVP_MAC_CTX_new(mac));
  char digest[] = "SM3";
  OSSL_PARAM params[] = {OSSL_PARAM_construct_utf8_string(OSSL_MAC_PARAM_DIGEST, digest, 0),
                         OSSL_PARAM_construct_end()};
  if (!ctx || EVP_MAC_init(ctx.get(), key.data(), key.size(), params) != 1)
    throw std::runtime_error("HMAC-SM3 init failed");
  return cache.emplace(key, std::move(ctx)).first->second.get();
}
}  // namespace

Bytes hmac_sm3(const Bytes& key, const void* data, std::size_t len) {
  ++t_usage.hmacs;
  EVP_MAC_CTX* ctx = keyed_hmac_sm3(key);
  Bytes out(32);
  std::size_t out_len = 0;
  if (EVP_MAC_init(ctx, nullptr, 0, nullptr) != 1 ||
      EVP_MAC_update(ctx, static_cast<const unsigned char*>(data), len) != 1 ||
      EVP_MAC_final(ctx, out.data(), &out_len, out.size()) != 1 || out_len != 32)
    throw std::runtime_error("HMAC-SM3 failed");
  return out;
}

Bytes hmac_sm3(const Bytes& key, const Bytes& data) {
  return hmac_sm3(key, data.data(), data.size());
}

Usage usage() {
  return t_usage;
}

std::size_t block_size(Algorithm alg) {
  return alg == Algorithm::sm4 ? 16 : 8;
}

Bytes ecb_encrypt(Algorithm alg, const Bytes& key, const Bytes& data) {
  return crypt(alg, key, data, 1, false);
}
Bytes ecb_decrypt(Algorithm alg, const Bytes& key, const Bytes& data) {
  return crypt(alg, key, data, 0, false);
}

Bytes card_mac(Algorithm alg, const Bytes& key, const Bytes& data) {
  // The chained MAC (XOR each block into the chain, encrypt) is the last block of CBC encryption
  // from a zero IV: one cipher initialisation instead of one per block.
  const std::size_t bs = block_size(alg);
  Bytes padded = data;
  padded.push_back(0x80);
  while (padded.size() % bs != 0) padded.push_back(0x00);
  const Bytes chain = crypt(alg, key, padded, 1, true);
  return Bytes(chain.end() - static_cast<std::ptrdiff_t>(bs),
               chain.end() - static_cast<std::ptrdiff_t>(bs) + 4);
}

namespace {
// Card keys are derived again and again from the same inputs (the card when it is created or
// rebuilt, the terminal's PSAM, the issuer checking a TAC): a pure function, so the recent results
// are kept in a direct-mapped table per thread (hit: no cipher initialisation, no key schedule).
struct DiversifyMemo {
  static constexpr std::size_t kSlots = std::size_t{1} << 16;
  struct Entry {
    std::array<std::uint8_t, 16> master{};
    std::array<std::uint8_t, 8> factor{};
    std::array<std::uint8_t, 16> key{};
    std::uint8_t alg = 0xFF;  // 0xFF: empty
  };
  std::vector<Entry> slots = std::vector<Entry>(kSlots);

  static std::size_t index(Algorithm alg, const Bytes& master, const Bytes& factor8) {
    std::array<char, 25> key{};  // factor 8 ‖ master 16 ‖ algorithm
    std::copy(factor8.begin(), factor8.end(), key.begin());
    std::copy(master.begin(), master.end(), key.begin() + 8);
    key[24] = static_cast<char>(alg);
    return std::hash<std::string_view>()(std::string_view(key.data(), key.size())) & (kSlots - 1);
  }
};
}  // namespace

Bytes diversify(Algorithm alg, const Bytes& master, const Bytes& factor8) {
  if (factor8.size() != 8) throw std::invalid_argument("diversification factor must be 8 bytes");
  const bool memo = master.size() == 16;
  thread_local DiversifyMemo cache;
  DiversifyMemo::Entry* e = nullptr;
  if (memo) {
    e = &cache.slots[DiversifyMemo::index(alg, master, factor8)];
    if (e->alg == static_cast<std::uint8_t>(alg) &&
        std::equal(e->master.begin(), e->master.end(), master.begin()) &&
        std::equal(e->factor.begin(), e->factor.end(), factor8.begin()))
      return Bytes(e->key.begin(), e->key.end());
  }
  Bytes block = factor8;
  for (std::uint8_t b : factor8) block.push_back(static_cast<std::uint8_t>(~b));
  // SM4: one block; 3DES: each 8-byte half is encrypted on its own (same as ECB over 16 bytes).
  Bytes key = ecb_encrypt(alg, master, block);
  if (e != nullptr && key.size() == 16) {
    std::copy(master.begin(), master.end(), e->master.begin());
    std::copy(factor8.begin(), factor8.end(), e->factor.begin());
    std::copy(key.begin(), key.end(), e->key.begin());
    e->alg = static_cast<std::uint8_t>(alg);
  }
  return key;
}

bool equal_ct(const Bytes& a, const Bytes& b) {
  return a.size() == b.size() && CRYPTO_memcmp(a.data(), b.data(), a.size()) == 0;
}

Bytes random_bytes(std::size_t n) {
  Bytes out(n);
  if (n > 0 && RAND_bytes(out.data(), static_cast<int>(n)) != 1)
    throw std::runtime_error("RAND_bytes failed");
  return out;
}

}  // namespace ykt::crypto
