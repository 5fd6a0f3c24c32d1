#include "idempotency_store.hpp"

#include <json/reader.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>
#include <memory>

#include "crypto.hpp"
#include "json_util.hpp"

namespace ykt::backend {

namespace {

void put_size(std::string& out, std::size_t n) {
  while (n >= 0x80) {
    out.push_back(static_cast<char>((n & 0x7F) | 0x80));
    n >>= 7;
  }
  out.push_back(static_cast<char>(n));
}

void put_u64(std::string& out, std::uint64_t v) {
  char b[8];
  for (int i = 0; i < 8; ++i) b[i] = static_cast<char>(v >> (8 * i));
  out.append(b, 8);
}

void put_text(std::string& out, const char* begin, const char* end) {
  put_size(out, static_cast<std::size_t>(end - begin));
  out.append(begin, end);
}

// A prefix-free encoding of a JSON value with the equality of json::compact: integers by value
// (int and uint alike), reals by their bits (NaN is written as null by the writer), strings by
// their bytes, object members in jsoncpp's key order.
void encode(const Json::Value& v, std::string& out) {
  switch (v.type()) {
    case Json::nullValue:
      out.push_back('n');
      break;
    case Json::booleanValue:
      out.push_back(v.asBool() ? 't' : 'f');
      break;
    case Json::intValue:
      out.push_back('i');
      put_u64(out, static_cast<std::uint64_t>(v.asLargestInt()));
      break;
    case Json::uintValue: {
      const std::uint64_t u = v.asLargestUInt();
      out.push_back(
          u <= static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max()) ? 'i' : 'u');
      put_u64(out, u);
      break;
    }
    case Json::realValue: {
      const double d = v.asDouble();
      if (std::isnan(d)) {
        out.push_back('n');
        break;
      }
      std::uint64_t bits = 0;
      std::memcpy(&bits, &d, sizeof bits);
      out.push_back('r');
      put_u64(out, bits);
      break;
    }
    case Json::stringValue: {
      const char* b = nullptr;
      const char* e = nullptr;
      v.getString(&b, &e);
      out.push_back('s');
      put_text(out, b, e);
      break;
    }
    case Json::arrayValue:
      out.push_back('a');
      put_size(out, v.size());
      for (const auto& item : v) encode(item, out);
      break;
    case Json::objectValue:
      out.push_back('o');
      put_size(out, v.size());
      for (auto it = v.begin(); it != v.end(); ++it) {
        const char* end = nullptr;
        const char* name = it.memberName(&end);
        put_text(out, name, end);
        encode(*it, out);
      }
      break;
  }
}

// Parses a stored answer (our own compact text; any JSON value may be the root).
Json::Value parse_stored(std::string_view text) {
  thread_local const std::unique_ptr<Json::CharReader> reader = [] {
    Json::CharReaderBuilder b;
    b["collectComments"] = false;
    b["allowComments"] = false;
    b["strictRoot"] = false;
    b["failIfExtra"] = true;
    return std::unique_ptr<Json::CharReader>(b.newCharReader());
  }();
  Json::Value v;
  std::string errs;
  if (!reader->parse(text.data(), text.data() + text.size(), &v, &errs)) return Json::Value();
  return v;
}

}  // namespace

IdempotencyStore::IdempotencyStore(std::size_t capacity) : entries_(capacity ? capacity : 1) {}

Digest IdempotencyStore::digest(std::string_view type, const Json::Value& body) {
  thread_local std::string buf;
  buf.clear();
  put_text(buf, type.data(), type.data() + type.size());
  encode(body, buf);
  const Bytes d = crypto::sm3(std::string_view(buf));
  Digest out{};
  std::memcpy(out.data(), d.data(), std::min(d.size(), out.size()));
  return out;
}

IdempotencyStore::Lookup IdempotencyStore::check(std::string_view txn_id, const Digest& d) const {
  auto e = entries_.find(txn_id);
  if (!e) return {};
  if (*e.value != d) return {Seen::conflict, Json::Value()};
  if (e.extra.empty()) return {Seen::same, Json::Value()};
  return {Seen::same, parse_stored(e.extra)};
}

void IdempotencyStore::remember(std::string_view txn_id, const Digest& d,
                                const Json::Value& response) {
  entries_.assign(txn_id, d, response.isNull() ? std::string() : json::compact(response));
}

}  // namespace ykt::backend
