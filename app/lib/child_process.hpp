#pragma once
/// Runs this same `ykt` binary as a child process (for `ykt demo` composing up, certify, down).
#include <sys/types.h>

#include <string>
#include <vector>

namespace ykt::app {

/// Starts `/proc/self/exe args...` without waiting (output as for run_self); returns its pid, or
/// -1 when it could not be forked.
pid_t start_self(const std::vector<std::string>& args, const std::string& log = {});
/// The exit code of a waitpid() status: the exit status, 128 + signal when killed, else -1.
int exit_code_of(int status);
/// Runs `/proc/self/exe args...`, waits, and returns its exit code (128+signal when killed;
/// -1 when it could not be started). Output goes to the caller's stdout/stderr unless `log` names
/// a file to append both to.
int run_self(const std::vector<std::string>& args, const std::string& log = {});

}  // namespace ykt::app
