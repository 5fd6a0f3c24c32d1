#include <boost/test/unit_test.hpp>

#include "fast_json.hpp"
#include "json_util.hpp"
#include "wire_codec.hpp"

using namespace ykt;
using namespace ykt::wire;

namespace {

Envelope sample() {
  Envelope e;
  e.type = "txn.purchase";
  e.id = "reader.310100000001-0000000000a1";
  e.from = "reader.310100000001";
  e.to = "backend.310000";
  e.body["txn_id"] = "310100000001-0000000000a1";
  e.body["amount"] = 200;
  e.body["online"] = true;
  e.body["card_ref"]["issuer"] = "310118";
  e.body["card_ref"]["card_no"] = "Y31000042";
  e.body["items"].append(-7);
  e.body["items"].append("上海 \"quoted\" \\ \n tab\t");
  e.body["big"] = Json::UInt64(18446744073709551615ULL);
  e.body["neg64"] = Json::Int64(-9007199254740993LL);
  return e;
}

const std::string kNonce = "0123456789abcdef0123456789abcdef";

std::string frame(const std::string& fields) {
  return "{" + fields + "}";
}

std::string good_fields() {
  return R"("v":"ykt-std/1.0","type":"t","id":"i1","from":"a","to":"b","ts":1,"nonce":")" + kNonce +
         R"(","reply":false,"body":{})";
}

}  // namespace

BOOST_AUTO_TEST_SUITE(codec_suite)

// Purpose: an envelope survives encode/decode on both back ends, field for field (STD-3.1).
BOOST_AUTO_TEST_CASE(round_trip_both_backends) {
  for (auto backend : {CodecBackend::rapidjson, CodecBackend::jsoncpp}) {
    WireCodec codec(backend);
    Envelope e = sample();
    e.is_reply = true;
    const std::string f = codec.encode(e, 1'780'000'000'123, kNonce);
    auto m = codec.decode(f);
    BOOST_TEST_REQUIRE(m.ok(), (m.ok() ? "" : m.error().message));
    BOOST_TEST(m->env.type == e.type);
    BOOST_TEST(m->env.id == e.id);
    BOOST_TEST(m->env.from == e.from);
    BOOST_TEST(m->env.to == e.to);
    BOOST_TEST(m->env.is_reply);
    BOOST_TEST(m->ts_ms == 1'780'000'000'123);
    BOOST_TEST(m->nonce == kNonce);
    BOOST_TEST(m->version == "ykt-std/1.0");
    BOOST_TEST(m->env.body == e.body);
  }
}

// Purpose: both back ends write the same bytes and read each other's frames (one wire format,
// STD-3.1).
BOOST_AUTO_TEST_CASE(backends_interoperate) {
  WireCodec fast(CodecBackend::rapidjson), slow(CodecBackend::jsoncpp);
  const Envelope e = sample();
  const std::string a = fast.encode(e, 42, kNonce);
  const std::string b = slow.encode(e, 42, kNonce);
  BOOST_TEST(a == b);
  BOOST_TEST(a.rfind(R"({"v":"ykt-std/1.0","type":"txn.purchase","id":)", 0) == 0);
  BOOST_TEST(fast.decode(b)->env.body == slow.decode(a)->env.body);
}

// Purpose: the RapidJSON reader builds the same Json::Value as jsoncpp for varied documents.
BOOST_AUTO_TEST_CASE(fast_parse_matches_jsoncpp) {
  const char* docs[] = {
      R"({"a":1,"b":[true,false,null],"c":{"d":"x\u00e9\ud83d\ude00"}})",
      R"([0,-1,2147483647,2147483648,-2147483649,9223372036854775807,18446744073709551615])",
      R"({"f":1.5,"g":-0.25,"h":1e10,"s":"line\nbreak"})", R"({})", R"([[[[]]]])"};
  for (const char* d : docs) {
    auto a = fast_parse(d);
    auto b = json::parse(d);
    BOOST_TEST_REQUIRE(a.ok(), d);
    BOOST_TEST_REQUIRE(b.ok(), d);
    BOOST_TEST((a.value() == b.value()), d);
    std::string out;
    fast_write(a.value(), out);
    BOOST_TEST((fast_parse(out).value() == b.value()), out);
  }
}

// Purpose: text that is not one JSON object is E1001 and never crashes (STD-3.4, E1001).
BOOST_AUTO_TEST_CASE(malformed_json_is_e1001) {
  WireCodec codec;
  const std::string bad[] = {"",
                             "{",
                             "not json",
                             "[1,2]",
                             frame(good_fields()) + " x",
                             frame(good_fields() + R"(,"type":"dup")"),
                             "{\"v\":\"\xff\xfe\"}",
                             std::string(100, '[') + std::string(100, ']')};
  for (const auto& f : bad) {
    auto m = codec.decode(f);
    BOOST_TEST(!m.ok(), f);
    if (!m.ok()) BOOST_TEST(m.error().code == "E1001", f << " -> " << m.error().code);
  }
}

