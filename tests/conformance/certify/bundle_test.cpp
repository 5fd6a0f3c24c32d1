// Tests of the certification bundle writers (report.json, junit.xml, report.html, manifest).
#include <boost/test/unit_test.hpp>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "bundle_writer.hpp"
#include "json_util.hpp"
#include "manifest.hpp"
#include "msc_svg.hpp"
#include "pii.hpp"

using namespace ykt;
using namespace ykt::certify;

namespace {

const char* kFullId = "31011819900101001X";  // synthetic, valid (FACTS §3)

CaseResult make_case(const std::string& id, Verdict v, bool selected, const std::string& reason) {
  CaseResult c;
  c.id = id;
  c.purpose = "Purpose of " + id + ".";
  c.clauses = {"STD-6.2"};
  c.ics_expr = "true";
  c.selected = selected;
  c.selection_reason = selected ? "mandatory" : "skipped: ICS item(s) absent: offline_batch";
  c.verdict = v;
  c.reason = reason;
  c.started = wall_now();
  c.finished = c.started + std::chrono::milliseconds(3);
  c.duration_ms = 3;
  c.latencies = {{"txn.purchase", 0.8}, {"card.status", 1.3}};
  return c;
}

RunResult make_run() {
  RunResult r;
  r.role = "backend";
  r.suite = "backend";
  r.suite_version = "1.0.0";
  r.suite_hash = std::string(64, 'a');
  r.seed = 42;
  r.iut_endpoint = "tcp://127.0.0.1:7301";
  r.iut_address = "backend.310000";
  r.started = wall_now();
  r.finished = r.started + std::chrono::milliseconds(50);
  r.cases = {make_case("BE-TXN-001", Verdict::pass, true, ""),
             make_case("BE-TXN-002", Verdict::fail, true, std::string("leaked ") + kFullId),
             make_case("BE-TXN-003", Verdict::inconc, true, "test data absent"),
             make_case("BE-TXN-004", Verdict::error, true, "case time-out"),
             make_case("BE-BATCH-001", Verdict::none, false, "")};
  RecordedMessage m;
  m.at = r.started;
  m.case_id = "BE-TXN-001";
  m.from = "reader.310000000901";
  m.to = "backend.310000";
  m.type = "txn.purchase";
  m.id = "h-1";
  m.body = "{\"amount\":100}";
  r.messages.push_back(m);
  m.from.swap(m.to);
  m.reply = true;
  m.status = "OK";
  m.type = "txn.purchase.rsp";
  r.messages.push_back(m);
  r.log.push_back({r.started, "BE-TXN-002", "harness.tester", std::string("saw ") + kFullId});
  r.ics["role"] = "backend";
  r.ics["items"]["offline_batch"] = true;
  r.ixit["test_data"]["holder_id"] = kFullId;
  r.traceability["STD-6.2"] = {"BE-TXN-001", "BE-TXN-002"};
  return r;
}

std::string slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

std::string temp_dir(const std::string& name) {
  auto d = std::filesystem::temp_directory_path() /
           ("ykt-cert-" + name + "-" + std::to_string(::getpid()));
  std::filesystem::remove_all(d);
  return d.string();
}

}  // namespace

BOOST_AUTO_TEST_CASE(junit_maps_inconc_and_error_explicitly) {
  // Purpose: inconc is never shown as passed (skipped "inconc"), error is <error>, fail is
  // <failure>.
  const std::string x = reports::junit_xml(make_run());
  BOOST_CHECK(x.find("<skipped message=\"inconc: test data absent\"/>") != std::string::npos);
  BOOST_CHECK(x.find("<failure type=\"fail\"") != std::string::npos);
  BOOST_CHECK(x.find("<error type=\"error\" message=\"case time-out\"/>") != std::string::npos);
  BOOST_CHECK(x.find("<failure type=\"none\"") == std::string::npos);  // only selected cases
  BOOST_CHECK(x.find("not selected: skipped: ICS item(s) absent") != std::string::npos);
  BOOST_CHECK(x.find("failures=\"1\" errors=\"1\" skipped=\"2\"") != std::string::npos);
  BOOST_CHECK(!pii::contains_citizen_id(x));
}

