// The clause index of ykt-std-1.0.md: parsing rules, uniqueness, roles and the error table.
#include <boost/test/unit_test.hpp>

#include <set>

#include "error_code.hpp"
#include "spec_fixture.hpp"
#include "spec_index.hpp"

using ykt::spec::SpecIndex;

namespace {
const SpecIndex& spec_doc() {
  static const SpecIndex idx = [] {
    auto r = SpecIndex::load(ykt::test::spec_dir() + "/ykt-std-1.0.md");
    if (!r) throw std::runtime_error(r.error().message);
    return std::move(r.value());
  }();
  return idx;
}
}  // namespace

BOOST_AUTO_TEST_SUITE(spec_index)

BOOST_AUTO_TEST_CASE(parses_clause_headings) {
  // Purpose: a heading `### STD-n.m Title` with its Normative and Roles lines becomes a clause,
  // and its first markdown table can be read (traceability, STD-1.3).
  const std::string doc =
      "# Title\n\n## STD-1 Scope\nNormative: no\nRoles: -\n\nText.\n\n"
      "### STD-1.2 Versioning\nNormative: yes\nRoles: card, exchange\n\n"
      "| code | name |\n|---|:--:|\n| E1 | a \\| b |\n| E2 | c |\n\nafter\n\n"
      "#### STD-1.2.1 Deep\n\nNormative: yes\n\nRoles: backend\nBody\n";
  auto r = SpecIndex::parse(doc, "t.md");
  BOOST_TEST_REQUIRE(r.ok(), (r ? "" : r.error().message));
  BOOST_TEST(r->clauses().size() == 3u);
  const auto* c = r->find("STD-1.2");
  BOOST_TEST_REQUIRE(c != nullptr);
  BOOST_TEST(c->title == "Versioning");
  BOOST_TEST(c->normative);
  BOOST_TEST(c->level == 3);
  BOOST_TEST((c->roles == std::vector<std::string>{"card", "exchange"}));
  auto rows = r->table("STD-1.2");
  BOOST_TEST_REQUIRE(rows.size() == 3u);
  BOOST_TEST(rows[2][1] == "c");
  BOOST_TEST(rows[1][1] == "a | b");
  BOOST_TEST(r->find("STD-1")->roles.empty());
  BOOST_TEST(r->find("STD-1.2.1")->text.find("Body") != std::string::npos);
  BOOST_TEST((r->normative_ids() == std::vector<std::string>{"STD-1.2", "STD-1.2.1"}));
}

BOOST_AUTO_TEST_CASE(rejects_malformed_clauses) {
  // Purpose: a clause without Normative/Roles, a bad value, an unknown role, a duplicate id or a
  // malformed heading is an error naming the line (STD-1.3).
  const std::vector<std::pair<std::string, std::string>> bad{
      {"### STD-2.1 A\nRoles: card\n", "t.md:1"},
      {"### STD-2.1 A\nNormative: maybe\nRoles: card\n", "Normative"},
      {"### STD-2.1 A\nNormative: yes\n", "Roles"},
      {"### STD-2.1 A\nNormative: yes\nRoles: wizard\n", "wizard"},
      {"### STD-2.1 A\nNormative: no\nRoles: -\n### STD-2.1 B\nNormative: no\nRoles: -\n",
       "duplicate clause id STD-2.1"},
      {"### STD-2.1 A\nNormative: no\nRoles: -\n###STD-2.2 B\n", "t.md:4"},
      {"no clauses here\n", "no clause"},
  };
  for (const auto& [doc, want] : bad) {
    auto r = SpecIndex::parse(doc, "t.md");
    BOOST_TEST_REQUIRE(!r.ok(), doc);
    BOOST_TEST(r.error().message.find(want) != std::string::npos, r.error().message);
  }
  BOOST_TEST(!SpecIndex::load("/nonexistent/ykt-std.md").ok());
}

BOOST_AUTO_TEST_CASE(standard_clauses_are_well_formed) {
  // Purpose: the standard has unique clause ids, every normative clause names the roles it binds,
  // and the numbering the code cites exists (STD-1.3).
  const SpecIndex& idx = spec_doc();
  std::set<std::string> ids;
  for (const auto& c : idx.clauses()) {
    BOOST_TEST(ids.insert(c.id).second, "duplicate " << c.id);
    if (c.normative) BOOST_TEST(!c.roles.empty(), c.id << " is normative but binds no role");
    BOOST_TEST(!c.title.empty(), c.id);
  }
  for (const std::string id :
       {"STD-1",   "STD-1.2", "STD-2.1", "STD-2.2", "STD-2.3", "STD-2.4", "STD-2.5",
        "STD-2.6", "STD-3.1", "STD-3.2", "STD-3.3", "STD-3.4", "STD-3.5", "STD-3.6",
        "STD-4.1", "STD-4.2", "STD-4.3", "STD-4.4", "STD-4.5", "STD-4.6", "STD-4.7",
        "STD-4.8", "STD-4.9", "STD-5",   "STD-6",   "STD-7",   "STD-8.1", "STD-8.2",
        "STD-8.3", "STD-8.4", "STD-9.1", "STD-9.2", "STD-10",  "STD-11",  "STD-12"})
    BOOST_TEST(idx.find(id) != nullptr, id << " missing");
  BOOST_TEST(idx.normative_ids().size() > 40u);
}

BOOST_AUTO_TEST_CASE(error_table_equals_error_codes) {
  // Purpose: the error-code table of STD-9.1 lists exactly the codes of sim/core/error_code.hpp,
  // in order, with the same names (STD-9.1).
  const auto rows = spec_doc().table("STD-9.1");
  BOOST_TEST_REQUIRE(rows.size() >= 2u);
  BOOST_TEST((rows[0] == std::vector<std::string>{"code", "name", "meaning"}));
  const auto& codes = ykt::all_error_codes();
  BOOST_TEST_REQUIRE(rows.size() - 1 == codes.size());
  for (std::size_t i = 0; i < codes.size(); ++i) {
    const auto& row = rows[i + 1];
    BOOST_TEST_REQUIRE(row.size() == 3u);
    BOOST_TEST(row[0] == "`" + std::string(ykt::to_string(codes[i])) + "`");
    BOOST_TEST(row[1] == std::string(ykt::error_name(codes[i])));
    BOOST_TEST(row[2].size() > 10u, row[0] << " has no meaning");
  }
}

BOOST_AUTO_TEST_SUITE_END()
