#pragma once
/// Frame 1 of the wire format (CATALOG.md "Wire framing", STD-3): an Envelope as one JSON object
/// `{"v","type","id","from","to","ts","nonce","reply","body"}`. Two interchangeable back ends:
/// RapidJSON SAX building Json::Value (the default, chosen by bench/wire/codec_bench) and jsoncpp.
#include <cstdint>
#include <string>
#include <string_view>

#include "envelope.hpp"
#include "result.hpp"

namespace ykt::wire {

/// The largest frame 1 accepted, in bytes (STD-3.4, E1003).
inline constexpr std::size_t kMaxFrameBytes = 65536;
/// The protocol version this build speaks.
inline constexpr std::string_view kWireVersion = "ykt-std/1.0";

/// An envelope as it travelled: the Envelope plus the wire-only fields.
struct WireMessage {
  Envelope env;            ///< what the actor sees
  std::string version;     ///< `v`, e.g. `ykt-std/1.0`
  std::int64_t ts_ms = 0;  ///< sender's clock, epoch milliseconds
  std::string nonce;       ///< 32 hex characters, unique per sender within the window
};

/// Which JSON library does the work.
enum class CodecBackend { rapidjson, jsoncpp };

/// Encodes and decodes frame 1.
class WireCodec {
 public:
  /// A codec on `backend` (RapidJSON unless a bench asks otherwise).
  explicit WireCodec(CodecBackend backend = CodecBackend::rapidjson) : backend_(backend) {}

  /// Frame 1 for `e` sent at `ts_ms` with `nonce`; the field order is fixed.
  [[nodiscard]] std::string encode(const Envelope& e, std::int64_t ts_ms,
                                   std::string_view nonce) const;

  /// Parses and checks frame 1: E1003 oversized, E1001 not JSON / field missing or mistyped,
  /// E1004 major version other than 1.
  [[nodiscard]] Result<WireMessage> decode(std::string_view frame) const;

  /// Best-effort `id` of a frame that failed to decode (empty when it cannot be read), so a
  /// rejection can still carry the request's id.
  [[nodiscard]] static std::string salvage_id(std::string_view frame);

  /// Best-effort `from` of a frame that failed to decode (empty when it cannot be read).
  [[nodiscard]] static std::string salvage_from(std::string_view frame);

  /// The back end in use.
  [[nodiscard]] CodecBackend backend() const { return backend_; }

 private:
  CodecBackend backend_;
};

/// True when `v` names major version 1 (`ykt-std/1.<minor>`).
bool is_supported_version(std::string_view v);

/// True for exactly 32 hexadecimal characters (the nonce format).
bool is_nonce(std::string_view s);

}  // namespace ykt::wire
