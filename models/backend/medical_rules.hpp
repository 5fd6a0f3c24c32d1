#pragma once
/// Cross-province medical arithmetic (STD-6.7, FACTS §6): the treatment place's catalogue decides
/// what is covered, the insured place's policy (deductible per visit, ratio, annual cap) what the
/// fund pays (STD-6.7.3).
/// All amounts in fen; shares in per mille; every division rounds down (ykt definition).
#include <json/value.h>

#include <cstdint>
#include <string>
#include <vector>

#include "result.hpp"
#include "service_rules.hpp"

namespace ykt::backend {

/// One line of a bill.
struct BillItem {
  std::string code;             ///< catalogue code
  std::int64_t qty = 0;         ///< quantity
  std::int64_t unit_price = 0;  ///< fen
};

/// What a bill costs and how much of it the catalogue covers.
struct CoveredBill {
  std::int64_t total = 0;    ///< Σ qty·unit_price
  std::int64_t covered = 0;  ///< Σ floor(qty·unit_price·category share / 1000)
};

/// The fund's share of a covered amount for one insured person.
struct PolicyOutcome {
  std::int64_t deductible_applied = 0;  ///< part of the visit's covered amount the insured bears
  std::int64_t fund_pays = 0;           ///< fund payment, within the annual cap
};

/// Parses `items` of `med.presettle` (code, qty ≥ 1, unit_price ≥ 0); E1002 naming the line.
Result<std::vector<BillItem>> parse_bill(const Json::Value& items);

/// Applies the treatment place's catalogue to a bill.
CoveredBill cover_bill(const MedicalCatalogue& catalogue, const std::vector<BillItem>& bill);

/// One visit (STD-6.7.3): deductible_applied = min(covered, deductible), every visit afresh;
/// fund = floor((covered − deductible_applied) · ratio / 1000), at most max(0, cap − used).
PolicyOutcome apply_policy(const MedicalPolicy& policy, std::int64_t covered, std::int64_t used);

}  // namespace ykt::backend
