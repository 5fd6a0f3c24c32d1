#pragma once
/// The national algorithms through OpenSSL 3 (STD-8): SM3, SM4, HMAC-SM3, the PBOC-style MAC,
/// key diversification; 3DES for the optional legacy feature.
#include <array>
#include <cstdint>

#include "hex.hpp"

namespace ykt::crypto {

/// Block cipher used for card keys and MACs (STD-4.6).
enum class Algorithm { sm4, des3 };

/// SM3 digest (32 bytes) of `data`.
Bytes sm3(const Bytes& data);
/// SM3 digest of text.
Bytes sm3(std::string_view text);
/// HMAC-SM3 (32 bytes) of `data` under `key`.
Bytes hmac_sm3(const Bytes& key, const Bytes& data);
/// HMAC-SM3 over raw memory (the exact bytes of a wire frame).
Bytes hmac_sm3(const Bytes& key, const void* data, std::size_t len);
/// Encrypts whole blocks in ECB mode without padding (`data.size()` a multiple of the block size:
/// 16 for SM4, 8 for 3DES with a 16-byte two-key key).
Bytes ecb_encrypt(Algorithm alg, const Bytes& key, const Bytes& data);
/// Decrypts whole blocks in ECB mode without padding.
Bytes ecb_decrypt(Algorithm alg, const Bytes& key, const Bytes& data);
/// Block size of `alg` in bytes.
std::size_t block_size(Algorithm alg);
/// The card MAC (FACTS.md §4): pad with 80 00.., zero IV, CBC, first 4 bytes of the last block.
Bytes card_mac(Algorithm alg, const Bytes& key, const Bytes& data);
/// Diversifies a 16-byte key with `factor` (8 bytes): left = E(k, f), right = E(k, ~f) for 3DES;
/// for SM4 the 16-byte block f || ~f is encrypted once (STD-4.7).
Bytes diversify(Algorithm alg, const Bytes& master, const Bytes& factor8);
/// Constant-time comparison of two byte strings.
bool equal_ct(const Bytes& a, const Bytes& b);
/// `n` bytes from a cryptographic random source.
Bytes random_bytes(std::size_t n);

/// Cryptographic work done so far by the calling thread (what a run costs in SM4/SM3 operations;
/// bench_systemc turns it into a per-tap floor).
struct Usage {
  std::uint64_t cipher_calls = 0;   ///< SM4/3DES operations, each with its own key set-up
  std::uint64_t cipher_blocks = 0;  ///< blocks those operations processed
  std::uint64_t digests = 0;        ///< SM3 digests
  std::uint64_t digest_blocks = 0;  ///< 64-byte SM3 compressions those digests ran
  std::uint64_t hmacs = 0;          ///< HMAC-SM3 computations
};
/// The calling thread's counts.
[[nodiscard]] Usage usage();

}  // namespace ykt::crypto
