/// Known-bad card: a 3DES card whose TAC uses the wrong key. Like a legacy PBOC card it makes its
/// purchase and load TACs with single DES under the left XOR right half of its TAC key, where
/// STD-4.6 item 5 asks for the 16-byte TAC key used directly; MAC1/MAC2 are right. Its GET
/// TRANSACTION PROOF answers the same TAC as its DEBIT. The card suite must fail CD-PUR-003,
/// CD-LOAD-002, CD-PUR-011 and CD-LOAD-006 and nothing else.
#include "actor_wrapper.hpp"
#include "card/card_actor.hpp"
#include "common/bcd.hpp"
#include "common/purse_apdu.hpp"
#include "common/purse_crypto.hpp"
#include "iut_host.hpp"

namespace {

using namespace ykt;

/// What the wrapper learns from the commands and answers it passes on.
struct Session {
  Bytes command;                 ///< the command whose answer goes out next
  purse::PurchaseData purchase;  ///< the purchase being made
  purse::LoadData load;          ///< the load being made
  Bytes right_tac, wrong_tac;    ///< the last TAC the card made and what the defect sent instead
};

/// The defect's TAC key: single DES under K_left XOR K_right (as K ‖ K for two-key 3DES).
Bytes folded_tac_key(const CardRef& card) {
  const Bytes k = purse::card_key(crypto::Algorithm::des3, card, keys::Purpose::tac);
  Bytes folded(8);
  for (std::size_t i = 0; i < 8; ++i) folded[i] = k[i] ^ k[8 + i];
  Bytes twice = folded;
  twice.insert(twice.end(), folded.begin(), folded.end());
  return twice;
}

/// Records the fields a TAC covers from a command APDU (layouts in models/card/APDU.md).
void learn_command(Session& s, const Bytes& c) {
  if (c.size() >= 2 && c[0] == 0x00 && c[1] == 0xC0) return;  // GET RESPONSE: same command
  s.command = c;
  if (c.size() < 16 || c[0] != 0x80) return;
  if (c[1] == 0x50 && c[2] != 0x00) {  // INITIALIZE FOR PURCHASE
    s.purchase = {};
    s.purchase.amount = codec::be_value(c, 6, 4);
    s.purchase.txn_type = c[2] == 0x03 ? purse::kTypeCompound : purse::kTypePurchase;
    s.purchase.terminal.assign(c.begin() + 10, c.begin() + 16);
  } else if (c[1] == 0x50) {  // INITIALIZE FOR LOAD
    s.load = {};
    s.load.amount = codec::be_value(c, 6, 4);
    s.load.terminal.assign(c.begin() + 10, c.begin() + 16);
  } else if (c[1] == 0x54 && c.size() >= 20) {  // DEBIT: seq 4 ‖ date 4 ‖ time 3 ‖ MAC1 4
    s.purchase.term_seq = codec::be_value(c, 5, 4);
    s.purchase.date.assign(c.begin() + 9, c.begin() + 13);
    s.purchase.time.assign(c.begin() + 13, c.begin() + 16);
  } else if (c[1] == 0x52) {  // CREDIT: date 4 ‖ time 3 ‖ MAC2 4
    s.load.date.assign(c.begin() + 5, c.begin() + 9);
    s.load.time.assign(c.begin() + 9, c.begin() + 12);
  }
}

/// Replaces the first 4 bytes of `data` (a TAC) by `wrong`, remembering the pair.
void swap_tac(Session& s, Bytes& data, const Bytes& wrong) {
  s.right_tac.assign(data.begin(), data.begin() + 4);
  s.wrong_tac = wrong;
  std::copy(wrong.begin(), wrong.end(), data.begin());
}

/// Rewrites the data of a 9000 answer to `s.command`.
void rewrite_answer(Session& s, const Bytes& tac_key, Bytes& data) {
  const Bytes& c = s.command;
  if (c.size() < 4 || c[0] != 0x80) return;
  if (c[1] == 0x50 && c[2] != 0x00) {
    if (auto ip = apdu::parse_init_purchase(data)) {
      s.purchase.atc = ip->atc;
      s.purchase.card_random = ip->random;
    }
  } else if (c[1] == 0x50) {
    if (auto il = apdu::parse_init_load(data)) {
      s.load.old_balance = il->old_balance;
      s.load.online_atc = il->online_atc;
      s.load.card_random = il->random;
    }
  } else if (c[1] == 0x54 && data.size() == 8) {
    swap_tac(s, data, purse::purchase_tac(crypto::Algorithm::des3, tac_key, s.purchase));
  } else if (c[1] == 0x52 && data.size() == 4) {
    swap_tac(s, data, purse::load_tac(crypto::Algorithm::des3, tac_key, s.load));
  } else if (c[1] == 0x5A && data.size() >= 4 &&
             Bytes(data.begin(), data.begin() + 4) == s.right_tac) {
    std::copy(s.wrong_tac.begin(), s.wrong_tac.end(), data.begin());  // the proof agrees
  }
}

}  // namespace

int main(int argc, char** argv) {
  auto args = testing::parse_iut_args(argc, argv, "card.Y31000001");
  card::CardProfile p = testing::test_card_profile(args);
  p.alg = crypto::Algorithm::des3;
  const Bytes tac_key = folded_tac_key(p.ref());
  auto s = std::make_shared<Session>();
  auto in = [s](Envelope& e) {
    if (e.type == "card.apdu" && e.body["capdu"].isString())
      if (auto capdu = from_hex(e.body["capdu"].asString())) learn_command(*s, *capdu);
    return true;
  };
  auto out = [s, tac_key](Envelope& e) {
    testing::rewrite_ok_answer(e, [&](Bytes& data) { rewrite_answer(*s, tac_key, data); });
    return true;
  };
  return testing::host_iut(
      args, "card",
      std::make_shared<testing::ActorWrapper>(std::make_shared<card::CardActor>(p), in,
                                              testing::ActorWrapper::Hook(out)));
}
