#pragma once
/// The reference models as `ykt serve` roles (card, reader, backend, exchange), built from a
/// topology node's `params` (population seed and scale, data paths, audit log).
#include <json/value.h>

#include <memory>
#include <string>

#include "population/population.hpp"

namespace ykt::app {

/// The population a node's params describe (`seed`, `scale`; defaults 1 and 1000), shared by
/// every actor of the process that asks for the same parameters.
std::shared_ptr<const population::Population> population_for(const Json::Value& params);

/// Path of a data file shipped in the source tree (`scenarios/data/<name>`), or the override
/// in `params[key]` when present.
std::string data_path(const Json::Value& params, const std::string& key, const std::string& name);

}  // namespace ykt::app
