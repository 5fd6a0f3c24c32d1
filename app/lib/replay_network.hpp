#pragma once
/// The reference network of `ykt demo` and `ykt replay` as a topology document: one exchange, four
/// provincial backends, per province one card node (`card.Y<pp>*`) and one reader node
/// (`reader.<pp>*`), actors created lazily from the synthetic population, on free loopback ports.
#include <json/value.h>

#include <cstdint>
#include <string>

namespace ykt::app {

/// Knobs of the reference network.
struct ReferenceNetwork {
  std::string name = "ykt-demo";  ///< topology name
  std::uint64_t seed = 1;         ///< population seed (every node builds the same population)
  double scale = 1000;            ///< residents per synthetic cardholder
  std::string audit_log;          ///< exchange audit log file (none when empty)
  std::int64_t upload_period_ms = 5000;  ///< terminals' offline-record upload period
  /// Multiplies the STD-10.3 time-outs of readers, backends and the exchange; 1 keeps the
  /// standard's budgets (more only for outcome comparisons on a loaded machine).
  int timeout_scale = 1;
};

/// The topology document for `ykt up`.
[[nodiscard]] Json::Value reference_topology(const ReferenceNetwork& n);

/// The four province codes of the region, Shanghai first.
extern const char* const kRegionProvinces[4];

}  // namespace ykt::app
