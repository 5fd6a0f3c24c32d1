#pragma once
/// Actor address patterns of a topology: `card.Y31*`, `reader.3101?0000001`, or an exact address.
#include <string_view>

namespace ykt::wire {

/// True when `address` matches `pattern`; `*` matches any run of characters, `?` exactly one.
bool glob_match(std::string_view pattern, std::string_view address);

/// True when `pattern` holds a wildcard (so it names a family of addresses, not one actor).
bool is_glob(std::string_view pattern);

}  // namespace ykt::wire
