#pragma once
/// The numbered clauses of the human-readable standard (ykt-std-1.0.md), for traceability:
/// certification cases cite clause ids, and coverage is computed over the normative clauses.
#include <map>
#include <string>
#include <vector>

#include "result.hpp"

namespace ykt::spec {

/// One clause: a heading `### STD-4.3 Title` followed by `Normative:` and `Roles:` lines.
struct Clause {
  std::string id;                  ///< e.g. `STD-4.3.2`
  std::string title;               ///< heading text after the id
  int level = 0;                   ///< number of `#` of the heading
  bool normative = false;          ///< `Normative: yes`
  std::vector<std::string> roles;  ///< roles the clause binds (card, reader, backend, exchange)
  int line = 0;                    ///< 1-based line of the heading
  std::string text;                ///< body text up to the next heading
};

/// Clause index of one spec document.
class SpecIndex {
 public:
  /// Reads and parses a spec file; the error names the file and line.
  [[nodiscard]] static Result<SpecIndex> load(const std::string& path);
  /// Parses spec text; `name` is used in error messages. Fails on a clause without its
  /// `Normative:`/`Roles:` lines, a bad value, or a duplicate id.
  [[nodiscard]] static Result<SpecIndex> parse(const std::string& text,
                                               const std::string& name = "spec");

  /// All clauses in document order.
  [[nodiscard]] const std::vector<Clause>& clauses() const { return clauses_; }
  /// The clause with `id`; nullptr when absent.
  [[nodiscard]] const Clause* find(const std::string& id) const;
  /// Ids of the clauses marked `Normative: yes`, in document order.
  [[nodiscard]] std::vector<std::string> normative_ids() const;
  /// Rows of the first markdown table in the clause's text (header row first, separator row
  /// dropped, cells trimmed); empty when the clause or table is absent.
  [[nodiscard]] std::vector<std::vector<std::string>> table(const std::string& id) const;

 private:
  std::vector<Clause> clauses_;
  std::map<std::string, std::size_t> by_id_;
};

}  // namespace ykt::spec
