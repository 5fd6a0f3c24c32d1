/// Scenario files: every shipped scenario is valid, broken files give clear errors naming the
/// file and the field, `--set` overrides are checked like the file itself.
#include <boost/test/unit_test.hpp>
#include <filesystem>
#include <fstream>

#include "spawn.hpp"

namespace {
namespace fs = std::filesystem;
using ykt::test::run_process;
const std::string kYkt = YKT_BIN;
const std::string kScenarios = std::string(YKT_SOURCE_DIR) + "/scenarios";

/// A scratch directory removed at the end of the test.
struct TempDir {
  fs::path path;
  TempDir() : path(fs::temp_directory_path() / ("ykt-scn-" + std::to_string(::getpid()))) {
    fs::create_directories(path);
  }
  ~TempDir() { fs::remove_all(path); }
  std::string write(const std::string& name, const std::string& text) const {
    std::ofstream(path / name) << text;
    return (path / name).string();
  }
};

std::string baseline_text() {
  std::ifstream f(kScenarios + "/yrd-baseline.json");
  return std::string(std::istreambuf_iterator<char>(f), {});
}

std::string replace(std::string s, const std::string& from, const std::string& to) {
  const auto at = s.find(from);
  BOOST_TEST_REQUIRE(at != std::string::npos, "fixture text not found: " << from);
  return s.replace(at, from.size(), to);
}

BOOST_AUTO_TEST_SUITE(scenario_files)

BOOST_AUTO_TEST_CASE(shipped_scenarios_are_valid) {
  // Purpose: the shipped scenarios pass the schema and the semantic checks (issue 4, Ship).
  for (const char* name : {"yrd-baseline", "demo-zone", "holiday-peak", "backend-outage",
                           "anhui-transit-joins", "exchange-capacity-sweep", "yrd-full-scale"}) {
    const auto r =
        run_process(kYkt + " simulate --check " + kScenarios + "/" + name + ".json 2>&1", 30);
    BOOST_TEST(r.exit_code == 0, name << ": " << r.out);
    BOOST_TEST(r.out.find("valid scenario") != std::string::npos, r.out);
  }
}

BOOST_AUTO_TEST_CASE(broken_files_name_file_and_field) {
  // Purpose: malformed JSON, a wrong type, an unknown field, a short profile, a value out of range
  // (with its bound and value), an impossible date, a mix of zero weights, an unknown city or
  // backend, a missing cities file and a bad sweep value (before any point runs) are refused with
  // exit 2 and a message naming the file and the field, never a crash (issue 4, clear errors).
  TempDir dir;
  const std::string base = baseline_text();
  struct Case {
    std::string file, text, expect;
  };
  const std::vector<Case> cases = {
      {"truncated.json", base.substr(0, base.size() / 2), "truncated.json"},
      {"scale.json", replace(base, "\"scale\": 1000", "\"scale\": \"big\""), "population.scale"},
      {"typo.json", replace(base, "\"service_mix\":", "\"service_mixx\":"), "service_mixx"},
      {"profile.json", replace(base, "\"profile\": [\n      0.3,", "\"profile\": ["),
       "demand.profile"},
      {"dist.json", replace(base, "\"dist\": \"constant\"", "\"dist\": \"gamma\""),
       "reader.service.dist"},
      {"zero.json", replace(base, "\"scale\": 1000", "\"scale\": 0"),
       "population.scale: out of range (must be >= 1, got 0)"},
      {"feb30.json", replace(base, "\"date\": \"2026-11-30\"", "\"date\": \"2026-02-30\""),
       "date: not a calendar date"},
      {"mix.json",
       replace(base,
               "\"transit\": 0.82,\n      \"transit_compound\": 0.03,\n      \"venue\": 0.03,\n"
               "      \"identity\": 0.03,\n      \"medical\": 0.03,\n      \"topup\": 0.03,\n"
               "      \"qr\": 0.03",
               "\"transit\": 0"),
       "demand.service_mix: all weights are zero"},
      {"city.json", replace(base, "\"from\": \"320500\"", "\"from\": \"320599\""),
       "demand.od_flows[0].from: no such city: 320599"},
      {"target.json",
       replace(base, "\"events\": []",
               "\"events\": [{\"type\": \"outage\", \"target\": \"backend.310100\"}]"),
       "events[0].target: no such backend: backend.310100"},
      {"cities.json",
       replace(base, "\"scale\": 1000",
               "\"scale\": 1000, \"cities_file\": \"no-such-cities.json\""),
       "population.cities_file: no such file"},
      {"sweep.json",
       replace(base, "\"events\": []",
               "\"events\": [], \"sweep\": {\"parameter\": \"capacity.exchange.servers\", "
               "\"values\": [2, 0]}"),
       "sweep point 2/2 (capacity.exchange.servers = 0)"},
  };
  for (const auto& c : cases) {
    const std::string path = dir.write(c.file, c.text);
    const auto r = run_process(kYkt + " simulate --check " + path + " 2>&1", 30);
    BOOST_TEST(r.exit_code == 2, c.file << " exit " << r.exit_code);
    BOOST_TEST(r.out.find(c.file) != std::string::npos, c.file << ": " << r.out);
    BOOST_TEST(r.out.find(c.expect) != std::string::npos, c.file << ": " << r.out);
  }
  const auto missing =
      run_process(kYkt + " simulate --check " + dir.path.string() + "/none.json 2>&1", 30);
  BOOST_TEST(missing.exit_code == 2);
  BOOST_TEST(missing.out.find("none.json") != std::string::npos, missing.out);
}

BOOST_AUTO_TEST_CASE(overrides_are_validated_like_the_file) {
  // Purpose: `--set` changes a dotted path before the schema check, so a bad override is refused
  // naming the field, and a bad path names its segment (issue 4, --set).
  const std::string base = kScenarios + "/yrd-baseline.json";
  auto ok = run_process(
      kYkt + " simulate --check " + base + " --set capacity.exchange.servers=3 2>&1", 30);
  BOOST_TEST(ok.exit_code == 0, ok.out);
  auto bad = run_process(
      kYkt + " simulate --check " + base + " --set capacity.exchange.servers=0 2>&1", 30);
  BOOST_TEST(bad.exit_code == 2);
  BOOST_TEST(bad.out.find("capacity.exchange.servers") != std::string::npos, bad.out);
  auto path = run_process(kYkt + " simulate --check " + base + " --set name.x=1 2>&1", 30);
  BOOST_TEST(path.exit_code == 2);
  BOOST_TEST(path.out.find("name.x") != std::string::npos, path.out);
  auto form = run_process(kYkt + " simulate --check " + base + " --set novalue 2>&1", 30);
  BOOST_TEST(form.exit_code == 2);
  BOOST_TEST(form.out.find("key=value") != std::string::npos, form.out);
}

BOOST_AUTO_TEST_CASE(sampled_fidelity_states_what_it_simulates_and_needs) {
  // Purpose: `fidelity.sample` is checked like every field (an integer >= 1), refused without a
  // terminal count that follows the population, and --check says what runs in detail and what
  // load the backends carry (scenarios/README.md, fidelity).
  const std::string full = kScenarios + "/yrd-full-scale.json";
  auto ok = run_process(kYkt + " simulate --check " + full + " 2>&1", 30);
  BOOST_TEST(ok.exit_code == 0, ok.out);
  BOOST_TEST(ok.out.find("at 1:20 in detail (1 in 20 of 1:1") != std::string::npos, ok.out);
  auto zero = run_process(kYkt + " simulate --check " + full + " --set fidelity.sample=0 2>&1", 30);
  BOOST_TEST(zero.exit_code == 2);
  BOOST_TEST(zero.out.find("fidelity.sample") != std::string::npos, zero.out);
  auto fixed = run_process(
      kYkt + " simulate --check " + full + " --set capacity.residents_per_terminal=0 2>&1", 30);
  BOOST_TEST(fixed.exit_code == 2);
  BOOST_TEST(fixed.out.find("residents_per_terminal") != std::string::npos, fixed.out);
}

BOOST_AUTO_TEST_SUITE_END()
}  // namespace
