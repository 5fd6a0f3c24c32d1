#define BOOST_TEST_MODULE ykt demo
#include <boost/test/unit_test.hpp>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include "json_util.hpp"
#include "pii.hpp"

namespace fs = std::filesystem;

namespace {

struct DemoRun {
  int rc = -1;
  std::string output;  // stdout and stderr
  fs::path out;
};

/// Runs `ykt demo` once for the whole module (real processes on loopback).
const DemoRun& demo() {
  static DemoRun run = [] {
    DemoRun r;
    r.out = fs::temp_directory_path() / ("ykt-demo-test-" + std::to_string(::getpid()));
    fs::remove_all(r.out);
    const std::string cmd = std::string(YKT_BIN) +
                            " demo --seconds 4 --rate 60 --no-certify --out " + r.out.string() +
                            " 2>&1";
    FILE* p = ::popen(cmd.c_str(), "r");
    if (p == nullptr) return r;
    char buf[4096];
    std::size_t n;
    while ((n = std::fread(buf, 1, sizeof buf, p)) > 0) r.output.append(buf, n);
    const int status = ::pclose(p);
    r.rc = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    return r;
  }();
  return run;
}

std::string read_all(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

}  // namespace

// Purpose: the demo completes a cross-province workload in which every service of STD-6 succeeds
// at least once and taps cross provinces in both directions (issue 2 "Done when").
BOOST_AUTO_TEST_CASE(demo_runs_every_service_across_provinces) {
  const DemoRun& r = demo();
  BOOST_TEST_REQUIRE(r.rc == 0, r.output);
  auto s = ykt::json::load_file((r.out / "summary.json").string());
  BOOST_TEST_REQUIRE(s.ok());
  const Json::Value& res = s.value()["results"];
  for (const char* svc :
       {"transit", "transit_compound", "venue", "identity", "medical", "topup", "qr", "status"})
    BOOST_TEST(res["by_service"][svc]["OK"].asUInt64() > 0u, svc);
  int cross = 0;
  for (const auto& pair : res["by_pair"].getMemberNames())
    if (pair.substr(0, 6) != pair.substr(7, 6)) ++cross;
  BOOST_TEST(cross >= 6);
  BOOST_TEST(res["answered"].asUInt64() == res["sent"].asUInt64() - res["timed_out"].asUInt64());
  BOOST_TEST(r.output.find("p99") != std::string::npos);
}

// Purpose: the day clears: acquirers' files are accepted and the net positions of the four
// provinces sum to zero (STD-12.5).
BOOST_AUTO_TEST_CASE(demo_settles_to_zero) {
  const DemoRun& r = demo();
  BOOST_TEST_REQUIRE(r.rc == 0);
  auto s = ykt::json::load_file((r.out / "summary.json").string());
  BOOST_TEST_REQUIRE(s.ok());
  const Json::Value& pos = s.value()["settlement"]["positions"];
  BOOST_TEST(pos.size() == 4u);
  std::int64_t sum = 0;
  for (const auto& p : pos.getMemberNames()) sum += pos[p].asInt64();
  BOOST_TEST(sum == 0);
  std::uint64_t accepted = 0;
  for (const auto& p : s.value()["clearing"].getMemberNames())
    accepted += s.value()["clearing"][p]["accepted"].asUInt64();
  BOOST_TEST(accepted > 0u);
}

// Purpose: nothing the demo writes or prints holds a valid 18-digit citizen ID (STD-8.4); the
// scanner itself finds a planted one.
BOOST_AUTO_TEST_CASE(demo_outputs_hold_no_citizen_id) {
  const DemoRun& r = demo();
  BOOST_TEST_REQUIRE(r.rc == 0);
  BOOST_TEST(!ykt::pii::contains_citizen_id(r.output));
  std::size_t files = 0;
  for (const auto& e : fs::recursive_directory_iterator(r.out)) {
    if (!e.is_regular_file()) continue;
    ++files;
    BOOST_TEST(!ykt::pii::contains_citizen_id(read_all(e.path())), e.path().string());
  }
  BOOST_TEST(files >= 10u);
  BOOST_TEST(ykt::pii::contains_citizen_id(r.output + " 31011819900101001X"));
}
