/// Known-bad backend: it does not check the card's cryptograms. Before the reference logic sees
/// them it replaces the TAC of a purchase and the MAC1 of a top-up by the right values, so forged
/// ones are accepted. Caught by BE-TXN-009 (bad TAC) and BE-TOP-002 (bad load MAC1).
#include "bad_backend_main.hpp"
#include "common/bcd.hpp"
#include "common/purse_crypto.hpp"

int main(int argc, char** argv) {
  using namespace ykt;
  return testing::run_bad_backend(
      argc, argv,
      [](Envelope& e) {
        const auto& b = e.body;
        const CardRef ref{b["card_ref"]["issuer"].asString(), b["card_ref"]["card_no"].asString()};
        const auto alg = crypto::Algorithm::sm4;
        if (e.type == "txn.purchase" && !e.is_reply) {
          purse::PurchaseData d;
          d.amount = b["amount"].asUInt();
          d.txn_type =
              b["txn_type"].asString() == "09" ? purse::kTypeCompound : purse::kTypePurchase;
          d.terminal = codec::terminal_id_bytes(b["terminal_id"].asString()).value_or(Bytes(6, 0));
          d.term_seq = b["term_seq"].asUInt();
          d.atc = static_cast<std::uint16_t>(b["atc"].asUInt());
          d.date = codec::digits_to_bcd(b["date"].asString()).value_or(Bytes(4, 0));
          d.time = codec::digits_to_bcd(b["time"].asString()).value_or(Bytes(3, 0));
          e.body["tac"] = to_hex(purse::issuer_purchase_tac(alg, ref, d));
        }
        if (e.type == "topup.auth" && !e.is_reply) {
          purse::LoadData d;
          d.amount = b["amount"].asUInt();
          d.terminal = codec::terminal_id_bytes(b["terminal_id"].asString()).value_or(Bytes(6, 0));
          d.online_atc = static_cast<std::uint16_t>(b["online_atc"].asUInt());
          d.card_random = from_hex(b["card_random"].asString()).value_or(Bytes(4, 0));
          d.old_balance = b["old_balance"].asUInt();
          d.date = codec::digits_to_bcd(b["date"].asString()).value_or(Bytes(4, 0));
          d.time = codec::digits_to_bcd(b["time"].asString()).value_or(Bytes(3, 0));
          const Bytes sk =
              purse::load_session_key(alg, purse::card_key(alg, ref, keys::Purpose::load), d);
          e.body["mac1"] = to_hex(purse::load_mac1(alg, sk, d));
        }
        return true;
      },
      nullptr);
}