// Purpose: each missing or mistyped envelope field is E1001 naming the field (STD-3.1, E1001).
BOOST_AUTO_TEST_CASE(missing_and_mistyped_fields) {
  WireCodec codec;
  const std::string ok = good_fields();
  BOOST_TEST_REQUIRE(codec.decode(frame(ok)).ok());
  for (const std::string field : {"type", "id", "from", "to", "ts", "nonce", "reply", "body"}) {
    // Remove the field: rebuild the object without it.
    Json::Value v = json::parse(frame(ok)).value();
    v.removeMember(field);
    auto m = codec.decode(json::compact(v));
    BOOST_TEST_REQUIRE(!m.ok(), field);
    BOOST_TEST(m.error().code == "E1001", field);
    BOOST_TEST(m.error().message.find(field) != std::string::npos, m.error().message);
  }
  const std::pair<const char*, Json::Value> mistyped[] = {
      {"ts", Json::Value("1")},      {"ts", Json::Value(1.5)},
      {"reply", Json::Value(1)},     {"body", Json::Value(Json::arrayValue)},
      {"nonce", Json::Value("abc")}, {"id", Json::Value(7)},
      {"type", Json::Value("")}};
  for (const auto& [field, value] : mistyped) {
    Json::Value v = json::parse(frame(ok)).value();
    v[field] = value;
    auto m = codec.decode(json::compact(v));
    BOOST_TEST_REQUIRE(!m.ok(), field << "=" << json::compact(value));
    BOOST_TEST(m.error().code == "E1001", field << "=" << json::compact(value));
  }
}

// Purpose: frame 1 over 65536 bytes is E1003 and one of exactly 65536 bytes is accepted (STD-3.4).
BOOST_AUTO_TEST_CASE(oversized_is_e1003) {
  WireCodec codec;
  Envelope e = sample();
  e.body = Json::Value(Json::objectValue);
  e.body["pad"] = "";
  const std::size_t base = codec.encode(e, 1, kNonce).size();
  e.body["pad"] = std::string(kMaxFrameBytes - base, 'x');
  const std::string exact = codec.encode(e, 1, kNonce);
  BOOST_TEST(exact.size() == kMaxFrameBytes);
  BOOST_TEST(codec.decode(exact).ok());
  e.body["pad"] = std::string(kMaxFrameBytes - base + 1, 'x');
  auto m = codec.decode(codec.encode(e, 1, kNonce));
  BOOST_TEST_REQUIRE(!m.ok());
  BOOST_TEST(m.error().code == "E1003");
}

// Purpose: a major version other than 1 is E1004; minor versions of 1 are accepted (STD-1.2,
// E1004).
BOOST_AUTO_TEST_CASE(version_rules) {
  WireCodec codec;
  Json::Value v = json::parse(frame(good_fields())).value();
  for (const char* ver : {"ykt-std/2.0", "ykt-std/0.9", "ykt/1.0", "ykt-std/1.", "1.0"}) {
    v["v"] = ver;
    auto m = codec.decode(json::compact(v));
    BOOST_TEST_REQUIRE(!m.ok(), ver);
    BOOST_TEST(m.error().code == "E1004", ver);
  }
  v["v"] = "ykt-std/1.7";
  BOOST_TEST(codec.decode(json::compact(v)).ok());
  BOOST_TEST(!is_supported_version("ykt-std/10.0"));
}

// Purpose: a rejected frame still yields its id for the error reply when it can be read (STD-3.4).
BOOST_AUTO_TEST_CASE(salvage_id_for_error_replies) {
  BOOST_TEST(WireCodec::salvage_id(R"({"id":"req-9","v":"ykt-std/9.0"})") == "req-9");
  BOOST_TEST(WireCodec::salvage_id("{broken").empty());
  BOOST_TEST(WireCodec::salvage_id(R"({"id":5})").empty());
}

// Purpose: nesting past any parser's stack limit is a malformed frame (E1001), never an exception
// that stops the node (STD-3.6: the receiver keeps serving).
BOOST_AUTO_TEST_CASE(deep_nesting_is_malformed_not_fatal) {
  const std::string deep = std::string(5000, '[') + std::string(5000, ']');
  const std::string deep_obj = R"({"id":"d-1","x":)" + deep + "}";
  BOOST_TEST(WireCodec::salvage_id(deep).empty());
  BOOST_TEST(WireCodec::salvage_id(deep_obj).empty());
  auto parsed = json::parse(deep);
  BOOST_TEST_REQUIRE(!parsed.ok());
  BOOST_TEST(parsed.error().code == "E1001");
  for (auto backend : {CodecBackend::rapidjson, CodecBackend::jsoncpp}) {
    auto m = WireCodec(backend).decode(deep_obj);
    BOOST_TEST_REQUIRE(!m.ok());
    BOOST_TEST(m.error().code == "E1001");
  }
}

BOOST_AUTO_TEST_SUITE_END()
