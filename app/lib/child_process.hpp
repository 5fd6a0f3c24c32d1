#pragma once
/// Runs this same `ykt` binary as a child process (for `ykt demo` composing up, certify, down).
#include <string>
#include <vector>

namespace ykt::app {

/// Runs `/proc/self/exe args...`, waits, and returns its exit code (128+signal when killed;
/// -1 when it could not be started). Output goes to the caller's stdout/stderr unless `log` names
/// a file to append both to.
int run_self(const std::vector<std::string>& args, const std::string& log = {});

}  // namespace ykt::app
