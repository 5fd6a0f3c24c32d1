/// Known-bad reader: when it retries an online request after a time-out it sends a fresh
/// transaction id instead of the original one, so a backend cannot recognise the retry
/// (STD-2.5, STD-10.4). Caught by RD-RETRY-001.
#include <set>

#include "reader_main.hpp"

int main(int argc, char** argv) {
  auto seen = std::make_shared<std::set<std::string>>();
  auto n = std::make_shared<int>(0);
  return ykt::testing::run_reader(
      argc, argv, [seen, n](ykt::Envelope& e, const ykt::testing::ActorWrapper::Emit&) {
        if (!e.is_reply && e.to.rfind("backend.", 0) == 0 && e.body["txn_id"].isString()) {
          const std::string txn = e.body["txn_id"].asString();
          if (!seen->insert(e.type + "|" + txn).second) {
            char buf[16];
            std::snprintf(buf, sizeof buf, "%012x", 0xabc000 + ++*n);
            e.body["txn_id"] = txn.substr(0, txn.find('-') + 1) + buf;
          }
        }
        return true;
      });
}
