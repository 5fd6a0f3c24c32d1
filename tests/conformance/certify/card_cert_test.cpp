// Self-qualification with real processes on loopback: the reference card passes the card suite,
// each known-bad card fails exactly the cases aimed at its defect; plus the runner's watchdog,
// IUT hang detection and the `ykt certify` command's exit codes and bundle.
#include <boost/test/unit_test.hpp>

#include <signal.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

#include "iut_fixture.hpp"

using namespace ykt;
using namespace ykt::certify;
using namespace ykt::certify::testing;

namespace {

/// A card IUT process started from `program` on a free endpoint.
struct CardIut {
  std::string endpoint = free_endpoint();
  IutProcess proc;
  explicit CardIut(const std::string& program) {
    const std::string log =
        std::filesystem::temp_directory_path() / ("ykt-iut-" + std::to_string(::getpid()) + ".log");
    BOOST_REQUIRE(
        proc.start({program, "--endpoint", endpoint, "--address", "card.Y31000001"}, log).ok());
  }
  Ixit ixit() const {
    Json::Value doc;
    doc["iut"]["address"] = "card.Y31000001";
    doc["timers"]["reply_ms"] = 1500;
    doc["timers"]["case_ms"] = 20000;
    return *parse_ixit(doc, "card", endpoint);
  }
};

/// Deviations of the reference models from the standard that the suite found, reported to their
/// owners; each names the clause. Such a case may fail against a reference IUT (and nothing else).
const std::map<std::string, std::string> kKnownDeviations = {
};

std::string failing(const std::map<std::string, std::string>& v) {
  std::string s;
  for (const auto& [id, verdict] : v)
    if (verdict != "pass" && verdict != "skipped" && !kKnownDeviations.count(id))
      s += id + "=" + verdict + " ";
  return s;
}

int run_cli(const std::string& args, std::string* output = nullptr) {
  const std::string out =
      std::filesystem::temp_directory_path() / ("ykt-cli-" + std::to_string(::getpid()) + ".txt");
  const int rc = std::system((std::string(YKT_BIN) + " " + args + " >" + out + " 2>&1").c_str());
  if (output) {
    std::ifstream in(out);
    std::stringstream ss;
    ss << in.rdbuf();
    *output = ss.str();
  }
  return WIFEXITED(rc) ? WEXITSTATUS(rc) : -1;
}

}  // namespace

BOOST_AUTO_TEST_CASE(reference_card_passes_every_selected_case) {
  // Purpose: the reference card (models/card) passes every selected case of the card suite (STD-4).
  CardIut iut(YKT_REF_CARD_IUT);
  auto r = run_suite(suite_of("card"), iut.ixit(), full_ics("card", {"alg_3des"}));
  BOOST_REQUIRE_MESSAGE(r.ok(), (r.ok() ? std::string() : r.error().message));
  const auto v = verdicts(*r);
  BOOST_CHECK_MESSAGE(failing(v).empty(), "not passing: " << failing(v));
  for (const auto& [id, why] : kKnownDeviations)
    if (v.count(id) && v.at(id) != "pass")
      BOOST_TEST_MESSAGE("known deviation " << id << ": " << why);
  BOOST_CHECK_GE(r->count(Verdict::pass), 40);
  const double secs = static_cast<double>((r->finished - r->started).count()) / 1e9;
  BOOST_TEST_MESSAGE("card suite against the reference card: " << r->count(Verdict::pass)
                                                               << " pass in " << secs << " s");
}

