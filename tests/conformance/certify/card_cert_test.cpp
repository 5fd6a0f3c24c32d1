// Self-qualification with real processes on loopback: the reference card passes the card suite,
// each known-bad card fails exactly the cases aimed at its defect; plus the runner's watchdog,
// IUT hang detection and the `ykt certify` command's exit codes and bundle.
#include <boost/test/unit_test.hpp>

#include <signal.h>

#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <thread>

#include "iut_fixture.hpp"

using namespace ykt;
using namespace ykt::certify;
using namespace ykt::certify::testing;

namespace {

/// A card IUT process started from `program` on a free endpoint; `alg` ("sm4"/"3des", "" = the
/// program's default) is passed as `--alg` and declared in the IXIT's test data.
struct CardIut {
  std::string endpoint = free_endpoint();
  std::string alg;
  IutProcess proc;
  explicit CardIut(const std::string& program, std::string alg_ = {}) : alg(std::move(alg_)) {
    const std::string log =
        std::filesystem::temp_directory_path() / ("ykt-iut-" + std::to_string(::getpid()) + ".log");
    std::vector<std::string> argv = {program, "--endpoint", endpoint, "--address",
                                     "card.Y31000001"};
    if (!alg.empty()) argv.insert(argv.end(), {"--alg", alg});
    BOOST_REQUIRE(proc.start(argv, log).ok());
  }
  Ixit ixit() const {
    Json::Value doc;
    doc["iut"]["address"] = "card.Y31000001";
    doc["timers"]["reply_ms"] = 1500;
    doc["timers"]["case_ms"] = 20000;
    if (!alg.empty()) {
      doc["test_data"]["issuer"] = "310000";
      doc["test_data"]["alg"] = alg;
    }
    return *parse_ixit(doc, "card", endpoint);
  }
};

/// The cases whose MAC1, MAC2 or TAC a 3DES card must compute in 3DES (STD-4.6).
const std::vector<std::string> k3desMacCases = {
    "CD-PUR-001",  "CD-PUR-002",  "CD-PUR-003",  "CD-PUR-010",  "CD-PUR-011",
    "CD-LOAD-001", "CD-LOAD-002", "CD-LOAD-003", "CD-LOAD-006", "CD-PROOF-001"};

/// Deviations of the reference models from the standard that the suite found, reported to their
/// owners; each names the clause. Such a case may fail against a reference IUT (and nothing else).
const std::map<std::string, std::string> kKnownDeviations = {};

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

BOOST_AUTO_TEST_CASE(reference_3des_card_passes_every_selected_case) {
  // Purpose: a reference card personalised for 3DES passes every case its ICS selects, the
  // MAC1/MAC2/TAC cases and the 3DES-only ones executed and passing (STD-4.6, STD-4.7).
  CardIut iut(YKT_REF_CARD_IUT, "3des");
  auto r = run_suite(suite_of("card"), iut.ixit(), full_ics("card", {"alg_sm4"}));
  BOOST_REQUIRE_MESSAGE(r.ok(), (r.ok() ? std::string() : r.error().message));
  const auto v = verdicts(*r);
  BOOST_CHECK_MESSAGE(failing(v).empty(), "not passing: " << failing(v));
  for (const auto& id : k3desMacCases)
    BOOST_CHECK_MESSAGE(v.at(id) == "pass", id << " = " << v.at(id));
  for (const auto& [id, verdict] : v)
    if (id.rfind("CD-LOAD-", 0) == 0 || id.rfind("CD-PROOF-", 0) == 0)
      BOOST_CHECK_MESSAGE(verdict == "pass", id << " = " << verdict);
  BOOST_CHECK_GE(r->count(Verdict::pass), 40);
}

BOOST_AUTO_TEST_CASE(sm4_card_runs_the_3des_cases_only_when_declared_3des) {
  // Purpose: the 3DES-only cases are not selected for an SM4 card, and the SM4 reference card
  // declared 3DES in its IXIT fails on its algorithm byte and MACs (STD-4.6).
  CardIut sm4(YKT_REF_CARD_IUT);
  auto r = run_suite(suite_of("card"), sm4.ixit(), full_ics("card", {"alg_3des"}), "CD-PUR-01*");
  BOOST_REQUIRE(r.ok());
  auto v = verdicts(*r);
  BOOST_CHECK_EQUAL(v.at("CD-PUR-010"), "pass");
  BOOST_CHECK_EQUAL(v.at("CD-PUR-011"), "skipped");
  CardIut misdeclared(YKT_REF_CARD_IUT);
  Ixit x = misdeclared.ixit();
  x.test_data["alg"] = "3des";
  r = run_suite(suite_of("card"), x, full_ics("card", {"alg_sm4"}), "CD-PUR-0*");
  BOOST_REQUIRE(r.ok());
  v = verdicts(*r);
  for (const char* id : {"CD-PUR-001", "CD-PUR-010", "CD-PUR-011"})
    BOOST_CHECK_MESSAGE(v.at(id) == "fail", id << " = " << v.at(id));
}

BOOST_AUTO_TEST_CASE(card_claiming_3des_but_computing_sm4_is_caught) {
  // Purpose: a card that answers the 3DES algorithm byte but computes SM4 MACs and TACs fails the
  // MAC1/MAC2/TAC cases, on a fresh card even though its algorithm byte passes (STD-4.6).
  {
    CardIut iut(YKT_BAD_CARD_3DES_SM4, "3des");
    auto r = run_suite(suite_of("card"), iut.ixit(), full_ics("card", {"alg_sm4"}));
    BOOST_REQUIRE(r.ok());
    const auto v = verdicts(*r);
    // Its MAC1 checks refuse the 3DES MAC1s (9302), three of them lock its purse (9303): no MAC
    // case can pass afterwards.
    for (const char* id : {"CD-PUR-001", "CD-PUR-002", "CD-PUR-003"})
      BOOST_CHECK_MESSAGE(v.at(id) == "fail", id << " = " << v.at(id));
    for (const auto& id : k3desMacCases)
      BOOST_CHECK_MESSAGE(v.at(id) != "pass", id << " = " << v.at(id));
    for (const auto& [id, verdict] : v) {
      BOOST_CHECK_MESSAGE(verdict != "error", id << " = " << verdict);
      if (id.rfind("CD-SEL-", 0) == 0 || id.rfind("CD-SSC-", 0) == 0)
        BOOST_CHECK_MESSAGE(verdict == "pass", id << " = " << verdict);
    }
    // Once locked (after CD-PUR-003), a purchase stops at INITIALIZE (9303): the verdict names
    // that first cause, not a DEBIT the harness never sent.
    for (const auto& cr : r->cases) {
      if (cr.id != "CD-PUR-007" && cr.id != "CD-LOG-001") continue;
      BOOST_CHECK_MESSAGE(cr.reason.find("INITIALIZE FOR PURCHASE: expected SW 9000, got 9303") !=
                              std::string::npos,
                          cr.reason);
      BOOST_CHECK_MESSAGE(cr.reason.find("did not answer") == std::string::npos, cr.reason);
    }
  }
  CardIut fresh(YKT_BAD_CARD_3DES_SM4, "3des");
  auto r = run_suite(suite_of("card"), fresh.ixit(), full_ics("card", {"alg_sm4"}), "CD-PUR-01*");
  BOOST_REQUIRE(r.ok());
  const auto v = verdicts(*r);
  BOOST_CHECK_EQUAL(v.at("CD-PUR-010"), "pass");
  BOOST_CHECK_EQUAL(v.at("CD-PUR-011"), "fail");
}

BOOST_AUTO_TEST_CASE(card_3des_tac_with_wrong_key_is_caught) {
  // Purpose: a 3DES card whose TACs use single DES under the folded TAC key (left XOR right)
  // instead of the 16-byte TAC key fails exactly the TAC cases (STD-4.6 item 5, STD-4.7).
  CardIut iut(YKT_BAD_CARD_3DES_TAC, "3des");
  auto r = run_suite(suite_of("card"), iut.ixit(), full_ics("card", {"alg_sm4"}));
  BOOST_REQUIRE(r.ok());
  const auto v = verdicts(*r);
  const std::set<std::string> tac_cases = {"CD-PUR-003", "CD-LOAD-002", "CD-PUR-011",
                                           "CD-LOAD-006"};
  for (const auto& [id, verdict] : v) {
    if (kKnownDeviations.count(id)) continue;
    if (tac_cases.count(id))
      BOOST_CHECK_MESSAGE(verdict == "fail", id << " = " << verdict);
    else
      BOOST_CHECK_MESSAGE(verdict == "pass" || verdict == "skipped", id << " = " << verdict);
  }
  for (const auto& c : r->cases)
    if (c.id == "CD-PUR-011" || c.id == "CD-LOAD-006")
      BOOST_CHECK_MESSAGE(c.reason.find("single DES") != std::string::npos,
                          c.id << ": " << c.reason);
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
