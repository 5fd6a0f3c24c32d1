#pragma once
/// MANIFEST.sha256 in `sha256sum` format (`<64 hex>  <name>`), computed with OpenSSL, so a lab
/// can check (`sha256sum -c MANIFEST.sha256`) and sign the bundle.
#include <string>
#include <vector>

#include "result.hpp"

namespace ykt::reports {

/// Lower-case hex SHA-256 of a file's bytes; an Error names the file.
Result<std::string> sha256_file(const std::string& path);
/// Writes `dir`/MANIFEST.sha256 over `files` (names relative to `dir`), sorted by name.
Status write_manifest(const std::string& dir, std::vector<std::string> files);

}  // namespace ykt::reports
