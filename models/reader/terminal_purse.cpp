// The terminal's purse flows (STD-6.1, STD-6.3): transit purchase (plain and compound), top-up,
// and the recovery of torn debits and loads at the card's next tap (STD-4.8).
#include "common/bcd.hpp"
#include "common/purchase_record.hpp"
#include "common/purse_apdu.hpp"
#include "json_util.hpp"
#include "status_mapping.hpp"
#include "terminal.hpp"

using ykt::json::operator""_k;

namespace ykt::reader {

// A torn debit or load of this card is decided from its log and GET TRANSACTION PROVE (STD-4.8).
void Terminal::recover_then(Context& ctx, const TapPtr& tap, std::function<void(Context&)> k) {
  auto it = pending_.find(tap->ref.card_no);
  if (it == pending_.end()) return k(ctx);
  const PendingTxn p = it->second;
  apdu(ctx, tap, apdu::read_log(1), [this, tap, k, p](Context& c, const CardAnswer& a) {
    if (!a.answered) {
      finish(c, tap, code(ErrorCode::card_timeout), "card did not answer in time");
      return;
    }
    auto rec = a.sw == 0x9000 ? apdu::parse_log_record(a.data) : std::nullopt;
    const std::uint16_t atc = p.load ? p.load_data.online_atc : p.purchase.atc;
    const std::uint32_t amount = p.load ? p.load_data.amount : p.purchase.amount;
    const std::uint8_t type = p.load ? purse::kTypeLoad : p.purchase.txn_type;
    const bool happened = rec && rec->atc == atc && rec->txn_type == type &&
                          rec->amount == amount && rec->terminal_id == cfg_.terminal_id;
    if (!happened) {  // the card holds the old state: the transaction did not take place
      pending_.erase(p.ref.card_no);
      ++stat(Stat::recovered_not_done);
      tap->result["recovered_txn"_k] = p.txn_id;
      tap->result["recovered_done"_k] = false;
      return k(c);
    }
    apdu(c, tap, apdu::get_transaction_prove(type, atc),
         [this, tap, k, p](Context& c2, const CardAnswer& a2) {
           if (card_failed(c2, tap, a2)) return;
           if (a2.data.size() != 8) {
             finish(c2, tap, code(ErrorCode::internal), "bad GET TRANSACTION PROVE answer");
             return;
           }
           const Bytes tac(a2.data.begin(), a2.data.begin() + 4);
           const Bytes mac2(a2.data.begin() + 4, a2.data.end());
           ++stat(Stat::recovered_done);
           if (!p.load) {
             const bool ok = psam_.mac2_valid(p.alg, p.ref, p.purchase, mac2);
             if (tap->service == "transit" || tap->service == "transit_compound") {
               complete_debit(c2, tap, p, tac, ok, true);  // the re-tap completes that trip
               return;
             }
             if (!ok)  // STD-4.3.4: flagged in the reader's log only; the record is unchanged
               c2.log(LogLevel::warn,
                      "MAC2 failure: txn " + p.txn_id + " record kept, uploaded unchanged");
             keep_debit_record(c2, p, tac);
             tap->result["recovered_txn"_k] = p.txn_id;
             tap->result["recovered_done"_k] = true;
             return k(c2);
           }
           pending_.erase(p.ref.card_no);
           Json::Value body(Json::objectValue);
           body["txn_id"_k] = p.txn_id;
           body["card_ref"_k] = p.ref.to_json();  // routes the confirmation to the issuer (STD-6.8)
           body["tac"_k] = to_hex(tac);
           tap->result["recovered_txn"_k] = p.txn_id;
           tap->result["recovered_done"_k] = true;
           backend(c2, tap, "topup.confirm", body,
                   [k](Context& c3, const Json::Value* /*rsp*/) { k(c3); });
         });
  });
}

void Terminal::transit(Context& ctx, const TapPtr& tap, bool compound) {
  const Json::Value& amount = tap->request.body["amount"];
  if (!amount.isUInt() || amount.asUInt() > 0xFFFFFFFFu) {
    finish(ctx, tap, code(ErrorCode::schema_violation), "amount must be a non-negative integer");
    return;
  }
  select_transit(ctx, tap, [this, tap, compound](Context& c) {
    recover_then(c, tap, [this, tap, compound](Context& c2) {
      if (!psam_.holds(tap->ref.province())) {
        finish(c2, tap, code(ErrorCode::route_unknown), "no purchase key for the card's issuer");
        return;
      }
      const std::uint32_t amount = tap->request.body["amount"].asUInt();
      apdu(c2, tap, apdu::initialize_purchase(compound, amount, terminal_bcd_),
           [this, tap, compound, amount](Context& c3, const CardAnswer& a) {
             if (card_failed(c3, tap, a)) return;
             auto init = apdu::parse_init_purchase(a.data);
             if (!init || !init->alg) {
               finish(c3, tap, code(ErrorCode::internal), "bad INITIALIZE FOR PURCHASE answer");
               return;
             }
             PendingTxn p;
             p.txn_id = tap->txn_id;
             p.alg = *init->alg;
             p.ref = tap->ref;
             p.purchase.amount = amount;
             p.purchase.txn_type = compound ? purse::kTypeCompound : purse::kTypePurchase;
             p.purchase.terminal = terminal_bcd_;
             p.purchase.atc = init->atc;
             p.purchase.card_random = init->random;
             p.purchase.date = codec::bcd_date(c3.now());
             p.purchase.time = codec::bcd_time(c3.now());
             if (!compound) return debit(c3, tap, p, init->balance);
             // ykt transit record: id 01 ‖ terminal 6 ‖ date 4 ‖ time 3 ‖ amount 4.
             Bytes rec{0x01};
             rec.insert(rec.end(), terminal_bcd_.begin(), terminal_bcd_.end());
             rec.insert(rec.end(), p.purchase.date.begin(), p.purchase.date.end());
             rec.insert(rec.end(), p.purchase.time.begin(), p.purchase.time.end());
             const Bytes amt = codec::be_bytes(amount, 4);
             rec.insert(rec.end(), amt.begin(), amt.end());
             const std::uint32_t balance = init->balance;
             apdu(c3, tap, apdu::update_capp_cache(0x01, rec),
                  [this, tap, p, balance](Context& c4, const CardAnswer& a2) {
                    if (card_failed(c4, tap, a2)) return;
                    debit(c4, tap, p, balance);
                  });
           });
    });
  });
}

void Terminal::debit(Context& ctx, const TapPtr& tap, PendingTxn p, std::uint32_t balance) {
  p.purchase.term_seq = psam_.next_sequence();
  auto mac1 = psam_.mac1(p.alg, p.ref, p.purchase);
  if (!mac1) {
    finish(ctx, tap, code(ErrorCode::route_unknown), "no purchase key for the card's issuer");
    return;
  }
  pending_[p.ref.card_no] = p;  // kept until the answer proves the outcome
  tap->result["balance_before"_k] = balance;
  apdu(ctx, tap, apdu::debit(p.purchase.term_seq, p.purchase.date, p.purchase.time, *mac1),
       [this, tap, p](Context& c, const CardAnswer& a) {
         if (!a.answered) {  // torn or gone: decided at the card's next tap
           tap->result["pending"_k] = true;
           finish(c, tap, code(ErrorCode::card_timeout), "no answer to DEBIT; kept for recovery");
           return;
         }
         if (a.sw != 0x9000 || a.data.size() != 8) {
           pending_.erase(p.ref.card_no);
           if (card_failed(c, tap, a)) return;
           finish(c, tap, code(ErrorCode::internal), "bad DEBIT answer");
           return;
         }
         const Bytes tac(a.data.begin(), a.data.begin() + 4);
         const Bytes mac2(a.data.begin() + 4, a.data.end());
         complete_debit(c, tap, p, tac, psam_.mac2_valid(p.alg, p.ref, p.purchase, mac2), false);
       });
}

void Terminal::complete_debit(Context& ctx, const TapPtr& tap, const PendingTxn& p,
                              const Bytes& tac, std::optional<bool> mac2_ok, bool recovered) {
  std::string tac_hex = keep_debit_record(ctx, p, tac);
  ++stat(Stat::debits);
  tap->txn_id = p.txn_id;
  Json::Value& res = tap->result;
  res["amount"_k] = p.purchase.amount;
  res["atc"_k] = p.purchase.atc;
  res["term_seq"_k] = p.purchase.term_seq;
  res["tac"_k] = std::move(tac_hex);
  res["recovered"_k] = recovered;
  if (!recovered && res.isMember("balance_before"))
    res["balance"_k] = res["balance_before"].asUInt() - p.purchase.amount;
  if (mac2_ok) res["mac2_ok"_k] = *mac2_ok;
  if (mac2_ok && !*mac2_ok) {
    // STD-4.3.4: the flag stays with the reader (its log); the record goes up unchanged.
    ctx.log(LogLevel::warn, "MAC2 failure: txn " + p.txn_id + " record kept, uploaded unchanged");
    finish(ctx, tap, code(ErrorCode::tac_invalid), "card MAC2 does not verify; record kept");
    return;
  }
  finish(ctx, tap, "OK");
}

std::string Terminal::keep_debit_record(Context& ctx, const PendingTxn& p, const Bytes& tac) {
  pending_.erase(p.ref.card_no);
  PurchaseRecord r;
  r.txn_id = p.txn_id;
  r.terminal_id = cfg_.terminal_id;
  r.card = p.ref;
  r.amount = p.purchase.amount;
  r.txn_type = p.purchase.txn_type;
  r.atc = p.purchase.atc;
  r.term_seq = p.purchase.term_seq;
  // The terminal wrote both fields from its own clock, so they always decode.
  r.date = codec::bcd_to_digits(p.purchase.date).value_or("");
  r.time = codec::bcd_to_digits(p.purchase.time).value_or("");
  r.tac = to_hex(tac);
  r.online = false;
  r.alg = p.alg;
  std::string tac_hex = r.tac;
  offline_.add(std::move(r));  // a debit that happened is never lost, whatever MAC2 says
  arm_upload(ctx);
  return tac_hex;
}

void Terminal::topup(Context& ctx, const TapPtr& tap) {
  const Json::Value& amount = tap->request.body["amount"];
  if (!amount.isUInt()) {  // STD-6.1: only an absent (or ill-typed) amount is E1002
    finish(ctx, tap, code(ErrorCode::schema_violation), "amount must be a non-negative integer");
    return;
  }
  select_transit(ctx, tap, [this, tap](Context& c) {
    recover_then(c, tap, [this, tap](Context& c2) {
      const std::uint32_t amount = tap->request.body["amount"].asUInt();
      apdu(c2, tap, apdu::initialize_load(amount, terminal_bcd_),
           [this, tap, amount](Context& c3, const CardAnswer& a) {
             if (card_failed(c3, tap, a)) return;
             auto init = apdu::parse_init_load(a.data);
             if (!init || !init->alg) {
               finish(c3, tap, code(ErrorCode::internal), "bad INITIALIZE FOR LOAD answer");
               return;
             }
             PendingTxn p;
             p.txn_id = tap->txn_id;
             p.load = true;
             p.alg = *init->alg;
             p.ref = tap->ref;
             p.load_data = purse::LoadData{amount,
                                           terminal_bcd_,
                                           init->online_atc,
                                           init->random,
                                           init->old_balance,
                                           codec::bcd_date(c3.now()),
                                           codec::bcd_time(c3.now())};
             Json::Value body(Json::objectValue);
             body["txn_id"_k] = tap->txn_id;
             body["terminal_id"_k] = cfg_.terminal_id;
             body["card_ref"_k] = tap->ref.to_json();
             body["amount"_k] = amount;
             body["online_atc"_k] = init->online_atc;
             body["card_random"_k] = to_hex(init->random);
             body["old_balance"_k] = init->old_balance;
             body["mac1"_k] = to_hex(init->mac1);
             body["date"_k] = *codec::bcd_to_digits(p.load_data.date);
             body["time"_k] = *codec::bcd_to_digits(p.load_data.time);
             body["alg"_k] = std::string(purse::algorithm_name(p.alg));
             backend(
                 c3, tap, "topup.auth", body, [this, tap, p](Context& c4, const Json::Value* rsp) {
                   if (rsp == nullptr) {
                     finish(c4, tap, code(ErrorCode::issuer_unavailable),
                            "no answer to topup.auth");
                     return;
                   }
                   const std::string st = (*rsp)["status"].asString();
                   if (st != "OK") {
                     finish(c4, tap, st.empty() ? code(ErrorCode::internal) : st,
                            "topup.auth refused");
                     return;
                   }
                   auto mac2 = (*rsp)["mac2"].isString() ? from_hex((*rsp)["mac2"].asString())
                                                         : std::nullopt;
                   if (!mac2 || mac2->size() != 4) {
                     finish(c4, tap, code(ErrorCode::tac_invalid), "topup.auth gave no valid mac2");
                     return;
                   }
                   pending_[p.ref.card_no] = p;
                   apdu(c4, tap, apdu::credit(p.load_data.date, p.load_data.time, *mac2),
                        [this, tap, p](Context& c5, const CardAnswer& a2) {
                          if (!a2.answered) {
                            tap->result["pending"_k] = true;
                            finish(c5, tap, code(ErrorCode::card_timeout),
                                   "no answer to CREDIT; kept for recovery");
                            return;
                          }
                          pending_.erase(p.ref.card_no);
                          if (card_failed(c5, tap, a2)) return;
                          if (a2.data.size() != 4) {
                            finish(c5, tap, code(ErrorCode::internal), "bad CREDIT answer");
                            return;
                          }
                          ++stat(Stat::loads);
                          tap->result["amount"_k] = p.load_data.amount;
                          tap->result["balance"_k] = p.load_data.old_balance + p.load_data.amount;
                          tap->result["tac"_k] = to_hex(a2.data);
                          Json::Value body2(Json::objectValue);
                          body2["txn_id"_k] = p.txn_id;
                          body2["card_ref"_k] = p.ref.to_json();  // routes to the issuer (STD-6.8)
                          body2["tac"_k] = to_hex(a2.data);
                          backend(c5, tap, "topup.confirm", body2,
                                  [this, tap](Context& c6, const Json::Value* rsp2) {
                                    if (rsp2 == nullptr) {
                                      finish(c6, tap, code(ErrorCode::issuer_unavailable),
                                             "card credited; no answer to topup.confirm");
                                      return;
                                    }
                                    finish(c6, tap, (*rsp2)["status"].asString());
                                  });
                        });
                 });
           });
    });
  });
}

}  // namespace ykt::reader
