#include "case_context.hpp"

#include <atomic>

#include "crypto.hpp"

namespace ykt::certify {

std::uint64_t fresh_id_salt() {
  static std::atomic<std::uint64_t> counter{0};
  std::uint64_t h = static_cast<std::uint64_t>(wall_now().ns) ^ (++counter * 0xD1B54A32D192ED03ULL);
  // splitmix64 finalizer: every bit of the clock moves every bit of the salt.
  h ^= h >> 30;
  h *= 0xBF58476D1CE4E5B9ULL;
  h ^= h >> 27;
  h *= 0x94D049BB133111EBULL;
  h ^= h >> 31;
  return h;
}

namespace {
std::uint64_t mix(std::uint64_t seed, const std::string& id) {
  std::uint64_t h = seed ^ 0x9E3779B97F4A7C15ULL;
  for (char c : id) h = (h ^ static_cast<unsigned char>(c)) * 0x100000001B3ULL;
  return h;
}

std::string default_sender(const Ixit& x) {
  if (x.role == "exchange")
    return std::string("backend.") + (x.province == "310000" ? "320000" : "310000");
  if (x.role == "reader") return "harness.driver";
  return "reader." + x.province + "000901";
}
}  // namespace

CaseContext::CaseContext(SuiteEnv& env, std::string case_id, std::uint64_t seed)
    : env_(env),
      id_(std::move(case_id)),
      rng_(mix(seed, id_)),
      link_(std::make_unique<IutLink>(env.zctx, env.ixit, env.rec, id_)) {}

Envelope CaseContext::make(const std::string& type, Json::Value body, const std::string& from) {
  Envelope e;
  e.type = type;
  e.from = from.empty() ? default_sender(env_.ixit) : from;
  e.to = env_.ixit.iut_address;
  e.body = std::move(body);
  char buf[32];
  std::snprintf(buf, sizeof buf, "%06llx",
                static_cast<unsigned long long>((rng_() ^ (env_.id_salt >> 40)) & 0xFFFFFF));
  e.id = "h-" + id_ + "-" + std::to_string(++counter_) + "-" + buf;
  return e;
}

std::optional<Answer> CaseContext::call(const std::string& type, Json::Value body,
                                        const std::string& from) {
  return call(make(type, std::move(body), from));
}

std::optional<Answer> CaseContext::call(const Envelope& e) {
  if (aborted) return std::nullopt;
  auto a = link_->request(e, env_.ixit.reply_timeout);
  note(a, e.id);
  if (a) {
    std::lock_guard<std::mutex> lock(mu_);
    lat_.push_back({e.type, a->latency_ms});
    return a;
  }
  if (aborted) return std::nullopt;
  if (!iut_alive()) {
    harness_error("IUT " + env_.ixit.iut_address + " at " + env_.ixit.iut_endpoint +
                  " does not answer even sys.ping (crashed or hung) after " + e.type);
  } else {
    log(e.type + ": " + last_received_ + " (IUT alive)");
  }
  return std::nullopt;
}

std::optional<Answer> CaseContext::call_frames(const Frames& f, const std::string& expect_id,
                                               const std::string& what) {
  if (aborted) return std::nullopt;
  auto a = link_->exchange(f, expect_id, env_.ixit.reply_timeout);
  note(a, expect_id);
  if (!a && !aborted && !iut_alive())
    harness_error("IUT does not answer even sys.ping (crashed or hung) after " + what);
  return a;
}

void CaseContext::note(const std::optional<Answer>& a, const std::string& id) {
  if (a) {
    last_received_ = "answered " + IutLink::describe(a->env);
    return;
  }
  const std::string wait = std::to_string(env_.ixit.reply_timeout.count()) + " ms";
  const auto& other = link_->unmatched();
  if (other.empty()) {
    last_received_ = "no answer within " + wait;
  } else {
    // Something came back but was not the answer asked for: name it (a vendor's error with
    // id "-" is not silence).
    last_received_ =
        (id.empty() ? std::string("no error answer") : "no answer with id \"" + id + "\"") +
        " within " + wait + "; received instead: ";
    for (std::size_t i = 0; i < other.size() && i < 3; ++i)
      last_received_ += (i ? "; " : "") + other[i];
    const std::uint64_t total = link_->unmatched_count();
    if (total > 3) last_received_ += "; and " + std::to_string(total - 3) + " more";
  }
  last_miss_ = last_received_;
}

bool CaseContext::iut_alive() {
  IutLink probe(env_.zctx, env_.ixit, env_.rec, id_);
  Envelope e;
  e.type = "sys.ping";
  e.from = "harness.tester";
  e.to = env_.ixit.iut_address;
  e.id = "h-" + id_ + "-ping-" + std::to_string(++counter_);
  const auto wait = std::min(env_.ixit.reply_timeout, std::chrono::milliseconds(1000));
  return probe.request(e, wait).has_value();
}

std::string CaseContext::new_txn_id(const std::string& terminal_id) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%012llx",
                static_cast<unsigned long long>((rng_() ^ env_.id_salt) & 0xFFFFFFFFFFFFULL));
  return terminal_id + "-" + buf;
}

bool CaseContext::check(bool cond, const std::string& what) {
  if (cond)
    verdict_.set(Verdict::pass);
  else
    fail(what);
  return cond;
}

bool CaseContext::expect_status(const std::optional<Answer>& a, const std::string& status,
                                const std::string& what) {
  if (!a) {
    fail(what + ": " + last_miss_ + " (expected " + status + ")");
    return false;
  }
  const std::string got = a->env.body["status"].isString() ? a->env.body["status"].asString()
                                                           : std::string("(no status)");
  std::string detail;
  if (got != status && a->env.body["reason"].isString())
    detail = " (" + a->env.body["reason"].asString() + ")";
  return check(got == status, what + ": expected status " + status + ", got " + got + detail);
}

bool CaseContext::expect_rejected(const std::optional<Answer>& a, const std::string& what) {
  if (!a) {
    fail(what + ": " + last_miss_ + " (expected a rejection)");
    return false;
  }
  const std::string got = a->env.body["status"].asString();
  return check(got.size() == 5 && got[0] == 'E', what + ": expected a rejection, got " + got);
}

void CaseContext::fail(const std::string& reason) {
  log("FAIL: " + reason);
  verdict_.set(Verdict::fail, reason);
}

void CaseContext::inconc(const std::string& reason) {
  log("INCONC: " + reason);
  verdict_.set(Verdict::inconc, reason);
}

void CaseContext::harness_error(const std::string& reason) {
  log("ERROR: " + reason);
  verdict_.harness_error(reason);
}

void CaseContext::log(const std::string& text) {
  env_.rec.log(id_, "harness.tester", text);
}

std::vector<LatencySample> CaseContext::latencies() const {
  std::lock_guard<std::mutex> lock(mu_);
  return lat_;
}

}  // namespace ykt::certify
