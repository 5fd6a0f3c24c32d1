#include "manifest.hpp"

#include <openssl/evp.h>

#include <algorithm>
#include <fstream>
#include <memory>

namespace ykt::reports {

Result<std::string> sha256_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Error{"io", "cannot read " + path};
  std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)> ctx(EVP_MD_CTX_new(), EVP_MD_CTX_free);
  if (!ctx || EVP_DigestInit_ex(ctx.get(), EVP_sha256(), nullptr) != 1)
    return Error{"crypto", "SHA-256 unavailable"};
  char buf[65536];
  while (in) {
    in.read(buf, sizeof buf);
    if (in.gcount() > 0) EVP_DigestUpdate(ctx.get(), buf, static_cast<std::size_t>(in.gcount()));
  }
  unsigned char md[EVP_MAX_MD_SIZE];
  unsigned len = 0;
  EVP_DigestFinal_ex(ctx.get(), md, &len);
  static const char* hex = "0123456789abcdef";
  std::string out;
  for (unsigned i = 0; i < len; ++i) {
    out += hex[md[i] >> 4];
    out += hex[md[i] & 15];
  }
  return out;
}

Status write_manifest(const std::string& dir, std::vector<std::string> files) {
  std::sort(files.begin(), files.end());
  std::string text;
  for (const auto& f : files) {
    auto h = sha256_file(dir + "/" + f);
    if (!h) return h.error();
    text += *h + "  " + f + "\n";
  }
  std::ofstream out(dir + "/MANIFEST.sha256", std::ios::binary | std::ios::trunc);
  out << text;
  if (!out) return Error{"io", "cannot write " + dir + "/MANIFEST.sha256"};
  return ok_status();
}

}  // namespace ykt::reports
