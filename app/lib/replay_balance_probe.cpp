#include "replay_balance_probe.hpp"

#include "context.hpp"

namespace ykt::app {

namespace {
const char* const kSelectTransit = "00A4040008A000000632010105";
const char* const kGetBalance = "805C000204";
}  // namespace

BalanceProbe::BalanceProbe(std::vector<std::string> cards, Duration timeout)
    : cards_(std::move(cards)), timeout_(timeout) {}

void BalanceProbe::on_start(Context& ctx) {
  for (const auto& c : cards_) {
    Json::Value b;
    b["capdu"] = kSelectTransit;
    pending_[ctx.request(c, "card.apdu", b)] = {c, true};
  }
  if (!cards_.empty()) (void)ctx.set_timer(timeout_, "timeout");
}

void BalanceProbe::on_message(Context& ctx, const Envelope& msg) {
  auto it = pending_.find(msg.id);
  if (it == pending_.end()) return;
  const auto [card, is_select] = it->second;
  pending_.erase(it);
  if (results_.count(card)) return;
  const std::string rapdu = msg.body.get("rapdu", "").asString();
  const std::string sw = rapdu.size() >= 4 ? rapdu.substr(rapdu.size() - 4) : std::string();
  if (msg.body.get("status", "E1001").asString() == "OK" && sw.size() == 4 &&
      sw.compare(0, 2, "61") == 0) {
    // 61xx: xx bytes wait for GET RESPONSE (ISO 7816-4, CATALOG command set).
    Json::Value b;
    b["capdu"] = "00C00000" + sw.substr(2);
    pending_[ctx.request(card, "card.apdu", b)] = {card, is_select};
    return;
  }
  if (msg.body.get("status", "E1001").asString() != "OK" || sw != "9000") {
    results_[card] =
        CardBalance{std::nullopt, sw.empty() ? msg.body.get("status", "E1001").asString() : sw};
    return;
  }
  if (is_select) {
    Json::Value b;
    b["capdu"] = kGetBalance;
    pending_[ctx.request(card, "card.apdu", b)] = {card, false};
    return;
  }
  if (rapdu.size() != 12) {
    results_[card] = CardBalance{std::nullopt, "bad GET BALANCE answer"};
    return;
  }
  try {
    results_[card] =
        CardBalance{static_cast<std::int64_t>(std::stoul(rapdu.substr(0, 8), nullptr, 16)), "OK"};
  } catch (const std::exception&) {
    results_[card] = CardBalance{std::nullopt, "bad GET BALANCE answer"};
  }
}

void BalanceProbe::on_timer(Context&, TimerId, std::string_view) {
  for (const auto& c : cards_)
    if (!results_.count(c)) results_[c] = CardBalance{std::nullopt, "timeout"};
  pending_.clear();
}

}  // namespace ykt::app