BOOST_AUTO_TEST_CASE(card_accepting_bad_mac_is_caught) {
  // Purpose: a card that accepts a wrong MAC1 fails CD-PUR-004 and CD-LOCK-001 and nothing else
  // (STD-4.6).
  CardIut iut(YKT_BAD_CARD_MAC);
  auto r = run_suite(suite_of("card"), iut.ixit(), full_ics("card", {"alg_3des"}));
  BOOST_REQUIRE(r.ok());
  const auto v = verdicts(*r);
  BOOST_CHECK_EQUAL(v.at("CD-PUR-004"), "fail");
  BOOST_CHECK_EQUAL(v.at("CD-LOCK-001"), "fail");
  for (const auto& [id, verdict] : v)
    if (id != "CD-PUR-004" && id != "CD-LOCK-001" && !kKnownDeviations.count(id))
      BOOST_CHECK_MESSAGE(verdict == "pass" || verdict == "skipped", id << " = " << verdict);
}

BOOST_AUTO_TEST_CASE(card_corrupting_state_on_tearing_is_caught) {
  // Purpose: a card whose recovery debits a torn purchase again fails the debit tearing sweep only
  // (STD-4.9).
  CardIut iut(YKT_BAD_CARD_TEAR);
  auto r = run_suite(suite_of("card"), iut.ixit(), full_ics("card", {"alg_3des"}));
  BOOST_REQUIRE(r.ok());
  const auto v = verdicts(*r);
  BOOST_CHECK_EQUAL(v.at("CD-TEAR-D01"), "fail");
  int caught = 0;
  for (const auto& [id, verdict] : v) {
    if (kKnownDeviations.count(id)) continue;
    if (verdict == "fail") {
      BOOST_CHECK_MESSAGE(id.rfind("CD-TEAR-D", 0) == 0, id << " failed outside the debit sweep");
      ++caught;
    } else {
      BOOST_CHECK_MESSAGE(verdict == "pass" || verdict == "skipped", id << " = " << verdict);
    }
  }
  BOOST_TEST_MESSAGE("tearing defect caught at " << caught << " debit write points");
}

BOOST_AUTO_TEST_CASE(watchdog_and_hung_iut_give_error_and_the_run_goes_on) {
  // Purpose: a case over its time-out and an IUT that stops answering end in `error`; later cases
  // still run.
  CardIut iut(YKT_REF_CARD_IUT);
  Suite s{"watchdog", "card", "0", {}, {}};
  TestCase slow;
  slow.id = "CD-X-001";
  slow.purpose = "Sleeps past its time-out.";
  slow.clauses = {"STD-3.7"};
  slow.timeout = std::chrono::milliseconds(200);
  slow.body = [](CaseContext& c) {
    std::this_thread::sleep_for(std::chrono::milliseconds(600));
    c.pass();
  };
  TestCase hang = slow;
  hang.id = "CD-X-002";
  hang.timeout = std::chrono::milliseconds(0);
  const pid_t pid = iut.proc.pid();
  hang.body = [pid](CaseContext& c) {
    ::kill(pid, SIGSTOP);  // the IUT hangs
    auto a = c.call("sys.ping", Json::Value(Json::objectValue), "harness.tester");
    ::kill(pid, SIGCONT);
    c.check(a.has_value(), "no answer");
  };
  TestCase ok = slow;
  ok.id = "CD-X-003";
  ok.timeout = std::chrono::milliseconds(0);
  ok.body = [](CaseContext& c) {
    c.expect_status(c.call("sys.ping", Json::Value(Json::objectValue), "harness.tester"), "OK",
                    "ping");
  };
  s.cases = {slow, hang, ok};
  Ixit x = iut.ixit();
  x.reply_timeout = std::chrono::milliseconds(300);
  auto r = run_suite(s, x, full_ics("card"));
  BOOST_REQUIRE(r.ok());
  const auto v = verdicts(*r);
  BOOST_CHECK_EQUAL(v.at("CD-X-001"), "error");
  BOOST_CHECK(r->cases[0].reason.find("time-out") != std::string::npos);
  BOOST_CHECK_EQUAL(v.at("CD-X-002"), "error");
  BOOST_CHECK(r->cases[1].reason.find("crashed or hung") != std::string::npos);
  BOOST_CHECK_EQUAL(v.at("CD-X-003"), "pass");
}

