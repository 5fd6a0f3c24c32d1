#include "spawn.hpp"

#include <sys/wait.h>

#include <boost/test/unit_test.hpp>
#include <cstdio>

#include "json_util.hpp"

namespace ykt::test {

Spawned run_process(const std::string& command, int timeout_s) {
  Spawned r;
  const std::string full = "timeout " + std::to_string(timeout_s) + " " + command;
  FILE* p = popen(full.c_str(), "r");
  if (!p) return r;
  char buf[4096];
  std::size_t n = 0;
  while ((n = fread(buf, 1, sizeof buf, p)) > 0) r.out.append(buf, n);
  const int status = pclose(p);
  r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return r;
}

Json::Value run_json(const std::string& command, int timeout_s) {
  const Spawned s = run_process(command, timeout_s);
  BOOST_TEST_REQUIRE(s.exit_code == 0, command << " exited with " << s.exit_code);
  std::string text = s.out;
  while (!text.empty() && text.back() == '\n') text.pop_back();
  const auto nl = text.rfind('\n');
  if (nl != std::string::npos) text = text.substr(nl + 1);
  auto parsed = ykt::json::parse(text);
  BOOST_TEST_REQUIRE(parsed.ok(), "not JSON from " << command << ": " << text);
  return parsed.value();
}

}  // namespace ykt::test
