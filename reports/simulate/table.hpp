#pragma once
/// A report table: named columns and rows of JSON scalars, written as JSON and as CSV.
#include <json/value.h>

#include <string>
#include <vector>

#include "result.hpp"

namespace ykt::reports {

/// One table of a simulation report.
struct Table {
  std::string name;                            ///< file stem, e.g. `hourly`
  std::string title;                           ///< one line for people
  std::vector<std::string> columns;            ///< column names (CSV header, JSON keys)
  std::vector<std::vector<Json::Value>> rows;  ///< one value per column

  /// `{"name","title","columns","rows":[{col: value}]}`.
  [[nodiscard]] Json::Value to_json() const;
  /// RFC 4180 CSV with a header line; numbers as printed by jsoncpp (round-trip precision).
  [[nodiscard]] std::string to_csv() const;
  /// Reads the form written by to_json; the error names the field.
  static Result<Table> from_json(const Json::Value& v);
};

}  // namespace ykt::reports
