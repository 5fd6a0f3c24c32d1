#pragma once
// An IUT program (tests/bad_iuts/) started on free loopback endpoints; it writes its own IXIT.
#include <boost/test/unit_test.hpp>

#include <chrono>
#include <filesystem>
#include <set>
#include <thread>

#include "iut_fixture.hpp"

namespace ykt::certify::testing {

/// An IUT program on free endpoints, with the IXIT it writes.
struct ProgramIut {
  std::string role;
  std::string endpoint = free_endpoint(), peer = free_endpoint();
  std::string ixit_path;
  IutProcess proc;
  ProgramIut(std::string role_, const std::string& program,
             const std::vector<std::string>& extra = {})
      : role(std::move(role_)) {
    const auto base =
        std::filesystem::temp_directory_path() / ("ykt-" + role + "-" + std::to_string(::getpid()));
    ixit_path = base.string() + "-ixit.json";
    std::vector<std::string> argv = {program, "--endpoint", endpoint, "--peer",
                                     peer,    "--ixit-out", ixit_path};
    argv.insert(argv.end(), extra.begin(), extra.end());
    std::filesystem::remove(ixit_path);
    BOOST_REQUIRE(proc.start(argv, base.string() + "-iut.log").ok());
    for (int i = 0; i < 100 && !std::filesystem::exists(ixit_path); ++i)
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  Ixit ixit() const {
    auto x = load_ixit(ixit_path, role, endpoint);
    BOOST_REQUIRE_MESSAGE(x.ok(), (x.ok() ? std::string() : x.error().message));
    return *x;
  }
};

/// Runs the suite of `role` against `program`; returns the ids of selected cases not passing,
/// leaving out `ignore` (known deviations of the reference runtime, reported to their owners).
inline std::set<std::string> not_passing(const std::string& role, const std::string& program,
                                         const std::set<std::string>& ignore,
                                         double* seconds = nullptr,
                                         const std::vector<std::string>& extra = {},
                                         const std::string& pattern = "*") {
  ProgramIut iut(role, program, extra);
  auto r = run_suite(suite_of(role), iut.ixit(), full_ics(role, {"alg_3des"}), pattern);
  BOOST_REQUIRE_MESSAGE(r.ok(), (r.ok() ? std::string() : r.error().message));
  if (seconds) *seconds = static_cast<double>((r->finished - r->started).count()) / 1e9;
  std::set<std::string> out;
  for (const auto& c : r->cases)
    if (c.selected && c.verdict != Verdict::pass && !ignore.count(c.id)) {
      out.insert(c.id);
      BOOST_TEST_MESSAGE(program << ": " << c.id << " " << to_string(c.verdict) << " - "
                                 << c.reason);
    }
  return out;
}

/// Space-separated ids.
inline std::string join(const std::set<std::string>& s) {
  std::string r;
  for (const auto& x : s) r += x + " ";
  return r;
}

}  // namespace ykt::certify::testing
