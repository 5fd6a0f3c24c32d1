#include "apdu_engine.hpp"

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
}  // namespace

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
