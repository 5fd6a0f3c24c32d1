#include "persistent_store.hpp"

namespace ykt::card {

void PersistentStore::personalise(const std::string& key, Bytes value) {
  home_[key] = std::move(value);
}

void PersistentStore::write_home(const std::string& key, Bytes value) {
  auto it = home_.find(key);
  if (issued_.find(key) == issued_.end())
    issued_.emplace(key, it == home_.end() ? std::nullopt : std::optional<Bytes>(it->second));
  if (it == home_.end())
    home_.emplace(key, std::move(value));
  else
    it->second = std::move(value);
}

std::vector<const std::pair<const std::string, Bytes>*> PersistentStore::changed_since_issue()
    const {
  std::vector<const std::pair<const std::string, Bytes>*> out;
  for (const auto& [key, issued] : issued_) {
    auto it = home_.find(key);
    if (it != home_.end() && (!issued || *issued != it->second)) out.push_back(&*it);
  }
  return out;
}

const Bytes* PersistentStore::get(const std::string& key) const {
  auto it = home_.find(key);
  return it == home_.end() ? nullptr : &it->second;
}

void PersistentStore::stage(const std::string& key, Bytes value) {
  for (auto& e : staged_) {
    if (e.first == key) {
      e.second = std::move(value);
      return;
    }
  }
  staged_.emplace_back(key, std::move(value));
}

std::optional<Bytes> PersistentStore::get_staged(const std::string& key) const {
  for (const auto& e : staged_)
    if (e.first == key) return e.second;
  if (const Bytes* v = get(key)) return *v;
  return std::nullopt;
}

bool PersistentStore::physical_write() {
  if (!powered_) return false;
  if (tear_at_ != 0 && ++writes_since_arm_ == tear_at_) {
    tear_at_ = 0;
    powered_ = false;
    return false;
  }
  ++writes_;
  return true;
}

bool PersistentStore::commit() {
  std::vector<std::pair<std::string, Bytes>> entries = std::move(staged_);
  staged_.clear();
  if (entries.empty()) return powered_;
  // 1. Journal entries, one write each.
  for (const auto& e : entries) {
    if (!physical_write()) return false;
    journal_.push_back(e);
  }
  // 2. The commit flag: from here on the transaction will happen.
  if (!physical_write()) return false;
  committed_flag_ = true;
  // 3. Home locations.
  for (const auto& e : entries) {
    if (!physical_write()) return false;
    write_home(e.first, e.second);
  }
  // 4. Clear the journal.
  if (!physical_write()) return false;
  committed_flag_ = false;
  journal_.clear();
  return true;
}

bool PersistentStore::power_up() {
  powered_ = true;
  staged_.clear();
  bool rolled = false;
  if (committed_flag_) {
    for (const auto& e : journal_) write_home(e.first, e.second);
    rolled = true;
  }
  journal_.clear();
  committed_flag_ = false;
  return rolled;
}

}  // namespace ykt::card
