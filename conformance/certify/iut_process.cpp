#include "iut_process.hpp"

#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <thread>

namespace ykt::certify {

IutProcess::~IutProcess() {
  stop();
}

Status IutProcess::start(const std::vector<std::string>& argv, const std::string& log_path) {
  if (argv.empty()) return Error{"start", "empty IUT command line"};
  std::vector<char*> args;
  for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);
  int fd = -1;
  if (!log_path.empty()) {
    fd = ::open(log_path.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0644);
    if (fd < 0) return Error{"start", "cannot open IUT log " + log_path};
  }
  const pid_t pid = ::fork();
  if (pid < 0) return Error{"start", std::string("fork failed: ") + std::strerror(errno)};
  if (pid == 0) {
    if (fd >= 0) {
      ::dup2(fd, 1);
      ::dup2(fd, 2);
    }
    ::execvp(args[0], args.data());
    ::_exit(127);
  }
  if (fd >= 0) ::close(fd);
  pid_ = pid;
  std::this_thread::sleep_for(std::chrono::milliseconds(50));
  if (!running()) return Error{"start", "IUT command '" + argv[0] + "' exited at once"};
  return ok_status();
}

bool IutProcess::running() {
  if (pid_ <= 0) return false;
  int status = 0;
  const pid_t r = ::waitpid(pid_, &status, WNOHANG);
  if (r == pid_) {
    pid_ = 0;
    return false;
  }
  return true;
}

void IutProcess::stop(int grace_ms) {
  if (!running()) return;
  ::kill(pid_, SIGTERM);
  for (int waited = 0; waited < grace_ms; waited += 20) {
    if (!running()) return;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  ::kill(pid_, SIGKILL);
  int status = 0;
  ::waitpid(pid_, &status, 0);
  pid_ = 0;
}

std::vector<std::string> substitute(
    const std::vector<std::string>& argv,
    const std::vector<std::pair<std::string, std::string>>& values) {
  std::vector<std::string> out;
  for (auto a : argv) {
    for (const auto& [k, v] : values) {
      const std::string key = "{" + k + "}";
      for (std::size_t p = a.find(key); p != std::string::npos; p = a.find(key, p + v.size()))
        a.replace(p, key.size(), v);
    }
    out.push_back(a);
  }
  return out;
}

}  // namespace ykt::certify
