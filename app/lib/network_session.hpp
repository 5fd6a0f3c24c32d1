#pragma once
/// Helpers of the commands that drive a running network (`ykt demo`, `ykt replay`): one-shot
/// requests to a node and a guard that takes the network down on every way out.
#include <json/value.h>

#include <chrono>
#include <cstdint>
#include <string>
#include <vector>

#include "topology.hpp"

namespace ykt::app {

/// Sends one request as `kid` through a fresh client and returns the reply body, or a body with
/// the error status and reason (E3002 when no node serves `to` or nothing answers in time).
Json::Value ask(const std::string& endpoint, const std::string& kid, const std::string& to,
                const std::string& type, Json::Value body, std::chrono::milliseconds timeout);

/// What closing a day on the network returned.
struct DayClose {
  std::uint64_t uploaded = 0;                 ///< offline records the terminals uploaded
  Json::Value clearing{Json::objectValue};    ///< province -> its `clr.run` answer
  Json::Value totals{Json::objectValue};      ///< records, accepted, rejected, failed_parts
  Json::Value settlement{Json::objectValue};  ///< the exchange's `clr.settle` answer
};

/// Ends the clearing day `date` (YYYYMMDD) on a running network (STD-12): each of `readers`
/// uploads its offline debits (`term.flush`), each provincial backend sends its clearing file
/// (`clr.run`), and the exchange settles (`clr.settle`). Requests are signed as `kid`.
DayClose close_day(const wire::Topology& topo, const std::vector<std::string>& readers,
                   const std::string& date, const std::string& kid);

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
