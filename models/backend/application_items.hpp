#pragma once
/// The published application-item list (STD-11, FACTS §1): which services each province offers.
/// Loaded from conformance/spec/application-items.json, so it is adjusted without a code change.
#include <json/value.h>

#include <string>
#include <string_view>
#include <vector>

#include "result.hpp"

namespace ykt::backend {

/// One application item.
struct ApplicationItem {
  std::string id;                      ///< "TR-01"
  std::string name_zh;                 ///< 地铁乘车
  std::string name_en;                 ///< Metro ride
  std::vector<std::string> services;   ///< "transit", "venue", ...
  std::vector<std::string> provinces;  ///< provinces offering it
};

/// The versioned list.
struct ApplicationItems {
  std::string version;  ///< "2026.1"
  std::vector<ApplicationItem> items;

  /// True when `province` offers at least one item of `service`.
  [[nodiscard]] bool offers(std::string_view province, std::string_view service) const;
  /// Drops every item that carries `service` (an IUT configured not to offer it, STD-6.10).
  void drop_service(std::string_view service);
  /// The `apps.list.rsp` body for `province` (status, version, items).
  [[nodiscard]] Json::Value list_for(std::string_view province) const;
};

/// Parses the application-items.json format (`service` or `services` per item).
Result<ApplicationItems> application_items_from_json(const Json::Value& v);

/// Loads the list from a file; the error names the file.
Result<ApplicationItems> load_application_items(const std::string& path);

/// The service an acquirer must offer to serve a request type (STD-11): `txn.purchase` and
/// `txn.batch` -> transit, `venue.admit` -> venue, `id.verify` -> identity, `med.*` -> medical,
/// `topup.*` -> topup, `qr.*` -> qr, `card.status` -> status; empty for types not gated.
std::string_view service_of(std::string_view type);

}  // namespace ykt::backend
