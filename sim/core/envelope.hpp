#pragma once
/// The unit every actor sends and receives (STD-3.1). Transports add authentication on the wire;
/// models see only these fields.
#include <json/value.h>

#include <string>

namespace ykt {

/// One message between two actors.
struct Envelope {
  std::string type;  ///< message type, e.g. `txn.purchase` or `txn.purchase.rsp` (STD-3.2)
  std::string id;    ///< message id; a response carries the id of its request (correlation)
  std::string from;  ///< sending actor's address, e.g. `backend.310000`
  std::string to;    ///< receiving actor's address
  Json::Value body{Json::objectValue};  ///< type-specific content, as in the type's JSON Schema
  bool is_reply = false;  ///< true for the response to an earlier request with the same id
};

/// The response type for a request type: `txn.purchase` -> `txn.purchase.rsp`.
inline std::string response_type(const std::string& request_type) { return request_type + ".rsp"; }

}  // namespace ykt
