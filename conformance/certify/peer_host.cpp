#include "peer_host.hpp"

#include "authenticator.hpp"
#include "crypto.hpp"
#include "iut_link.hpp"
#include "json_util.hpp"
#include "wire_codec.hpp"

namespace ykt::certify {

PeerHost::PeerHost(zmq::context_t& zctx, const Ixit& ixit, MessageRecorder& rec)
    : zctx_(zctx), ixit_(ixit), rec_(rec) {}

PeerHost::~PeerHost() {
  stop();
}

Result<std::string> PeerHost::start(const std::string& endpoint) {
  try {
    sock_ = std::make_unique<zmq::socket_t>(zctx_, zmq::socket_type::router);
    sock_->set(zmq::sockopt::linger, 0);
    sock_->set(zmq::sockopt::router_mandatory, 1);
    sock_->bind(endpoint);
  } catch (const zmq::error_t& e) {
    return Error{"bind", "harness cannot bind peer endpoint " + endpoint + ": " + e.what()};
  }
  std::string bound = sock_->get(zmq::sockopt::last_endpoint);
  running_ = true;
  thread_ = std::thread([this] { serve(); });
  return bound;
}

void PeerHost::stop() {
  if (!running_.exchange(false)) return;
  if (thread_.joinable()) thread_.join();
  sock_.reset();
}

void PeerHost::handle(const std::string& prefix, PeerHandler h) {
  std::lock_guard<std::mutex> lock(mu_);
  handlers_[prefix] = std::move(h);
}

void PeerHost::override_handler(const std::string& prefix, PeerHandler h) {
  std::lock_guard<std::mutex> lock(mu_);
  overrides_[prefix] = std::move(h);
}

void PeerHost::reset() {
  std::lock_guard<std::mutex> lock(mu_);
  overrides_.clear();
  received_.clear();
}

void PeerHost::set_case(const std::string& case_id) {
  std::lock_guard<std::mutex> lock(mu_);
  case_id_ = case_id;
}

std::vector<PeerRequest> PeerHost::received() const {
  std::lock_guard<std::mutex> lock(mu_);
  return received_;
}

std::optional<PeerRequest> PeerHost::wait_for(const std::function<bool(const PeerRequest&)>& pred,
                                              std::chrono::milliseconds timeout) {
  std::unique_lock<std::mutex> lock(mu_);
  std::optional<PeerRequest> found;
  cv_.wait_for(lock, timeout, [&] {
    for (const auto& r : received_)
      if (pred(r)) {
        found = r;
        return true;
      }
    return false;
  });
  return found;
}

void PeerHost::serve() {
  wire::WireCodec codec;
  while (running_) {
    zmq::pollitem_t item{static_cast<void*>(*sock_), 0, ZMQ_POLLIN, 0};
    zmq::poll(&item, 1, std::chrono::milliseconds(20));
    if (!(item.revents & ZMQ_POLLIN)) continue;
    std::vector<zmq::message_t> parts;
    while (true) {
      zmq::message_t m;
      if (!sock_->recv(m, zmq::recv_flags::none)) break;
      const bool more = m.more();
      parts.push_back(std::move(m));
      if (!more) break;
    }
    if (parts.size() < 2) continue;
    zmq::message_t identity = std::move(parts[0]);
    std::size_t i = 1;
    bool delimiter = false;
    if (parts[i].size() == 0 && parts.size() > 2) {
      delimiter = true;
      ++i;
    }
    const std::string f1 = parts[i].to_string();
    const std::string f2 = i + 1 < parts.size() ? parts[i + 1].to_string() : std::string();
    auto msg = codec.decode(f1);
    std::string case_id;
    {
      std::lock_guard<std::mutex> lock(mu_);
      case_id = case_id_;
    }
    if (!msg) {
      rec_.record_raw(case_id, wire::WireCodec::salvage_from(f1), "harness", f1, f1.size());
      continue;
    }
    rec_.record(case_id, msg->env, f1.size());
    if (msg->env.is_reply) continue;  // the harness peers never wait for answers here
    PeerRequest req{msg->env, false, f1};
    auto auth = json::parse(f2);
    if (auth && auth->isObject() && (*auth)["kid"].isString() && (*auth)["mac"].isString()) {
      const std::string kid = (*auth)["kid"].asString();
      auto given = from_hex((*auth)["mac"].asString());
      const Bytes mac = crypto::hmac_sm3(ixit_.key_of(kid), f1.data(), f1.size());
      req.mac_ok = given && kid == msg->env.from && crypto::equal_ct(mac, *given);
    }
    PeerHandler handler;
    {
      std::lock_guard<std::mutex> lock(mu_);
      received_.push_back(req);
      for (const auto* table : {&overrides_, &handlers_}) {
        std::size_t best = 0;
        for (const auto& [prefix, h] : *table) {
          if (msg->env.to.compare(0, prefix.size(), prefix) == 0 &&
              (!handler || prefix.size() >= best)) {
            handler = h;
            best = prefix.size();
          }
        }
        if (handler) break;
      }
    }
    cv_.notify_all();
    if (!handler) continue;
    std::optional<Json::Value> body;
    try {
      body = handler(req);
    } catch (const std::exception& e) {
      rec_.log(case_id, "harness.peer", std::string("peer handler fault: ") + e.what());
    }
    if (!body) continue;
    Envelope rsp;
    rsp.type = msg->env.type == "error" ? "error" : response_type(msg->env.type);
    rsp.id = msg->env.id;
    rsp.from = msg->env.to;
    rsp.to = msg->env.from;
    rsp.body = *body;
    rsp.is_reply = true;
    const std::string out1 = codec.encode(rsp, to_epoch_ms(wall_now()), IutLink::fresh_nonce());
    const std::string out2 = wire::Authenticator::sign_with(out1, rsp.from, ixit_.key_of(rsp.from));
    rec_.record(case_id, rsp, out1.size());
    try {
      sock_->send(identity, zmq::send_flags::sndmore);
      if (delimiter) sock_->send(zmq::message_t(), zmq::send_flags::sndmore);
      sock_->send(zmq::buffer(out1), zmq::send_flags::sndmore);
      sock_->send(zmq::buffer(out2), zmq::send_flags::none);
    } catch (const zmq::error_t& e) {
      rec_.log(case_id, "harness.peer", std::string("reply not delivered: ") + e.what());
    }
  }
}

}  // namespace ykt::certify
