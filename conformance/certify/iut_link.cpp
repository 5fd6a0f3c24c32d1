#include "iut_link.hpp"

#include "authenticator.hpp"
#include "crypto.hpp"
#include "json_util.hpp"
#include "wire_codec.hpp"

namespace ykt::certify {

IutLink::IutLink(zmq::context_t& zctx, const Ixit& ixit, MessageRecorder& rec, std::string case_id)
    : sock_(zctx, zmq::socket_type::dealer), ixit_(ixit), rec_(rec), case_id_(std::move(case_id)) {
  sock_.set(zmq::sockopt::linger, 0);
  sock_.connect(ixit_.iut_endpoint);
}

std::string IutLink::fresh_nonce() {
  return to_hex(crypto::random_bytes(16));
}

Frames IutLink::build(const Envelope& e, std::int64_t ts_ms, const std::string& nonce,
                      const std::optional<Bytes>& key) const {
  wire::WireCodec codec;
  Frames f;
  f.envelope = codec.encode(e, ts_ms, nonce);
  f.auth = wire::Authenticator::sign_with(f.envelope, e.from, key ? *key : ixit_.key_of(e.from));
  return f;
}

std::string IutLink::describe(const Envelope& e) {
  std::string out = e.type + " id \"" + e.id + "\"";
  const Json::Value& b = e.body;
  if (b.isObject() && b["status"].isString()) out += " status " + b["status"].asString();
  if (b.isObject() && b["reason"].isString() && !b["reason"].asString().empty())
    out += " (" + b["reason"].asString().substr(0, 120) + ")";
  return out;
}

void IutLink::note_unmatched(std::string what) {
  if (unmatched_.size() < kUnmatchedKept) unmatched_.push_back(std::move(what));
  ++unmatched_count_;
}

std::optional<Answer> IutLink::request(const Envelope& e, std::chrono::milliseconds timeout) {
  return exchange(build(e, to_epoch_ms(wall_now()), fresh_nonce()), e.id, timeout);
}

std::optional<Answer> IutLink::exchange(const Frames& f, const std::string& id,
                                        std::chrono::milliseconds timeout) {
  unmatched_.clear();
  unmatched_count_ = 0;
  wire::WireCodec codec;
  auto sent = codec.decode(f.envelope);
  if (sent) {
    rec_.record(case_id_, sent->env, f.envelope.size());
  } else {
    rec_.record_raw(case_id_, wire::WireCodec::salvage_from(f.envelope), ixit_.iut_address,
                    "crafted frame: " + f.envelope.substr(0, 120), f.envelope.size());
  }
  const SimTime t0 = wall_now();
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  try {
    sock_.send(zmq::buffer(f.envelope), zmq::send_flags::sndmore);
    sock_.send(zmq::buffer(f.auth),
               f.extra.empty() ? zmq::send_flags::none : zmq::send_flags::sndmore);
    for (std::size_t i = 0; i < f.extra.size(); ++i)
      sock_.send(zmq::buffer(f.extra[i]),
                 i + 1 < f.extra.size() ? zmq::send_flags::sndmore : zmq::send_flags::none);
  } catch (const zmq::error_t& err) {
    rec_.log(case_id_, "harness.link", std::string("send failed: ") + err.what());
    return std::nullopt;
  }
  while (true) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) return std::nullopt;
    zmq::pollitem_t item{static_cast<void*>(sock_), 0, ZMQ_POLLIN, 0};
    zmq::poll(&item, 1, left);
    if (!(item.revents & ZMQ_POLLIN)) continue;
    std::vector<std::string> parts;
    while (true) {
      zmq::message_t m;
      if (!sock_.recv(m, zmq::recv_flags::none)) break;
      parts.push_back(m.to_string());
      if (!m.more()) break;
    }
    // Tolerate an empty delimiter frame in front (REQ-style peers).
    while (!parts.empty() && parts.front().empty()) parts.erase(parts.begin());
    if (parts.empty()) continue;
    auto got = codec.decode(parts[0]);
    if (!got) {
      rec_.record_raw(case_id_, ixit_.iut_address, "harness", "undecodable answer: " + parts[0],
                      parts[0].size());
      note_unmatched("an undecodable frame 1 (" + got.error().code + ": " +
                     got.error().message.substr(0, 80) + ")");
      continue;
    }
    rec_.record(case_id_, got->env, parts[0].size());
    // A late answer to an earlier request of this case is skipped. An answer to a frame whose id
    // could not be read carries "-" (STD-3.6): the caller asks for it with an empty id.
    const bool unreadable = id.empty() && got->env.type == "error";
    if (got->env.id != id && !unreadable) {
      note_unmatched(describe(got->env));
      continue;
    }
    Answer a;
    a.env = got->env;
    a.latency_ms = static_cast<double>((wall_now() - t0).count()) / 1e6;
    if (parts.size() >= 2) {
      auto auth = json::parse(parts[1]);
      if (auth && auth->isObject() && (*auth)["kid"].isString() && (*auth)["mac"].isString()) {
        const std::string kid = (*auth)["kid"].asString();
        const Bytes mac = crypto::hmac_sm3(ixit_.key_of(kid), parts[0].data(), parts[0].size());
        auto given = from_hex((*auth)["mac"].asString());
        a.mac_ok = given && kid == a.env.from && crypto::equal_ct(mac, *given);
      }
    }
    return a;
  }
}

}  // namespace ykt::certify
