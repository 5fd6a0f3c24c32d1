#include "wire_client.hpp"

#include <unistd.h>

#include <unordered_map>
#include <zmq.hpp>
#include <zmq_addon.hpp>

#include "authenticator.hpp"
#include "nonce_source.hpp"
#include "sim_time.hpp"
#include "wire_codec.hpp"

namespace ykt::wire {
namespace {

using Clock = std::chrono::steady_clock;

Error timeout_error(const std::string& endpoint, std::chrono::milliseconds t) {
  return Error{"E3002",
               "no reply from " + endpoint + " within " + std::to_string(t.count()) + " ms"};
}

}  // namespace

struct WireClient::Impl {
  std::string endpoint;
  ClientOptions opt;
  Bytes key;
  zmq::context_t zctx{1};
  zmq::socket_t sock{zctx, zmq::socket_type::dealer};
  WireCodec codec;
  Authenticator checker;
  NonceSource nonces;
  std::string id_prefix;
  std::uint64_t next_id = 0;

  explicit Impl(ClientOptions o) : opt(std::move(o)), checker(opt.reply_keys) {
    key = opt.key ? *opt.key : KeyRegistry::derived_key(opt.kid);
    id_prefix = opt.kid + "-" + std::to_string(::getpid()) + "-" +
                std::to_string(reinterpret_cast<std::uintptr_t>(this) & 0xFFFF) + "-";
  }