BOOST_AUTO_TEST_CASE(report_json_has_every_case_and_summary) {
  // Purpose: report.json carries every case with verdict, reason, timings and selection reason.
  const Json::Value j = reports::report_json(make_run());
  BOOST_CHECK_EQUAL(j["cases"].size(), 5u);
  BOOST_CHECK_EQUAL(j["summary"]["pass"].asInt(), 1);
  BOOST_CHECK_EQUAL(j["summary"]["skipped"].asInt(), 1);
  BOOST_CHECK_EQUAL(j["summary"]["exit_code"].asInt(), 1);
  BOOST_CHECK_EQUAL(j["cases"][4]["verdict"].asString(), "skipped");
  BOOST_CHECK(j["cases"][4]["selection_reason"].asString().find("absent") != std::string::npos);
  BOOST_CHECK(j["cases"][0]["duration_ms"].isNumeric());
  BOOST_CHECK(!pii::contains_citizen_id(json::compact(j)));
}

BOOST_AUTO_TEST_CASE(bundle_is_complete_masked_and_verifiable) {
  // Purpose: the bundle holds every file, masks personal data, and MANIFEST.sha256 verifies with
  // sha256sum.
  const std::string dir = temp_dir("bundle");
  auto files = reports::write_bundle(make_run(), dir);
  BOOST_REQUIRE_MESSAGE(files.ok(), (files.ok() ? std::string() : files.error().message));
  for (const char* f : {"report.json", "junit.xml", "report.html", "ics.json", "ixit.json",
                        "traceability.json", "run.log", "MANIFEST.sha256"})
    BOOST_CHECK_MESSAGE(std::filesystem::exists(dir + "/" + f), f);
  for (const auto& f : files->files)
    BOOST_CHECK_MESSAGE(!pii::contains_citizen_id(slurp(dir + "/" + f)),
                        f << " leaks a citizen ID");
  const std::string html = slurp(dir + "/report.html");
  BOOST_CHECK(html.find("<svg") != std::string::npos);
  BOOST_CHECK(html.find("测试用例 / Test cases") != std::string::npos);
  BOOST_CHECK(html.find("data:image/png;base64,") != std::string::npos);
  BOOST_CHECK(html.find("http://") == std::string::npos ||
              html.find("xmlns=\"http://www.w3.org/2000/svg\"") != std::string::npos);
  BOOST_CHECK_EQUAL(
      std::system(("cd '" + dir + "' && sha256sum --quiet -c MANIFEST.sha256").c_str()), 0);
  const std::string junit_ok =
      "/usr/bin/python3 -c \"import sys,xml.dom.minidom; xml.dom.minidom.parse(sys.argv[1])\" '" +
      dir + "/junit.xml'";
  BOOST_CHECK_EQUAL(std::system(junit_ok.c_str()), 0);
  // Tampering is detected.
  { std::ofstream(dir + "/report.json", std::ios::app) << " "; }
  BOOST_CHECK_NE(
      std::system(
          ("cd '" + dir + "' && sha256sum --quiet -c MANIFEST.sha256 >/dev/null 2>&1").c_str()),
      0);
  std::filesystem::remove_all(dir);
}

BOOST_AUTO_TEST_CASE(sha256_matches_a_known_vector) {
  // Purpose: the manifest's SHA-256 is the standard one (empty file vector).
  const std::string dir = temp_dir("sha");
  std::filesystem::create_directories(dir);
  { std::ofstream(dir + "/empty"); }
  auto h = reports::sha256_file(dir + "/empty");
  BOOST_REQUIRE(h.ok());
  BOOST_CHECK_EQUAL(*h, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  BOOST_CHECK(!reports::sha256_file(dir + "/missing").ok());
  std::filesystem::remove_all(dir);
}

BOOST_AUTO_TEST_CASE(sequence_chart_draws_every_actor_and_arrow) {
  // Purpose: the MSC has one lifeline per actor and one labelled arrow per message.
  const auto run = make_run();
  const std::string svg = reports::msc_svg(run.messages);
  BOOST_CHECK(svg.find("reader.310000000901") != std::string::npos);
  BOOST_CHECK(svg.find("backend.310000") != std::string::npos);
  BOOST_CHECK(svg.find("txn.purchase.rsp [OK]") != std::string::npos);
  std::size_t arrows = 0;
  for (std::size_t p = svg.find("marker-end"); p != std::string::npos;
       p = svg.find("marker-end", p + 1))
    ++arrows;
  BOOST_CHECK_EQUAL(arrows, 2u);
  BOOST_CHECK(reports::msc_svg({}).find("no messages") != std::string::npos);
}
