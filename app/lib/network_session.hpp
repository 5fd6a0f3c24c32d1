#pragma once
/// Helpers of the commands that drive a running network (`ykt demo`, `ykt replay`): one-shot
/// requests to a node and a guard that takes the network down on every way out.
#include <json/value.h>

#include <chrono>
#include <string>

namespace ykt::app {

/// Sends one request as `kid` through a fresh client and returns the reply body, or a body with
/// the error status and reason (E3002 when no node serves `to` or nothing answers in time).
Json::Value ask(const std::string& endpoint, const std::string& kid, const std::string& to,
                const std::string& type, Json::Value body, std::chrono::milliseconds timeout);

/// Runs `ykt down --run-dir` when destroyed (or at down()), so no process is left behind.
class NetworkGuard {
 public:
  /// Guards the network started in `run_dir`.
  explicit NetworkGuard(std::string run_dir) : run_dir_(std::move(run_dir)) {}
  ~NetworkGuard() { down(); }
  NetworkGuard(const NetworkGuard&) = delete;
  NetworkGuard& operator=(const NetworkGuard&) = delete;
  /// Takes the network down now (once).
  void down();

 private:
  std::string run_dir_;
  bool down_ = false;
};

}  // namespace ykt::app
