#include "hosted_actor.hpp"

#include <deque>

#include "pii.hpp"

namespace ykt::certify {

class HostedActor::SyncContext final : public Context {
 public:
  explicit SyncContext(std::string self) : self_(std::move(self)) {}
  SimTime now() const override { return wall_now(); }
  const std::string& self() const override { return self_; }
  void send(Envelope e) override {
    e.from = self_;
    out.push_back(std::move(e));
  }
  TimerId set_timer(Duration /*after*/, std::string tag) override {
    timers.push_back({++next_, std::move(tag)});
    return next_;
  }
  void cancel_timer(TimerId id) override {
    for (auto it = timers.begin(); it != timers.end(); ++it)
      if (it->first == id) {
        timers.erase(it);
        return;
      }
  }
  std::string new_id() override { return self_ + "-" + std::to_string(++ids_); }
  void log(LogLevel /*level*/, std::string_view text) override {
    logs.push_back(pii::mask_text(text));
  }
  std::vector<Envelope> out;
  std::deque<std::pair<TimerId, std::string>> timers;
  std::vector<std::string> logs;

 private:
  std::string self_;
  TimerId next_ = 0;
  std::uint64_t ids_ = 0;
};

HostedActor::HostedActor(std::string address, std::shared_ptr<Actor> actor)
    : address_(std::move(address)),
      actor_(std::move(actor)),
      ctx_(std::make_unique<SyncContext>(address_)) {
  actor_->on_start(*ctx_);
}

HostedActor::~HostedActor() = default;

std::optional<Json::Value> HostedActor::handle(const Envelope& req) {
  std::lock_guard<std::mutex> lock(mu_);
  const std::size_t first = ctx_->out.size();
  actor_->on_message(*ctx_, req);
  for (int guard = 0; guard < 64 && !ctx_->timers.empty(); ++guard) {
    auto t = ctx_->timers.front();
    ctx_->timers.pop_front();
    actor_->on_timer(*ctx_, t.first, t.second);
  }
  std::optional<Json::Value> body;
  for (std::size_t i = first; i < ctx_->out.size(); ++i)
    if (ctx_->out[i].is_reply && ctx_->out[i].id == req.id) body = ctx_->out[i].body;
  return body;
}

std::vector<Envelope> HostedActor::sent_elsewhere() const {
  std::lock_guard<std::mutex> lock(mu_);
  std::vector<Envelope> r;
  for (const auto& e : ctx_->out)
    if (!e.is_reply) r.push_back(e);
  return r;
}

}  // namespace ykt::certify
