/// Measures one request/response hop over tcp loopback in the same run, two ways:
///  1. bare cppzmq: DEALER client -> ROUTER echo thread (frames bounced unchanged);
///  2. ykt: WireClient -> ZmqNode hosting an EchoActor (WireCodec + Authenticator on both sides).
/// Sequential round trips give latency percentiles (every sample kept); N requests with W in flight
/// give throughput. Prints both and the ratios.
/// Usage: bench_wire_hop [sequential N] [pipelined N] [in flight W]
#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <thread>
#include <zmq.hpp>
#include <zmq_addon.hpp>

#include "authenticator.hpp"
#include "echo_actor.hpp"
#include "latency_stats.hpp"
#include "wire_client.hpp"
#include "zmq_node.hpp"

using namespace ykt;
using namespace ykt::wire;
using namespace std::chrono_literals;

namespace {

constexpr int kHwm = 100'000;

/// A ROUTER that bounces every message back to its sender until stopped.
class BareEcho {
 public:
  BareEcho() : router_(ctx_, zmq::socket_type::router) {
    router_.set(zmq::sockopt::router_mandatory, 1);
    router_.set(zmq::sockopt::sndhwm, kHwm);
    router_.set(zmq::sockopt::rcvhwm, kHwm);
    router_.set(zmq::sockopt::linger, 0);
    router_.bind("tcp://127.0.0.1:*");
    endpoint_ = router_.get(zmq::sockopt::last_endpoint);
    thread_ = std::thread([this] { loop(); });
  }
  ~BareEcho() {
    stop_ = true;
    thread_.join();
  }
  const std::string& endpoint() const { return endpoint_; }

 private:
  void loop() {
    zmq_pollitem_t item{router_.handle(), 0, ZMQ_POLLIN, 0};
    std::vector<zmq::message_t> frames;
    while (!stop_) {
      if (zmq::poll(&item, 1, 100ms) == 0) continue;
      for (int i = 0; i < 512; ++i) {
        frames.clear();
        if (!zmq::recv_multipart(router_, std::back_inserter(frames), zmq::recv_flags::dontwait))
          break;
        (void)zmq::send_multipart(router_, frames, zmq::send_flags::dontwait);
      }
    }
  }
  zmq::context_t ctx_{1};
  zmq::socket_t router_;
  std::string endpoint_;
  std::thread thread_;
  std::atomic<bool> stop_{false};
};

Envelope echo_request() {
  Envelope e;
  e.type = "txn.purchase";
  e.to = "echo.bench";
  e.body["txn_id"] = "310100000001-00000000abc1";
  e.body["terminal_id"] = "310100000001";
  e.body["card_ref"]["issuer"] = "320500";
  e.body["card_ref"]["card_no"] = "Y32000042";
  e.body["amount"] = 300;
  e.body["atc"] = 17;
  e.body["tac"] = "1a2b3c4d";
  return e;
}

struct Result2 {
  bench::LatencyStats seq;
  double throughput = 0;
  bench::LatencyStats piped;
  std::size_t lost = 0;
};

Result2 run_bare(int n_seq, int n_pipe, int window) {
  BareEcho server;
  zmq::context_t ctx(1);
  zmq::socket_t s(ctx, zmq::socket_type::dealer);
  s.set(zmq::sockopt::sndhwm, kHwm);
  s.set(zmq::sockopt::rcvhwm, kHwm);
  s.set(zmq::sockopt::linger, 0);
  s.connect(server.endpoint());
  // The same bytes a ykt client would send, so only the processing differs.
  Envelope e = echo_request();
  e.from = "driver";
  e.id = "driver-1";
  const std::string f1 = WireCodec().encode(e, 1, "0123456789abcdef0123456789abcdef");
  const std::string f2 = Authenticator::sign_with(f1, "driver", KeyRegistry::derived_key("driver"));
  std::array<zmq::const_buffer, 2> parts{zmq::buffer(f1), zmq::buffer(f2)};
  zmq_pollitem_t item{s.handle(), 0, ZMQ_POLLIN, 0};
  std::vector<zmq::message_t> in;
  auto recv_one = [&](std::chrono::milliseconds wait) {
    if (zmq::poll(&item, 1, wait) == 0) return false;
    in.clear();
    return zmq::recv_multipart(s, std::back_inserter(in), zmq::recv_flags::dontwait).has_value();
  };
  Result2 r;
  for (int i = 0; i < n_seq / 10 + 100; ++i) {  // warm-up
    (void)zmq::send_multipart(s, parts);
    if (!recv_one(2000ms)) ++r.lost;
  }
  for (int i = 0; i < n_seq; ++i) {
    const auto t0 = bench::now_ns();
    (void)zmq::send_multipart(s, parts);
    if (!recv_one(2000ms)) {
      ++r.lost;
      continue;
    }
    r.seq.add(bench::now_ns() - t0);
  }
  int sent = 0, got = 0;
  const auto t0 = bench::now_ns();
  const auto deadline = std::chrono::steady_clock::now() + 60s;
  while (got < n_pipe && std::chrono::steady_clock::now() < deadline) {
    while (sent < n_pipe && sent - got < window) {
      (void)zmq::send_multipart(s, parts);
      ++sent;
    }
    if (recv_one(50ms)) ++got;
  }
  r.throughput = got / (static_cast<double>(bench::now_ns() - t0) / 1e9);
  r.lost += static_cast<std::size_t>(n_pipe - got);
  return r;
}

Result2 run_node(int n_seq, int n_pipe, int window) {
  NodeOptions o;
  o.name = "bench";
  o.role = "echo";
  o.endpoint = "tcp://127.0.0.1:0";
  o.actors = {"echo.bench"};
  o.keys.accept_pattern("echo.bench");
  o.keys.accept_pattern("driver");
  auto node = ZmqNode::create(o);
  if (!node) {
    std::fprintf(stderr, "bench: %s\n", node.error().message.c_str());
    std::exit(2);
  }
  (*node)->add_actor("echo.bench", std::make_shared<EchoActor>());
  std::thread loop([&] { (*node)->run(); });
  auto client = WireClient::connect((*node)->endpoint(), ClientOptions{"driver"});
  Result2 r;
  for (int i = 0; i < n_seq / 10 + 100; ++i)
    if (!(*client)->call(echo_request(), 2000ms)) ++r.lost;
  for (int i = 0; i < n_seq; ++i) {
    const auto t0 = bench::now_ns();
    if (!(*client)->call(echo_request(), 2000ms)) {
      ++r.lost;
      continue;
    }
    r.seq.add(bench::now_ns() - t0);
  }
  std::vector<Envelope> reqs(static_cast<std::size_t>(n_pipe), echo_request());
  auto rep = (*client)->pipeline(std::move(reqs), static_cast<std::size_t>(window), 120s);
  r.throughput = static_cast<double>(rep.answered) / (static_cast<double>(rep.wall_ns) / 1e9);
  for (auto ns : rep.latency_ns) r.piped.add(ns);
  r.lost += rep.lost;
  (*node)->request_stop();
  loop.join();
  return r;
}

}  // namespace

