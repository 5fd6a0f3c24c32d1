#include "purse_applet.hpp"

#include <string>

#include "common/bcd.hpp"

namespace ykt::card {

using codec::be_bytes;
using codec::be_value;

namespace {
constexpr const char* kBalance = "balance";
constexpr const char* kAtc = "atc";
constexpr const char* kOnlineAtc = "online_atc";
constexpr const char* kLog = "log";
constexpr const char* kProve = "prove";
constexpr const char* kMacFails = "mac_fails";
constexpr const char* kLocked = "locked";
constexpr std::size_t kCappMaxRecords = 8;
constexpr std::size_t kCappMaxLen = 32;
constexpr std::uint8_t kCappP2 = 0xC8;  // SFI 0x19 << 3 (ykt CAPP record file)

std::string capp_key(std::uint8_t id) {
  return "capp." + std::to_string(id);
}
void append(Bytes& out, const Bytes& b) {
  out.insert(out.end(), b.begin(), b.end());
}
Bytes slice(const Bytes& b, std::size_t off, std::size_t n) {
  return Bytes(b.begin() + static_cast<std::ptrdiff_t>(off),
               b.begin() + static_cast<std::ptrdiff_t>(off + n));
}
bool valid_terminal(const Bytes& t) {
  return codec::terminal_id_text(t).has_value();
}
}  // namespace

PurseApplet::PurseApplet(const CardProfile& profile, PersistentStore& store)
    : profile_(profile), store_(store) {}

const Bytes& PurseApplet::key_for(keys::Purpose purpose) const {
  Bytes& k = purpose == keys::Purpose::purchase ? purchase_key_
             : purpose == keys::Purpose::load   ? load_key_
                                                : tac_key_;
  if (k.empty()) k = purse::card_key(profile_.alg, profile_.ref(), purpose);
  return k;
}

void PurseApplet::personalise(const CardProfile& p, PersistentStore& store) {
  store.personalise(kBalance, be_bytes(p.balance, 4));
  store.personalise(kAtc, be_bytes(p.atc, 2));
  store.personalise(kOnlineAtc, be_bytes(p.online_atc, 2));
  store.personalise(kLog, {});
  store.personalise(kMacFails, {0});
  store.personalise(kLocked, {0});
}

std::uint32_t PurseApplet::field(const char* key) const {
  const Bytes* v = store_.get(key);
  if (!v || v->empty() || v->size() > 4) return 0;
  return be_value(*v, 0, v->size());
}

std::uint32_t PurseApplet::balance() const {
  return field(kBalance);
}
std::uint16_t PurseApplet::atc() const {
  return static_cast<std::uint16_t>(field(kAtc));
}
std::uint16_t PurseApplet::online_atc() const {
  return static_cast<std::uint16_t>(field(kOnlineAtc));
}
bool PurseApplet::locked() const {
  return field(kLocked) != 0 || profile_.state == CardState::revoked;
}

Bytes PurseApplet::next_random() {
  // Deterministic per card so simulations repeat (ykt model choice; a real card uses a TRNG).
  const std::string seed = "ykt-card-rng|" + profile_.card_no + "|" +
                           std::to_string(++rng_counter_) + "|" + std::to_string(atc()) + "|" +
                           std::to_string(online_atc());
  Bytes r = crypto::sm3(std::string_view(seed));
  r.resize(4);
  return r;
}

Reply PurseApplet::get_balance(const Command& c) const {
  if (c.p1 != 0x00 || c.p2 != 0x02) return {{}, StatusWord::wrong_p1p2};
  if (!c.data.empty()) return {{}, StatusWord::wrong_length};
  if (locked()) return {{}, StatusWord::app_locked};
  return {be_bytes(balance(), 4), StatusWord::ok};
}

Reply PurseApplet::initialize(const Command& c) {
  if ((c.p1 != 0x00 && c.p1 != 0x01 && c.p1 != 0x03) || c.p2 != 0x02)
    return {{}, StatusWord::wrong_p1p2};
  if (c.data.size() != 11) return {{}, StatusWord::wrong_length};
  session_.reset();
  if (locked()) return {{}, StatusWord::app_locked};
  if (c.data[0] != kKeyIndex) return {{}, StatusWord::key_index_unsupported};
  const std::uint32_t amount = be_value(c.data, 1, 4);
  const Bytes terminal = slice(c.data, 5, 6);
  if (!valid_terminal(terminal)) return {{}, StatusWord::sm_data_incorrect};
  const std::uint32_t bal = balance();
  Session s;
  s.amount = amount;
  s.terminal = terminal;
  s.old_balance = bal;
  if (c.p1 == 0x00) {  // load
    if (amount == 0 || amount > kPurseMax || bal + amount > kPurseMax)
      return {{}, StatusWord::amount_invalid};
    if (online_atc() == 0xFFFF) return {{}, StatusWord::atc_exhausted};
    s.load = true;
    s.txn_type = purse::kTypeLoad;
    s.atc = online_atc();
    s.random = next_random();
    purse::LoadData d{amount, terminal, s.atc, s.random, bal, {}, {}};
    const Bytes sk = purse::load_session_key(profile_.alg, key_for(keys::Purpose::load), d);
    Bytes out = be_bytes(bal, 4);
    append(out, be_bytes(s.atc, 2));
    out.push_back(kKeyIndex);
    out.push_back(purse::algorithm_byte(profile_.alg));
    append(out, s.random);
    append(out, purse::load_mac1(profile_.alg, sk, d));
    session_ = std::move(s);
    return {out, StatusWord::ok};
  }
  if (amount > bal) return {{}, StatusWord::insufficient_balance};
  if (atc() == 0xFFFF) return {{}, StatusWord::atc_exhausted};
  s.txn_type = c.p1 == 0x03 ? purse::kTypeCompound : purse::kTypePurchase;
  s.atc = atc();
  s.random = next_random();
  Bytes out = be_bytes(bal, 4);
  append(out, be_bytes(s.atc, 2));
  append(out, Bytes{0x00, 0x00, 0x00});  // overdraft limit
  out.push_back(kKeyIndex);
  out.push_back(purse::algorithm_byte(profile_.alg));
  append(out, s.random);
  session_ = std::move(s);
  return {out, StatusWord::ok};
}

Reply PurseApplet::update_capp_cache(const Command& c) {
  if (c.p2 != kCappP2) return {{}, StatusWord::wrong_p1p2};
  if (c.data.empty() || c.data.size() > kCappMaxLen) return {{}, StatusWord::wrong_length};
  if (locked()) return {{}, StatusWord::app_locked};
  if (!session_ || session_->txn_type != purse::kTypeCompound)
    return {{}, StatusWord::conditions_not_satisfied};
  if (c.p1 == 0 || c.p1 > kCappMaxRecords || c.data[0] != c.p1)
    return {{}, StatusWord::sm_data_incorrect};
  session_->capp[c.p1] = c.data;
  return {{}, StatusWord::ok};
}

void PurseApplet::stage_log(std::uint16_t atc, std::uint32_t amount, std::uint8_t type,
                            const Bytes& terminal, const Bytes& date, const Bytes& time) {
  Bytes rec = be_bytes(atc, 2);
  append(rec, Bytes{0x00, 0x00, 0x00});
  append(rec, be_bytes(amount, 4));
  rec.push_back(type);
  append(rec, terminal);
  append(rec, date);
  append(rec, time);
  Bytes log;
  log.reserve(kLogRecords * kLogRecordSize + rec.size());
  log = rec;
  if (const Bytes* old = store_.get(kLog)) log.insert(log.end(), old->begin(), old->end());
  if (log.size() > kLogRecords * kLogRecordSize) log.resize(kLogRecords * kLogRecordSize);
  store_.stage(kLog, log);
}

Reply PurseApplet::mac_failure() {
  session_.reset();
  const std::uint32_t fails = field(kMacFails) + 1;
  store_.stage(kMacFails, {static_cast<std::uint8_t>(fails > 255 ? 255 : fails)});
  const bool lock = fails >= kMacFailLimit;
  if (lock) store_.stage(kLocked, {1});
  if (!store_.commit()) return {{}, StatusWord::mac_invalid, true};
  return {{}, lock ? StatusWord::app_locked : StatusWord::mac_invalid};
}

Reply PurseApplet::debit(const Command& c) {
  if (c.p1 != 0x01 || c.p2 != 0x00) return {{}, StatusWord::wrong_p1p2};
  if (c.data.size() != 15) return {{}, StatusWord::wrong_length};
  if (locked()) return {{}, StatusWord::app_locked};
  if (!session_ || session_->load) return {{}, StatusWord::conditions_not_satisfied};
  purse::PurchaseData d;
  d.amount = session_->amount;
  d.txn_type = session_->txn_type;
  d.terminal = session_->terminal;
  d.term_seq = be_value(c.data, 0, 4);
  d.atc = session_->atc;
  d.card_random = session_->random;
  d.date = slice(c.data, 4, 4);
  d.time = slice(c.data, 8, 3);
  const Bytes mac1 = slice(c.data, 11, 4);
  if (!codec::valid_bcd_date(d.date) || !codec::valid_bcd_time(d.time)) {
    session_.reset();
    return {{}, StatusWord::sm_data_incorrect};
  }
  const Bytes sk = purse::purchase_session_key(profile_.alg, key_for(keys::Purpose::purchase), d);
  if (!crypto::equal_ct(purse::purchase_mac1(profile_.alg, sk, d), mac1)) return mac_failure();
  const std::uint32_t bal = balance();
  if (d.amount > bal) {
    session_.reset();
    return {{}, StatusWord::insufficient_balance};
  }
  const Bytes tac = purse::purchase_tac(profile_.alg, key_for(keys::Purpose::tac), d);
  const Bytes mac2 = purse::purchase_mac2(profile_.alg, sk, d);
  store_.stage(kBalance, be_bytes(bal - d.amount, 4));
  store_.stage(kAtc, be_bytes(static_cast<std::uint32_t>(d.atc) + 1, 2));
  stage_log(d.atc, d.amount, d.txn_type, d.terminal, d.date, d.time);
  Bytes prove{d.txn_type};
  append(prove, be_bytes(d.atc, 2));
  append(prove, tac);
  append(prove, mac2);
  store_.stage(kProve, prove);
  for (const auto& [id, rec] : session_->capp) store_.stage(capp_key(id), rec);
  if (field(kMacFails) != 0) store_.stage(kMacFails, {0});
  session_.reset();
  if (!store_.commit()) return {{}, StatusWord::ok, true};
  Bytes out = tac;
  append(out, mac2);
  return {out, StatusWord::ok};
}

Reply PurseApplet::credit(const Command& c) {
  if (c.p1 != 0x00 || c.p2 != 0x00) return {{}, StatusWord::wrong_p1p2};
  if (c.data.size() != 11) return {{}, StatusWord::wrong_length};
  if (locked()) return {{}, StatusWord::app_locked};
  if (!session_ || !session_->load) return {{}, StatusWord::conditions_not_satisfied};
  purse::LoadData d{session_->amount,   session_->terminal,    session_->atc,
                    session_->random,   session_->old_balance, slice(c.data, 0, 4),
                    slice(c.data, 4, 3)};
  const Bytes mac2 = slice(c.data, 7, 4);
  if (!codec::valid_bcd_date(d.date) || !codec::valid_bcd_time(d.time)) {
    session_.reset();
    return {{}, StatusWord::sm_data_incorrect};
  }
  const Bytes sk = purse::load_session_key(profile_.alg, key_for(keys::Purpose::load), d);
  if (!crypto::equal_ct(purse::load_mac2(profile_.alg, sk, d), mac2)) return mac_failure();
  if (balance() != d.old_balance || d.old_balance + d.amount > kPurseMax) {
    session_.reset();
    return {{}, StatusWord::amount_invalid};
  }
  const Bytes tac = purse::load_tac(profile_.alg, key_for(keys::Purpose::tac), d);
  store_.stage(kBalance, be_bytes(d.old_balance + d.amount, 4));
  store_.stage(kOnlineAtc, be_bytes(static_cast<std::uint32_t>(d.online_atc) + 1, 2));
  stage_log(d.online_atc, d.amount, purse::kTypeLoad, d.terminal, d.date, d.time);
  Bytes prove{purse::kTypeLoad};
  append(prove, be_bytes(d.online_atc, 2));
  append(prove, tac);
  append(prove, mac2);
  store_.stage(kProve, prove);
  if (field(kMacFails) != 0) store_.stage(kMacFails, {0});
  session_.reset();
  if (!store_.commit()) return {{}, StatusWord::ok, true};
  return {tac, StatusWord::ok};
}

Reply PurseApplet::get_transaction_prove(const Command& c) const {
  if (c.p1 != 0x00) return {{}, StatusWord::wrong_p1p2};
  if (c.data.size() != 2) return {{}, StatusWord::wrong_length};
  if (locked()) return {{}, StatusWord::app_locked};
  const Bytes* prove = store_.get(kProve);
  if (!prove || prove->size() != 11 || (*prove)[0] != c.p2 ||
      be_value(*prove, 1, 2) != be_value(c.data, 0, 2))
    return {{}, StatusWord::mac_unavailable};
  return {slice(*prove, 3, 8), StatusWord::ok};
}

Reply PurseApplet::read_record(const Command& c) const {
  if (!c.data.empty()) return {{}, StatusWord::wrong_length};
  if (c.p2 == 0xC4) {
    const Bytes* log = store_.get(kLog);
    const std::size_t count = log ? log->size() / kLogRecordSize : 0;
    if (c.p1 == 0 || c.p1 > count) return {{}, StatusWord::record_not_found};
    return {slice(*log, (c.p1 - 1u) * kLogRecordSize, kLogRecordSize), StatusWord::ok};
  }
  if (c.p2 == (kCappP2 | 0x04)) {
    const Bytes* rec = store_.get(capp_key(c.p1));
    if (!rec) return {{}, StatusWord::record_not_found};
    return {*rec, StatusWord::ok};
  }
  return {{}, StatusWord::wrong_p1p2};
}

}  // namespace ykt::card
