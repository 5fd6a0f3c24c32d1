#pragma once
/// The reference exchange (models/exchange) as an IUT for the certification tests: schema
/// validation with the spec's registry and an append-only audit file.
#include <memory>
#include <string>

#include "exchange/exchange.hpp"

namespace ykt::testing {

/// Builds the exchange; `audit_path` receives one masked JSON line per audited message.
std::shared_ptr<exchange::Exchange> make_reference_exchange(const std::string& audit_path);

/// Writes an IXIT for an exchange IUT at `endpoint` with the harness's backends at `peer`.
bool write_exchange_ixit(const std::string& path, const std::string& endpoint,
                         const std::string& peer, const std::string& audit_path);

}  // namespace ykt::testing
