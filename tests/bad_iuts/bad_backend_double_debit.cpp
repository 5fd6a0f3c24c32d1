/// Known-bad backend: no idempotency for purchases. A repeated txn_id is processed again as a
/// new transaction (the defect renames it before the reference logic sees it), so a retried
/// purchase is booked and cleared twice and a conflicting repeat is not refused. Caught by
/// BE-TXN-003 (no E2007) and BE-CLR-001 (cleared twice).
#include <set>

#include "bad_backend_main.hpp"

int main(int argc, char** argv) {
  auto seen = std::make_shared<std::set<std::string>>();
  auto n = std::make_shared<int>(0);
  return ykt::testing::run_bad_backend(
      argc, argv,
      [seen, n](ykt::Envelope& e) {
        if (e.type == "txn.purchase" && !e.is_reply) {
          const std::string txn = e.body["txn_id"].asString();
          if (!seen->insert(txn).second) e.body["txn_id"] = txn + "r" + std::to_string(++*n);
        }
        return true;
      },
      nullptr);
}
