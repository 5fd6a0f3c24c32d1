#include "apdu_engine.hpp"

#include <array>
#include <stdexcept>

namespace ykt::card {

namespace {
constexpr std::uint8_t kClaIso = 0x00;
constexpr std::uint8_t kClaPurse = 0x80;

Bytes find_tag(const std::vector<Tlv>& items, std::uint8_t tag, bool& found) {
  for (const auto& [t, v] : items) {
    if (t == tag) {
      found = true;
      Bytes out{t, static_cast<std::uint8_t>(v.size())};
      out.insert(out.end(), v.begin(), v.end());
      return out;
    }
  }
  found = false;
  return {};
}
// Parked deltas name the purse's fields by a one-byte code (a dictionary only: a field not listed
// is written by name, so the purse may add fields without changing this table).
constexpr std::array<const char*, 7> kParkedFields = {"balance", "atc",       "online_atc", "log",
                                                      "prove",   "mac_fails", "locked"};
constexpr std::uint8_t kByName = 0x00;  // then varint length + name
constexpr std::uint8_t kCapp = 0x80;    // "capp.<id>", then one byte id
constexpr const char* kCappPrefix = "capp.";

std::string take_bytes(std::string_view& in, std::size_t n, const char* what) {
  if (n > in.size())
    throw std::invalid_argument(std::string("corrupt parked card state: truncated ") + what);
  std::string out(in.substr(0, n));
  in.remove_prefix(n);
  return out;
}
}  // namespace

// Delta layout: one byte selected application (high nibble) and EF (low nibble), varint write
// count, varint challenge counter, varint number of fields, then per field a key code (1..7:
// kParkedFields; 0x80: capp.<id byte>; 0x00: varint length + name) and the value as varint
// length + bytes. Fields are in key order; a field equal to its personalised value is left out.
void ApduEngine::save_delta(std::string& out) const {
  const auto changed = store_.changed_since_issue();
  out.push_back(static_cast<char>((static_cast<unsigned>(app_) << 4) | static_cast<unsigned>(ef_)));
  parked::put_varint(out, store_.write_count());
  parked::put_varint(out, purse_.rng_counter());
  parked::put_varint(out, changed.size());
  for (const auto* kv : changed) {
    const std::string& key = kv->first;
    std::uint8_t code = kByName;
    for (std::size_t i = 0; i < kParkedFields.size(); ++i)
      if (key == kParkedFields[i]) code = static_cast<std::uint8_t>(i + 1);
    int capp_id = -1;
    if (code == kByName && key.rfind(kCappPrefix, 0) == 0 && key.size() > 5 && key.size() <= 8 &&
        key.find_first_not_of("0123456789", 5) == std::string::npos) {
      const int id = std::stoi(key.substr(5));
      if (id <= 255 && std::to_string(id) == key.substr(5)) capp_id = id;
    }
    if (capp_id >= 0) {
      out.push_back(static_cast<char>(kCapp));
      out.push_back(static_cast<char>(capp_id));
    } else {
      out.push_back(static_cast<char>(code));
      if (code == kByName) {
        parked::put_varint(out, key.size());
        out += key;
      }
    }
    parked::put_varint(out, kv->second.size());
    out.append(kv->second.begin(), kv->second.end());
  }
}

void ApduEngine::apply_delta(std::string_view& in) {
  const auto sel = static_cast<std::uint8_t>(take_bytes(in, 1, "selection").front());
  const unsigned app = sel >> 4, ef = sel & 0x0F;
  if (app > static_cast<unsigned>(App::ssc) || ef > static_cast<unsigned>(Ef::ef06))
    throw std::invalid_argument("corrupt parked card state: bad selection byte");
  const std::uint64_t writes = parked::take_varint(in, "corrupt parked card state");
  const std::uint64_t challenges = parked::take_varint(in, "corrupt parked card state");
  const std::uint64_t n = parked::take_varint(in, "corrupt parked card state");
  if (n > in.size()) throw std::invalid_argument("corrupt parked card state: bad field count");
  std::vector<std::pair<std::string, Bytes>> fields;
  for (std::uint64_t i = 0; i < n; ++i) {
    if (in.empty()) throw std::invalid_argument("corrupt parked card state: truncated field");
    const auto code = static_cast<std::uint8_t>(in.front());
    in.remove_prefix(1);
    std::string key;
    if (code == kCapp) {
      key = kCappPrefix +
            std::to_string(static_cast<std::uint8_t>(take_bytes(in, 1, "field id").front()));
    } else if (code == kByName) {
      key = take_bytes(in, parked::take_varint(in, "corrupt parked card state"), "field name");
      if (key.empty()) throw std::invalid_argument("corrupt parked card state: empty field name");
    } else if (code >= 1 && code <= kParkedFields.size()) {
      key = kParkedFields[code - 1];
    } else {
      throw std::invalid_argument("corrupt parked card state: unknown field code " +
                                  std::to_string(code));
    }
    const std::string value =
        take_bytes(in, parked::take_varint(in, "corrupt parked card state"), "field value");
    fields.emplace_back(std::move(key), Bytes(value.begin(), value.end()));
  }
  // Only now, with the whole delta read, is the card changed: a corrupt delta leaves it fresh.
  for (auto& [key, value] : fields) store_.restore_field(key, std::move(value));
  store_.restore_write_count(writes);
  purse_.restore_rng_counter(challenges);
  app_ = static_cast<App>(app);
  ef_ = static_cast<Ef>(ef);
}

ApduEngine::ApduEngine(CardProfile profile)
    : profile_(std::move(profile)), purse_(profile_, store_) {
  PurseApplet::personalise(profile_, store_);
}

void ApduEngine::reset_volatile() {
  app_ = App::none;
  ef_ = Ef::none;
  pending_response_.clear();
  purse_.reset_session();
}

void ApduEngine::power_off() {
  store_.power_off();
  reset_volatile();
}

bool ApduEngine::power_up() {
  reset_volatile();
  return store_.power_up();
}

std::optional<Bytes> ApduEngine::process(const Bytes& capdu) {
  if (!store_.powered()) return std::nullopt;
  Reply r;
  auto parsed = parse_command(capdu);
  if (auto* sw = std::get_if<StatusWord>(&parsed)) {
    r.sw = *sw;
  } else {
    const Command& c = std::get<Command>(parsed);
    if (c.ins != 0xC0) pending_response_.clear();
    r = dispatch(c);
    if (!r.torn && r.sw == StatusWord::ok && !r.data.empty()) {
      if (!c.le && c.ins != 0xC0) {  // case 3 with data to return: 61xx, then GET RESPONSE
        pending_response_ = r.data;
        const auto n = static_cast<std::uint16_t>(r.data.size() & 0xFF);
        r.data.clear();
        r.sw = static_cast<StatusWord>(0x6100 | n);
      } else if (*c.le != 0 && *c.le < r.data.size()) {
        r.data.clear();
        r.sw = StatusWord::wrong_length;
      }
    }
  }
  store_.discard_staged();
  if (r.torn || !store_.powered()) {
    reset_volatile();
    return std::nullopt;
  }
  return response(r.data, r.sw);
}

Reply ApduEngine::dispatch(const Command& c) {
  if (c.cla != kClaIso && c.cla != kClaPurse) return {{}, StatusWord::cla_not_supported};
  const bool iso = c.cla == kClaIso;
  auto need = [&](bool want_iso) -> bool { return iso == want_iso; };
  auto transit = [&]() { return app_ == App::transit; };
  switch (c.ins) {
    case 0xA4:
      if (!need(true)) return {{}, StatusWord::cla_not_supported};
      return select(c);
    case 0xB0:
      if (!need(true)) return {{}, StatusWord::cla_not_supported};
      return read_binary(c);
    case 0xB2:
      if (!need(true)) return {{}, StatusWord::cla_not_supported};
      return read_record(c);
    case 0xC0:
      if (!need(true)) return {{}, StatusWord::cla_not_supported};
      return get_response(c);
    case 0x5C:
    case 0x50:
    case 0xDC:
    case 0x54:
    case 0x52:
    case 0x5A:
      if (!need(false)) return {{}, StatusWord::cla_not_supported};
      if (!transit()) return {{}, StatusWord::conditions_not_satisfied};
      switch (c.ins) {
        case 0x5C:
          return purse_.get_balance(c);
        case 0x50:
          return purse_.initialize(c);
        case 0xDC:
          return purse_.update_capp_cache(c);
        case 0x54:
          return purse_.debit(c);
        case 0x52:
          return purse_.credit(c);
        default:
          return purse_.get_transaction_prove(c);
      }
    default:
      return {{}, StatusWord::ins_not_supported};
  }
}

Reply ApduEngine::select(const Command& c) {
  if (c.p1 == 0x04 && c.p2 == 0x00) {
    if (c.data.empty()) return {{}, StatusWord::wrong_length};
    purse_.reset_session();
    ef_ = Ef::none;
    if (c.data == kTransitAid) {
      app_ = App::transit;
      return {fci(kTransitAid, file_0015(profile_)), StatusWord::ok};
    }
    if (c.data == kSscAid) {
      app_ = App::ssc;
      return {fci(kSscAid, ssc_issuer_data(profile_)), StatusWord::ok};
    }
    app_ = App::none;
    return {{}, StatusWord::file_not_found};
  }
  if (c.p1 == 0x02 && c.p2 == 0x00) {
    if (c.data.size() != 2) return {{}, StatusWord::wrong_length};
    const std::uint16_t fid = static_cast<std::uint16_t>((c.data[0] << 8) | c.data[1]);
    Ef want = Ef::none;
    if (app_ == App::transit && fid == 0x0015) want = Ef::f0015;
    if (app_ == App::transit && fid == 0x0017) want = Ef::f0017;
    if (app_ == App::ssc && fid == 0xEF05) want = Ef::ef05;
    if (app_ == App::ssc && fid == 0xEF06) want = Ef::ef06;
    if (want == Ef::none) return {{}, StatusWord::file_not_found};
    ef_ = want;
    return {{}, StatusWord::ok};
  }
  return {{}, StatusWord::wrong_p1p2};
}

Reply ApduEngine::read_binary(const Command& c) const {
  if (!c.data.empty()) return {{}, StatusWord::wrong_length};
  Ef ef = ef_;
  std::size_t offset = 0;
  if (c.p1 & 0x80) {
    const std::uint8_t sfi = c.p1 & 0x1F;
    ef = Ef::none;
    if (app_ == App::transit && sfi == 0x15) ef = Ef::f0015;
    if (app_ == App::transit && sfi == 0x17) ef = Ef::f0017;
    if (ef == Ef::none) return {{}, StatusWord::file_not_found};
    offset = c.p2;
  } else {
    offset = static_cast<std::size_t>(((c.p1 & 0x7F) << 8) | c.p2);
  }
  Bytes content;
  if (ef == Ef::f0015) {
    content = file_0015(profile_);
  } else if (ef == Ef::f0017) {
    content = file_0017(profile_);
  } else {
    return {{}, StatusWord::conditions_not_satisfied};  // no binary EF selected
  }
  if (offset >= content.size()) return {{}, StatusWord::wrong_p1p2};
  Bytes out(content.begin() + static_cast<std::ptrdiff_t>(offset), content.end());
  if (c.le && *c.le != 0 && *c.le < out.size()) out.resize(*c.le);
  return {out, StatusWord::ok};
}

Reply ApduEngine::read_record(const Command& c) {
  if (c.p2 == 0x00) {  // SSC record by tag in the current EF (FACTS §4: 00 B2 tag 00 Le)
    if (!c.data.empty()) return {{}, StatusWord::wrong_length};
    if (app_ != App::ssc) return {{}, StatusWord::file_not_found};
    if (ef_ != Ef::ef05 && ef_ != Ef::ef06) return {{}, StatusWord::conditions_not_satisfied};
    bool found = false;
    Bytes tlv =
        find_tag(ef_ == Ef::ef05 ? ef05_items(profile_) : ef06_items(profile_), c.p1, found);
    if (!found) return {{}, StatusWord::record_not_found};
    return {tlv, StatusWord::ok};
  }
  if (app_ != App::transit) return {{}, StatusWord::file_not_found};
  return purse_.read_record(c);
}

Reply ApduEngine::get_response(const Command& c) {
  if (c.p1 != 0x00 || c.p2 != 0x00) return {{}, StatusWord::wrong_p1p2};
  if (!c.data.empty()) return {{}, StatusWord::wrong_length};
  if (pending_response_.empty()) return {{}, StatusWord::conditions_not_satisfied};
  const std::size_t want = (c.le && *c.le != 0) ? *c.le : 256;
  if (want >= pending_response_.size()) {
    Bytes out = std::move(pending_response_);
    pending_response_.clear();
    return {out, StatusWord::ok};
  }
  Bytes out(pending_response_.begin(),
            pending_response_.begin() + static_cast<std::ptrdiff_t>(want));
  pending_response_.erase(pending_response_.begin(),
                          pending_response_.begin() + static_cast<std::ptrdiff_t>(want));
  const auto rest = static_cast<std::uint16_t>(pending_response_.size() & 0xFF);
  // Partial read: the data and 61xx for what is left. Carried in `data` with the 61xx SW.
  Reply r{out, static_cast<StatusWord>(0x6100 | rest)};
  return r;
}

}  // namespace ykt::card
