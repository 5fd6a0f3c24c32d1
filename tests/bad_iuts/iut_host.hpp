#pragma once
/// Hosts one actor on the wire runtime as a stand-alone IUT process for the certification tests:
/// `<program> --endpoint tcp://127.0.0.1:PORT [--peer tcp://127.0.0.1:PORT] [--alg sm4|3des]`
/// (`--alg`: the purse algorithm a card program is personalised with). Accepts the
/// harness's, readers', backends' and the exchange's derived keys; routes every other address to
/// the peer endpoint (the harness's peers). Runs until SIGTERM or sys.shutdown.
#include <functional>
#include <memory>
#include <string>

#include "actor.hpp"
#include "card/card_profile.hpp"
#include "message_validator.hpp"

namespace ykt::testing {

/// Command-line values of an IUT program.
struct IutArgs {
  std::string endpoint;  ///< where to bind
  std::string peer;      ///< where the harness plays the peers ("" = none)
  std::string address;   ///< the actor's address
  std::string alg;       ///< card programs: purse algorithm `sm4` or `3des` ("" = sm4)
};

/// Parses `--endpoint`, `--peer`, `--address` (default `default_address`), `--alg`; exits 2 on bad
/// input.
IutArgs parse_iut_args(int argc, char** argv, const std::string& default_address);

/// The synthetic card every card program is personalised with: number from `args.address`,
/// issuer 310000, 100 CNY, algorithm from `--alg` (SM4 when absent).
card::CardProfile test_card_profile(const IutArgs& args);

/// The spec's request schemas (STD-3.2), loaded once per process; null (and said on stderr) when
/// they do not load.
const MessageValidator* spec_validator();

/// Hosts `actor` at `args.address` and runs until stopped; returns the process exit code.
int host_iut(const IutArgs& args, const std::string& role, std::shared_ptr<Actor> actor);

}  // namespace ykt::testing
