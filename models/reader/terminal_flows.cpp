// The terminal's service flows (STD-6): each step sends an APDU or a backend request and continues
// in the callback; every failure ends the tap with a status from the error table (STD-9.1).
#include <algorithm>
#include <cstdio>

#include "common/bcd.hpp"
#include "common/purchase_record.hpp"
#include "common/purse_apdu.hpp"
#include "error_code.hpp"
#include "json_util.hpp"
#include "pii.hpp"
#include "status_mapping.hpp"
#include "terminal.hpp"

using ykt::json::operator""_k;

namespace ykt::reader {

namespace {
const Bytes kTransitAid = {0xA0, 0x00, 0x00, 0x06, 0x32, 0x01, 0x01, 0x05};  // FACTS §4
const Bytes kSscAid = {0xF0, 0x59, 0x4B, 0x54, 0x53, 0x53, 0x43, 0x01};      // ykt definition

void copy_fields(const Json::Value& from, Json::Value& to,
                 std::initializer_list<const char*> keys) {
  for (const char* k : keys)
    if (from.isMember(k)) to[k] = from[k];
}

/// Masks every citizen ID inside string values (defence in depth: the terminal never forwards one).
Json::Value masked(const Json::Value& v) {
  if (v.isString()) return Json::Value(pii::mask_text(v.asString()));
  if (v.isObject()) {
    Json::Value out(Json::objectValue);
    for (const auto& k : v.getMemberNames()) out[k] = masked(v[k]);
    return out;
  }
  if (v.isArray()) {
    Json::Value out(Json::arrayValue);
    for (const auto& e : v) out.append(masked(e));
    return out;
  }
  return v;
}
}  // namespace

bool Terminal::card_failed(Context& ctx, const TapPtr& tap, const CardAnswer& a) {
  if (!a.answered) {
    finish(ctx, tap, code(ErrorCode::card_timeout), "card did not answer in time");
    return true;
  }
  if (a.sw != 0x9000) {
    tap->result["sw"_k] = sw_hex(a.sw);
    finish(ctx, tap, code(sw_error(a.sw)), "card answered SW " + sw_hex(a.sw));
    return true;
  }
  return false;
}

void Terminal::run_tap(Context& ctx, const TapPtr& tap) {
  const Json::Value& b = tap->request.body;
  tap->service = b["service"].isString() ? b["service"].asString() : "";
  static const char* kServices[] = {
      "transit", "transit_compound", "venue", "identity", "medical", "topup", "qr", "status"};
  if (std::none_of(std::begin(kServices), std::end(kServices),
                   [&](const char* s) { return tap->service == s; })) {
    finish(ctx, tap, code(ErrorCode::schema_violation), "unknown service");
    return;
  }
  tap->txn_id = new_txn_id(ctx);
  if (tap->service == "qr") return qr(ctx, tap);
  const Json::Value& cards = b["cards"];
  if (!cards.isArray()) {
    finish(ctx, tap, code(ErrorCode::schema_violation), "cards must be an array");
    return;
  }
  if (cards.size() > 1) {  // anti-collision (FACTS §5): refuse without touching any card
    finish(ctx, tap, code(ErrorCode::multiple_cards), "more than one card in the field");
    return;
  }
  if (cards.empty() || !cards[0].isString()) {
    finish(ctx, tap, code(ErrorCode::card_timeout), "no card in the field");
    return;
  }
  tap->card = cards[0].asString();
  if (tap->service == "transit") return transit(ctx, tap, false);
  if (tap->service == "transit_compound") return transit(ctx, tap, true);
  if (tap->service == "topup") return topup(ctx, tap);
  if (tap->service == "identity") return identity(ctx, tap);
  if (tap->service == "venue") return venue(ctx, tap);
  if (tap->service == "medical") return medical(ctx, tap);
  status(ctx, tap);
}

void Terminal::select_transit(Context& ctx, const TapPtr& tap, std::function<void(Context&)> k) {
  apdu(ctx, tap, apdu::select_aid(kTransitAid), [this, tap, k](Context& c, const CardAnswer& a) {
    if (card_failed(c, tap, a)) return;
    auto f15 = apdu::find_tlv(a.data, 0x9F0C);
    std::optional<std::string> issuer;
    if (f15 && f15->size() == 30)
      issuer = codec::bcd_to_digits(Bytes(f15->begin(), f15->begin() + 3));
    const std::string card_no =
        f15 && f15->size() == 30 ? std::string(f15->begin() + 11, f15->begin() + 20) : "";
    if (!issuer || !valid_city_code(*issuer) || !valid_card_no(card_no)) {
      finish(c, tap, code(ErrorCode::internal), "card file 0015 unreadable");
      return;
    }
    tap->ref = CardRef{*issuer, card_no};
    tap->result["card_ref"_k] = tap->ref.to_json();
    k(c);
  });
}

void Terminal::select_ssc(Context& ctx, const TapPtr& tap, std::function<void(Context&)> k) {
  apdu(ctx, tap, apdu::select_aid(kSscAid), [this, tap, k](Context& c, const CardAnswer& a) {
    if (card_failed(c, tap, a)) return;
    auto data = apdu::find_tlv(a.data, 0x9F0C);
    std::optional<std::string> issuer;
    if (data && data->size() == 12)
      issuer = codec::bcd_to_digits(Bytes(data->begin(), data->begin() + 3));
    const std::string card_no =
        data && data->size() == 12 ? std::string(data->begin() + 3, data->end()) : "";
    if (!issuer || !valid_city_code(*issuer) || !valid_card_no(card_no)) {
      finish(c, tap, code(ErrorCode::internal), "SSC application data unreadable");
      return;
    }
    tap->ref = CardRef{*issuer, card_no};
    tap->result["card_ref"_k] = tap->ref.to_json();
    k(c);
  });
}

void Terminal::identity(Context& ctx, const TapPtr& tap) {
  select_ssc(ctx, tap, [this, tap](Context& c) {
    apdu(c, tap, apdu::select_ef(0xEF06), [this, tap](Context& c2, const CardAnswer& a) {
      if (card_failed(c2, tap, a)) return;
      apdu(c2, tap, apdu::read_tag(0x08), [this, tap](Context& c3, const CardAnswer& a2) {
        if (card_failed(c3, tap, a2)) return;
        if (a2.data.size() != 20 || a2.data[0] != 0x08 || a2.data[1] != 18) {
          finish(c3, tap, code(ErrorCode::internal), "EF06 citizen ID unreadable");
          return;
        }
        std::string cid(a2.data.begin() + 2, a2.data.end());
        // Only the digest leaves the terminal (CATALOG "Identity on the wire", STD-8.4).
        const std::string digest =
            to_hex(crypto::sm3(std::string_view("ykt-id/1|" + cid + "|" + tap->ref.card_no)));
        std::fill(cid.begin(), cid.end(), '0');
        Json::Value body(Json::objectValue);
        body["txn_id"_k] = tap->txn_id;
        body["card_ref"_k] = tap->ref.to_json();
        body["id_digest"_k] = digest;
        backend(c3, tap, "id.verify", body, [this, tap](Context& c4, const Json::Value* rsp) {
          if (rsp == nullptr) {
            finish(c4, tap, code(ErrorCode::issuer_unavailable), "no answer to id.verify");
            return;
          }
          copy_fields(masked(*rsp), tap->result, {"match", "holder"});
          finish(c4, tap, (*rsp)["status"].asString());
        });
      });
    });
  });
}

void Terminal::venue(Context& ctx, const TapPtr& tap) {
  const Json::Value& b = tap->request.body;
  if (!b["venue_id"].isString()) {
    finish(ctx, tap, code(ErrorCode::schema_violation), "venue_id missing");
    return;
  }
  select_ssc(ctx, tap, [this, tap](Context& c) {
    const Json::Value& req = tap->request.body;
    Json::Value body(Json::objectValue);
    body["txn_id"_k] = tap->txn_id;
    body["card_ref"_k] = tap->ref.to_json();
    body["venue_id"_k] = req["venue_id"];
    body["venue_city"_k] =
        req["city"].isString() ? req["city"].asString() : codec::terminal_city(cfg_.terminal_id);
    // STD-6.1: `base_price`; without it `amount` (ykt definition), 0 without either.
    const Json::Value& base = req["base_price"].isUInt() ? req["base_price"] : req["amount"];
    body["base_price"_k] = base.isUInt() ? base.asUInt() : 0u;
    backend(c, tap, "venue.admit", body, [this, tap](Context& c2, const Json::Value* rsp) {
      if (rsp == nullptr) {
        finish(c2, tap, code(ErrorCode::issuer_unavailable), "no answer to venue.admit");
        return;
      }
      copy_fields(masked(*rsp), tap->result, {"admitted", "price", "same_city"});
      finish(c2, tap, (*rsp)["status"].asString());
    });
  });
}

void Terminal::medical(Context& ctx, const TapPtr& tap) {
  if (!tap->request.body["items"].isArray()) {
    finish(ctx, tap, code(ErrorCode::schema_violation), "items must be an array");
    return;
  }
  select_ssc(ctx, tap, [this, tap](Context& c) {
    const Json::Value& req = tap->request.body;
    Json::Value body(Json::objectValue);
    body["txn_id"_k] = tap->txn_id;
    body["card_ref"_k] = tap->ref.to_json();
    body["treatment_city"_k] =
        req["city"].isString() ? req["city"].asString() : codec::terminal_city(cfg_.terminal_id);
    body["items"_k] = req["items"];
    backend(c, tap, "med.presettle", body, [this, tap](Context& c2, const Json::Value* rsp) {
      if (rsp == nullptr) {
        finish(c2, tap, code(ErrorCode::issuer_unavailable), "no answer to med.presettle");
        return;
      }
      Json::Value pre(Json::objectValue);
      copy_fields(masked(*rsp), pre, {"total", "covered", "fund_pays", "self_pays"});
      tap->result["presettle"_k] = pre;
      if ((*rsp)["status"].asString() != "OK") {
        finish(c2, tap, (*rsp)["status"].asString(), "pre-settlement refused");
        return;
      }
      Json::Value settle(Json::objectValue);
      settle["txn_id"_k] = new_txn_id(c2);
      settle["presettle_id"_k] = tap->txn_id;
      settle["card_ref"_k] = tap->ref.to_json();
      tap->result["settle_txn_id"_k] = settle["txn_id"];
      backend(c2, tap, "med.settle", settle, [this, tap](Context& c3, const Json::Value* rsp2) {
        if (rsp2 == nullptr) {
          finish(c3, tap, code(ErrorCode::issuer_unavailable), "no answer to med.settle");
          return;
        }
        copy_fields(masked(*rsp2), tap->result, {"settlement_id", "fund_pays", "self_pays"});
        finish(c3, tap, (*rsp2)["status"].asString());
      });
    });
  });
}

void Terminal::status(Context& ctx, const TapPtr& tap) {
  select_ssc(ctx, tap, [this, tap](Context& c) {
    Json::Value body(Json::objectValue);
    body["card_ref"_k] = tap->ref.to_json();
    backend(c, tap, "card.status", body, [this, tap](Context& c2, const Json::Value* rsp) {
      if (rsp == nullptr) {
        finish(c2, tap, code(ErrorCode::issuer_unavailable), "no answer to card.status");
        return;
      }
      copy_fields(masked(*rsp), tap->result, {"state", "home_city"});
      finish(c2, tap, (*rsp)["status"].asString());
    });
  });
}

void Terminal::qr(Context& ctx, const TapPtr& tap) {
  const Json::Value& token = tap->request.body["token"];
  if (!token.isString() || token.asString().empty()) {
    finish(ctx, tap, code(ErrorCode::schema_violation), "token missing");
    return;
  }
  Json::Value body(Json::objectValue);
  body["txn_id"_k] = tap->txn_id;
  body["token"_k] = token;
  backend(ctx, tap, "qr.verify", body, [this, tap](Context& c, const Json::Value* rsp) {
    if (rsp == nullptr) {
      finish(c, tap, code(ErrorCode::issuer_unavailable), "no answer to qr.verify");
      return;
    }
    copy_fields(masked(*rsp), tap->result, {"card_ref", "valid", "expires"});
    finish(c, tap, (*rsp)["status"].asString());
  });
}

}  // namespace ykt::reader
