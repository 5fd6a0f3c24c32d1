// Coverage: every normative clause of the standard has at least one certification case, and the
// traceability matrix of each suite lists only clauses the standard defines.
#include <boost/test/unit_test.hpp>

#include <filesystem>
#include <set>

#include "json_util.hpp"
#include "runner.hpp"
#include "spec_index.hpp"

using namespace ykt;
using namespace ykt::certify;

namespace {

std::set<std::string> cited() {
  std::set<std::string> s;
  for (const auto& suite : all_suites())
    for (const auto& c : suite.cases) s.insert(c.clauses.begin(), c.clauses.end());
  return s;
}

/// A clause is covered when a case cites it or one of its sub-clauses.
bool covered(const std::string& clause, const std::set<std::string>& c) {
  if (c.count(clause)) return true;
  for (const auto& x : c)
    if (x.rfind(clause + ".", 0) == 0) return true;
  return false;
}

}  // namespace

BOOST_AUTO_TEST_CASE(every_message_clause_has_a_case) {
  // Purpose: every clause that defines a message type (messages.json) is checked by some case
  // (STD-3.2).
  auto doc = json::load_file(std::string(YKT_SOURCE_DIR) + "/conformance/spec/messages.json");
  BOOST_REQUIRE(doc.ok());
  const auto c = cited();
  for (const auto& type : (*doc)["types"].getMemberNames()) {
    const std::string clause = (*doc)["types"][type]["clause"].asString();
    BOOST_CHECK_MESSAGE(covered(clause, c),
                        "clause " << clause << " of " << type << " has no case");
  }
}

BOOST_AUTO_TEST_CASE(every_normative_clause_has_a_case) {
  // Purpose: a normative clause of ykt-std-1.0.md (SpecIndex) without a case fails the build.
  const std::string path = std::string(YKT_SOURCE_DIR) + "/conformance/spec/ykt-std-1.0.md";
  BOOST_REQUIRE_MESSAGE(std::filesystem::exists(path), "the standard " << path << " is missing");
  auto idx = spec::SpecIndex::load(path);
  BOOST_REQUIRE_MESSAGE(idx.ok(), (idx.ok() ? std::string() : idx.error().message));
  const auto c = cited();
  int n = 0, missing = 0;
  for (const auto& id : idx->normative_ids()) {
    ++n;
    if (!covered(id, c)) {
      ++missing;
      BOOST_ERROR("normative clause " << id << " (" << idx->find(id)->title << ") has no case");
    }
  }
  BOOST_TEST_MESSAGE("normative clauses: " << n << ", without a case: " << missing);
  for (const auto& x : c)
    BOOST_CHECK_MESSAGE(idx->find(x) != nullptr,
                        "cases cite " << x << ", which the standard does not define");
}
