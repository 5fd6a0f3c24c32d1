#pragma once
/// The last step of `ykt demo`: certify one reference backend (`ykt serve backend`, started by the
/// harness from the IXIT) with the backend suite, and write the bundle.
#include <cstdint>
#include <string>

namespace ykt::app {

/// Writes the IUT topology and IXIT into `out`, runs `ykt certify --role backend --start-iut`,
/// and returns its exit code (0 all pass, 1 a case failed, 2 the harness could not run).
int certify_reference_backend(const std::string& out, std::uint64_t seed, double scale);

}  // namespace ykt::app
