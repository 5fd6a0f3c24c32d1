#include "authenticator.hpp"

#include "crypto.hpp"
#include "fast_json.hpp"

namespace ykt::wire {
namespace {

Error auth_error(std::string why) {
  return Error{"E1101", std::move(why)};
}

}  // namespace

std::string Authenticator::sign_with(std::string_view frame1, const std::string& kid,
                                     const Bytes& key) {
  const Bytes mac = crypto::hmac_sm3(key, frame1.data(), frame1.size());
  std::string out = "{\"kid\":";
  fast_write_string(kid, out);
  out += ",\"mac\":\"";
  out += to_hex(mac);
  out += "\"}";
  return out;
}

Result<std::string> Authenticator::sign(std::string_view frame1, const std::string& kid) const {
  auto key = keys_.key_for(kid);
  if (!key) return auth_error("no key for kid \"" + kid + "\"");
  return sign_with(frame1, kid, *key);
}

Status Authenticator::verify_mac(std::string_view frame1, std::string_view frame2,
                                 const WireMessage& m) const {
  if (frame2.empty()) return auth_error("missing auth frame");
  if (frame2.size() > 1024) return auth_error("auth frame too large");
  auto parsed = fast_parse(frame2);
  if (!parsed || !parsed->isObject()) return auth_error("auth frame is not a JSON object");
  const Json::Value& kid = (*parsed)["kid"];
  const Json::Value& mac = (*parsed)["mac"];
  if (!kid.isString() || !mac.isString()) return auth_error("auth frame needs kid and mac strings");
  const std::string k = kid.asString();
  if (k != m.env.from) return auth_error("kid \"" + k + "\" does not match from");
  auto key = keys_.key_for(k);
  if (!key) return auth_error("unknown kid \"" + k + "\"");
  auto given = from_hex(mac.asString());
  if (!given || given->size() != 32) return auth_error("mac must be 64 hex characters");
  const Bytes expected = crypto::hmac_sm3(*key, frame1.data(), frame1.size());
  if (!crypto::equal_ct(expected, *given)) return auth_error("wrong mac for kid \"" + k + "\"");
  return ok_status();
}

Status Authenticator::verify(std::string_view frame1, std::string_view frame2, const WireMessage& m,
                             std::int64_t now_ms) {
  // MAC first: an unauthenticated sender must not be able to fill the nonce memory.
  if (auto s = verify_mac(frame1, frame2, m); !s) return s;
  switch (replay_.admit(m.env.from, m.nonce, m.ts_ms, now_ms)) {
    case ErrorCode::ok:
      return ok_status();
    case ErrorCode::stale:
      return Error{"E1103", "ts " + std::to_string(m.ts_ms) + " outside ±" +
                                std::to_string(window_ms_ / 1000) + " s of receiver clock " +
                                std::to_string(now_ms)};
    default:
      return Error{"E1102", "nonce " + m.nonce + " already seen from \"" + m.env.from + "\""};
  }
}

}  // namespace ykt::wire
