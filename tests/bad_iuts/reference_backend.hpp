#pragma once
/// The reference provincial backend (models/backend) set up as an IUT for the certification tests,
/// and the IXIT test data a vendor would hand the lab with it: test cards in each state, the
/// digest of a holder, a venue, catalogue items and QR tokens.
#include <json/value.h>

#include <memory>
#include <string>

#include "backend/provincial_backend.hpp"

namespace ykt::testing {

/// A reference backend of `province` (application items from `items_path`; services listed in
/// `drop_service` are removed from the list) and the test data matching it.
struct ReferenceBackend {
  std::shared_ptr<backend::ProvincialBackend> actor;  ///< the backend
  Json::Value test_data;                              ///< IXIT test_data for the backend suite
};

/// Builds the backend and its test data.
ReferenceBackend make_reference_backend(const std::string& province, const std::string& items_path,
                                        const std::string& drop_service = {});

/// Writes an IXIT for a backend IUT at `endpoint` with peers at `peer` to `path`.
bool write_backend_ixit(const std::string& path, const std::string& endpoint,
                        const std::string& peer, const std::string& province,
                        const Json::Value& test_data);

}  // namespace ykt::testing
