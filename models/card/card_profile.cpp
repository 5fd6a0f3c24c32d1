#include "card_profile.hpp"

#include "common/bcd.hpp"
#include "common/purse_crypto.hpp"
#include "pii.hpp"

namespace ykt::card {

char CardProfile::sex() const {
  if (citizen_id.size() < 17) return '0';
  const char seq_last = citizen_id[16];
  if (seq_last < '0' || seq_last > '9') return '0';
  return ((seq_last - '0') % 2 == 1) ? '1' : '2';
}

std::string CardProfile::birth_date() const {
  return citizen_id.size() >= 14 ? citizen_id.substr(6, 8) : "19000101";
}

Json::Value CardProfile::to_json() const {
  Json::Value v(Json::objectValue);
  v["card_no"] = card_no;
  v["issuer"] = issuer;
  v["citizen_id"] = citizen_id;
  v["name"] = name;
  v["nation"] = nation;
  v["issue_date"] = issue_date;
  v["expiry_date"] = expiry_date;
  v["card_type"] = card_type;
  v["alg"] = std::string(purse::algorithm_name(alg));
  v["state"] = std::string(card_state_name(state));
  v["balance"] = balance;
  v["atc"] = atc;
  v["online_atc"] = online_atc;
  return v;
}

namespace {
bool is_date(const std::string& s) {
  auto b = codec::digits_to_bcd(s);
  return s.size() == 8 && b && codec::valid_bcd_date(*b);
}
}  // namespace

Result<CardProfile> parse_card_profile(const Json::Value& v) {
  if (!v.isObject()) return Error{"E1002", "card profile is not an object"};
  CardProfile p;
  auto str = [&](const char* k, std::string& out) {
    if (v.isMember(k) && v[k].isString()) out = v[k].asString();
  };
  str("card_no", p.card_no);
  str("issuer", p.issuer);
  str("citizen_id", p.citizen_id);
  str("name", p.name);
  str("nation", p.nation);
  str("issue_date", p.issue_date);
  str("expiry_date", p.expiry_date);
  if (!valid_card_no(p.card_no)) return Error{"E1002", "card_no must be 9 characters"};
  if (!valid_city_code(p.issuer)) return Error{"E1002", "issuer must be a 6-digit city code"};
  if (!pii::is_valid_citizen_id(p.citizen_id))
    return Error{"E1002", "citizen_id is not a valid GB 11643 number"};
  if (!is_date(p.issue_date) || !is_date(p.expiry_date))
    return Error{"E1002", "issue_date/expiry_date must be YYYYMMDD"};
  if (p.nation.size() != 2 || !codec::digits_to_bcd(p.nation))
    return Error{"E1002", "nation must be 2 digits"};
  if (v.isMember("card_type")) {
    if (!v["card_type"].isUInt() || v["card_type"].asUInt() < 1 || v["card_type"].asUInt() > 4)
      return Error{"E1002", "card_type must be 1..4"};
    p.card_type = static_cast<std::uint8_t>(v["card_type"].asUInt());
  }
  if (v.isMember("alg")) {
    auto a = v["alg"].isString() ? purse::parse_algorithm(v["alg"].asString()) : std::nullopt;
    if (!a) return Error{"E1002", "alg must be \"sm4\" or \"3des\""};
    p.alg = *a;
  }
  if (v.isMember("state")) {
    auto s = v["state"].isString() ? parse_card_state(v["state"].asString()) : std::nullopt;
    if (!s) return Error{"E1002", "state must be active, lost, frozen or revoked"};
    p.state = *s;
  }
  auto counter = [&](const char* k, std::uint32_t max, std::uint32_t& out) -> bool {
    if (!v.isMember(k)) return true;
    if (!v[k].isUInt() || v[k].asUInt() > max) return false;
    out = v[k].asUInt();
    return true;
  };
  std::uint32_t bal = 0, atc = 0, oatc = 0;
  if (!counter("balance", kPurseMax, bal)) return Error{"E1002", "balance must be 0..20000 fen"};
  if (!counter("atc", 0xFFFF, atc) || !counter("online_atc", 0xFFFF, oatc))
    return Error{"E1002", "atc/online_atc must be 0..65535"};
  p.balance = bal;
  p.atc = static_cast<std::uint16_t>(atc);
  p.online_atc = static_cast<std::uint16_t>(oatc);
  return p;
}

std::string transit_city_code(std::string_view city) {
  if (city == "310000") return "2900";
  if (city == "320100") return "3010";
  if (city == "320500") return "3050";
  if (city == "330100") return "3310";
  if (city == "330200") return "3320";
  if (city == "340100") return "3610";
  return "0000";
}

Bytes identification_code(std::string_view card_no) {
  Bytes d = crypto::sm3(std::string("ykt-card-id|") + std::string(card_no));
  d.resize(16);
  return d;
}

namespace {
Bytes bcd(const std::string& digits) {
  auto b = codec::digits_to_bcd(digits);
  return b ? *b : Bytes(digits.size() / 2, 0);
}
void append(Bytes& out, const Bytes& b) {
  out.insert(out.end(), b.begin(), b.end());
}
Bytes ascii(const std::string& s) {
  return Bytes(s.begin(), s.end());
}
}  // namespace

Bytes file_0015(const CardProfile& p) {
  Bytes f = bcd(p.issuer + "0000000000");  // issuer ID 8 B
  f.push_back(0x02);                       // application type: transit e-purse (ykt)
  f.push_back(0x01);                       // version
  f.push_back(0x00);                       // serial 10 B = 00 ‖ card_no
  append(f, ascii(p.card_no));
  append(f, bcd(p.issue_date));
  append(f, bcd(p.expiry_date));
  f.push_back(0x00);
  f.push_back(0x00);
  return f;
}

Bytes file_0017(const CardProfile& p) {
  Bytes f = bcd(transit_city_code(p.issuer));
  append(f, bcd(p.issuer));
  f.push_back(p.card_type);
  f.resize(16, 0x00);
  return f;
}

Bytes ssc_issuer_data(const CardProfile& p) {
  Bytes f = bcd(p.issuer);
  append(f, ascii(p.card_no));
  return f;
}

namespace {
void tlv(Bytes& out, std::initializer_list<std::uint8_t> tag, const Bytes& value) {
  out.insert(out.end(), tag.begin(), tag.end());
  out.push_back(static_cast<std::uint8_t>(value.size()));
  append(out, value);
}
}  // namespace

Bytes fci(const Bytes& aid, const Bytes& issuer_data) {
  Bytes a5;
  tlv(a5, {0x9F, 0x0C}, issuer_data);
  Bytes inner;
  tlv(inner, {0x84}, aid);
  tlv(inner, {0xA5}, a5);
  Bytes out;
  tlv(out, {0x6F}, inner);
  return out;
}

std::vector<Tlv> ef05_items(const CardProfile& p) {
  return {{0x01, identification_code(p.card_no)},
          {0x04, ascii(p.issuer)},
          {0x05, bcd(p.issue_date)},
          {0x06, bcd(p.expiry_date)},
          {0x07, ascii(p.card_no)}};
}

std::vector<Tlv> ef06_items(const CardProfile& p) {
  // Name: at most 30 bytes, cut on a UTF-8 character boundary.
  std::string name = p.name;
  if (name.size() > 30) {
    std::size_t cut = 30;
    while (cut > 0 && (static_cast<unsigned char>(name[cut]) & 0xC0) == 0x80) --cut;
    name.resize(cut);
  }
  return {{0x08, ascii(p.citizen_id)},
          {0x09, ascii(name)},
          {0x0A, Bytes{static_cast<std::uint8_t>(p.sex())}},
          {0x0B, bcd(p.nation)},
          {0x0D, bcd(p.birth_date())}};
}

}  // namespace ykt::card
