// Self-qualification of the backend suite with real processes on loopback: the reference backend
// (models/backend) passes every case, each known-bad backend fails exactly the cases aimed at its
// defect, and the whole suite runs in well under a minute.
#include <fstream>

#include "json_util.hpp"
#include "program_iut.hpp"

using namespace ykt::certify;
using namespace ykt::certify::testing;

namespace {
/// Deviations of the reference runtime found by the suite and reported to its owner.
const std::set<std::string> kKnownDeviations = {};
}  // namespace

BOOST_AUTO_TEST_CASE(reference_backend_passes_in_under_a_minute) {
  // Purpose: the reference backend passes every backend case (STD-6, STD-7) and the suite takes <
  // 60 s.
  double secs = 0;
  const auto bad = not_passing("backend", YKT_REF_BACKEND_IUT, kKnownDeviations, &secs);
  // BE-SVC-001 needs a province list without a service; it is run separately below.
  BOOST_CHECK_MESSAGE(bad == std::set<std::string>{"BE-SVC-001"}, "not passing: " << join(bad));
  BOOST_CHECK_LT(secs, 60.0);
  BOOST_TEST_MESSAGE("backend suite against the reference backend: " << secs << " s");
}

BOOST_AUTO_TEST_CASE(reference_backend_refuses_an_unoffered_service) {
  // Purpose: with `venue` dropped from its list, the reference backend answers E2008 (STD-6.10).
  const auto bad = not_passing("backend", YKT_REF_BACKEND_IUT, kKnownDeviations, nullptr,
                               {"--drop-service", "venue"}, "BE-SVC-*");
  BOOST_CHECK_MESSAGE(bad.empty(), join(bad));
}

BOOST_AUTO_TEST_CASE(iut_configuration_runs_the_cases_it_serves) {
  // Purpose: with --start-iut, an IXIT configuration starts the IUT a second way for the cases it
  // names, so one report holds BE-SVC-001 passed against the backend without venue (STD-6.10);
  // a configuration that does not omit the service fails it.
  Json::Value doc;
  {
    // The IXIT (endpoints, test data) the reference backend writes; ykt certify starts its own.
    ProgramIut ref("backend", YKT_REF_BACKEND_IUT);
    auto d = ykt::json::load_file(ref.ixit_path);
    BOOST_REQUIRE(d.ok());
    doc = d.value();
  }
  const std::string dir =
      std::filesystem::temp_directory_path() / ("ykt-conf-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  auto command = [](bool drop) {
    Json::Value argv(Json::arrayValue);
    for (const char* a :
         {YKT_REF_BACKEND_IUT, "--endpoint", "{endpoint}", "--peer", "{peer_endpoint}"})
      argv.append(a);
    if (drop) {
      argv.append("--drop-service");
      argv.append("venue");
    }
    return argv;
  };
  auto certify = [&](bool drop, const std::string& out, std::string& text) {
    Json::Value x = doc;
    x["start_command"] = command(false);
    x["configurations"]["no_venue"]["cases"] = "BE-SVC-*";
    x["configurations"]["no_venue"]["start_command"] = command(drop);
    x["configurations"]["no_venue"]["test_data"]["unoffered_service"] = "venue";
    BOOST_REQUIRE(ykt::json::save_file(dir + "/ixit.json", x).ok());
    const std::string log = dir + "/out.txt";
    const int rc = std::system(
        (std::string(YKT_BIN) + " certify --quiet --start-iut --role " + "backend --ics " +
         YKT_SOURCE_DIR + "/conformance/suites/examples/backend.ics.json --ixit " + dir +
         "/ixit.json --case 'BE-S*' --out " + dir + "/" + out + " >" + log + " 2>&1")
            .c_str());
    std::ifstream in(log);
    text.assign(std::istreambuf_iterator<char>(in), {});
    return WIFEXITED(rc) ? WEXITSTATUS(rc) : -1;
  };
  std::string text;
  BOOST_CHECK_EQUAL(certify(true, "good", text), 0);
  auto report = ykt::json::load_file(dir + "/good/report.json");
  BOOST_REQUIRE(report.ok());
  bool svc_seen = false;
  for (const auto& c : report.value()["cases"])
    if (c["id"].asString() == "BE-SVC-001") {
      svc_seen = true;
      BOOST_TEST(c["verdict"].asString() == "pass");
      BOOST_TEST(c["iut_configuration"].asString() == "no_venue");
    }
  BOOST_TEST(svc_seen, text);
  BOOST_CHECK_EQUAL(certify(false, "bad", text), 1);  // the service is still offered: E2008 missing
  std::filesystem::remove_all(dir);
}

BOOST_AUTO_TEST_CASE(known_bad_backends_fail_only_their_cases) {
  // Purpose: each known-bad backend is caught by the cases aimed at its defect and only those (TR
  // 13233).
  const std::vector<std::pair<std::string, std::set<std::string>>> expected = {
      {YKT_BAD_BACKEND_LEAK, {"BE-ID-001", "BE-ISS-002", "BE-ROUTE-003", "BE-SVC-001"}},
      {YKT_BAD_BACKEND_DOUBLE, {"BE-TXN-003", "BE-CLR-001", "BE-SVC-001"}},
      {YKT_BAD_BACKEND_MAC, {"BE-TXN-009", "BE-TOP-002", "BE-SVC-001"}},
      {YKT_BAD_BACKEND_ROUTE, {"BE-ROUTE-001", "BE-SVC-001"}},
  };
  for (const auto& [program, want] : expected) {
    const auto got = not_passing("backend", program, kKnownDeviations);
    BOOST_CHECK_MESSAGE(got == want,
                        program << ": not passing " << join(got) << "; expected " << join(want));
  }
}
