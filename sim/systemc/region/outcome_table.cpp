#include "outcome_table.hpp"

namespace ykt::region {

void OutcomeCell::merge(const OutcomeCell& o) {
  generated += o.generated;
  completed += o.completed;
  rejected += o.rejected;
  timed_out += o.timed_out;
  debit_fen += o.debit_fen;
  debits += o.debits;
  latency_ns.merge(o.latency_ns);
  for (const auto& [k, v] : o.statuses) statuses[k] += v;
}

void OutcomeTable::generated(int hour, const std::string& pair, const std::string& service) {
  ++cells_[{hour, pair, service}].generated;
}

void OutcomeTable::ended(int hour, const std::string& pair, const std::string& service, Outcome o,
                         const std::string& status, std::int64_t latency_ns,
                         std::int64_t debit_fen) {
  OutcomeCell& c = cells_[{hour, pair, service}];
  switch (o) {
    case Outcome::completed:
      ++c.completed;
      if (debit_fen > 0) {
        c.debit_fen += debit_fen;
        ++c.debits;
      }
      break;
    case Outcome::rejected:
      ++c.rejected;
      break;
    case Outcome::timed_out:
      ++c.timed_out;
      return;
  }
  c.latency_ns.add(latency_ns);
  ++c.statuses[status];
}

OutcomeCell OutcomeTable::total() const {
  OutcomeCell t;
  for (const auto& [k, c] : cells_) t.merge(c);
  return t;
}

}  // namespace ykt::region
