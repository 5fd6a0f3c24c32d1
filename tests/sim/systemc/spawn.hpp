#pragma once
/// Runs a helper process with a time-out and returns its standard output (tests only).
#include <json/value.h>

#include <string>

namespace ykt::test {

/// Output and exit status of a finished process.
struct Spawned {
  int exit_code = -1;  ///< exit status (124 when the time-out killed it)
  std::string out;     ///< standard output
};

/// Runs `command` through /bin/sh under coreutils `timeout`; stderr passes through.
Spawned run_process(const std::string& command, int timeout_s);
/// Runs `command` and parses its last stdout line as JSON (a failed check if it is not JSON).
Json::Value run_json(const std::string& command, int timeout_s);

}  // namespace ykt::test