  /// Reads one reply if one arrives within `wait`: nullopt on time-out, Error on a bad reply.
  std::optional<Result<Envelope>> read_one(std::chrono::milliseconds wait) {
    zmq_pollitem_t item{sock.handle(), 0, ZMQ_POLLIN, 0};
    try {
      if (zmq::poll(&item, 1, wait) == 0) return std::nullopt;
    } catch (const zmq::error_t& err) {
      if (err.num() == EINTR) return std::nullopt;
      throw;
    }
    std::vector<zmq::message_t> frames;
    if (!zmq::recv_multipart(sock, std::back_inserter(frames), zmq::recv_flags::dontwait))
      return std::nullopt;
    if (frames.size() != 2)
      return Result<Envelope>(
          Error{"E1001", "reply with " + std::to_string(frames.size()) + " frames"});
    auto m = codec.decode(frames[0].to_string_view());
    if (!m) return Result<Envelope>(m.error());
    if (opt.verify_replies) {
      if (auto s = checker.verify_mac(frames[0].to_string_view(), frames[1].to_string_view(), *m);
          !s)
        return Result<Envelope>(s.error());
    }
    return Result<Envelope>(std::move(m->env));
  }
};

Result<std::unique_ptr<WireClient>> WireClient::connect(const std::string& endpoint,
                                                        ClientOptions options) {
  if (options.kid.empty()) return Error{"usage", "client needs a kid (sender address)"};
  auto impl = std::make_unique<Impl>(std::move(options));
  impl->endpoint = endpoint;
  try {
    impl->sock.set(zmq::sockopt::sndhwm, impl->opt.hwm);
    impl->sock.set(zmq::sockopt::rcvhwm, impl->opt.hwm);
    impl->sock.set(zmq::sockopt::linger, 0);
    impl->sock.connect(endpoint);
  } catch (const zmq::error_t& err) {
    return Error{"connect", "cannot connect to " + endpoint + ": " + err.what()};
  }
  return std::unique_ptr<WireClient>(new WireClient(std::move(impl)));
}

WireClient::WireClient(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
WireClient::~WireClient() = default;

const std::string& WireClient::endpoint() const {
  return impl_->endpoint;
}

std::string WireClient::new_id() {
  return impl_->id_prefix + std::to_string(++impl_->next_id);
}

std::pair<std::string, std::string> WireClient::seal(Envelope& req) {
  if (req.from.empty()) req.from = impl_->opt.kid;
  if (req.id.empty()) req.id = new_id();
  std::string f1 = impl_->codec.encode(req, to_epoch_ms(wall_now()), impl_->nonces.next());
  std::string f2 = Authenticator::sign_with(f1, impl_->opt.kid, impl_->key);
  return {std::move(f1), std::move(f2)};
}

Status WireClient::send_frames(const std::vector<std::string>& frames) {
  std::vector<zmq::const_buffer> parts;
  for (const auto& f : frames) parts.push_back(zmq::buffer(f));
  try {
    if (!zmq::send_multipart(impl_->sock, parts, zmq::send_flags::dontwait))
      return Error{"E3002", "send queue to " + impl_->endpoint + " full"};
  } catch (const zmq::error_t& err) {
    return Error{"io", std::string("send to ") + impl_->endpoint + " failed: " + err.what()};
  }
  return ok_status();
}

Result<std::string> WireClient::send(Envelope req) {
  auto frames = seal(req);
  if (frames.first.size() > kMaxFrameBytes)
    return Error{"E1003", "request is " + std::to_string(frames.first.size()) + " bytes"};
  if (auto s = send_frames({frames.first, frames.second}); !s) return s.error();
  return req.id;
}

Result<Envelope> WireClient::receive(std::chrono::milliseconds timeout) {
  const auto deadline = Clock::now() + timeout;
  for (;;) {
    const auto left =
        std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
    if (left.count() < 0) return timeout_error(impl_->endpoint, timeout);
    auto r = impl_->read_one(left);
    if (r) return std::move(*r);
  }
}

Result<Envelope> WireClient::call(Envelope req, std::chrono::milliseconds timeout) {
  auto id = send(std::move(req));
  if (!id) return id.error();
  const auto deadline = Clock::now() + timeout;
  for (;;) {
    const auto left =
        std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
    if (left.count() < 0) return timeout_error(impl_->endpoint, timeout);
    auto r = impl_->read_one(left);
    if (!r) continue;
    if (!*r) return r->error();
    if (r->value().id == *id) return std::move(r->value());
    // A late reply to an earlier call: not ours, keep waiting.
  }
}

PipelineReport WireClient::pipeline(std::vector<Envelope> requests, std::size_t in_flight,
                                    std::chrono::milliseconds deadline_after) {
  PipelineReport rep;
  rep.replies.resize(requests.size());
  rep.latency_ns.reserve(requests.size());
  if (in_flight == 0) in_flight = 1;
  std::unordered_map<std::string, std::pair<std::size_t, Clock::time_point>> outstanding;
  const auto start = Clock::now();
  const auto deadline = start + deadline_after;
  std::size_t next = 0;
  while ((next < requests.size() || !outstanding.empty()) && Clock::now() < deadline) {
    while (next < requests.size() && outstanding.size() < in_flight) {
      Envelope& req = requests[next];
      auto frames = seal(req);
      if (!send_frames({frames.first, frames.second})) break;  // queue full: read first
      outstanding.emplace(req.id, std::make_pair(next, Clock::now()));
      ++next;
    }
    const auto left =
        std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
    auto r = impl_->read_one(
        std::max(std::chrono::milliseconds(0), std::min(left, std::chrono::milliseconds(50))));
    if (!r) continue;
    if (!*r) {
      ++rep.rejected_replies;
      continue;
    }
    auto it = outstanding.find(r->value().id);
    if (it == outstanding.end()) continue;
    rep.latency_ns.push_back(
        std::chrono::duration_cast<std::chrono::nanoseconds>(Clock::now() - it->second.second)
            .count());
    rep.replies[it->second.first] = std::move(r->value());
    ++rep.answered;
    outstanding.erase(it);
  }
  rep.lost = requests.size() - rep.answered;
  rep.wall_ns = std::chrono::duration_cast<std::chrono::nanoseconds>(Clock::now() - start).count();
  return rep;
}

}  // namespace ykt::wire
