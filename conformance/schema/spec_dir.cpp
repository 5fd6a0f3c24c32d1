#include "spec_dir.hpp"

#include <cstdlib>

#ifndef YKT_SOURCE_DIR
#error "YKT_SOURCE_DIR must be defined by the build (conformance/schema/CMakeLists.txt)"
#endif

namespace ykt::spec {

std::string default_spec_dir() {
  const char* env = std::getenv("YKT_SPEC_DIR");
  if (env != nullptr && *env != '\0') return env;
  return YKT_SOURCE_DIR "/conformance/spec";
}

}  // namespace ykt::spec
