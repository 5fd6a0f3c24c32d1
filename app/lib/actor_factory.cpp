#include "actor_factory.hpp"

#include "echo_actor.hpp"

namespace ykt::app {

ActorFactory& ActorFactory::instance() {
  static ActorFactory f;
  return f;
}

void ActorFactory::register_role(const std::string& role, ActorMaker maker) {
  makers_[role] = std::move(maker);
}

bool ActorFactory::has(const std::string& role) const {
  return makers_.count(role) != 0;
}

Result<std::shared_ptr<Actor>> ActorFactory::make(const std::string& role,
                                                  const Json::Value& params,
                                                  const std::string& address) const {
  auto it = makers_.find(role);
  if (it == makers_.end()) return Error{"usage", "unknown role \"" + role + "\""};
  std::shared_ptr<Actor> a;
  try {
    a = it->second(params, address);
  } catch (const std::exception& ex) {
    return Error{"usage", "role " + role + ", actor " + address + ": " + ex.what()};
  }
  if (!a) return Error{"usage", "role " + role + " cannot build actor " + address};
  return a;
}

std::vector<std::string> ActorFactory::roles() const {
  std::vector<std::string> r;
  for (const auto& [name, maker] : makers_) r.push_back(name);
  return r;
}

namespace {
/// The built-in diagnostic role: every hosted address answers with the request's body.
const RegisterRole echo_role("echo", [](const Json::Value&, const std::string&) {
  return std::make_shared<wire::EchoActor>();
});
}  // namespace

}  // namespace ykt::app
