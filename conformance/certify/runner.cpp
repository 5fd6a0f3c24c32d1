#include "runner.hpp"

#include <algorithm>
#include <condition_variable>
#include <iostream>
#include <thread>

#include "crypto.hpp"

namespace ykt::certify {

int RunResult::count(Verdict v) const {
  int n = 0;
  for (const auto& c : cases) n += (c.selected && c.verdict == v) ? 1 : 0;
  return n;
}

int RunResult::skipped() const {
  int n = 0;
  for (const auto& c : cases) n += c.selected ? 0 : 1;
  return n;
}

int RunResult::exit_code() const {
  for (const auto& c : cases)
    if (c.selected && c.verdict != Verdict::pass) return 1;
  return 0;
}

std::string suite_hash(const Suite& s) {
  std::string text = s.name + "|" + s.role + "|" + s.version + "\n";
  for (const auto& c : s.cases) {
    text += c.id + "|" + c.purpose + "|" + c.ics + "|" + c.preconditions + "|" + c.stimulus + "|" +
            c.expected + "|" + std::to_string(c.timeout.count());
    for (const auto& cl : c.clauses) text += "|" + cl;
    text += "\n";
  }
  return to_hex(crypto::sm3(text));
}

std::map<std::string, std::vector<std::string>> traceability(const Suite& s) {
  std::map<std::string, std::vector<std::string>> m;
  for (const auto& c : s.cases)
    for (const auto& cl : c.clauses) m[cl].push_back(c.id);
  return m;
}

bool glob_match(const std::string& p, const std::string& s) {
  std::size_t pi = 0, si = 0, star = std::string::npos, mark = 0;
  while (si < s.size()) {
    if (pi < p.size() && (p[pi] == '?' || p[pi] == s[si])) {
      ++pi;
      ++si;
    } else if (pi < p.size() && p[pi] == '*') {
      star = pi++;
      mark = si;
    } else if (star != std::string::npos) {
      pi = star + 1;
      si = ++mark;
    } else {
      return false;
    }
  }
  while (pi < p.size() && p[pi] == '*') ++pi;
  return pi == p.size();
}

Status Runner::probe() {
  IutLink link(env_.zctx, env_.ixit, env_.rec, "");
  Envelope e;
  e.type = "sys.ping";
  e.from = "harness.tester";
  e.to = env_.ixit.iut_address;
  e.id = "h-probe-" + IutLink::fresh_nonce().substr(0, 8);
  // ZeroMQ connects in the background: retry the ping until the connect time-out.
  const auto deadline = std::chrono::steady_clock::now() + env_.ixit.connect_timeout;
  while (std::chrono::steady_clock::now() < deadline) {
    auto a = link.request(e, std::chrono::milliseconds(300));
    if (a) {
      if (a->env.body["status"].asString() != "OK")
        return Error{"unreachable", "IUT " + env_.ixit.iut_address + " at " +
                                        env_.ixit.iut_endpoint +
                                        " refused sys.ping: " + a->env.body["status"].asString() +
                                        " " + a->env.body["reason"].asString()};
      return ok_status();
    }
    e.id += "r";
  }
  return Error{"unreachable", "IUT " + env_.ixit.iut_address + " unreachable at " +
                                  env_.ixit.iut_endpoint + " (no answer to sys.ping within " +
                                  std::to_string(env_.ixit.connect_timeout.count()) + " ms)"};
}

namespace {
/// Completion flag shared between the runner and a case thread that may outlive its watchdog.
struct Done {
  std::mutex mu;
  std::condition_variable cv;
  bool done = false;
};
}  // namespace

CaseResult Runner::run_case(const TestCase& tc) {
  CaseResult r;
  r.id = tc.id;
  r.purpose = tc.purpose;
  r.preconditions = tc.preconditions;
  r.stimulus = tc.stimulus;
  r.expected = tc.expected;
  r.ics_expr = tc.ics;
  r.clauses = tc.clauses;
  auto sel = select(tc.ics, env_.ics);
  if (!sel) {
    r.selection_reason = "ICS expression error: " + sel.error().message;
    r.selected = true;  // a broken case definition is a harness fault, shown as error
    r.verdict = Verdict::error;
    r.reason = r.selection_reason;
    return r;
  }
  r.selected = sel->selected;
  r.selection_reason = sel->reason;
  if (!r.selected) return r;

  env_.peers.reset();
  env_.peers.set_case(tc.id);
  auto ctx = std::make_shared<CaseContext>(env_, tc.id, opt_.seed);
  auto done = std::make_shared<Done>();
  const auto timeout = tc.timeout.count() > 0 ? tc.timeout : env_.ixit.case_timeout;
  env_.rec.log(tc.id, "runner", "start " + tc.id + ": " + tc.purpose);
  r.started = wall_now();
  std::thread worker([ctx, done, body = tc.body] {
    try {
      body(*ctx);
    } catch (const std::exception& e) {
      ctx->harness_error(std::string("harness fault: ") + e.what());
    } catch (...) {
      ctx->harness_error("harness fault: unknown exception");
    }
    std::lock_guard<std::mutex> lock(done->mu);
    done->done = true;
    done->cv.notify_all();
  });
  bool finished;
  {
    std::unique_lock<std::mutex> lock(done->mu);
    finished = done->cv.wait_for(lock, timeout, [&] { return done->done; });
  }
  if (finished) {
    worker.join();
  } else {
    ctx->aborted = true;
    ctx->harness_error("case time-out: not finished within " + std::to_string(timeout.count()) +
                       " ms (IUT hang?)");
    // Every wait inside a case is bounded, so the worker ends soon; let it finish on its own.
    worker.detach();
  }
  r.finished = wall_now();
  r.duration_ms = static_cast<double>((r.finished - r.started).count()) / 1e6;
  r.verdict = ctx->verdict().verdict();
  r.reason = ctx->verdict().reason();
  if (r.verdict == Verdict::none) r.reason = "the case set no verdict";
  r.latencies = ctx->latencies();
  env_.rec.log(tc.id, "runner",
               "end " + tc.id + ": " + std::string(to_string(r.verdict)) +
                   (r.reason.empty() ? "" : " - " + r.reason));
  if (!finished) {
    // Give the abandoned worker its last bounded wait before the next case reuses the peers.
    std::unique_lock<std::mutex> lock(done->mu);
    done->cv.wait_for(lock, env_.ixit.reply_timeout * 2, [&] { return done->done; });
  }
  return r;
}

Result<RunResult> Runner::run(const Suite& suite) {
  RunResult rr;
  rr.role = suite.role;
  rr.suite = suite.name;
  rr.suite_version = suite.version;
  rr.suite_hash = suite_hash(suite);
  rr.seed = opt_.seed;
  rr.iut_endpoint = env_.ixit.iut_endpoint;
  rr.iut_address = env_.ixit.iut_address;
  rr.ics = env_.ics.raw;
  rr.ixit = env_.ixit.raw;
  Json::Value& used = rr.ixit["resolved"];  // the values actually used, defaults included
  used["iut_endpoint"] = env_.ixit.iut_endpoint;
  used["iut_address"] = env_.ixit.iut_address;
  used["province"] = env_.ixit.province;
  used["peer_endpoint"] = env_.ixit.peer_endpoint;
  used["reply_ms"] = static_cast<Json::Int64>(env_.ixit.reply_timeout.count());
  used["case_ms"] = static_cast<Json::Int64>(env_.ixit.case_timeout.count());
  used["connect_ms"] = static_cast<Json::Int64>(env_.ixit.connect_timeout.count());
  rr.traceability = traceability(suite);
  rr.started = wall_now();
  if (suite.setup) {
    auto st = suite.setup(env_);
    if (!st)
      return Error{st.error().code, "suite " + suite.name + " set-up: " + st.error().message};
  }
  for (const auto& tc : suite.cases) {
    if (!glob_match(opt_.case_pattern, tc.id)) continue;
    if (!opt_.only.empty() && !glob_match(opt_.only, tc.id)) continue;
    if (std::any_of(opt_.exclude.begin(), opt_.exclude.end(),
                    [&](const std::string& g) { return glob_match(g, tc.id); }))
      continue;
    CaseResult r = run_case(tc);
    r.configuration = opt_.configuration;
    if (opt_.progress)
      std::cerr << "  " << r.id << "  " << (r.selected ? to_string(r.verdict) : "skipped")
                << (r.reason.empty() ? "" : "  " + r.reason.substr(0, 120)) << "\n";
    rr.cases.push_back(std::move(r));
  }
  rr.finished = wall_now();
  rr.messages = env_.rec.messages();
  rr.log = env_.rec.lines();
  rr.omitted = env_.rec.omitted();
  return rr;
}

}  // namespace ykt::certify