BOOST_AUTO_TEST_CASE(cli_exit_codes_and_bundle) {
  // Purpose: `ykt certify` exits 0/1/2 as specified and writes a bundle whose manifest verifies.
  const std::string tmp =
      std::filesystem::temp_directory_path() / ("ykt-cert-cli-" + std::to_string(::getpid()));
  std::filesystem::create_directories(tmp);
  {
    Json::Value ics;
    ics["role"] = "card";
    for (const auto& i : known_ics_items()) ics["items"][i.name] = i.name != "alg_3des";
    BOOST_REQUIRE(json::save_file(tmp + "/ics.json", ics).ok());
    Json::Value bad = ics;
    bad["items"]["warp_drive"] = true;
    BOOST_REQUIRE(json::save_file(tmp + "/bad-ics.json", bad).ok());
  }
  std::string out;
  // Unreachable IUT: exit 2 naming the endpoint.
  const std::string dead = free_endpoint();
  BOOST_CHECK_EQUAL(run_cli("certify --role card --iut " + dead + " --ics " + tmp +
                                "/ics.json --out " + tmp + "/b0",
                            &out),
                    2);
  BOOST_CHECK_MESSAGE(
      out.find(dead) != std::string::npos && out.find("unreachable") != std::string::npos, out);
  // Unknown ICS item: exit 2 naming it.
  BOOST_CHECK_EQUAL(
      run_cli("certify --role card --iut " + dead + " --ics " + tmp + "/bad-ics.json", &out), 2);
  BOOST_CHECK_MESSAGE(out.find("warp_drive") != std::string::npos, out);
  BOOST_CHECK_EQUAL(
      run_cli("certify --role toaster --iut " + dead + " --ics " + tmp + "/ics.json", &out), 2);
  {
    CardIut good(YKT_REF_CARD_IUT);
    BOOST_CHECK_EQUAL(run_cli("certify --quiet --role card --iut " + good.endpoint + " --ics " +
                                  tmp + "/ics.json --seed 5 --case 'CD-PUR-*' --out " + tmp + "/b1",
                              &out),
                      0);
    BOOST_TEST_MESSAGE(out);
    for (const char* f : {"report.json", "junit.xml", "report.html", "MANIFEST.sha256", "run.log",
                          "ixit.json", "ics.json"})
      BOOST_CHECK_MESSAGE(std::filesystem::exists(tmp + "/b1/" + f), f);
    BOOST_CHECK_EQUAL(
        std::system(("cd " + tmp + "/b1 && sha256sum --quiet -c MANIFEST.sha256").c_str()), 0);
  }
  {
    // --start-iut: the harness starts the IUT from the IXIT's command line and stops it after.
    Json::Value x;
    x["iut"]["address"] = "card.Y31000001";
    x["start_command"].append(YKT_REF_CARD_IUT);
    for (const char* a : {"--endpoint", "{endpoint}", "--address", "{address}"})
      x["start_command"].append(a);
    BOOST_REQUIRE(json::save_file(tmp + "/ixit.json", x).ok());
    BOOST_CHECK_EQUAL(run_cli("certify --quiet --start-iut --role card --iut " + free_endpoint() +
                                  " --ics " + tmp + "/ics.json --ixit " + tmp +
                                  "/ixit.json --case 'CD-SEL-*' --out " + tmp + "/b3",
                              &out),
                      0);
    BOOST_CHECK_MESSAGE(out.find("3 pass") != std::string::npos, out);
  }
  {
    CardIut bad(YKT_BAD_CARD_MAC);
    BOOST_CHECK_EQUAL(run_cli("certify --quiet --role card --iut " + bad.endpoint + " --ics " +
                                  tmp + "/ics.json --case 'CD-PUR-00*' --out " + tmp + "/b2",
                              &out),
                      1);
  }
  std::filesystem::remove_all(tmp);
}
