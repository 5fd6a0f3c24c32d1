// Tests of the certification framework: verdicts, ICS, selection, IXIT, suites' definitions.
#include <boost/test/unit_test.hpp>

#include <set>

#include "ics.hpp"
#include "ixit.hpp"
#include "json_util.hpp"
#include "recorder.hpp"
#include "runner.hpp"
#include "verdict.hpp"

using namespace ykt::certify;

namespace {
Ics make_ics(const std::string& text) {
  auto doc = ykt::json::parse(text);
  BOOST_REQUIRE(doc.ok());
  auto ics = parse_ics(*doc);
  BOOST_REQUIRE_MESSAGE(ics.ok(), (ics.ok() ? std::string() : ics.error().message));
  return *ics;
}
}  // namespace

BOOST_AUTO_TEST_SUITE(verdicts)

BOOST_AUTO_TEST_CASE(only_get_worse_and_keep_first_reason) {
  // Purpose: a verdict only gets worse and the first reason of the worst verdict is kept (FACTS
  // §7).
  VerdictKeeper v;
  BOOST_CHECK(v.verdict() == Verdict::none);
  v.set(Verdict::pass);
  v.set(Verdict::fail, "first failure");
  v.set(Verdict::pass);
  v.set(Verdict::inconc, "later inconc");
  v.set(Verdict::fail, "second failure");
  BOOST_CHECK(v.verdict() == Verdict::fail);
  BOOST_CHECK_EQUAL(v.reason(), "first failure");
  v.harness_error("time-out");
  BOOST_CHECK(v.verdict() == Verdict::error);
  BOOST_CHECK_EQUAL(v.reason(), "time-out");
}

