#define BOOST_TEST_MODULE replay_trace
#include <boost/test/unit_test.hpp>

#include <cstdio>
#include <filesystem>
#include <fstream>

#include "replay_trace.hpp"

namespace fs = std::filesystem;

namespace {

std::string write_temp(const std::string& name, const std::string& content) {
  const fs::path dir = fs::path(YKT_BINARY_DIR) / "tests-tmp" / "replay-trace";
  fs::create_directories(dir);
  const fs::path p = dir / name;
  std::ofstream(p, std::ios::binary) << content;
  return p.string();
}

const char* const kHeader =
    R"({"ykt_tap_trace":1,"population":{"seed":7,"scale":500,"transit_share":0.35,"qr_share":0.59}})";
const char* const kTap =
    R"({"offset_ms":12.5,"reader":"reader.310100000003","body":{"service":"transit","cards":["card.Y31010000000001"],"amount":300},"labels":{"pair":"310000>310000","expect_status":"OK"}})";

}  // namespace

// Purpose: a well-formed trace with header round-trips through save and load (ykt trace format,
// scenarios/traces/README.md).
BOOST_AUTO_TEST_CASE(round_trip) {
  const std::string p = write_temp(
      "ok.jsonl",
      std::string(kHeader) + "\n" + kTap + "\n" +
          R"({"offset_ms":3,"qr":{"backend":"backend.320000","request":{"card_ref":{"issuer":"320100","card_no":"Y32"},"ttl_s":60}},"body":{"service":"qr","cards":["card.Y32"]}})"
          "\n");
  auto t = ykt::app::load_tap_trace(p);
  BOOST_REQUIRE_MESSAGE(t.ok(), (t.ok() ? std::string() : t.error().message));
  BOOST_TEST(t->population.seed == 7u);
  BOOST_TEST(t->population.scale == 500.0);
  BOOST_REQUIRE(t->taps.size() == 2u);
  BOOST_TEST(t->taps[0].offset_ms == 12.5);
  BOOST_TEST(t->taps[0].reader == "reader.310100000003");
  BOOST_TEST(t->taps[0].labels["service"].asString() == "transit");
  BOOST_TEST(t->taps[1].has_qr);
  BOOST_TEST(t->taps[1].reader.empty());
  BOOST_TEST(t->taps[1].index == 1u);
  const std::string p2 = write_temp("ok2.jsonl", "");
  BOOST_REQUIRE(ykt::app::save_tap_trace(p2, t.value()).ok());
  auto again = ykt::app::load_tap_trace(p2);
  BOOST_REQUIRE(again.ok());
  BOOST_TEST(again->taps.size() == 2u);
  BOOST_TEST(again->population.seed == 7u);
  BOOST_TEST(again->taps[1].qr.backend == "backend.320000");
  BOOST_TEST(again->taps[0].body["amount"].asInt() == 300);
}

// Purpose: a broken line is reported with its line number and field, never a crash (ykt trace
// format; preamble: bad input gives a clear error).
BOOST_AUTO_TEST_CASE(broken_lines_name_line_and_field) {
  struct Case {
    std::string line;
    std::string expect;
  };
  const std::vector<Case> cases = {
      {R"({"reader":"reader.310100000003","body":{"service":"transit","cards":["card.Y31"]}})",
       "field 'offset_ms'"},
      {R"({"offset_ms":-1,"reader":"reader.310100000003","body":{"service":"transit","cards":["card.Y31"]}})",
       "field 'offset_ms'"},
      {R"({"offset_ms":1,"reader":"card.1","body":{"service":"transit","cards":["card.Y31"]}})",
       "field 'reader'"},
      {R"({"offset_ms":1,"reader":"reader.310100000003","body":{"service":"transit","cards":[]}})",
       "field 'body.cards'"},
      {R"({"offset_ms":1,"reader":"reader.310100000003","body":{"service":"transit","cards":[7]}})",
       "field 'body.cards'"},
      {R"({"offset_ms":1,"reader":"reader.310100000003","body":{"cards":["card.Y31"]}})",
       "field 'body.service'"},
      {R"({"offset_ms":1,"reader":"reader.310100000003","body":{"service":"transit","cards":["card.Y31"],"amount":"3"}})",
       "field 'body.amount'"},
      {R"({"offset_ms":1,"qr":{"backend":"exchange","request":{}},"body":{"service":"qr","cards":["card.Y31"]}})",
       "field 'qr.backend'"},
      {R"([1,2,3])", "not a JSON object"},
      {R"({"offset_ms":1,)", "not JSON"},
  };
  for (std::size_t i = 0; i < cases.size(); ++i) {
    const std::string p =
        write_temp("bad" + std::to_string(i) + ".jsonl",
                   std::string(kHeader) + "\n" + kTap + "\n" + cases[i].line + "\n");
    auto t = ykt::app::load_tap_trace(p);
    BOOST_REQUIRE(!t.ok());
    BOOST_TEST_INFO("case " << i << ": " << t.error().message);
    BOOST_TEST(t.error().message.find("line 3") != std::string::npos);
    BOOST_TEST(t.error().message.find(cases[i].expect) != std::string::npos);
  }
}

// Purpose: a truncated last line (no newline, incomplete JSON) is reported as truncated, not
// dropped (ykt trace format).
BOOST_AUTO_TEST_CASE(truncated_last_line_is_reported) {
  const std::string full = std::string(kTap) + "\n" + kTap;
  const std::string p = write_temp("trunc.jsonl", full.substr(0, full.size() - 20));
  auto t = ykt::app::load_tap_trace(p);
  BOOST_REQUIRE(!t.ok());
  BOOST_TEST(t.error().message.find("line 2") != std::string::npos);
  BOOST_TEST(t.error().message.find("truncated") != std::string::npos);
  // The same content with its last line complete but without a newline is accepted.
  const std::string p2 = write_temp("nonl.jsonl", full);
  auto t2 = ykt::app::load_tap_trace(p2);
  BOOST_REQUIRE(t2.ok());
  BOOST_TEST(t2->taps.size() == 2u);
}

// Purpose: unsupported header versions, empty traces and missing files are errors with the file
// named (ykt trace format).
BOOST_AUTO_TEST_CASE(header_and_file_errors) {
  auto v2 = ykt::app::load_tap_trace(
      write_temp("v2.jsonl", std::string(R"({"ykt_tap_trace":2})") + "\n" + kTap + "\n"));
  BOOST_REQUIRE(!v2.ok());
  BOOST_TEST(v2.error().message.find("ykt_tap_trace") != std::string::npos);
  auto empty = ykt::app::load_tap_trace(write_temp("empty.jsonl", std::string(kHeader) + "\n"));
  BOOST_REQUIRE(!empty.ok());
  BOOST_TEST(empty.error().message.find("no taps") != std::string::npos);
  auto missing = ykt::app::load_tap_trace("/nonexistent/taps.jsonl");
  BOOST_REQUIRE(!missing.ok());
  BOOST_TEST(missing.error().message.find("/nonexistent/taps.jsonl") != std::string::npos);
}
