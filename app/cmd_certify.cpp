/// `ykt certify`: runs the conformance suite of a role against an implementation under test
/// reached through its ZeroMQ endpoint and writes the certification bundle (issue 3).
/// Exit codes: 0 every selected case passes, 1 any fails or is inconclusive, 2 the harness could
/// not run (bad arguments, IUT unreachable).
#include <algorithm>
#include <filesystem>
#include <iostream>
#include <map>

#include "bundle_writer.hpp"
#include "command.hpp"
#include "ics.hpp"
#include "iut_process.hpp"
#include "ixit.hpp"
#include "runner.hpp"

namespace {

struct CertifyArgs {
  std::string role, iut, ics, ixit, suite = "all", pattern = "*", out = "certify-bundle";
  std::uint64_t seed = 1;
  bool start_iut = false;
  bool quiet = false;
};

[[noreturn]] void usage_exit(const std::string& why) {
  throw ykt::app::CommandExit{ykt::app::kExitUsage, why};
}

int run_certify(const CertifyArgs& a) {
  using namespace ykt::certify;
  if (a.role != "card" && a.role != "reader" && a.role != "backend" && a.role != "exchange")
    usage_exit("--role must be card, reader, backend or exchange (got '" + a.role + "')");
  auto ics = load_ics(a.ics);
  if (!ics) usage_exit(ics.error().message);
  if (ics->role != a.role)
    usage_exit("ICS " + a.ics + " is for role '" + ics->role + "', not '" + a.role + "'");
  ykt::Result<Ixit> ixit = a.ixit.empty()
                               ? parse_ixit(Json::Value(Json::objectValue), a.role, a.iut)
                               : load_ixit(a.ixit, a.role, a.iut);
  if (!ixit) usage_exit(ixit.error().message);
  if (ixit->iut_endpoint.empty())
    usage_exit("no IUT endpoint: give --iut or iut.endpoint in the IXIT");
  std::vector<const Suite*> suites;
  for (const auto& s : all_suites())
    if (s.role == a.role && (a.suite == "all" || a.suite == s.name)) suites.push_back(&s);
  if (suites.empty()) usage_exit("no suite '" + a.suite + "' for role " + a.role);

  std::error_code ec;
  std::filesystem::create_directories(a.out, ec);
  if (ec) usage_exit("cannot create --out directory " + a.out + ": " + ec.message());
  IutProcess iut;
  // Starts the IUT from `cmd` (the IXIT's start_command or a configuration's), stopping any
  // instance started before.
  auto start = [&](const std::vector<std::string>& cmd, const std::string& what) {
    iut.stop();
    auto argv = substitute(cmd, {{"endpoint", ixit->iut_endpoint},
                                 {"peer_endpoint", ixit->peer_endpoint},
                                 {"address", ixit->iut_address},
                                 {"province", ixit->province}});
    auto st = iut.start(argv, a.out + "/iut-process.log");
    if (!st) usage_exit("could not start the IUT" + what + ": " + st.error().message);
  };
  if (a.start_iut) {
    if (ixit->start_command.empty())
      usage_exit("--start-iut needs start_command in the IXIT (" +
                 (a.ixit.empty() ? std::string("no --ixit given") : a.ixit) + ")");
    start(ixit->start_command, "");
  }
  // With --start-iut, the cases an IXIT configuration serves run in a pass of their own with the
  // IUT started that way; without it they run against the IUT as it is (and are typically
  // inconclusive, naming what they need).
  std::vector<std::string> configured;
  if (a.start_iut)
    for (const auto& [name, conf] : ixit->configurations) configured.push_back(conf.cases);
  zmq::context_t zctx;
  int worst = 0;
  for (std::size_t si = 0; si < suites.size(); ++si) {
    const Suite* s = suites[si];
    if (si > 0 && a.start_iut && !configured.empty()) start(ixit->start_command, "");
    MessageRecorder rec;
    SuiteEnv env(zctx, *ixit, *ics, rec, a.seed);
    Runner runner(env, RunOptions{a.pattern, a.seed, !a.quiet, configured, "", ""});
    if (auto st = runner.probe(); !st) usage_exit(st.error().message);
    if (!a.quiet)
      std::cerr << "ykt certify: suite " << s->name << " " << s->version << " against "
                << ixit->iut_address << " at " << ixit->iut_endpoint << "\n";
    auto run = runner.run(*s);
    env.peers.stop();
    if (!run) usage_exit(run.error().message);
    std::vector<std::string> done;  // globs of the configurations already run
    for (const auto& [name, conf] :
         a.start_iut ? ixit->configurations : std::map<std::string, IutConfiguration>{}) {
      const bool any = std::any_of(s->cases.begin(), s->cases.end(), [&](const TestCase& tc) {
        return glob_match(a.pattern, tc.id) && glob_match(conf.cases, tc.id);
      });
      if (!any) continue;
      Ixit alt = *ixit;
      for (const auto& k : conf.test_data.getMemberNames()) alt.test_data[k] = conf.test_data[k];
      if (!a.quiet)
        std::cerr << "ykt certify: cases " << conf.cases << " in IUT configuration '" << name
                  << "'\n";
      start(conf.start_command, " in configuration '" + name + "'");
      MessageRecorder rec2;
      SuiteEnv env2(zctx, alt, *ics, rec2, a.seed);
      Runner r2(env2, RunOptions{a.pattern, a.seed, !a.quiet, done, name, conf.cases});
      if (auto st = r2.probe(); !st)
        usage_exit("configuration '" + name + "': " + st.error().message);
      auto more = r2.run(*s);
      env2.peers.stop();
      if (!more) usage_exit("configuration '" + name + "': " + more.error().message);
      for (auto& c : more->cases) run->cases.push_back(std::move(c));
      for (auto& m : more->messages) run->messages.push_back(std::move(m));
      for (auto& l : more->log) run->log.push_back(std::move(l));
      for (const auto& [id, n] : more->omitted) run->omitted[id] += n;
      run->finished = more->finished;
      done.push_back(conf.cases);
    }
    // The report lists cases in suite order, whichever configuration ran them.
    std::map<std::string, std::size_t> order;
    for (std::size_t i = 0; i < s->cases.size(); ++i) order[s->cases[i].id] = i;
    std::stable_sort(
        run->cases.begin(), run->cases.end(),
        [&](const CaseResult& x, const CaseResult& y) { return order[x.id] < order[y.id]; });
    const std::string dir = suites.size() == 1 ? a.out : a.out + "/" + s->name;
    auto bundle = ykt::reports::write_bundle(*run, dir);
    if (!bundle) usage_exit("cannot write the bundle: " + bundle.error().message);
    const double secs = static_cast<double>((run->finished - run->started).count()) / 1e9;
    std::cout << "suite " << s->name << ": " << run->cases.size() << " cases, "
              << run->count(Verdict::pass) << " pass, " << run->count(Verdict::fail) << " fail, "
              << run->count(Verdict::inconc) << " inconc, " << run->count(Verdict::error)
              << " error, " << run->skipped() << " skipped in " << secs << " s\n"
              << "bundle: " << std::filesystem::absolute(dir).string() << "/report.html\n";
    worst = std::max(worst, run->exit_code());
  }
  return worst;
}

const ykt::app::RegisterCommand reg([](CLI::App& root) {
  auto args = std::make_shared<CertifyArgs>();
  auto* cmd = root.add_subcommand(
      "certify", "Run a conformance suite against an implementation under test (IUT)");
  cmd->add_option("--role", args->role, "IUT role: card, reader, backend or exchange")->required();
  cmd->add_option("--iut", args->iut, "IUT ZeroMQ endpoint, e.g. tcp://127.0.0.1:7301");
  cmd->add_option("--ics", args->ics, "ICS file (JSON; schema conformance/certify/ics.schema.json)")
      ->required();
  cmd->add_option("--ixit", args->ixit, "IXIT file (JSON): addresses, keys, timers, test data");
  cmd->add_option("--suite", args->suite, "suite name or 'all'");
  cmd->add_option("--case", args->pattern, "case id glob, e.g. 'BE-ROUTE-*'");
  cmd->add_option("--out", args->out, "bundle directory");
  cmd->add_option("--seed", args->seed, "run seed");
  cmd->add_flag("--start-iut", args->start_iut, "start the IUT from the IXIT's start_command");
  cmd->add_flag("--quiet", args->quiet, "no per-case progress lines");
  cmd->callback([args] {
    const int rc = run_certify(*args);
    if (rc != 0) throw ykt::app::CommandExit{rc, "not every selected case passed"};
  });
});

}  // namespace
