/// Known-bad card: its anti-tearing recovery is wrong. After power is cut during DEBIT FOR
/// PURCHASE, power-up "recovers" by debiting the purchase again on top of whatever the journal
/// did, so the purse ends at old - 2 × amount: neither the old nor the new state. The card suite
/// must fail the CD-TEAR-Dnn cases whose write point exists (and only those).
#include "card/card_actor.hpp"
#include "common/bcd.hpp"
#include "common/purse_apdu.hpp"
#include "common/purse_crypto.hpp"
#include "iut_host.hpp"

namespace {

using namespace ykt;

/// A Context that keeps what the inner card sends (to drive it privately).
class Capture final : public Context {
 public:
  explicit Capture(Context& outer) : outer_(outer) {}
  SimTime now() const override { return outer_.now(); }
  const std::string& self() const override { return outer_.self(); }
  void send(Envelope e) override { out.push_back(std::move(e)); }
  TimerId set_timer(Duration, std::string) override { return 0; }
  void cancel_timer(TimerId) override {}
  std::string new_id() override { return outer_.new_id(); }
  void log(LogLevel l, std::string_view t) override { outer_.log(l, t); }
  std::vector<Envelope> out;

 private:
  Context& outer_;
};

class TearCorruptingCard final : public Actor {
 public:
  explicit TearCorruptingCard(card::CardProfile p) : ref_(p.ref()), inner_(std::move(p)) {}

  void on_message(Context& ctx, const Envelope& msg) override {
    if (msg.type == "card.apdu" && msg.body["capdu"].isString()) {
      auto capdu = from_hex(msg.body["capdu"].asString());
      if (capdu && capdu->size() >= 16 && (*capdu)[0] == 0x80 && (*capdu)[1] == 0x50 &&
          (*capdu)[2] != 0x00)
        last_amount_ = codec::be_value(*capdu, 6, 4);
      Capture cap(ctx);
      inner_.on_message(cap, msg);
      if (capdu && capdu->size() >= 2 && (*capdu)[1] == 0x54 && cap.out.empty())
        torn_ = last_amount_;
      for (auto& e : cap.out) ctx.send(std::move(e));
      return;
    }
    inner_.on_message(ctx, msg);
    if (msg.type == "test.power" && msg.body["on"].asBool() && torn_) {
      const std::uint32_t amount = *torn_;
      torn_.reset();
      // The defect: "finish" the interrupted purchase on top of the journal's recovery, so the
      // purse ends at old - 2 x amount whichever way the journal went.
      const std::uint32_t target =
          before_torn_debit_ >= 2 * amount ? before_torn_debit_ - 2 * amount : 0;
      for (int i = 0; i < 2 && balance(ctx) > target; ++i) debit_privately(ctx, amount);
    }
    if (msg.type == "test.tear") before_torn_debit_ = balance(ctx);
  }

 private:
  std::optional<Bytes> apdu_privately(Context& ctx, const Bytes& capdu) {
    Envelope e;
    e.type = "card.apdu";
    e.id = "bad-" + std::to_string(++ids_);
    e.from = "harness.internal";
    e.to = ctx.self();
    e.body["capdu"] = to_hex_upper(capdu);
    Capture cap(ctx);
    inner_.on_message(cap, e);
    if (cap.out.empty() || !cap.out[0].body["rapdu"].isString()) return std::nullopt;
    return from_hex(cap.out[0].body["rapdu"].asString());
  }
  std::uint32_t balance(Context& ctx) {
    apdu_privately(ctx, apdu::select_aid(card::kTransitAid));
    auto r = apdu_privately(ctx, apdu::get_balance());
    return r && r->size() == 6 ? codec::be_value(*r, 0, 4) : 0;
  }
  void debit_privately(Context& ctx, std::uint32_t amount) {
    const Bytes term = *codec::terminal_id_bytes("310000000999");
    apdu_privately(ctx, apdu::select_aid(card::kTransitAid));
    auto r = apdu_privately(ctx, apdu::initialize_purchase(false, amount, term));
    auto split = r ? apdu::split_response(*r) : std::nullopt;
    if (!split || split->second != 0x9000) return;
    auto ip = apdu::parse_init_purchase(split->first);
    if (!ip) return;
    purse::PurchaseData d;
    d.amount = amount;
    d.terminal = term;
    d.term_seq = 1;
    d.atc = ip->atc;
    d.card_random = ip->random;
    d.date = codec::bcd_date(ctx.now());
    d.time = codec::bcd_time(ctx.now());
    apdu_privately(ctx,
                   apdu::debit(d.term_seq, d.date, d.time,
                               purse::terminal_purchase_mac1(crypto::Algorithm::sm4, ref_, d)));
  }

  CardRef ref_;
  card::CardActor inner_;
  std::uint32_t last_amount_ = 0;
  std::uint32_t before_torn_debit_ = 0;
  std::optional<std::uint32_t> torn_;
  std::uint64_t ids_ = 0;
};

}  // namespace

int main(int argc, char** argv) {
  auto args = testing::parse_iut_args(argc, argv, "card.Y31000001");
  card::CardProfile p = testing::test_card_profile(args);
  return testing::host_iut(args, "card", std::make_shared<TearCorruptingCard>(p));
}
