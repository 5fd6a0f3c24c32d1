/// Measures the wire codec in one run: frame 1 encode + decode of a ~300-byte `txn.purchase`
/// envelope with the RapidJSON back end and the jsoncpp back end (plus jsoncpp's generic
/// parse+serialize), medians over repetitions, and prints the ratios.
/// Usage: bench_wire_codec [iterations per repetition] [repetitions]
#include <cstdio>
#include <cstdlib>
#include <functional>

#include "authenticator.hpp"
#include "crypto.hpp"
#include "json_util.hpp"
#include "latency_stats.hpp"
#include "wire_codec.hpp"

using namespace ykt;
using namespace ykt::wire;

namespace {

Envelope purchase() {
  Envelope e;
  e.type = "txn.purchase";
  e.id = "reader.310100000001-000000000abc";
  e.from = "backend.310000";
  e.to = "exchange";
  Json::Value& b = e.body;
  b["txn_id"] = "310100000001-00000000abc1";
  b["terminal_id"] = "310100000001";
  b["card_ref"]["issuer"] = "320500";
  b["card_ref"]["card_no"] = "Y32000042";
  b["amount"] = 300;
  b["txn_type"] = "06";
  b["atc"] = 17;
  b["term_seq"] = 4242;
  b["date"] = "20261130";
  b["time"] = "143330";
  b["tac"] = "1a2b3c4d";
  b["online"] = true;
  return e;
}

/// Median ns per call of `op` over `reps` repetitions of `iters` calls.
double median_ns(int iters, int reps, const std::function<void()>& op) {
  std::vector<double> per_op;
  for (int r = 0; r < reps; ++r) {
    const auto t0 = bench::now_ns();
    for (int i = 0; i < iters; ++i) op();
    per_op.push_back(static_cast<double>(bench::now_ns() - t0) / iters);
  }
  return bench::median(per_op);
}

}  // namespace

int main(int argc, char** argv) {
  const int iters = argc > 1 ? std::atoi(argv[1]) : 20000;
  const int reps = argc > 2 ? std::atoi(argv[2]) : 11;
  if (iters <= 0 || reps <= 0) {
    std::fprintf(stderr, "usage: bench_wire_codec [iterations>0] [repetitions>0]\n");
    return 2;
  }
  const Envelope e = purchase();
  const std::string nonce = "0123456789abcdef0123456789abcdef";
  WireCodec fast(CodecBackend::rapidjson), slow(CodecBackend::jsoncpp);
  const std::string frame = fast.encode(e, 1'780'000'000'000, nonce);
  std::printf("frame 1: %zu bytes; %d iterations x %d repetitions, medians\n", frame.size(), iters,
              reps);

  std::size_t sink = 0;
  struct Row {
    const char* name;
    double encode, decode;
  };
  std::vector<Row> rows;
  for (auto* codec : {&fast, &slow}) {
    Row r{codec == &fast ? "rapidjson (SAX -> Json::Value)" : "jsoncpp (CharReader/StreamWriter)",
          0, 0};
    r.encode =
        median_ns(iters, reps, [&] { sink += codec->encode(e, 1'780'000'000'000, nonce).size(); });
    r.decode = median_ns(iters, reps, [&] { sink += codec->decode(frame)->env.body.size(); });
    rows.push_back(r);
  }
  Row generic{"jsoncpp generic json::parse+compact", 0, 0};
  generic.encode = median_ns(iters, reps, [&] { sink += json::compact(e.body).size(); });
  generic.decode = median_ns(iters, reps, [&] { sink += json::parse(frame)->size(); });
  rows.push_back(generic);

  std::printf("%-38s %12s %12s %14s\n", "codec", "encode us", "decode us", "enc+dec us");
  for (const auto& r : rows)
    std::printf("%-38s %12.2f %12.2f %14.2f\n", r.name, r.encode / 1000, r.decode / 1000,
                (r.encode + r.decode) / 1000);
  const double fast_total = rows[0].encode + rows[0].decode;
  const double slow_total = rows[1].encode + rows[1].decode;
  std::printf("ratio jsoncpp/rapidjson: encode %.2fx, decode %.2fx, encode+decode %.2fx\n",
              rows[1].encode / rows[0].encode, rows[1].decode / rows[0].decode,
              slow_total / fast_total);
  // The other per-message costs of a hop, for scale.
  const Bytes key = KeyRegistry::derived_key("driver");
  const std::string f2 = Authenticator::sign_with(frame, "driver", key);
  Authenticator auth(KeyRegistry::accept_all());
  auto decoded = fast.decode(frame).value();
  decoded.env.from = "driver";
  const double hmac =
      median_ns(iters, reps, [&] { sink += crypto::hmac_sm3(key, frame.data(), frame.size())[0]; });
  const double sign = median_ns(
      iters, reps, [&] { sink += Authenticator::sign_with(frame, "driver", key).size(); });
  const double check =
      median_ns(iters, reps, [&] { sink += auth.verify_mac(frame, f2, decoded).ok(); });
  std::printf("HMAC-SM3 of frame 1: %.2f us; sign (frame 2): %.2f us; verify MAC: %.2f us\n",
              hmac / 1000, sign / 1000, check / 1000);
  std::printf("chosen wire codec: %s\n", fast_total <= slow_total ? "rapidjson" : "jsoncpp");
  return sink == 0 ? 1 : 0;
}
