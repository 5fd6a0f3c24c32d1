#include "fast_json.hpp"

#include <rapidjson/error/en.h>
#include <rapidjson/reader.h>
#include <rapidjson/writer.h>

#include <climits>
#include <cstdint>
#include <vector>

namespace ykt::wire {
namespace {

/// Builds a Json::Value from SAX events with an explicit stack (no recursion).
class ValueBuilder : public rapidjson::BaseReaderHandler<rapidjson::UTF8<>, ValueBuilder> {
 public:
  Json::Value root;
  std::string problem;

  bool Null() { return place(Json::Value(Json::nullValue)) != nullptr; }
  bool Bool(bool b) { return place(Json::Value(b)) != nullptr; }
  // jsoncpp stores every integer that fits as intValue; do the same so values compare equal.
  bool Int(int i) { return place(Json::Value(i)) != nullptr; }
  bool Uint(unsigned u) { return place(Json::Value(static_cast<Json::Int64>(u))) != nullptr; }
  bool Int64(std::int64_t i) { return place(Json::Value(static_cast<Json::Int64>(i))) != nullptr; }
  bool Uint64(std::uint64_t u) {
    return place(u <= static_cast<std::uint64_t>(INT64_MAX)
                     ? Json::Value(static_cast<Json::Int64>(u))
                     : Json::Value(static_cast<Json::UInt64>(u))) != nullptr;
  }
  bool Double(double d) { return place(Json::Value(d)) != nullptr; }
  bool String(const char* s, rapidjson::SizeType n, bool) {
    return place(Json::Value(s, s + n)) != nullptr;
  }
  bool StartObject() { return open(Json::objectValue); }
  bool Key(const char* s, rapidjson::SizeType n, bool) {
    key_.assign(s, n);
    return true;
  }
  bool EndObject(rapidjson::SizeType) {
    stack_.pop_back();
    return true;
  }
  bool StartArray() { return open(Json::arrayValue); }
  bool EndArray(rapidjson::SizeType) {
    stack_.pop_back();
    return true;
  }

 private:
  Json::Value* place(Json::Value&& v) {
    if (stack_.empty()) {
      root = std::move(v);
      return &root;
    }
    Json::Value* top = stack_.back();
    if (top->isArray()) return &top->append(std::move(v));
    // One map operation: a member that was already there leaves the size unchanged.
    const Json::ArrayIndex before = top->size();
    Json::Value* slot = top->demand(key_.data(), key_.data() + key_.size());
    if (top->size() == before) {
      problem = "duplicate key \"" + key_ + "\"";
      return nullptr;
    }
    *slot = std::move(v);
    return slot;
  }
  bool open(Json::ValueType t) {
    if (static_cast<int>(stack_.size()) >= kMaxJsonDepth) {
      problem = "nesting deeper than " + std::to_string(kMaxJsonDepth);
      return false;
    }
    Json::Value* v = place(Json::Value(t));
    if (v == nullptr) return false;
    stack_.push_back(v);
    return true;
  }
  std::vector<Json::Value*> stack_;
  std::string key_;
};

/// RapidJSON output stream appending to a std::string.
struct StringSink {
  using Ch = char;
  std::string& out;
  void Put(char c) { out.push_back(c); }
  void Flush() {}
};

using Writer = rapidjson::Writer<StringSink>;

void write_value(const Json::Value& v, Writer& w) {
  switch (v.type()) {
    case Json::nullValue:
      w.Null();
      break;
    case Json::intValue:
      w.Int64(v.asInt64());
      break;
    case Json::uintValue:
      w.Uint64(v.asUInt64());
      break;
    case Json::realValue:
      w.Double(v.asDouble());
      break;
    case Json::stringValue: {
      const char* b = nullptr;
      const char* e = nullptr;
      v.getString(&b, &e);
      w.String(b ? b : "", static_cast<rapidjson::SizeType>(e - b));
      break;
    }
    case Json::booleanValue:
      w.Bool(v.asBool());
      break;
    case Json::arrayValue:
      w.StartArray();
      for (const auto& item : v) write_value(item, w);
      w.EndArray();
      break;
    case Json::objectValue:
      w.StartObject();
      for (auto it = v.begin(); it != v.end(); ++it) {
        const char* end = nullptr;
        const char* name = it.memberName(&end);
        w.Key(name, static_cast<rapidjson::SizeType>(end - name));
        write_value(*it, w);
      }
      w.EndObject();
      break;
  }
}

}  // namespace

Result<Json::Value> fast_parse(std::string_view text) {
  ValueBuilder builder;
  rapidjson::Reader reader;
  rapidjson::MemoryStream ms(text.data(), text.size());
  rapidjson::EncodedInputStream<rapidjson::UTF8<>, rapidjson::MemoryStream> in(ms);
  constexpr unsigned kFlags =
      rapidjson::kParseIterativeFlag | rapidjson::kParseValidateEncodingFlag;
  rapidjson::ParseResult r = reader.Parse<kFlags>(in, builder);
  if (!r) {
    std::string why =
        builder.problem.empty() ? rapidjson::GetParseError_En(r.Code()) : builder.problem;
    return Error{"E1001", "invalid JSON at byte " + std::to_string(r.Offset()) + ": " + why};
  }
  return std::move(builder.root);
}

void fast_write(const Json::Value& v, std::string& out) {
  StringSink sink{out};
  Writer w(sink);
  write_value(v, w);
}

void fast_write_string(std::string_view s, std::string& out) {
  StringSink sink{out};
  Writer w(sink);
  w.String(s.data(), static_cast<rapidjson::SizeType>(s.size()));
}

}  // namespace ykt::wire
