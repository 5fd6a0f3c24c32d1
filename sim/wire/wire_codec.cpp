#include "wire_codec.hpp"

#include <json/reader.h>
#include <json/writer.h>

#include <memory>
#include <sstream>

#include "fast_json.hpp"
#include "json_util.hpp"

namespace ykt::wire {
namespace {

/// Salvaging reads at most this much of an oversized frame (a ykt definition).
constexpr std::size_t kMaxSalvageBytes = 1 << 20;

Error malformed(std::string what) {
  return Error{"E1001", std::move(what)};
}

std::string encode_fast(const Envelope& e, std::int64_t ts_ms, std::string_view nonce) {
  std::string out;
  out.reserve(160 + e.type.size() + e.id.size() + e.from.size() + e.to.size());
  out += "{\"v\":";
  fast_write_string(kWireVersion, out);
  out += ",\"type\":";
  fast_write_string(e.type, out);
  out += ",\"id\":";
  fast_write_string(e.id, out);
  out += ",\"from\":";
  fast_write_string(e.from, out);
  out += ",\"to\":";
  fast_write_string(e.to, out);
  out += ",\"ts\":";
  out += std::to_string(ts_ms);
  out += ",\"nonce\":";
  fast_write_string(nonce, out);
  out += e.is_reply ? ",\"reply\":true,\"body\":" : ",\"reply\":false,\"body\":";
  if (e.body.isNull())
    out += "{}";
  else
    fast_write(e.body, out);
  out += '}';
  return out;
}

std::string encode_jsoncpp(const Envelope& e, std::int64_t ts_ms, std::string_view nonce) {
  // jsoncpp sorts object keys, so the header is written by hand to keep the catalog's order.
  thread_local std::unique_ptr<Json::StreamWriter> writer = [] {
    Json::StreamWriterBuilder b;
    b["indentation"] = "";
    b["emitUTF8"] = true;
    return std::unique_ptr<Json::StreamWriter>(b.newStreamWriter());
  }();
  auto str = [](std::string_view s) { return Json::valueToQuotedString(std::string(s).c_str()); };
  std::string out = "{\"v\":" + str(kWireVersion) + ",\"type\":" + str(e.type) +
                    ",\"id\":" + str(e.id) + ",\"from\":" + str(e.from) + ",\"to\":" + str(e.to) +
                    ",\"ts\":" + std::to_string(ts_ms) + ",\"nonce\":" + str(nonce) +
                    (e.is_reply ? ",\"reply\":true,\"body\":" : ",\"reply\":false,\"body\":");
  if (e.body.isNull()) {
    out += "{}";
  } else {
    std::ostringstream os;
    writer->write(e.body, &os);
    out += os.str();
  }
  out += '}';
  return out;
}

Result<Json::Value> parse_jsoncpp(std::string_view text) {
  thread_local std::unique_ptr<Json::CharReader> reader = [] {
    Json::CharReaderBuilder b;
    Json::CharReaderBuilder::strictMode(&b.settings_);
    b.settings_["failIfExtra"] = true;
    b.settings_["stackLimit"] = kMaxJsonDepth;
    return std::unique_ptr<Json::CharReader>(b.newCharReader());
  }();
  return json::parse_with(*reader, text);
}

/// Reads a required string member.
bool take_string(Json::Value& root, const char* name, std::string& out, std::string& why) {
  const Json::Value* v = root.find(name, name + std::char_traits<char>::length(name));
  if (v == nullptr) {
    why = std::string("missing field \"") + name + "\"";
    return false;
  }
  if (!v->isString()) {
    why = std::string("field \"") + name + "\" must be a string";
    return false;
  }
  out = v->asString();
  return true;
}

Result<Json::Value> parse_with(CodecBackend b, std::string_view text) {
  return b == CodecBackend::rapidjson ? fast_parse(text) : parse_jsoncpp(text);
}

}  // namespace

bool is_supported_version(std::string_view v) {
  constexpr std::string_view prefix = "ykt-std/1.";
  if (v.substr(0, prefix.size()) != prefix || v.size() == prefix.size()) return false;
  for (char c : v.substr(prefix.size()))
    if (c < '0' || c > '9') return false;
  return true;
}

bool is_nonce(std::string_view s) {
  if (s.size() != 32) return false;
  for (char c : s)
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'))) return false;
  return true;
}

std::string WireCodec::encode(const Envelope& e, std::int64_t ts_ms, std::string_view nonce) const {
  return backend_ == CodecBackend::rapidjson ? encode_fast(e, ts_ms, nonce)
                                             : encode_jsoncpp(e, ts_ms, nonce);
}

Result<WireMessage> WireCodec::decode(std::string_view frame) const {
  if (frame.size() > kMaxFrameBytes)
    return Error{"E1003", "frame 1 is " + std::to_string(frame.size()) + " bytes, limit " +
                              std::to_string(kMaxFrameBytes)};
  auto parsed = parse_with(backend_, frame);
  if (!parsed) return parsed.error();
  Json::Value& root = parsed.value();
  if (!root.isObject()) return malformed("envelope is not a JSON object");
  WireMessage m;
  std::string why;
  if (!take_string(root, "v", m.version, why)) return malformed(why);
  // A different major version may carry different fields: judge the version first.
  if (!is_supported_version(m.version))
    return Error{"E1004", "unsupported version \"" + m.version + "\" (this node speaks " +
                              std::string(kWireVersion) + ")"};
  if (!take_string(root, "type", m.env.type, why) || !take_string(root, "id", m.env.id, why) ||
      !take_string(root, "from", m.env.from, why) || !take_string(root, "to", m.env.to, why) ||
      !take_string(root, "nonce", m.nonce, why))
    return malformed(why);
  if (m.env.type.empty()) return malformed("field \"type\" is empty");
  if (!is_nonce(m.nonce)) return malformed("field \"nonce\" must be 32 hex characters");
  const Json::Value* ts = root.find("ts", "ts" + 2);
  if (ts == nullptr) return malformed("missing field \"ts\"");
  const bool integer =
      ts->type() == Json::intValue || (ts->type() == Json::uintValue && ts->isInt64());
  if (!integer) return malformed("field \"ts\" must be an integer (epoch ms)");
  m.ts_ms = ts->asInt64();
  const Json::Value* reply = root.find("reply", "reply" + 5);
  if (reply == nullptr) return malformed("missing field \"reply\"");
  if (!reply->isBool()) return malformed("field \"reply\" must be true or false");
  m.env.is_reply = reply->asBool();
  Json::Value* body = root.find("body", "body" + 4) ? &root["body"] : nullptr;
  if (body == nullptr) return malformed("missing field \"body\"");
  if (!body->isObject()) return malformed("field \"body\" must be an object");
  m.env.body = std::move(*body);
  return m;
}

namespace {
std::string salvage_field(std::string_view frame, const char* name) {
  if (frame.size() > kMaxSalvageBytes) return {};
  auto parsed = json::parse(frame);
  if (!parsed || !parsed->isObject()) return {};
  const Json::Value& v = (*parsed)[name];
  return v.isString() ? v.asString() : std::string{};
}
}  // namespace

std::string WireCodec::salvage_id(std::string_view frame) {
  return salvage_field(frame, "id");
}

std::string WireCodec::salvage_from(std::string_view frame) {
  return salvage_field(frame, "from");
}

}  // namespace ykt::wire
