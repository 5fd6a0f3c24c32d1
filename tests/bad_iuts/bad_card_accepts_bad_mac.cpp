/// Known-bad card: it accepts a DEBIT FOR PURCHASE whose MAC1 is wrong (it replaces the MAC1 by
/// the right one before its purse sees it). The card suite must fail CD-PUR-004 and CD-LOCK-001.
#include "card/card_actor.hpp"
#include "common/bcd.hpp"
#include "common/purse_apdu.hpp"
#include "common/purse_crypto.hpp"
#include "iut_host.hpp"

namespace {

using namespace ykt;

/// Wraps the reference card; remembers INITIALIZE FOR PURCHASE to forge the MAC1 it should check.
class MacBlindCard final : public Actor {
 public:
  explicit MacBlindCard(card::CardProfile p) : ref_(p.ref()), inner_(std::move(p)) {}
  void on_message(Context& ctx, const Envelope& msg) override {
    Envelope m = msg;
    if (m.type == "card.apdu" && m.body["capdu"].isString()) {
      auto capdu = from_hex(m.body["capdu"].asString());
      if (capdu && capdu->size() >= 5 && (*capdu)[0] == 0x80 && (*capdu)[1] == 0x50 &&
          (*capdu)[2] != 0x00 && capdu->size() >= 16) {
        amount_ = codec::be_value(*capdu, 6, 4);
        terminal_.assign(capdu->begin() + 10, capdu->begin() + 16);
        compound_ = (*capdu)[2] == 0x03;
        awaiting_init_ = true;
      } else if (capdu && capdu->size() >= 20 && (*capdu)[0] == 0x80 && (*capdu)[1] == 0x54 &&
                 init_) {
        purse::PurchaseData d;
        d.amount = amount_;
        d.txn_type = compound_ ? purse::kTypeCompound : purse::kTypePurchase;
        d.terminal = terminal_;
        d.term_seq = codec::be_value(*capdu, 5, 4);
        d.atc = init_->atc;
        d.card_random = init_->random;
        d.date.assign(capdu->begin() + 9, capdu->begin() + 13);
        d.time.assign(capdu->begin() + 13, capdu->begin() + 16);
        const Bytes mac1 = purse::terminal_purchase_mac1(crypto::Algorithm::sm4, ref_, d);
        std::copy(mac1.begin(), mac1.end(), capdu->begin() + 16);
        m.body["capdu"] = to_hex_upper(*capdu);
      }
    }
    Relay relay(ctx, *this);
    inner_.on_message(relay, m);
  }

 private:
  /// Passes the inner card's sends through and watches INITIALIZE answers.
  class Relay final : public Context {
   public:
    Relay(Context& outer, MacBlindCard& self) : outer_(outer), self_(self) {}
    SimTime now() const override { return outer_.now(); }
    const std::string& self() const override { return outer_.self(); }
    void send(Envelope e) override {
      if (self_.awaiting_init_ && e.body["rapdu"].isString()) {
        self_.awaiting_init_ = false;
        auto r = from_hex(e.body["rapdu"].asString());
        auto split = r ? apdu::split_response(*r) : std::nullopt;
        if (split && (split->second >> 8) == 0x61) self_.awaiting_init_ = true;  // data follows
        if (split && split->second == 0x9000) self_.init_ = apdu::parse_init_purchase(split->first);
      }
      outer_.send(std::move(e));
    }
    TimerId set_timer(Duration a, std::string t) override {
      return outer_.set_timer(a, std::move(t));
    }
    void cancel_timer(TimerId id) override { outer_.cancel_timer(id); }
    std::string new_id() override { return outer_.new_id(); }
    void log(LogLevel l, std::string_view t) override { outer_.log(l, t); }

   private:
    Context& outer_;
    MacBlindCard& self_;
  };

  CardRef ref_;
  card::CardActor inner_;
  std::uint32_t amount_ = 0;
  Bytes terminal_;
  bool compound_ = false;
  bool awaiting_init_ = false;
  std::optional<apdu::InitPurchase> init_;
};

}  // namespace

int main(int argc, char** argv) {
  auto args = testing::parse_iut_args(argc, argv, "card.Y31000001");
  card::CardProfile p = testing::test_card_profile(args);
  return testing::host_iut(args, "card", std::make_shared<MacBlindCard>(p));
}
