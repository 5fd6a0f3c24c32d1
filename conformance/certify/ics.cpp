#include "ics.hpp"

#include <algorithm>
#include <cctype>
#include <set>

#include "json_util.hpp"

namespace ykt::certify {

const std::vector<IcsItem>& known_ics_items() {
  static const std::vector<IcsItem> items = {
      {"alg_sm4", "SM4 card keys and MACs (STD-4.6)"},
      {"alg_3des", "3DES card keys and MACs as well as SM4 (optional, STD-4.6)"},
      {"compound_purchase", "compound (transit) purchase, INITIALIZE FOR PURCHASE P1=03"},
      {"purse_load", "INITIALIZE/CREDIT FOR LOAD and the top-up service"},
      {"offline_batch", "offline debits kept with their TAC and uploaded in batches"},
      {"identity_verification", "id.verify service"},
      {"venue_admission", "venue.admit service with same-city treatment"},
      {"medical_settlement", "med.presettle / med.settle / med.policy"},
      {"qr_verify", "electronic SSC QR token verification"},
      {"card_status", "card.status service"},
      {"apps_list", "application-item list (apps.list)"},
      {"clearing", "clearing files clr.file / clr.issuer"},
      {"net_settlement", "daily net settlement clr.settle"},
      {"adjustments", "clearing adjustments clr.adjust"},
      {"ssc_application", "SSC application files EF05/EF06 on the card"},
      {"transaction_log", "purse transaction log READ RECORD 00 B2 n C4 17"},
      {"test_interface", "test.tear / test.power power-cut interface for tearing tests"},
      {"anti_collision", "refusal when more than one card is in the field"},
      {"sys_admin", "sys.ping / sys.stats"},
  };
  return items;
}

std::optional<bool> Ics::get(const std::string& item) const {
  auto it = items.find(item);
  if (it == items.end()) return std::nullopt;
  return it->second;
}

namespace {
bool is_known(const std::string& name) {
  const auto& k = known_ics_items();
  return std::any_of(k.begin(), k.end(), [&](const IcsItem& i) { return i.name == name; });
}
}  // namespace

Result<Ics> parse_ics(const Json::Value& doc) {
  if (!doc.isObject()) return Error{"ics", "ICS must be a JSON object"};
  Ics ics;
  ics.raw = doc;
  static const std::set<std::string> top = {"$schema",        "ics_version", "role",
                                            "implementation", "items",       "notes"};
  for (const auto& k : doc.getMemberNames())
    if (!top.count(k)) return Error{"ics", "unknown ICS field '" + k + "'"};
  if (!doc["role"].isString()) return Error{"ics", "ICS field 'role' missing or not a string"};
  ics.role = doc["role"].asString();
  static const std::set<std::string> roles = {"card", "reader", "backend", "exchange"};
  if (!roles.count(ics.role))
    return Error{"ics", "ICS role '" + ics.role + "' is not card, reader, backend or exchange"};
  if (doc.isMember("implementation")) {
    if (!doc["implementation"].isString())
      return Error{"ics", "ICS field 'implementation' must be a string"};
    ics.implementation = doc["implementation"].asString();
  }
  const Json::Value& items = doc["items"];
  if (!items.isObject()) return Error{"ics", "ICS field 'items' missing or not an object"};
  for (const auto& name : items.getMemberNames()) {
    if (!is_known(name)) return Error{"ics", "unknown ICS item '" + name + "'"};
    if (!items[name].isBool()) return Error{"ics", "ICS item '" + name + "' must be true or false"};
    ics.items[name] = items[name].asBool();
  }
  return ics;
}

Result<Ics> load_ics(const std::string& path) {
  auto doc = json::load_file(path);
  if (!doc) return Error{"ics", "ICS file " + path + ": " + doc.error().message};
  auto ics = parse_ics(*doc);
  if (!ics) return Error{"ics", "ICS file " + path + ": " + ics.error().message};
  return ics;
}

namespace {

/// Kleene three-valued truth.
enum class Tri { f, t, u };

class Parser {
 public:
  Parser(const std::string& s, const Ics& ics) : s_(s), ics_(ics) {}

  Result<Tri> parse_all() {
    auto r = parse_or();
    if (!r) return r;
    skip();
    if (pos_ != s_.size()) return err("unexpected '" + s_.substr(pos_) + "'");
    return r;
  }
  std::set<std::string> absent, decided;

 private:
  Error err(const std::string& m) const { return Error{"ics", "selection '" + s_ + "': " + m}; }
  void skip() {
    while (pos_ < s_.size() && s_[pos_] == ' ') ++pos_;
  }
  bool eat(const char* tok) {
    skip();
    const std::string t(tok);
    if (s_.compare(pos_, t.size(), t) == 0) {
      pos_ += t.size();
      return true;
    }
    return false;
  }
  Result<Tri> parse_or() {
    auto a = parse_and();
    if (!a) return a;
    Tri v = *a;
    while (eat("||")) {
      auto b = parse_and();
      if (!b) return b;
      v = (v == Tri::t || *b == Tri::t) ? Tri::t : (v == Tri::u || *b == Tri::u) ? Tri::u : Tri::f;
    }
    return v;
  }
  Result<Tri> parse_and() {
    auto a = parse_unary();
    if (!a) return a;
    Tri v = *a;
    while (eat("&&")) {
      auto b = parse_unary();
      if (!b) return b;
      v = (v == Tri::f || *b == Tri::f) ? Tri::f : (v == Tri::u || *b == Tri::u) ? Tri::u : Tri::t;
    }
    return v;
  }
  Result<Tri> parse_unary() {
    if (eat("!")) {
      auto a = parse_unary();
      if (!a) return a;
      return *a == Tri::u ? Tri::u : (*a == Tri::t ? Tri::f : Tri::t);
    }
    if (eat("(")) {
      auto a = parse_or();
      if (!a) return a;
      if (!eat(")")) return err("missing ')'");
      return a;
    }
    skip();
    std::size_t start = pos_;
    while (pos_ < s_.size() &&
           (std::isalnum(static_cast<unsigned char>(s_[pos_])) || s_[pos_] == '_'))
      ++pos_;
    std::string name = s_.substr(start, pos_ - start);
    if (name.empty()) return err("expected an ICS item at offset " + std::to_string(start));
    if (name == "true") return Tri::t;
    if (!is_known(name)) return err("unknown ICS item '" + name + "'");
    auto v = ics_.get(name);
    if (!v) {
      absent.insert(name);
      return Tri::u;
    }
    decided.insert(name + "=" + (*v ? "true" : "false"));
    return *v ? Tri::t : Tri::f;
  }

  const std::string& s_;
  const Ics& ics_;
  std::size_t pos_ = 0;
};

std::string join(const std::set<std::string>& s) {
  std::string out;
  for (const auto& x : s) out += (out.empty() ? "" : ", ") + x;
  return out;
}

}  // namespace

Result<Selection> select(const std::string& expr, const Ics& ics) {
  Parser p(expr, ics);
  auto r = p.parse_all();
  if (!r) return r.error();
  Selection s;
  switch (*r) {
    case Tri::t:
      s.selected = true;
      s.reason = expr == "true" ? "mandatory (selected for every IUT)"
                                : "selected: " + expr + " holds (" + join(p.decided) + ")";
      break;
    case Tri::f:
      s.reason = "skipped: " + expr + " is false (" + join(p.decided) + ")";
      break;
    case Tri::u:
      s.reason = "skipped: ICS item(s) absent: " + join(p.absent) + " (needed by " + expr + ")";
      break;
  }
  return s;
}

}  // namespace ykt::certify
