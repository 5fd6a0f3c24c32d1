/// `ykt certify`: runs the conformance suite of a role against an implementation under test
/// reached through its ZeroMQ endpoint and writes the certification bundle (issue 3).
/// Exit codes: 0 every selected case passes, 1 any fails or is inconclusive, 2 the harness could
/// not run (bad arguments, IUT unreachable).
#include <filesystem>
#include <iostream>

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
  if (a.start_iut) {
    if (ixit->start_command.empty())
      usage_exit("--start-iut needs start_command in the IXIT (" +
                 (a.ixit.empty() ? std::string("no --ixit given") : a.ixit) + ")");
    auto argv = substitute(ixit->start_command, {{"endpoint", ixit->iut_endpoint},
                                                 {"peer_endpoint", ixit->peer_endpoint},
                                                 {"address", ixit->iut_address},
                                                 {"province", ixit->province}});
    auto st = iut.start(argv, a.out + "/iut-process.log");
    if (!st) usage_exit("could not start the IUT: " + st.error().message);
  }
  zmq::context_t zctx;
  int worst = 0;
  for (const Suite* s : suites) {
    MessageRecorder rec;
    SuiteEnv env(zctx, *ixit, *ics, rec, a.seed);
    Runner runner(env, RunOptions{a.pattern, a.seed, !a.quiet});
    if (auto st = runner.probe(); !st) usage_exit(st.error().message);
    if (!a.quiet)
      std::cerr << "ykt certify: suite " << s->name << " " << s->version << " against "
                << ixit->iut_address << " at " << ixit->iut_endpoint << "\n";
    auto run = runner.run(*s);
    env.peers.stop();
    if (!run) usage_exit(run.error().message);
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
