#pragma once
/// Implementation extra information for testing (IXIT, ISO/IEC 9646; FACTS §7): the values the
/// harness needs to reach and drive the IUT: endpoint, addresses, keys, timers, the IUT's
/// province, the test data it holds, and optionally the command line that starts it.
#include <json/value.h>

#include <chrono>
#include <map>
#include <string>
#include <vector>

#include "hex.hpp"
#include "result.hpp"

namespace ykt::certify {

/// Values needed to run a suite against one IUT.
/// A second way of starting the IUT for the cases that need it (e.g. BE-SVC-001: a backend whose
/// application list omits a service): `ykt certify --start-iut` runs the matching cases with it.
struct IutConfiguration {
  std::string cases;                         ///< glob over case ids run in this configuration
  std::vector<std::string> start_command;    ///< argv, substituted like Ixit::start_command
  Json::Value test_data{Json::objectValue};  ///< merged over Ixit::test_data (its keys win)
};

struct Ixit {
  std::string role;           ///< card, reader, backend, exchange
  std::string iut_endpoint;   ///< ZeroMQ endpoint of the IUT's ROUTER, e.g. tcp://127.0.0.1:7301
  std::string iut_address;    ///< the IUT's actor address, e.g. backend.310000
  std::string province;       ///< the IUT's province (backend, reader), e.g. 310000
  std::string peer_endpoint;  ///< where the harness binds the peers it plays ("" = none needed)
  std::map<std::string, Bytes> keys;  ///< per-address MAC key overrides (default keys::actor_key)
  std::chrono::milliseconds reply_timeout{2000};    ///< wait for one answer
  std::chrono::milliseconds case_timeout{15000};    ///< watchdog per case (default)
  std::chrono::milliseconds connect_timeout{3000};  ///< reachability probe at start
  std::vector<std::string> start_command;           ///< argv to start the IUT; `{endpoint}`,
                                           ///< `{peer_endpoint}`, `{address}` are substituted
  Json::Value test_data{Json::objectValue};                ///< cards, holders, venues the IUT holds
  std::map<std::string, IutConfiguration> configurations;  ///< by name (see IutConfiguration)
  Json::Value raw;  ///< the document as used (keys shown as given), copied into the bundle

  /// The MAC key of `address`: the override if any, else the synthetic actor key (STD-8.2).
  [[nodiscard]] Bytes key_of(const std::string& address) const;
};

/// The default IUT address of a role (`backend.310000`, `exchange`, `card.Y31000001`,
/// `reader.310000000001`) in province `province`.
std::string default_address(const std::string& role, const std::string& province);

/// Parses an IXIT document; `role` and `endpoint` from the command line fill in what it omits.
Result<Ixit> parse_ixit(const Json::Value& doc, const std::string& role,
                        const std::string& endpoint);
/// Loads an IXIT file; errors name the file and field.
Result<Ixit> load_ixit(const std::string& path, const std::string& role,
                       const std::string& endpoint);

}  // namespace ykt::certify
