#include "tap_floor.hpp"

#include <algorithm>
#include <chrono>
#include <vector>

#include "crypto.hpp"

namespace ykt::bench {
namespace {

double now_s() {
  using namespace std::chrono;
  return duration<double>(steady_clock::now().time_since_epoch()).count();
}

/// Median seconds per call of `fn` over 5 loops of `n` calls.
template <typename Fn>
double per_call(int n, Fn fn) {
  std::vector<double> t;
  for (int rep = 0; rep < 5; ++rep) {
    const double t0 = now_s();
    for (int i = 0; i < n; ++i) fn(i);
    t.push_back((now_s() - t0) / n);
  }
  std::sort(t.begin(), t.end());
  return t[t.size() / 2];
}

}  // namespace

CryptoCosts measure_crypto_costs() {
  // A different key each call, as in the models (every card has its own keys).
  std::vector<Bytes> keys;
  for (int k = 0; k < 64; ++k) keys.push_back(Bytes(16, static_cast<std::uint8_t>(k)));
  const Bytes one(16, 0x5A), four(64, 0x5A);
  const std::string short_text(40, 'x'), long_text(40 + 4 * 64, 'x');  // 1 and 5 compressions
  volatile std::size_t sink = 0;
  const int n = 100'000;
  const double c1 = per_call(n, [&](int i) {
    sink += crypto::ecb_encrypt(crypto::Algorithm::sm4, keys[i & 63], one).size();
  });
  const double c4 = per_call(n, [&](int i) {
    sink += crypto::ecb_encrypt(crypto::Algorithm::sm4, keys[i & 63], four).size();
  });
  const double d1 = per_call(n, [&](int) { sink += crypto::sm3(short_text).size(); });
  const double d5 = per_call(n, [&](int) { sink += crypto::sm3(long_text).size(); });
  const Bytes msg(64, 0x33);
  const double h = per_call(n, [&](int i) { sink += crypto::hmac_sm3(keys[i & 7], msg).size(); });
  CryptoCosts c;
  c.cipher_block_s = std::max(0.0, (c4 - c1) / 3);
  c.cipher_call_s = std::max(0.0, c1 - c.cipher_block_s);
  c.digest_block_s = std::max(0.0, (d5 - d1) / 4);
  c.digest_s = std::max(0.0, d1 - c.digest_block_s);
  c.hmac_s = h;
  return c;
}

TapFloor tap_floor(const Json::Value& summary, const Json::Value& run, const CryptoCosts& costs,
                   double bare_event_s) {
  TapFloor f;
  f.taps = summary["generated"].asDouble();
  f.scale = summary["scale"].asDouble();
  if (f.taps <= 0) return f;
  const Json::Value& c = run["crypto"];
  f.events_per_tap = run["events"].asDouble() / f.taps;
  f.actual_s_per_tap = run["wall_s_simulation"].asDouble() / f.taps;
  f.event_floor_s = f.events_per_tap * bare_event_s;
  f.crypto_floor_s = (c["cipher_calls"].asDouble() * costs.cipher_call_s +
                      c["cipher_blocks"].asDouble() * costs.cipher_block_s +
                      c["digests"].asDouble() * costs.digest_s +
                      c["digest_blocks"].asDouble() * costs.digest_block_s +
                      c["hmacs"].asDouble() * costs.hmac_s) /
                     f.taps;
  return f;
}

}  // namespace ykt::bench
