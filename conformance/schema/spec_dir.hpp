#pragma once
/// Where the unified standard's files (ykt-std-1.0.md, messages.json, schemas/) are found.
#include <string>

namespace ykt::spec {

/// The spec directory: $YKT_SPEC_DIR when set and non-empty, else the source tree's
/// `conformance/spec` compiled in at build time.
[[nodiscard]] std::string default_spec_dir();

}  // namespace ykt::spec
