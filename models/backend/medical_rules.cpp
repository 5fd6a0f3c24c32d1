#include "medical_rules.hpp"

#include <algorithm>

namespace ykt::backend {

Result<std::vector<BillItem>> parse_bill(const Json::Value& items) {
  if (!items.isArray() || items.empty()) return Error{"E1002", "items must be a non-empty array"};
  std::vector<BillItem> out;
  for (Json::ArrayIndex i = 0; i < items.size(); ++i) {
    const Json::Value& o = items[i];
    const std::string where = "items[" + std::to_string(i) + "]";
    if (!o.isObject() || !o["code"].isString() || o["code"].asString().empty())
      return Error{"E1002", where + ".code missing"};
    if (!o["qty"].isInt64() || o["qty"].asInt64() < 1 || o["qty"].asInt64() > 10000)
      return Error{"E1002", where + ".qty must be 1..10000"};
    if (!o["unit_price"].isInt64() || o["unit_price"].asInt64() < 0 ||
        o["unit_price"].asInt64() > 100'000'000)
      return Error{"E1002", where + ".unit_price must be 0..100000000 fen"};
    out.push_back({o["code"].asString(), o["qty"].asInt64(), o["unit_price"].asInt64()});
  }
  return out;
}

CoveredBill cover_bill(const MedicalCatalogue& catalogue, const std::vector<BillItem>& bill) {
  CoveredBill b;
  for (const auto& item : bill) {
    const std::int64_t line = item.qty * item.unit_price;
    auto it = catalogue.item_category.find(item.code);
    const std::string& cat =
        it == catalogue.item_category.end() ? catalogue.unknown_category : it->second;
    auto pm = catalogue.category_permille.find(cat);
    const std::int64_t share = pm == catalogue.category_permille.end() ? 0 : pm->second;
    b.total += line;
    b.covered += line * share / 1000;
  }
  return b;
}

PolicyOutcome apply_policy(const MedicalPolicy& policy, std::int64_t covered, std::int64_t used) {
  PolicyOutcome o;
  // The deductible applies per visit (STD-6.7.3): no deductible "met" carries over.
  o.deductible_applied =
      std::min(std::max<std::int64_t>(0, covered), std::max<std::int64_t>(0, policy.deductible));
  const std::int64_t eligible = std::max<std::int64_t>(0, covered - o.deductible_applied);
  const std::int64_t by_ratio = eligible * policy.ratio_permille / 1000;
  o.fund_pays = std::min(by_ratio, std::max<std::int64_t>(0, policy.cap - used));
  return o;
}

}  // namespace ykt::backend
