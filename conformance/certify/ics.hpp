#pragma once
/// Implementation conformance statement (ICS, ISO/IEC 9646; FACTS §7): the optional features an
/// IUT claims, loaded from JSON (schema: conformance/certify/ics.schema.json). Cases carry a
/// selection expression over ICS items; an item the ICS does not mention is *absent*, which is
/// reported as such and never read as false.
#include <json/value.h>

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "result.hpp"

namespace ykt::certify {

/// One optional feature that an ICS may declare (ykt definition of the item list).
struct IcsItem {
  std::string name;         ///< e.g. `alg_3des`
  std::string description;  ///< one line, English
};

/// Every item an ICS may carry; an ICS naming anything else is refused.
const std::vector<IcsItem>& known_ics_items();

/// A loaded ICS.
struct Ics {
  std::string role;                   ///< card, reader, backend, exchange
  std::string implementation;         ///< vendor's product name and version (free text)
  std::map<std::string, bool> items;  ///< declared items only
  Json::Value raw;                    ///< the file as read, copied into the bundle

  /// The declared value of `item`; nullopt when the ICS does not mention it (absent).
  [[nodiscard]] std::optional<bool> get(const std::string& item) const;
};

/// Parses and checks an ICS document: object with `role` and `items` (booleans); an unknown item,
/// a non-boolean value or a wrong role is an error that names it.
Result<Ics> parse_ics(const Json::Value& doc);
/// Loads an ICS file; errors name the file.
Result<Ics> load_ics(const std::string& path);

/// Outcome of evaluating a case's ICS selection expression.
struct Selection {
  bool selected = false;  ///< true only when the expression is definitely true
  std::string reason;     ///< why selected or skipped, naming the items that decided it
};

/// Evaluates `expr` (grammar: `true` | item | `!` e | e `&&` e | e `||` e | `(` e `)`) against
/// `ics` in three-valued logic: an absent item is unknown; an unknown result skips the case with
/// a reason naming the absent items. A syntax error or an unknown item is an Error.
Result<Selection> select(const std::string& expr, const Ics& ics);

}  // namespace ykt::certify
