#pragma once
/// Frame 2 of the wire format (STD-3, STD-8.2): `{"kid":K,"mac":M}` with
/// M = lower-case hex HMAC-SM3(key[K], exact bytes of frame 1). Verification also applies the
/// replay rules (ReplayGuard) and requires kid = envelope `from` (no sending in another's name).
#include <cstdint>
#include <string>
#include <string_view>

#include "key_registry.hpp"
#include "replay_guard.hpp"
#include "result.hpp"
#include "wire_codec.hpp"

namespace ykt::wire {

/// Signs outgoing frames and checks incoming ones.
class Authenticator {
 public:
  /// Uses `keys` for both directions; `window_ms` is the ±ts acceptance window.
  explicit Authenticator(KeyRegistry keys, std::int64_t window_ms = 30'000)
      : keys_(std::move(keys)), window_ms_(window_ms), replay_(window_ms) {}

  /// Frame 2 for `frame1` sent under `kid`; E1101 when this registry has no key for `kid`.
  [[nodiscard]] Result<std::string> sign(std::string_view frame1, const std::string& kid) const;

  /// Frame 2 for `frame1` under an explicit key (clients holding one key).
  [[nodiscard]] static std::string sign_with(std::string_view frame1, const std::string& kid,
                                             const Bytes& key);

  /// Checks frame 2 against frame 1 (E1101) without the replay rules (clients reading replies).
  [[nodiscard]] Status verify_mac(std::string_view frame1, std::string_view frame2,
                                  const WireMessage& m) const;

  /// verify_mac, then ts window (E1103) and nonce uniqueness (E1102) against `now_ms`.
  [[nodiscard]] Status verify(std::string_view frame1, std::string_view frame2,
                              const WireMessage& m, std::int64_t now_ms);

  /// The key registry in use.
  [[nodiscard]] const KeyRegistry& keys() const { return keys_; }

 private:
  KeyRegistry keys_;
  std::int64_t window_ms_;
  ReplayGuard replay_;
};

}  // namespace ykt::wire