BOOST_AUTO_TEST_CASE(case_logic_cannot_claim_error_silently) {
  // Purpose: `error` is the harness's; a case setting it is recorded as a harness fault (FACTS §7).
  VerdictKeeper v;
  v.set(Verdict::error, "my logic");
  BOOST_CHECK(v.verdict() == Verdict::error);
  BOOST_CHECK(v.reason().find("harness fault") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(order_and_names) {
  // Purpose: the order none < pass < inconc < fail < error and the wire names round-trip.
  BOOST_CHECK(Verdict::none < Verdict::pass && Verdict::pass < Verdict::inconc &&
              Verdict::inconc < Verdict::fail && Verdict::fail < Verdict::error);
  for (auto v : {Verdict::none, Verdict::pass, Verdict::inconc, Verdict::fail, Verdict::error})
    BOOST_CHECK(parse_verdict(to_string(v)) == v);
  BOOST_CHECK(!parse_verdict("passed"));
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(ics)

BOOST_AUTO_TEST_CASE(unknown_item_is_an_error_naming_it) {
  // Purpose: an ICS naming an item the schema does not know is refused, naming it.
  auto doc = ykt::json::parse(R"({"role":"backend","items":{"alg_3des":true,"teleport":true}})");
  auto ics = parse_ics(*doc);
  BOOST_REQUIRE(!ics.ok());
  BOOST_CHECK(ics.error().message.find("teleport") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(bad_values_and_roles_are_refused) {
  // Purpose: non-boolean items and unknown roles give clear errors.
  auto d1 = ykt::json::parse(R"({"role":"backend","items":{"alg_3des":"yes"}})");
  BOOST_CHECK(!parse_ics(*d1).ok());
  auto d2 = ykt::json::parse(R"({"role":"toaster","items":{}})");
  auto r2 = parse_ics(*d2);
  BOOST_REQUIRE(!r2.ok());
  BOOST_CHECK(r2.error().message.find("toaster") != std::string::npos);
  BOOST_CHECK(!load_ics("/nonexistent/ics.json").ok());
}

BOOST_AUTO_TEST_CASE(absent_is_reported_never_false) {
  // Purpose: an absent item skips the case with a reason naming it, for `x` and for `!x` alike.
  Ics ics = make_ics(R"({"role":"card","items":{"alg_sm4":true,"alg_3des":false}})");
  auto a = select("offline_batch", ics);
  BOOST_REQUIRE(a.ok());
  BOOST_CHECK(!a->selected);
  BOOST_CHECK(a->reason.find("absent") != std::string::npos);
  BOOST_CHECK(a->reason.find("offline_batch") != std::string::npos);
  auto b = select("!offline_batch", ics);
  BOOST_CHECK(!b->selected);
  BOOST_CHECK(b->reason.find("absent") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(three_valued_selection) {
  // Purpose: selection expressions follow Kleene logic over declared and absent items.
  Ics ics = make_ics(R"({"role":"card","items":{"alg_sm4":true,"alg_3des":false}})");
  BOOST_CHECK(select("true", ics)->selected);
  BOOST_CHECK(select("alg_sm4", ics)->selected);
  BOOST_CHECK(!select("alg_3des", ics)->selected);
  BOOST_CHECK(select("!alg_3des", ics)->selected);
  BOOST_CHECK(select("alg_sm4 || offline_batch", ics)->selected);    // true || unknown
  BOOST_CHECK(!select("alg_3des && offline_batch", ics)->selected);  // false && unknown
  BOOST_CHECK(select("alg_3des && offline_batch", ics)->reason.find("false") != std::string::npos);
  BOOST_CHECK(select("(alg_sm4 && !alg_3des)", ics)->selected);
  BOOST_CHECK(!select("alg_sm4 &&", ics).ok());
  auto bad = select("alg_sm5", ics);
  BOOST_REQUIRE(!bad.ok());
  BOOST_CHECK(bad.error().message.find("alg_sm5") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(schema_file_lists_exactly_the_known_items) {
  // Purpose: ics.schema.json and the code's item list agree, so the schema documents every item.
  auto schema =
      ykt::json::load_file(std::string(YKT_SOURCE_DIR) + "/conformance/certify/ics.schema.json");
  BOOST_REQUIRE(schema.ok());
  const auto& props = (*schema)["properties"]["items"]["properties"];
  std::set<std::string> in_schema;
  for (const auto& k : props.getMemberNames()) in_schema.insert(k);
  std::set<std::string> in_code;
  for (const auto& i : known_ics_items()) in_code.insert(i.name);
  BOOST_CHECK(in_schema == in_code);
  BOOST_CHECK_EQUAL((*schema)["properties"]["items"]["additionalProperties"].asBool(), false);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(ixit)

BOOST_AUTO_TEST_CASE(defaults_and_overrides) {
  // Purpose: the IXIT fills addresses and timers, the command line endpoint wins, bad fields are
  // named.
  auto doc = ykt::json::parse(R"({"iut":{"endpoint":"tcp://127.0.0.1:1","province":"320000"},
      "timers":{"reply_ms":500},"keys":{"harness.tester":"00112233"}})");
  auto x = parse_ixit(*doc, "backend", "tcp://127.0.0.1:2");
  BOOST_REQUIRE(x.ok());
  BOOST_CHECK_EQUAL(x->iut_endpoint, "tcp://127.0.0.1:2");
  BOOST_CHECK_EQUAL(x->iut_address, "backend.320000");
  BOOST_CHECK_EQUAL(x->reply_timeout.count(), 500);
  BOOST_CHECK(x->key_of("harness.tester") == ykt::hex_bytes("00112233"));
  BOOST_CHECK(x->key_of("reader.x") != x->key_of("reader.y"));
  auto bad = ykt::json::parse(R"({"timers":{"reply_ms":-1}})");
  auto r = parse_ixit(*bad, "backend", "tcp://127.0.0.1:2");
  BOOST_REQUIRE(!r.ok());
  BOOST_CHECK(r.error().message.find("timers.reply_ms") != std::string::npos);
  auto prov = ykt::json::parse(R"({"iut":{"province":"310118"}})");
  BOOST_CHECK(!parse_ixit(*prov, "backend", "tcp://127.0.0.1:2").ok());
}

BOOST_AUTO_TEST_CASE(configurations_are_parsed_and_bad_ones_named) {
  // Purpose: an IXIT configuration gives its case glob, start command and test data; a malformed
  // one is refused naming the field (conformance/suites/README.md, configurations).
  auto doc = ykt::json::parse(R"({"configurations":{"no_venue":{"cases":"BE-SVC-*",
      "start_command":["iut","--drop-service","venue"],"test_data":{"unoffered_service":"venue"}}}})");
  auto x = parse_ixit(*doc, "backend", "tcp://127.0.0.1:2");
  BOOST_REQUIRE(x.ok());
  BOOST_REQUIRE_EQUAL(x->configurations.count("no_venue"), 1u);
  const auto& c = x->configurations.at("no_venue");
  BOOST_CHECK_EQUAL(c.cases, "BE-SVC-*");
  BOOST_CHECK_EQUAL(c.start_command.size(), 3u);
  BOOST_CHECK_EQUAL(c.test_data["unoffered_service"].asString(), "venue");
  for (const auto& [text, field] : std::vector<std::pair<std::string, std::string>>{
           {R"({"configurations":[]})", "configurations"},
           {R"({"configurations":{"a":{"start_command":["x"]}}})", "configurations.a.cases"},
           {R"({"configurations":{"a":{"cases":"X*","start_command":[]}}})",
            "configurations.a.start_command"},
           {R"({"configurations":{"a":{"cases":"X*","start_command":["x"],"test_data":1}}})",
            "configurations.a.test_data"}}) {
    auto bad = parse_ixit(*ykt::json::parse(text), "backend", "tcp://127.0.0.1:2");
    BOOST_REQUIRE(!bad.ok());
    BOOST_CHECK_MESSAGE(bad.error().message.find("'" + field + "'") != std::string::npos,
                        bad.error().message);
  }
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(suites)

BOOST_AUTO_TEST_CASE(case_counts_meet_the_minimum_per_role) {
  // Purpose: backend ≥ 40, exchange ≥ 30, card ≥ 40, reader ≥ 25 cases (issue 3).
  std::map<std::string, std::size_t> n;
  for (const auto& s : all_suites()) n[s.role] += s.cases.size();
  BOOST_CHECK_GE(n["backend"], 40u);
  BOOST_CHECK_GE(n["exchange"], 30u);
  BOOST_CHECK_GE(n["card"], 40u);
  BOOST_CHECK_GE(n["reader"], 25u);
  BOOST_TEST_MESSAGE("cases: backend " << n["backend"] << ", exchange " << n["exchange"]
                                       << ", card " << n["card"] << ", reader " << n["reader"]);
}

BOOST_AUTO_TEST_CASE(every_case_is_a_complete_test_item) {
  // Purpose: unique ids with the role prefix, a purpose, a clause, a parsable ICS expression, a
  // body.
  std::set<std::string> ids;
  Ics empty = make_ics(R"({"role":"card","items":{}})");
  const std::map<std::string, std::string> prefix = {
      {"backend", "BE-"}, {"exchange", "EX-"}, {"card", "CD-"}, {"reader", "RD-"}};
  for (const auto& s : all_suites())
    for (const auto& c : s.cases) {
      BOOST_CHECK_MESSAGE(ids.insert(c.id).second, "duplicate id " << c.id);
      BOOST_CHECK_MESSAGE(c.id.rfind(prefix.at(s.role), 0) == 0, c.id);
      BOOST_CHECK_MESSAGE(!c.purpose.empty() && c.purpose.back() == '.', c.id << " purpose");
      BOOST_CHECK_MESSAGE(!c.clauses.empty(), c.id << " has no clause");
      for (const auto& cl : c.clauses)
        BOOST_CHECK_MESSAGE(cl.rfind("STD-", 0) == 0, c.id << " " << cl);
      BOOST_CHECK_MESSAGE(select(c.ics, empty).ok(), c.id << " ICS expression " << c.ics);
      BOOST_CHECK_MESSAGE(!c.expected.empty() && !c.stimulus.empty(), c.id);
      BOOST_CHECK_MESSAGE(static_cast<bool>(c.body), c.id << " has no body");
    }
}

BOOST_AUTO_TEST_CASE(suite_hash_changes_with_the_definition) {
  // Purpose: the suite hash identifies the case definitions (a changed purpose changes it).
  Suite s = all_suites().front();
  const std::string h1 = suite_hash(s);
  BOOST_CHECK_EQUAL(h1.size(), 64u);
  BOOST_CHECK_EQUAL(h1, suite_hash(all_suites().front()));
  s.cases[0].purpose += " changed";
  BOOST_CHECK_NE(h1, suite_hash(s));
}

BOOST_AUTO_TEST_CASE(glob_patterns) {
  // Purpose: --case patterns select ids by glob.
  BOOST_CHECK(glob_match("*", "BE-ROUTE-003"));
  BOOST_CHECK(glob_match("BE-ROUTE-*", "BE-ROUTE-003"));
  BOOST_CHECK(glob_match("BE-*-00?", "BE-TXN-004"));
  BOOST_CHECK(!glob_match("BE-ROUTE-*", "BE-TXN-001"));
  BOOST_CHECK(!glob_match("CD-TEAR-D0?", "CD-TEAR-L01"));
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(recorder)

BOOST_AUTO_TEST_CASE(cap_per_case_counts_what_it_does_not_keep) {
  // Purpose: the recorder keeps at most its cap of messages and log lines per case, counts the
  // rest per case and says so once in the case's log, so a flooding IUT cannot exhaust memory.
  MessageRecorder rec(3);
  ykt::Envelope e;
  e.type = "sys.ping";
  e.from = "harness.tester";
  e.to = "exchange";
  for (int i = 0; i < 5; ++i) {
    e.id = "m" + std::to_string(i);
    rec.record("CASE-A", e);
  }
  rec.record_raw("CASE-A", "exchange", "harness", "junk", 4);
  rec.record("CASE-B", e);
  for (int i = 0; i < 4; ++i) rec.log("CASE-B", "runner", "line " + std::to_string(i));
  BOOST_TEST(rec.messages_of("CASE-A").size() == 3u);
  BOOST_TEST(rec.messages_of("CASE-A").back().id == "m2");
  BOOST_TEST(rec.messages_of("CASE-B").size() == 1u);
  const auto omitted = rec.omitted();
  BOOST_TEST(omitted.at("CASE-A") == 3u);  // m3, m4 and the raw frame
  BOOST_TEST(omitted.at("CASE-B") == 1u);  // the fourth log line
  const auto a_lines = rec.lines_of("CASE-A");
  BOOST_REQUIRE(a_lines.size() == 1u);
  BOOST_TEST(a_lines[0].actor == "harness.recorder");
  BOOST_TEST(a_lines[0].text.find("more than 3 messages") != std::string::npos);
  // Three kept lines plus the recorder's own note.
  BOOST_TEST(rec.lines_of("CASE-B").size() == 4u);
}

BOOST_AUTO_TEST_CASE(long_bodies_and_lines_are_cut_with_their_size_noted) {
  // Purpose: a body or log line longer than kRecordTextMax is kept cut to that length with its
  // full size noted, so frames at the STD-3.4 limit cannot grow the record without bound.
  MessageRecorder rec;
  ykt::Envelope e;
  e.type = "card.status";
  e.id = "big";
  e.body["pad"] = std::string(60000, 'a');
  rec.record("CASE-C", e);
  rec.log("CASE-C", "runner", std::string(10000, 'b'));
  const auto m = rec.messages_of("CASE-C");
  BOOST_REQUIRE(m.size() == 1u);
  BOOST_TEST(m[0].body.size() < kRecordTextMax + 100);
  const std::string all = std::to_string(ykt::json::compact(e.body).size());
  BOOST_TEST(m[0].body.find(all + " characters in all") != std::string::npos);
  const auto l = rec.lines_of("CASE-C");
  BOOST_REQUIRE(l.size() == 1u);
  BOOST_TEST(l[0].text.size() < kRecordTextMax + 100);
  BOOST_TEST(l[0].text.find("10000 characters in all") != std::string::npos);
}

BOOST_AUTO_TEST_SUITE_END()
