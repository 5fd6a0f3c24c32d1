#pragma once
/// Which actor a node of a given role runs: a registry role -> maker(node params, address).
/// `ykt serve` looks roles up here; model roles register themselves with RegisterRole in their own
/// app/lib file (e.g. `const RegisterRole reg("backend", make_backend);`).
#include <json/value.h>

#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "actor.hpp"
#include "result.hpp"

namespace ykt::app {

/// Builds the actor at `address` from its node's `params`; may throw or return null on bad params.
using ActorMaker =
    std::function<std::shared_ptr<Actor>(const Json::Value& params, const std::string& address)>;

/// The role registry.
class ActorFactory {
 public:
  /// The process-wide registry.
  static ActorFactory& instance();
  /// Registers (or replaces) the maker of `role`.
  void register_role(const std::string& role, ActorMaker maker);
  /// True when `role` has a maker.
  [[nodiscard]] bool has(const std::string& role) const;
  /// Builds an actor; the error names role, address and what went wrong.
  [[nodiscard]] Result<std::shared_ptr<Actor>> make(const std::string& role,
                                                    const Json::Value& params,
                                                    const std::string& address) const;
  /// Registered roles, sorted.
  [[nodiscard]] std::vector<std::string> roles() const;

 private:
  std::map<std::string, ActorMaker> makers_;
};

/// Registers a role at static-initialisation time.
struct RegisterRole {
  RegisterRole(const std::string& role, ActorMaker maker) {
    ActorFactory::instance().register_role(role, std::move(maker));
  }
};

}  // namespace ykt::app
