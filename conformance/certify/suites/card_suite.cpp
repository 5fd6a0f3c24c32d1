// The card suite (CD-*): the harness plays the reader and its PSAM; the IUT is one card reached
// as `card.<card_no>`. Purchases and loads are computed with the issuer keys of models/common.
#include "common/bcd.hpp"
#include "common/card_ref.hpp"
#include "common/purse_apdu.hpp"
#include "common/purse_crypto.hpp"
#include "des3_text.hpp"
#include "pii.hpp"
#include "suite_kit.hpp"
#include "suites.hpp"

namespace ykt::certify {

namespace {

using kit::Builder;
using namespace codec;
const Bytes kTransitAid = {0xA0, 0x00, 0x00, 0x06, 0x32, 0x01, 0x01, 0x05};
const Bytes kSscAid = {0xF0, 0x59, 0x4B, 0x54, 0x53, 0x53, 0x43, 0x01};
const char* kTerminal = "310000000901";

/// A response APDU: data and status word.
struct Rapdu {
  Bytes data;
  std::uint16_t sw = 0;
};

/// Sends one APDU (following 61xx with GET RESPONSE); nullopt when the card is silent.
std::optional<Rapdu> apdu(CaseContext& c, const Bytes& capdu) {
  Json::Value b;
  b["capdu"] = to_hex_upper(capdu);
  auto a = c.call("card.apdu", b);
  if (!a || !a->env.body["rapdu"].isString()) return std::nullopt;
  auto raw = from_hex(a->env.body["rapdu"].asString());
  if (!raw) return std::nullopt;
  auto split = apdu::split_response(*raw);
  if (!split) return std::nullopt;
  Rapdu r{split->first, split->second};
  if ((r.sw >> 8) == 0x61) {
    auto more = apdu(c, apdu::get_response(static_cast<std::uint8_t>(r.sw & 0xFF)));
    if (!more) return std::nullopt;
    more->data.insert(more->data.begin(), r.data.begin(), r.data.end());
    return more;
  }
  return r;
}

std::string sw_hex(std::uint16_t sw) {
  char buf[8];
  std::snprintf(buf, sizeof buf, "%04X", sw);
  return buf;
}

/// Checks an APDU answered with `sw`.
bool expect_sw(CaseContext& c, const std::optional<Rapdu>& r, std::uint16_t sw,
               const std::string& what) {
  if (!r) {
    // Name what came back (an error, an answer without R-APDU) rather than claim silence.
    c.fail(what + ": no R-APDU (" + c.last_received() + ")");
    return false;
  }
  return c.check(r->sw == sw, what + ": expected SW " + sw_hex(sw) + ", got " + sw_hex(r->sw));
}

CardRef card_of(CaseContext& c) {
  const auto& td = c.ixit().test_data;
  CardRef ref;
  ref.card_no = c.ixit().iut_address.substr(c.ixit().iut_address.find('.') + 1);
  ref.issuer = td["issuer"].isString() ? td["issuer"].asString() : c.ixit().province;
  return ref;
}

/// The card's purse algorithm: the IXIT's `alg`; without it 3DES when the ICS claims `alg_3des`
/// and not `alg_sm4`, else SM4 (STD-4.6).
crypto::Algorithm alg_of(CaseContext& c) {
  const auto& td = c.ixit().test_data;
  if (td["alg"].isString())
    if (auto a = purse::parse_algorithm(td["alg"].asString())) return *a;
  if (c.ics().get("alg_3des").value_or(false) && !c.ics().get("alg_sm4").value_or(false))
    return crypto::Algorithm::des3;
  return crypto::Algorithm::sm4;
}

/// The card of a 3DES-only case with the transit application selected, or nullopt (verdict
/// inconc) when the IXIT's algorithm is not 3DES.
std::optional<CardRef> selected_3des_card(CaseContext& c) {
  if (alg_of(c) != crypto::Algorithm::des3) {
    c.inconc("the IXIT's alg is not 3des: this case needs a 3DES card");
    return std::nullopt;
  }
  apdu(c, apdu::select_aid(kTransitAid));
  return card_of(c);
}

std::optional<std::uint32_t> balance(CaseContext& c) {
  if (!apdu(c, apdu::select_aid(kTransitAid))) return std::nullopt;
  auto r = apdu(c, apdu::get_balance());
  if (!r || r->sw != 0x9000 || r->data.size() != 4) return std::nullopt;
  return be_value(r->data, 0, 4);
}

/// What a purchase attempt produced.
struct Purchase {
  std::optional<Rapdu> init, debit;
  purse::PurchaseData d;
  std::string stopped;  ///< why no DEBIT was sent (INITIALIZE failed), or empty
};

/// Why a purchase or load stopped at its INITIALIZE (`what`), or empty when it may go on.
std::string initialize_failure(CaseContext& c, const std::optional<Rapdu>& init, bool parsed,
                               const std::string& what) {
  if (!init) return what + ": no R-APDU (" + c.last_received() + ")";
  if (init->sw != 0x9000) return what + ": expected SW 9000, got " + sw_hex(init->sw);
  if (!parsed) return what + ": the answer data is malformed";
  return {};
}

/// Checks the DEBIT or CREDIT of a flow answered `sw`; when the flow stopped at its INITIALIZE
/// (`stopped`), the verdict names that first cause instead of a missing answer.
bool expect_second(CaseContext& c, const std::string& stopped, const std::optional<Rapdu>& r,
                   std::uint16_t sw, const std::string& what) {
  if (!stopped.empty()) {
    c.fail(stopped + " (" + what + " not sent)");
    return false;
  }
  return expect_sw(c, r, sw, what);
}

/// SELECT, INITIALIZE FOR PURCHASE and DEBIT with a MAC1 from the PSAM (or a corrupted one).
Purchase purchase(CaseContext& c, std::uint32_t amount, bool compound = false, bool bad_mac = false,
                  std::uint8_t key_index = 0x01) {
  Purchase p;
  const Bytes term = *terminal_id_bytes(kTerminal);
  apdu(c, apdu::select_aid(kTransitAid));
  p.init = apdu(c, apdu::initialize_purchase(compound, amount, term, key_index));
  auto ip = p.init && p.init->sw == 0x9000 ? apdu::parse_init_purchase(p.init->data) : std::nullopt;
  p.stopped = initialize_failure(c, p.init, ip.has_value(), "INITIALIZE FOR PURCHASE");
  if (!p.stopped.empty()) return p;
  p.d.amount = amount;
  p.d.txn_type = compound ? purse::kTypeCompound : purse::kTypePurchase;
  p.d.terminal = term;
  p.d.term_seq = static_cast<std::uint32_t>(c.rng()() & 0xFFFF) + 1;
  p.d.atc = ip->atc;
  p.d.card_random = ip->random;
  p.d.date = bcd_date(wall_now());
  p.d.time = bcd_time(wall_now());
  Bytes mac1 = purse::terminal_purchase_mac1(alg_of(c), card_of(c), p.d);
  if (bad_mac) mac1[0] ^= 0x5A;
  p.debit = apdu(c, apdu::debit(p.d.term_seq, p.d.date, p.d.time, mac1));
  return p;
}

/// What a load attempt produced.
struct Load {
  std::optional<Rapdu> init, credit;
  purse::LoadData d;
  bool mac1_ok = false;
  std::string stopped;  ///< why no CREDIT was sent (INITIALIZE failed), or empty
};

Load load(CaseContext& c, std::uint32_t amount, bool bad_mac2 = false) {
  Load l;
  const Bytes term = *terminal_id_bytes(kTerminal);
  apdu(c, apdu::select_aid(kTransitAid));
  l.init = apdu(c, apdu::initialize_load(amount, term));
  auto il = l.init && l.init->sw == 0x9000 ? apdu::parse_init_load(l.init->data) : std::nullopt;
  l.stopped = initialize_failure(c, l.init, il.has_value(), "INITIALIZE FOR LOAD");
  if (!l.stopped.empty()) return l;
  l.d.amount = amount;
  l.d.terminal = term;
  l.d.online_atc = il->online_atc;
  l.d.card_random = il->random;
  l.d.old_balance = il->old_balance;
  l.d.date = bcd_date(wall_now());
  l.d.time = bcd_time(wall_now());
  l.mac1_ok = purse::verify_load_mac1(alg_of(c), card_of(c), l.d, il->mac1);
  Bytes mac2 = purse::issuer_load_mac2(alg_of(c), card_of(c), l.d);
  if (bad_mac2) mac2[0] ^= 0x5A;
  l.credit = apdu(c, apdu::credit(l.d.date, l.d.time, mac2));
  return l;
}

/// Arms a tear and sends `capdu`-producing step; then powers up.
bool power_up(CaseContext& c) {
  Json::Value on;
  on["on"] = true;
  auto a = c.call("test.power", on, "harness.tester");
  return a && a->env.body["status"].asString() == "OK";
}

void tear_debit_case(CaseContext& c, unsigned n) {
  auto before = balance(c);
  if (!before) return c.fail("cannot read the balance before the tear");
  if (*before < 100) {
    if (auto l = load(c, 5000); !l.credit || l.credit->sw != 0x9000)
      return c.inconc("balance too low and the top-up failed");
    before = balance(c);
  }
  const std::uint32_t amount = 100;
  Json::Value t;
  t["after_writes"] = n;
  if (!c.check(c.call("test.tear", t, "harness.tester").has_value(), "test.tear not answered"))
    return;
  const Bytes term = *terminal_id_bytes(kTerminal);
  apdu(c, apdu::select_aid(kTransitAid));
  auto init = apdu(c, apdu::initialize_purchase(false, amount, term));
  std::optional<Rapdu> debit;
  if (init && init->sw == 0x9000) {
    auto ip = apdu::parse_init_purchase(init->data);
    purse::PurchaseData d;
    d.amount = amount;
    d.terminal = term;
    d.term_seq = 7000 + n;
    d.atc = ip->atc;
    d.card_random = ip->random;
    d.date = bcd_date(wall_now());
    d.time = bcd_time(wall_now());
    Json::Value b;
    b["capdu"] = to_hex_upper(apdu::debit(d.term_seq, d.date, d.time,
                                          purse::terminal_purchase_mac1(alg_of(c), card_of(c), d)));
    auto e = c.make("card.apdu", b);
    auto a = c.link().request(e, std::chrono::milliseconds(400));  // silence expected when torn
    c.log(a ? "debit answered (write point " + std::to_string(n) + " not reached)"
            : "debit torn at write " + std::to_string(n));
  }
  if (!c.check(power_up(c), "test.power on was not accepted")) return;
  auto after = balance(c);
  if (!after) return c.fail("cannot read the balance after power-up");
  if (!c.check(*after == *before || *after == *before - amount,
               "after tearing at write " + std::to_string(n) + " the balance is " +
                   std::to_string(*after) + ", neither old " + std::to_string(*before) +
                   " nor new " + std::to_string(*before - amount)))
    return;
  // Recovery as a terminal does it: if the debit did not happen, do it again exactly once.
  if (*after == *before) {
    auto p = purchase(c, amount);
    if (!p.debit || p.debit->sw != 0x9000)
      return c.fail("the retried purchase failed after recovery");
  }
  auto final_balance = balance(c);
  c.check(final_balance && *final_balance == *before - amount,
          "after recovery the balance is not old - amount exactly once (double or lost debit)");
}

void tear_load_case(CaseContext& c, unsigned n) {
  auto before = balance(c);
  if (!before) return c.fail("cannot read the balance before the tear");
  const std::uint32_t amount = 200;
  if (*before + amount > 20000) {
    auto p = purchase(c, *before);
    if (!p.debit || p.debit->sw != 0x9000) return c.inconc("cannot make room in the purse");
    before = balance(c);
  }
  Json::Value t;
  t["after_writes"] = n;
  if (!c.check(c.call("test.tear", t, "harness.tester").has_value(), "test.tear not answered"))
    return;
  const Bytes term = *terminal_id_bytes(kTerminal);
  apdu(c, apdu::select_aid(kTransitAid));
  auto init = apdu(c, apdu::initialize_load(amount, term));
  if (init && init->sw == 0x9000) {
    auto il = apdu::parse_init_load(init->data);
    purse::LoadData d;
    d.amount = amount;
    d.terminal = term;
    d.online_atc = il->online_atc;
    d.card_random = il->random;
    d.old_balance = il->old_balance;
    d.date = bcd_date(wall_now());
    d.time = bcd_time(wall_now());
    Json::Value b;
    b["capdu"] = to_hex_upper(
        apdu::credit(d.date, d.time, purse::issuer_load_mac2(alg_of(c), card_of(c), d)));
    auto a = c.link().request(c.make("card.apdu", b), std::chrono::milliseconds(400));
    c.log(a ? "credit answered (write point not reached)"
            : "credit torn at write " + std::to_string(n));
  }
  if (!c.check(power_up(c), "test.power on was not accepted")) return;
  auto after = balance(c);
  if (!after) return c.fail("cannot read the balance after power-up");
  c.check(*after == *before || *after == *before + amount,
          "after tearing a load at write " + std::to_string(n) + " the balance is " +
              std::to_string(*after) + ", neither old nor new");
}

}  // namespace

Suite card_suite() {
  Suite s{"card", "card", "1.0.0", {}, {}};
  Builder b(s);
  Json::Value bal;
  bal["capdu"] = to_hex_upper(apdu::get_balance());
  kit::add_common_cases(b, "CD", "card.apdu", bal);
  const std::string pre = "card active, powered, transit purse personalised";
  b.add("CD-SEL-001", "SELECT of the transit AID answers 9000 with an FCI naming the AID.",
        {"STD-4.1", "STD-4.10"}, "true", pre, "00 A4 04 00 08 A000000632010105",
        "9000, FCI 6F with 84 = AID", [](CaseContext& c) {
          auto r = apdu(c, apdu::select_aid(kTransitAid));
          if (expect_sw(c, r, 0x9000, "SELECT transit")) {
            auto name = apdu::find_tlv(r->data, 0x84);
            c.check(name && *name == kTransitAid, "FCI does not carry DF name 84 = transit AID");
          }
        });
  b.add("CD-SEL-002", "SELECT of an unknown AID answers 6A82.", {"STD-4.1", "STD-4.4"}, "true", pre,
        "SELECT A0000000000000", "6A82", [](CaseContext& c) {
          expect_sw(c, apdu(c, apdu::select_aid({0xA0, 0, 0, 0, 0, 0, 0x01})), 0x6A82,
                    "SELECT unknown");
        });
  b.add("CD-SEL-003", "SELECT of the SSC application answers 9000.", {"STD-4.1", "STD-4.2"},
        "ssc_application", pre, "SELECT F0594B5453534301", "9000", [](CaseContext& c) {
          expect_sw(c, apdu(c, apdu::select_aid(kSscAid)), 0x9000, "SELECT SSC");
        });
  b.add("CD-SSC-001", "EF05 holds the card number the card is addressed by.",
        {"STD-4.2", "STD-2.2"}, "ssc_application", pre,
        "SELECT SSC, SELECT EF05, READ RECORD tag 07", "9000 with the 9-character card number",
        [](CaseContext& c) {
          apdu(c, apdu::select_aid(kSscAid));
          apdu(c, apdu::select_ef(0xEF05));
          auto r = apdu(c, apdu::read_tag(0x07));
          if (expect_sw(c, r, 0x9000, "READ EF05 card number")) {
            const std::string no(r->data.begin(), r->data.end());
            c.check(no.find(card_of(c).card_no) != std::string::npos,
                    "EF05 card number does not match the card's address");
          }
        });
  b.add("CD-SSC-002", "EF06 holds a citizen ID with a valid GB 11643 check character.",
        {"STD-4.2", "STD-2.2"}, "ssc_application", pre,
        "SELECT SSC, SELECT EF06, READ RECORD tag 08", "9000, 18 characters, check character right",
        [](CaseContext& c) {
          apdu(c, apdu::select_aid(kSscAid));
          apdu(c, apdu::select_ef(0xEF06));
          auto r = apdu(c, apdu::read_tag(0x08));
          if (expect_sw(c, r, 0x9000, "READ EF06 citizen ID")) {
            std::string id(r->data.begin(), r->data.end());
            if (id.size() > 18) id = id.substr(id.size() - 18);
            c.check(pii::is_valid_citizen_id(id), "EF06 citizen ID fails the GB 11643 check");
          }
        });
  b.add("CD-SSC-003", "READ RECORD of a tag the EF does not hold answers 6A83.",
        {"STD-4.2", "STD-4.4"}, "ssc_application", pre, "READ RECORD tag 7F in EF05", "6A83",
        [](CaseContext& c) {
          apdu(c, apdu::select_aid(kSscAid));
          apdu(c, apdu::select_ef(0xEF05));
          expect_sw(c, apdu(c, apdu::read_tag(0x7F)), 0x6A83, "READ RECORD missing tag");
        });
  b.add("CD-SSC-004", "SELECT of an EF that does not exist answers 6A82.", {"STD-4.2", "STD-4.4"},
        "ssc_application", pre, "SELECT EF 0x0E99", "6A82", [](CaseContext& c) {
          apdu(c, apdu::select_aid(kSscAid));
          expect_sw(c, apdu(c, apdu::select_ef(0x0E99)), 0x6A82, "SELECT missing EF");
        });
  b.add("CD-BAL-001", "GET BALANCE answers 4 bytes and 9000.", {"STD-4.3.1", "STD-4.3"}, "true",
        pre, "SELECT transit, 80 5C 00 02 04", "9000, 4-byte balance ≤ 20000 fen",
        [](CaseContext& c) {
          apdu(c, apdu::select_aid(kTransitAid));
          auto r = apdu(c, apdu::get_balance());
          if (expect_sw(c, r, 0x9000, "GET BALANCE"))
            c.check(r->data.size() == 4 && be_value(r->data, 0, 4) <= 20000,
                    "balance is not 4 bytes or above the purse maximum");
        });
  b.add("CD-PUR-001", "A purchase with a correct MAC1 debits exactly the amount.",
        {"STD-4.3.2", "STD-4.3.4"}, "true", pre + ", balance ≥ 1 CNY",
        "INITIALIZE FOR PURCHASE 100 fen, DEBIT with MAC1", "9000 with TAC and MAC2; balance - 100",
        [](CaseContext& c) {
          auto before = balance(c);
          if (!before) return c.inconc("cannot read the balance (GET BALANCE refused)");
          if (*before < 100) return c.inconc("balance below 100 fen");
          auto p = purchase(c, 100);
          if (!expect_second(c, p.stopped, p.debit, 0x9000, "DEBIT")) return;
          auto after = balance(c);
          c.check(after && *after == *before - 100, "balance did not drop by exactly 100 fen");
        });
  b.add("CD-PUR-002", "MAC2 returned by DEBIT verifies under the card's purchase key.",
        {"STD-4.3.4", "STD-4.6", "STD-8.1"}, "true", pre, "purchase of 50 fen",
        "MAC2 verifies at the PSAM", [](CaseContext& c) {
          auto p = purchase(c, 50);
          if (!expect_second(c, p.stopped, p.debit, 0x9000, "DEBIT") || p.debit->data.size() < 8)
            return;
          const Bytes mac2(p.debit->data.begin() + 4, p.debit->data.begin() + 8);
          c.check(purse::verify_purchase_mac2(alg_of(c), card_of(c), p.d, mac2),
                  "MAC2 does not verify");
        });
  b.add("CD-PUR-003", "The TAC of a purchase verifies under the issuer's TAC key.",
        {"STD-4.3.4", "STD-4.6", "STD-4.7"}, "true", pre, "purchase of 30 fen", "TAC verifies",
        [](CaseContext& c) {
          auto p = purchase(c, 30);
          if (!expect_second(c, p.stopped, p.debit, 0x9000, "DEBIT") || p.debit->data.size() < 4)
            return;
          const Bytes tac(p.debit->data.begin(), p.debit->data.begin() + 4);
          c.check(purse::verify_purchase_tac(alg_of(c), card_of(c), p.d, tac),
                  "TAC does not verify");
        });
  b.add("CD-PUR-004", "A DEBIT with a wrong MAC1 answers 9302 and leaves the balance unchanged.",
        {"STD-4.3.4", "STD-4.6", "STD-4.4"}, "true", pre, "DEBIT with MAC1 corrupted",
        "9302, balance unchanged", [](CaseContext& c) {
          auto before = balance(c);
          auto p = purchase(c, 10, false, true);
          expect_second(c, p.stopped, p.debit, 0x9302, "DEBIT with bad MAC1");
          auto after = balance(c);
          c.check(before && after && *before == *after, "a bad MAC1 changed the balance");
          purchase(c, 1);  // a good purchase resets the card's MAC failure counter
        });
  b.add("CD-PUR-005", "INITIALIZE FOR PURCHASE above the balance answers 9401.",
        {"STD-4.3.2", "STD-4.4"}, "true", pre, "INITIALIZE FOR PURCHASE balance + 1 fen", "9401",
        [](CaseContext& c) {
          auto before = balance(c);
          if (!before) return c.fail("cannot read balance");
          auto p = purchase(c, *before + 1);
          expect_sw(c, p.init, 0x9401, "INITIALIZE above balance");
        });
  b.add("CD-PUR-006", "DEBIT without a preceding INITIALIZE answers 6985.",
        {"STD-4.3.4", "STD-4.4"}, "true", pre, "SELECT, DEBIT", "6985", [](CaseContext& c) {
          apdu(c, apdu::select_aid(kTransitAid));
          expect_sw(
              c, apdu(c, apdu::debit(1, bcd_date(wall_now()), bcd_time(wall_now()), Bytes(4, 0))),
              0x6985, "DEBIT out of sequence");
        });
  b.add("CD-PUR-007", "Each purchase uses the next offline ATC.", {"STD-4.3.2"}, "true", pre,
        "two purchases of 1 fen", "ATC of the second = first + 1", [](CaseContext& c) {
          auto p1 = purchase(c, 1);
          auto p2 = purchase(c, 1);
          if (!expect_second(c, p1.stopped, p1.debit, 0x9000, "first DEBIT") ||
              !expect_second(c, p2.stopped, p2.debit, 0x9000, "second DEBIT"))
            return;
          c.check(p2.d.atc == p1.d.atc + 1, "ATC did not advance by one");
        });
  b.add("CD-PUR-008", "INITIALIZE FOR PURCHASE with an unknown key index answers 9403.",
        {"STD-4.3.2", "STD-4.7"}, "true", pre, "INITIALIZE with key index 0x09", "9403",
        [](CaseContext& c) {
          auto p = purchase(c, 1, false, false, 0x09);
          expect_sw(c, p.init, 0x9403, "unknown key index");
        });
  b.add("CD-PUR-009", "A compound purchase (P1=03) debits with transaction type 09.",
        {"STD-4.3.3", "STD-4.3.2"}, "compound_purchase", pre,
        "INITIALIZE FOR PURCHASE P1=03, DEBIT", "9000 and log type 09", [](CaseContext& c) {
          auto p = purchase(c, 20, true);
          if (!expect_second(c, p.stopped, p.debit, 0x9000, "compound DEBIT")) return;
          auto r = apdu(c, apdu::read_log(1));
          auto rec = r ? apdu::parse_log_record(r->data) : std::nullopt;
          c.check(rec && rec->txn_type == 0x09, "newest log record is not of type 09");
        });
  b.add("CD-PUR-010", "The INITIALIZE answer names the algorithm the ICS declares.",
        {"STD-4.6", "STD-8.1"}, "alg_sm4 || alg_3des", pre, "INITIALIZE FOR PURCHASE 1 fen",
        "algorithm byte 04 (SM4) or 00 (3DES)", [](CaseContext& c) {
          apdu(c, apdu::select_aid(kTransitAid));
          auto r = apdu(c, apdu::initialize_purchase(false, 1, *terminal_id_bytes(kTerminal)));
          if (!expect_sw(c, r, 0x9000, "INITIALIZE")) return;
          auto ip = apdu::parse_init_purchase(r->data);
          const std::string name(purse::algorithm_name(alg_of(c)));
          if (!c.ics().get(name == "sm4" ? "alg_sm4" : "alg_3des").value_or(false))
            return c.inconc("the IXIT's alg " + name + " is not claimed by the ICS");
          c.check(ip && ip->alg && *ip->alg == alg_of(c),
                  "algorithm byte differs from the IXIT's alg " + name);
        });
  b.add("CD-PUR-011",
        "On a 3DES card a purchase follows the 3DES text: diversified card keys, an 8-byte "
        "session key used as SK ‖ SK, and a TAC under the 16-byte TAC key whose 24-byte input "
        "takes a whole padding block.",
        {"STD-4.6", "STD-4.7", "STD-4.3.4"}, "alg_3des", pre + ", IXIT alg 3des",
        "INITIALIZE FOR PURCHASE 40 fen, DEBIT with a MAC1 computed from STD-4.6/4.7 alone",
        "algorithm byte 00; 9000; MAC2 and TAC equal to the values computed from the text",
        [](CaseContext& c) {
          using namespace des3_text;
          const auto card = selected_3des_card(c);
          if (!card) return;
          const Bytes term = *terminal_id_bytes(kTerminal);
          const std::uint32_t amount = 40;
          auto init = apdu(c, apdu::initialize_purchase(false, amount, term));
          if (init && init->sw == 0x9401) return c.inconc("balance below 40 fen");
          if (!expect_sw(c, init, 0x9000, "INITIALIZE FOR PURCHASE")) return;
          auto ip = apdu::parse_init_purchase(init->data);
          if (!c.check(ip && ip->alg == crypto::Algorithm::des3,
                       "INITIALIZE does not answer algorithm byte 00 (3DES)"))
            return;
          const std::uint32_t seq = 0x00012345;
          const Bytes date = bcd_date(wall_now()), time = bcd_time(wall_now());
          const Bytes atc = be_bytes(ip->atc, 2);
          const Bytes input = cat({ip->random, atc, be_bytes(seq & 0xFFFF, 2)});
          const Bytes purchase_key = card_key(*card, "purchase");
          const Bytes mac1 = session_mac(purchase_key, input,
                                         cat({be_bytes(amount, 4), {0x06}, term, date, time}));
          auto debit = apdu(c, apdu::debit(seq, date, time, mac1));
          if (!expect_sw(c, debit, 0x9000, "DEBIT with the text's MAC1") ||
              !c.check(debit->data.size() == 8, "DEBIT did not answer TAC 4 ‖ MAC2 4"))
            return;
          const Bytes tac(debit->data.begin(), debit->data.begin() + 4);
          const Bytes mac2(debit->data.begin() + 4, debit->data.end());
          c.check(mac2 == session_mac(purchase_key, input, be_bytes(amount, 4)),
                  "MAC2 differs from MAC(SK ‖ SK, amount 4) of STD-4.6 items 3-4");
          const Bytes tac_key = card_key(*card, "tac");
          const Bytes tac_in =
              cat({be_bytes(amount, 4), {0x06}, term, be_bytes(seq, 4), atc, date, time});
          if (tac != mac(tac_key, tac_in)) c.fail(tac_mismatch(tac_key, tac_in, tac));
        });
  b.add("CD-LOG-001", "After a purchase the newest log record holds its amount, type and terminal.",
        {"STD-4.3.7"}, "transaction_log", pre, "purchase 7 fen, READ RECORD 1",
        "record: 7 fen, 06, terminal", [](CaseContext& c) {
          auto p = purchase(c, 7);
          if (!expect_second(c, p.stopped, p.debit, 0x9000, "DEBIT")) return;
          auto r = apdu(c, apdu::read_log(1));
          if (!expect_sw(c, r, 0x9000, "READ RECORD 1")) return;
          auto rec = apdu::parse_log_record(r->data);
          c.check(rec && rec->amount == 7 && rec->txn_type == 0x06 && rec->terminal_id == kTerminal,
                  "log record does not match the purchase");
        });
  b.add("CD-LOG-002", "READ RECORD of log record 11 answers 6A83 (10 records kept).",
        {"STD-4.3.7", "STD-4.4"}, "transaction_log", pre, "00 B2 0B C4 17", "6A83",
        [](CaseContext& c) {
          apdu(c, apdu::select_aid(kTransitAid));
          expect_sw(c, apdu(c, apdu::read_log(11)), 0x6A83, "READ RECORD 11");
        });
  b.add("CD-LOAD-001",
        "A load with a correct MAC2 credits exactly the amount and the card's MAC1 verifies.",
        {"STD-4.3.5", "STD-4.3.6"}, "purse_load", pre, "INITIALIZE FOR LOAD 100, CREDIT with MAC2",
        "9000 with TAC, balance + 100", [](CaseContext& c) {
          auto before = balance(c);
          if (!before) return c.inconc("cannot read the balance (GET BALANCE refused)");
          if (*before + 100 > 20000) return c.inconc("no room in the purse");
          auto l = load(c, 100);
          if (!expect_second(c, l.stopped, l.credit, 0x9000, "CREDIT")) return;
          c.check(l.mac1_ok, "load MAC1 from the card does not verify");
          auto after = balance(c);
          c.check(after && *after == *before + 100, "balance did not rise by exactly 100 fen");
        });
  b.add("CD-LOAD-002", "The TAC of a load verifies under the issuer's TAC key.",
        {"STD-4.3.6", "STD-4.6"}, "purse_load", pre, "load 10 fen", "TAC verifies",
        [](CaseContext& c) {
          auto l = load(c, 10);
          if (!expect_second(c, l.stopped, l.credit, 0x9000, "CREDIT") || l.credit->data.size() < 4)
            return;
          c.check(purse::verify_load_tac(alg_of(c), card_of(c), l.d,
                                         Bytes(l.credit->data.begin(), l.credit->data.begin() + 4)),
                  "load TAC does not verify");
        });
  b.add("CD-LOAD-003", "A CREDIT with a wrong MAC2 answers 9302 and the balance is unchanged.",
        {"STD-4.3.6", "STD-4.4"}, "purse_load", pre, "CREDIT with MAC2 corrupted",
        "9302, balance unchanged", [](CaseContext& c) {
          auto before = balance(c);
          auto l = load(c, 10, true);
          expect_second(c, l.stopped, l.credit, 0x9302, "CREDIT with bad MAC2");
          auto after = balance(c);
          c.check(before && after && *before == *after, "a bad MAC2 changed the balance");
          load(c, 1);
        });
  b.add("CD-LOAD-004", "A load above the purse maximum (200 CNY) is refused with 9408.",
        {"STD-4.3.5", "STD-4.4"}, "purse_load", pre, "INITIALIZE FOR LOAD 20001 fen", "9408",
        [](CaseContext& c) {
          apdu(c, apdu::select_aid(kTransitAid));
          expect_sw(c, apdu(c, apdu::initialize_load(20001, *terminal_id_bytes(kTerminal))), 0x9408,
                    "load above maximum");
        });
  b.add("CD-LOAD-005", "CREDIT without INITIALIZE FOR LOAD answers 6985.", {"STD-4.3.6", "STD-4.4"},
        "purse_load", pre, "SELECT, CREDIT", "6985", [](CaseContext& c) {
          apdu(c, apdu::select_aid(kTransitAid));
          expect_sw(c,
                    apdu(c, apdu::credit(bcd_date(wall_now()), bcd_time(wall_now()), Bytes(4, 0))),
                    0x6985, "CREDIT out of sequence");
        });
  b.add("CD-LOAD-006",
        "On a 3DES card a load follows the 3DES text: load MAC1 over a 15-byte input (one "
        "padding byte) and TAC under the 16-byte TAC key over a 24-byte input (a whole padding "
        "block).",
        {"STD-4.6", "STD-4.7", "STD-4.3.5", "STD-4.3.6"}, "alg_3des && purse_load",
        pre + ", IXIT alg 3des, room for 60 fen",
        "INITIALIZE FOR LOAD 60 fen, CREDIT with a MAC2 computed from STD-4.6/4.7 alone",
        "algorithm byte 00, MAC1 and TAC equal to the values computed from the text, balance + 60",
        [](CaseContext& c) {
          using namespace des3_text;
          const auto card = selected_3des_card(c);
          if (!card) return;
          const Bytes term = *terminal_id_bytes(kTerminal);
          const std::uint32_t amount = 60;
          auto init = apdu(c, apdu::initialize_load(amount, term));
          if (init && init->sw == 0x9408) return c.inconc("no room in the purse for 60 fen");
          if (!expect_sw(c, init, 0x9000, "INITIALIZE FOR LOAD")) return;
          auto il = apdu::parse_init_load(init->data);
          if (!c.check(il && il->alg == crypto::Algorithm::des3,
                       "INITIALIZE FOR LOAD does not answer algorithm byte 00 (3DES)"))
            return;
          const Bytes online_atc = be_bytes(il->online_atc, 2);
          const Bytes input = cat({il->random, online_atc, {0x80, 0x00}});
          const Bytes load_key = card_key(*card, "load");
          const Bytes mac1_in =
              cat({be_bytes(il->old_balance, 4), be_bytes(amount, 4), {0x02}, term});
          c.check(il->mac1 == session_mac(load_key, input, mac1_in),
                  "load MAC1 differs from MAC(SK ‖ SK, old balance ‖ amount ‖ 02 ‖ terminal) of "
                  "STD-4.6 items 3 and 6");
          const Bytes date = bcd_date(wall_now()), time = bcd_time(wall_now());
          const Bytes mac2 =
              session_mac(load_key, input, cat({be_bytes(amount, 4), {0x02}, term, date, time}));
          auto credit = apdu(c, apdu::credit(date, time, mac2));
          if (!expect_sw(c, credit, 0x9000, "CREDIT with the text's MAC2") ||
              !c.check(credit->data.size() == 4, "CREDIT did not answer TAC 4"))
            return;
          const Bytes tac_key = card_key(*card, "tac");
          const Bytes tac_in = cat({be_bytes(il->old_balance + amount, 4),
                                    online_atc,
                                    be_bytes(amount, 4),
                                    {0x02},
                                    term,
                                    date,
                                    time});
          if (credit->data != mac(tac_key, tac_in))
            c.fail(tac_mismatch(tac_key, tac_in, credit->data));
          auto after = balance(c);
          c.check(after && *after == il->old_balance + amount,
                  "balance did not rise by exactly 60 fen");
        });
  b.add("CD-APDU-001", "An unknown instruction answers 6D00.", {"STD-4.4"}, "true", pre,
        "80 EE 00 00", "6D00", [](CaseContext& c) {
          expect_sw(c, apdu(c, {0x80, 0xEE, 0x00, 0x00}), 0x6D00, "unknown INS");
        });
  b.add("CD-APDU-002", "A truncated APDU answers 6700 and never crashes the card.", {"STD-4.4"},
        "true", pre, "80 50 01", "6700; card answers afterwards", [](CaseContext& c) {
          expect_sw(c, apdu(c, {0x80, 0x50, 0x01}), 0x6700, "truncated APDU");
          c.check(balance(c).has_value(), "the card no longer answers after a truncated APDU");
        });
  b.add("CD-APDU-003", "A card.apdu whose capdu is not hex is refused with E1002.",
        {"STD-4.10", "STD-3.6"}, "true", pre, "card.apdu {capdu:'XYZ'}", "E1002",
        [](CaseContext& c) {
          Json::Value bad;
          bad["capdu"] = "XYZ";
          c.expect_status(c.call("card.apdu", bad), "E1002", "non-hex capdu");
        });
  b.add("CD-APDU-004", "INITIALIZE FOR PURCHASE with a wrong P2 answers 6A86.",
        {"STD-4.4", "STD-4.3.2"}, "true", pre, "80 50 01 07 0B ...", "6A86", [](CaseContext& c) {
          apdu(c, apdu::select_aid(kTransitAid));
          Bytes cmd = apdu::initialize_purchase(false, 1, *terminal_id_bytes(kTerminal));
          cmd[3] = 0x07;
          expect_sw(c, apdu(c, cmd), 0x6A86, "wrong P2");
        });
  for (unsigned n = 1; n <= 6; ++n) {
    char id[32];
    std::snprintf(id, sizeof id, "CD-TEAR-D%02u", n);
    b.add(id,
          "A power cut at write " + std::to_string(n) +
              " of a debit leaves the old or the new state and recovery debits exactly once.",
          {"STD-4.8", "STD-4.9"}, "test_interface", pre,
          "test.tear after_writes=" + std::to_string(n) +
              ", purchase 100 fen, test.power on, GET BALANCE, retry if not debited",
          "balance old or new; after recovery old - 100 exactly",
          [n](CaseContext& c) { tear_debit_case(c, n); });
  }
  for (unsigned n = 1; n <= 5; ++n) {
    char id[32];
    std::snprintf(id, sizeof id, "CD-TEAR-L%02u", n);
    b.add(id,
          "A power cut at write " + std::to_string(n) +
              " of a load leaves the old or the new balance.",
          {"STD-4.8", "STD-4.9"}, "test_interface", pre,
          "test.tear after_writes=" + std::to_string(n) +
              ", load 200 fen, test.power on, GET BALANCE",
          "balance old or old + 200", [n](CaseContext& c) { tear_load_case(c, n); });
  }
  b.add("CD-GR-001", "A command sent without Le answers 61xx and GET RESPONSE returns the data.",
        {"STD-4.3.8"}, "true", pre, "80 5C 00 02 (no Le), then 00 C0 00 00 xx",
        "61 04, then 4 bytes ‖ 9000", [](CaseContext& c) {
          apdu(c, apdu::select_aid(kTransitAid));
          Json::Value b;
          b["capdu"] = "805C0002";
          auto a = c.call("card.apdu", b);
          auto raw = a ? from_hex(a->env.body["rapdu"].asString()) : std::nullopt;
          if (!c.check(raw && raw->size() == 2 && (*raw)[0] == 0x61,
                       "no 61xx for a command without Le"))
            return;
          auto r = apdu(c, apdu::get_response((*raw)[1]));
          if (expect_sw(c, r, 0x9000, "GET RESPONSE"))
            c.check(r->data.size() == 4, "GET RESPONSE did not return 4 bytes");
        });
  b.add("CD-GR-002", "GET RESPONSE with nothing pending answers 6985.", {"STD-4.3.8", "STD-4.4"},
        "true", pre, "SELECT, GET BALANCE (with Le), GET RESPONSE", "6985", [](CaseContext& c) {
          apdu(c, apdu::select_aid(kTransitAid));
          apdu(c, apdu::get_balance());
          expect_sw(c, apdu(c, apdu::get_response(4)), 0x6985, "GET RESPONSE with nothing pending");
        });
  b.add("CD-PROOF-001", "GET TRANSACTION PROOF of the last purchase returns its TAC and MAC2.",
        {"STD-4.3.9", "STD-4.8"}, "true", pre, "purchase 5 fen, 80 5A 00 06 02 <ATC> 08",
        "TAC ‖ MAC2 equal to the DEBIT answer", [](CaseContext& c) {
          auto p = purchase(c, 5);
          if (!expect_second(c, p.stopped, p.debit, 0x9000, "DEBIT") || p.debit->data.size() < 8)
            return;
          auto r = apdu(c, apdu::get_transaction_prove(0x06, p.d.atc));
          if (expect_sw(c, r, 0x9000, "GET TRANSACTION PROOF"))
            c.check(Bytes(r->data.begin(),
                          r->data.begin() + std::min<std::size_t>(8, r->data.size())) ==
                        Bytes(p.debit->data.begin(), p.debit->data.begin() + 8),
                    "the proof differs from the DEBIT answer");
        });
  b.add("CD-PROOF-002",
        "GET TRANSACTION PROOF for an ATC that is not the last transaction answers 9406.",
        {"STD-4.3.9", "STD-4.4"}, "true", pre, "80 5A 00 06 02 <last ATC + 100> 08", "9406",
        [](CaseContext& c) {
          auto p = purchase(c, 5);
          if (!expect_second(c, p.stopped, p.debit, 0x9000, "DEBIT")) return;
          expect_sw(
              c,
              apdu(c, apdu::get_transaction_prove(0x06, static_cast<std::uint16_t>(p.d.atc + 100))),
              0x9406, "proof of an unknown ATC");
        });
  b.add("CD-CAPP-001", "UPDATE CAPP DATA CACHE outside a compound session answers 6985.",
        {"STD-4.3.3", "STD-4.4"}, "compound_purchase", pre, "SELECT, 80 DC 01 C8 03 010203", "6985",
        [](CaseContext& c) {
          apdu(c, apdu::select_aid(kTransitAid));
          expect_sw(c, apdu(c, apdu::update_capp_cache(0x01, {0x01, 0x02, 0x03})), 0x6985,
                    "CAPP outside session");
        });
  b.add(
      "CD-CAPP-002", "A CAPP record staged in a compound session is written with the debit.",
      {"STD-4.3.3", "STD-4.8"}, "compound_purchase", pre,
      "INITIALIZE P1=03, 80 DC 02 C8 record, DEBIT, READ RECORD 00 B2 02 CC 00",
      "the record reads back as staged", [](CaseContext& c) {
        const Bytes term = *terminal_id_bytes(kTerminal);
        apdu(c, apdu::select_aid(kTransitAid));
        auto init = apdu(c, apdu::initialize_purchase(true, 3, term));
        if (!expect_sw(c, init, 0x9000, "INITIALIZE compound")) return;
        auto ip = apdu::parse_init_purchase(init->data);
        const Bytes record = {0x02, 0x31, 0x00, 0x00, static_cast<std::uint8_t>(c.rng()() & 0xFF)};
        if (!expect_sw(c, apdu(c, apdu::update_capp_cache(0x02, record)), 0x9000, "UPDATE CAPP"))
          return;
        purse::PurchaseData d;
        d.amount = 3;
        d.txn_type = purse::kTypeCompound;
        d.terminal = term;
        d.term_seq = 4242;
        d.atc = ip->atc;
        d.card_random = ip->random;
        d.date = bcd_date(wall_now());
        d.time = bcd_time(wall_now());
        if (!expect_sw(
                c,
                apdu(c, apdu::debit(d.term_seq, d.date, d.time,
                                    purse::terminal_purchase_mac1(alg_of(c), card_of(c), d))),
                0x9000, "compound DEBIT"))
          return;
        auto r = apdu(c, apdu::read_capp(0x02));
        if (expect_sw(c, r, 0x9000, "READ CAPP record"))
          c.check(r->data.size() >= record.size() &&
                      std::equal(record.begin(), record.end(), r->data.begin()),
                  "the CAPP record does not hold the staged data");
      });
  b.add("CD-LOCK-001", "Three consecutive wrong MAC1s lock the purse: later commands answer 9303.",
        {"STD-4.4", "STD-4.6"}, "true", pre + " (run last: the card is locked afterwards)",
        "three DEBITs with bad MAC1, then INITIALIZE", "9303", [](CaseContext& c) {
          for (int i = 0; i < 3; ++i) purchase(c, 1, false, true);
          apdu(c, apdu::select_aid(kTransitAid));
          auto r = apdu(c, apdu::initialize_purchase(false, 1, *terminal_id_bytes(kTerminal)));
          expect_sw(c, r, 0x9303, "INITIALIZE after three MAC failures");
        });
  return s;
}

}  // namespace ykt::certify
