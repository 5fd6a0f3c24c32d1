#pragma once
// Shared helpers of the certification tests: free loopback ports, IUT processes, in-process runs.
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <map>
#include <string>

#include "iut_process.hpp"
#include "json_util.hpp"
#include "runner.hpp"

namespace ykt::certify::testing {

/// A TCP port on 127.0.0.1 that was free a moment ago.
inline int free_port() {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  a.sin_port = 0;
  ::bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a);
  socklen_t len = sizeof a;
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&a), &len);
  const int port = ntohs(a.sin_port);
  ::close(fd);
  return port;
}

/// `tcp://127.0.0.1:<free port>`.
inline std::string free_endpoint() {
  return "tcp://127.0.0.1:" + std::to_string(free_port());
}

/// An ICS for `role` declaring every item true except those listed.
inline Ics full_ics(const std::string& role, const std::vector<std::string>& false_items = {}) {
  Json::Value doc;
  doc["role"] = role;
  doc["implementation"] = "ykt reference " + role;
  for (const auto& i : known_ics_items()) doc["items"][i.name] = true;
  for (const auto& f : false_items) doc["items"][f] = false;
  return *parse_ics(doc);
}

/// Verdict per case id of a run ("skipped" for cases not selected).
inline std::map<std::string, std::string> verdicts(const RunResult& r) {
  std::map<std::string, std::string> m;
  for (const auto& c : r.cases)
    m[c.id] = c.selected ? std::string(to_string(c.verdict)) : "skipped";
  return m;
}

/// Runs `suite` in-process against the IUT at `endpoint`.
inline Result<RunResult> run_suite(const Suite& suite, const Ixit& ixit, const Ics& ics,
                                   const std::string& pattern = "*") {
  zmq::context_t zctx;
  MessageRecorder rec;
  SuiteEnv env(zctx, ixit, ics, rec, 7);
  Runner runner(env, RunOptions{pattern, 7, false, {}, "", ""});
  if (auto st = runner.probe(); !st) return st.error();
  auto r = runner.run(suite);
  env.peers.stop();
  return r;
}

/// The built-in suite of `role`.
inline const Suite& suite_of(const std::string& role) {
  for (const auto& s : all_suites())
    if (s.role == role) return s;
  throw std::runtime_error("no suite " + role);
}

}  // namespace ykt::certify::testing