int main(int argc, char** argv) {
  const int n_seq = argc > 1 ? std::atoi(argv[1]) : 20000;
  const int n_pipe = argc > 2 ? std::atoi(argv[2]) : 100000;
  const int window = argc > 3 ? std::atoi(argv[3]) : 100;
  if (n_seq <= 0 || n_pipe <= 0 || window <= 0) {
    std::fprintf(stderr,
                 "usage: bench_wire_hop [sequential N>0] [pipelined N>0] [in flight W>0]\n");
    return 2;
  }
  std::printf("tcp loopback hop; sequential %d round trips; pipelined %d with %d in flight\n",
              n_seq, n_pipe, window);
  Result2 bare = run_bare(n_seq, n_pipe, window);
  Result2 ykt = run_node(n_seq, n_pipe, window);
  std::printf("bare cppzmq DEALER/ROUTER  sequential: %s\n", bare.seq.summary().c_str());
  std::printf("bare cppzmq DEALER/ROUTER  pipelined : %.0f round trips/s\n", bare.throughput);
  std::printf("ykt WireClient->ZmqNode    sequential: %s\n", ykt.seq.summary().c_str());
  std::printf("ykt WireClient->ZmqNode    pipelined : %.0f round trips/s; in-flight latency %s\n",
              ykt.throughput, ykt.piped.summary().c_str());
  std::printf("ratio ykt/bare: p50 latency %.2fx, p99 latency %.2fx; bare/ykt throughput %.2fx\n",
              ykt.seq.percentile_us(0.5) / bare.seq.percentile_us(0.5),
              ykt.seq.percentile_us(0.99) / bare.seq.percentile_us(0.99),
              bare.throughput / ykt.throughput);
  std::printf("lost: bare %zu, ykt %zu\n", bare.lost, ykt.lost);
  return (bare.lost + ykt.lost) == 0 ? 0 : 1;
}
