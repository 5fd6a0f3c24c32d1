#include <boost/test/unit_test.hpp>

#include "authenticator.hpp"
#include "issuer_keys.hpp"
#include "nonce_source.hpp"
#include "sim_time.hpp"

#include <set>

using namespace ykt;
using namespace ykt::wire;

namespace {

struct Signed {
  WireMessage m;
  std::string f1, f2;
};

Signed make(const std::string& from, std::int64_t ts_ms, const std::string& nonce,
            const Bytes& key) {
  Envelope e;
  e.type = "sys.ping";
  e.id = "x-1";
  e.from = from;
  e.to = "echo.a";
  WireCodec codec;
  Signed s;
  s.f1 = codec.encode(e, ts_ms, nonce);
  s.f2 = Authenticator::sign_with(s.f1, from, key);
  s.m = codec.decode(s.f1).value();
  return s;
}

KeyRegistry registry() {
  KeyRegistry r;
  r.accept_pattern("driver");
  r.accept_pattern("reader.*");
  return r;
}

const std::int64_t kNow = 1'780'000'000'000;

}  // namespace

BOOST_AUTO_TEST_SUITE(auth_suite)

// Purpose: the wire key derivation equals ykt::keys::actor_key of the models (STD-8.2).
BOOST_AUTO_TEST_CASE(derived_key_matches_models) {
  for (const char* a : {"backend.310000", "card.Y31000042", "driver"})
    BOOST_TEST(to_hex(KeyRegistry::derived_key(a)) == to_hex(keys::actor_key(a)));
}

// Purpose: a correctly signed fresh message verifies (STD-3, STD-8.2).
BOOST_AUTO_TEST_CASE(good_message_verifies) {
  Authenticator auth(registry());
  NonceSource n;
  auto s = make("driver", kNow, n.next(), KeyRegistry::derived_key("driver"));
  auto st = auth.verify(s.f1, s.f2, s.m, kNow);
  BOOST_TEST(st.ok(), (st.ok() ? "" : st.error().message));
  auto signed2 = auth.sign(s.f1, "driver");
  BOOST_TEST_REQUIRE(signed2.ok());
  BOOST_TEST(signed2.value() == s.f2);
}

// Purpose: the MAC covers the exact bytes of frame 1: one changed byte is E1101 (STD-8.2).
BOOST_AUTO_TEST_CASE(tampered_frame_is_e1101) {
  Authenticator auth(registry());
  NonceSource n;
  auto s = make("driver", kNow, n.next(), KeyRegistry::derived_key("driver"));
  std::string tampered = s.f1;
  tampered[tampered.find("echo.a") + 5] = 'b';
  auto m = WireCodec().decode(tampered).value();
  auto st = auth.verify(tampered, s.f2, m, kNow);
  BOOST_TEST_REQUIRE(!st.ok());
  BOOST_TEST(st.error().code == "E1101");
}

// Purpose: unknown kid, wrong key, kid other than `from`, and a missing or broken frame 2 are
// E1101.
BOOST_AUTO_TEST_CASE(auth_failures_are_e1101) {
  Authenticator auth(registry());
  NonceSource n;
  auto unknown = make("mallory", kNow, n.next(), KeyRegistry::derived_key("mallory"));
  auto wrong_key = make("driver", kNow, n.next(), KeyRegistry::derived_key("reader.1"));
  auto good = make("driver", kNow, n.next(), KeyRegistry::derived_key("driver"));
  const std::string other_kid = Authenticator::sign_with(
      good.f1, "reader.310100000001", KeyRegistry::derived_key("reader.310100000001"));
  struct Case {
    const Signed* s;
    std::string f2;
  } cases[] = {{&unknown, unknown.f2},
               {&wrong_key, wrong_key.f2},
               {&good, other_kid},
               {&good, ""},
               {&good, "{"},
               {&good, R"({"kid":"driver"})"},
               {&good, R"({"kid":"driver","mac":"zz"})"}};
  for (const auto& c : cases) {
    auto st = auth.verify(c.s->f1, c.f2, c.s->m, kNow);
    BOOST_TEST_REQUIRE(!st.ok(), c.f2);
    BOOST_TEST(st.error().code == "E1101", c.f2 << " -> " << st.error().message);
  }
}

// Purpose: ts more than 30 s from the receiver's clock is E1103, at the edge accepted (STD-3.4).
BOOST_AUTO_TEST_CASE(stale_is_e1103) {
  Authenticator auth(registry());
  NonceSource n;
  const Bytes k = KeyRegistry::derived_key("driver");
  for (std::int64_t off : {-30'001LL, 30'001LL, -3'600'000LL}) {
    auto s = make("driver", kNow + off, n.next(), k);
    auto st = auth.verify(s.f1, s.f2, s.m, kNow);
    BOOST_TEST_REQUIRE(!st.ok(), off);
    BOOST_TEST(st.error().code == "E1103", off);
  }
  for (std::int64_t off : {-30'000LL, 30'000LL}) {
    auto s = make("driver", kNow + off, n.next(), k);
    BOOST_TEST(auth.verify(s.f1, s.f2, s.m, kNow).ok(), off);
  }
}

// Purpose: a nonce seen before from the same kid is E1102; another kid may use it (STD-3.4).
BOOST_AUTO_TEST_CASE(replay_is_e1102) {
  Authenticator auth(registry());
  const std::string nonce = NonceSource().next();
  auto s = make("driver", kNow, nonce, KeyRegistry::derived_key("driver"));
  BOOST_TEST(auth.verify(s.f1, s.f2, s.m, kNow).ok());
  auto again = auth.verify(s.f1, s.f2, s.m, kNow + 10);
  BOOST_TEST_REQUIRE(!again.ok());
  BOOST_TEST(again.error().code == "E1102");
  auto other =
      make("reader.310100000001", kNow, nonce, KeyRegistry::derived_key("reader.310100000001"));
  BOOST_TEST(auth.verify(other.f1, other.f2, other.m, kNow).ok());
}

// Purpose: the nonce memory is bounded and forgetting never lets a replay through (STD-3.4).
BOOST_AUTO_TEST_CASE(replay_memory_bounded) {
  ReplayGuard guard(30'000, 100);
  NonceSource n;
  std::vector<std::pair<std::string, std::int64_t>> sent;
  for (int i = 0; i < 1000; ++i) {
    const std::string nonce = n.next();
    const std::int64_t ts = kNow - 20'000 + i;
    BOOST_TEST_REQUIRE((guard.admit("driver", nonce, ts, kNow) == ErrorCode::ok));
    sent.emplace_back(nonce, ts);
  }
  BOOST_TEST(guard.size() <= 100u);
  for (const auto& [nonce, ts] : sent)
    BOOST_TEST((guard.admit("driver", nonce, ts, kNow) != ErrorCode::ok));
  // Nonces expire with the window: memory drains as time moves on.
  BOOST_TEST((guard.admit("driver", n.next(), kNow + 40'000, kNow + 40'000) == ErrorCode::ok));
  BOOST_TEST(guard.size() == 1u);
}

// Purpose: the nonce source gives distinct 32-hex nonces (STD-3.1).
BOOST_AUTO_TEST_CASE(nonces_distinct) {
  NonceSource a, b;
  std::set<std::string> seen;
  for (int i = 0; i < 1000; ++i) {
    auto x = a.next(), y = b.next();
    BOOST_TEST_REQUIRE(is_nonce(x));
    seen.insert(x);
    seen.insert(y);
  }
  BOOST_TEST(seen.size() == 2000u);
}

BOOST_AUTO_TEST_SUITE_END()
