#include "local_runtime.hpp"

#include "pii.hpp"

namespace ykt {

class LocalRuntime::ActorContext final : public Context {
 public:
  ActorContext(LocalRuntime& rt, std::string address, std::shared_ptr<Actor> actor)
      : rt_(rt), address_(std::move(address)), actor_(std::move(actor)) {}
  SimTime now() const override { return rt_.now_; }
  const std::string& self() const override { return address_; }
  void send(Envelope e) override {
    e.from = address_;
    rt_.schedule(rt_.now_ + rt_.hop_delay_,
                 [rt = &rt_, e = std::move(e)]() mutable { rt->deliver(std::move(e)); });
  }
  TimerId set_timer(Duration after, std::string tag) override {
    const TimerId id = ++rt_.next_timer_;
    rt_.live_timers_[id] = true;
    rt_.schedule(rt_.now_ + after, [this, id, tag = std::move(tag)] {
      auto it = rt_.live_timers_.find(id);
      if (it == rt_.live_timers_.end()) return;
      rt_.live_timers_.erase(it);
      actor_->on_timer(*this, id, tag);
    });
    return id;
  }
  void cancel_timer(TimerId id) override { rt_.live_timers_.erase(id); }
  std::string new_id() override { return address_ + "-" + std::to_string(++rt_.next_id_); }
  void log(LogLevel, std::string_view text) override {
    rt_.logs_.push_back(format_beijing(rt_.now_) + " " + address_ + " " + pii::mask_text(text));
  }
  Actor& actor() { return *actor_; }

 private:
  LocalRuntime& rt_;
  std::string address_;
  std::shared_ptr<Actor> actor_;
};

LocalRuntime::LocalRuntime(SimTime start, Duration hop_delay) : now_(start), hop_delay_(hop_delay) {}
LocalRuntime::~LocalRuntime() = default;

void LocalRuntime::add(const std::string& address, std::shared_ptr<Actor> actor) {
  auto ctx = std::make_unique<ActorContext>(*this, address, std::move(actor));
  ActorContext* raw = ctx.get();
  actors_[address] = std::move(ctx);
  raw->actor().on_start(*raw);
}

void LocalRuntime::inject(Envelope e) {
  schedule(now_, [this, e = std::move(e)]() mutable { deliver(std::move(e)); });
}

void LocalRuntime::schedule(SimTime at, std::function<void()> fire) {
  events_.push(Event{at, ++seq_, std::move(fire)});
}

void LocalRuntime::deliver(Envelope e) {
  if (keep_trace_) trace_.push_back(e);
  auto it = actors_.find(e.to);
  if (it == actors_.end()) {
    undeliverable_.push_back(std::move(e));
    return;
  }
  it->second->actor().on_message(*it->second, e);
}

std::uint64_t LocalRuntime::run(SimTime limit) {
  std::uint64_t n = 0;
  while (!events_.empty() && events_.top().at <= limit) {
    Event ev = events_.top();
    events_.pop();
    now_ = ev.at;
    ev.fire();
    ++n;
  }
  if (limit.ns != INT64_MAX && now_ < limit) now_ = limit;
  return n;
}

}  // namespace ykt
