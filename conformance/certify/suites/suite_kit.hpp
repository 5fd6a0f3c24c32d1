#pragma once
/// Helpers shared by the built-in suites: a compact case builder, IXIT test-data access, and the
/// envelope/authentication/replay cases every role must pass (STD-3, STD-8.2).
#include <string>
#include <vector>

#include "case_context.hpp"
#include "test_case.hpp"

namespace ykt::certify::kit {

/// Appends cases to a suite.
class Builder {
 public:
  explicit Builder(Suite& s) : s_(s) {}
  /// Adds one case; returns it for further settings (time-out).
  TestCase& add(std::string id, std::string purpose, std::vector<std::string> clauses,
                std::string ics, std::string pre, std::string stimulus, std::string expected,
                std::function<void(CaseContext&)> body);

 private:
  Suite& s_;
};

/// IXIT test_data[key] as an object; sets inconc naming the key when absent.
std::optional<Json::Value> data(CaseContext& c, const std::string& key);
/// The card_ref object of test_data[key]; inconc when absent.
std::optional<Json::Value> card(CaseContext& c, const std::string& key);
/// Adds the envelope, authentication and replay cases (`<prefix>-SEC-nnn`, `<prefix>-ENV-nnn`)
/// with `type`/`body` a harmless valid request for the role.
void add_common_cases(Builder& b, const std::string& prefix, const std::string& type,
                      const Json::Value& body);
/// A txn.purchase body (online) for `card` at terminal `term` with a TAC made with the issuer
/// keys (STD-4.6), as an acquirer sends it.
Json::Value purchase_body(CaseContext& c, const std::string& term, const Json::Value& card,
                          std::uint32_t amount, const std::string& txn_id);
/// The answer the harness gives when it plays an issuing backend (or the exchange in front of
/// one): spec-shaped, never a full citizen ID.
std::optional<Json::Value> issuer_answer(const PeerRequest& r);
/// True when a response body (compact JSON) holds no valid full citizen ID (STD-8.4).
bool free_of_citizen_ids(const Json::Value& body);

}  // namespace ykt::certify::kit
