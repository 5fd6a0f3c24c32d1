#pragma once
/// Starts an IUT from the IXIT's command line (`ykt certify --start-iut`) and stops it again:
/// SIGTERM, a bounded wait, then SIGKILL. Only the process started here is ever signalled.
#include <sys/types.h>
#include <string>
#include <vector>

#include "result.hpp"

namespace ykt::certify {

/// A child process running an IUT.
class IutProcess {
 public:
  IutProcess() = default;
  ~IutProcess();
  IutProcess(const IutProcess&) = delete;
  IutProcess& operator=(const IutProcess&) = delete;

  /// Starts `argv` (argv[0] searched in PATH) with stdout/stderr appended to `log_path`
  /// ("" = inherit).
  Status start(const std::vector<std::string>& argv, const std::string& log_path = {});
  /// True while the child has not exited.
  [[nodiscard]] bool running();
  /// Stops the child (SIGTERM, up to `grace_ms`, then SIGKILL) and reaps it.
  void stop(int grace_ms = 3000);
  /// The child's pid (0 when none).
  [[nodiscard]] pid_t pid() const { return pid_; }

 private:
  pid_t pid_ = 0;
};

/// Replaces `{key}` in every argument by `values[key]`.
std::vector<std::string> substitute(const std::vector<std::string>& argv,
                                    const std::vector<std::pair<std::string, std::string>>& values);

}  // namespace ykt::certify
