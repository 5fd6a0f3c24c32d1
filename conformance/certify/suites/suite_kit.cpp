#include "suite_kit.hpp"

#include "common/bcd.hpp"
#include "common/card_ref.hpp"
#include "common/purse_crypto.hpp"
#include "crypto.hpp"
#include "json_util.hpp"
#include "pii.hpp"

namespace ykt::certify::kit {

using namespace codec;

/// A txn.purchase body for `card` (online, TAC computed with the issuer keys).
Json::Value purchase_body(CaseContext& c, const std::string& term, const Json::Value& card,
                          std::uint32_t amount, const std::string& txn_id) {
  purse::PurchaseData d;
  d.amount = amount;
  d.terminal = *terminal_id_bytes(term);
  d.term_seq = static_cast<std::uint32_t>(c.rng()() % 100000) + 1;
  d.atc = static_cast<std::uint16_t>(c.rng()() % 1000) + 1;
  d.card_random = crypto::random_bytes(4);
  d.date = bcd_date(wall_now());
  d.time = bcd_time(wall_now());
  CardRef ref{card["issuer"].asString(), card["card_no"].asString()};
  Json::Value b;
  b["txn_id"] = txn_id;
  b["terminal_id"] = term;
  b["card_ref"] = card;
  b["amount"] = amount;
  b["txn_type"] = "06";
  b["atc"] = d.atc;
  b["term_seq"] = d.term_seq;
  b["date"] = *bcd_to_digits(d.date);
  b["time"] = *bcd_to_digits(d.time);
  b["tac"] = to_hex(purse::issuer_purchase_tac(crypto::Algorithm::sm4, ref, d));
  b["online"] = true;
  return b;
}

/// The issuer's answer the harness (playing exchange + issuing backend) gives for a forwarded
/// request: spec-shaped, never carrying a full citizen ID.
std::optional<Json::Value> issuer_answer(const PeerRequest& r) {
  Json::Value b;
  b["status"] = "OK";
  const std::string& t = r.env.type;
  const Json::Value& card = r.env.body["card_ref"];
  const std::string home = card["issuer"].isString() ? card["issuer"].asString() : "320500";
  // Played as the exchange in front of the issuers: a region that is no province is E3001
  // (STD-7.5).
  const std::string region = home.substr(0, 2);
  if (card.isObject() && region != "31" && region != "32" && region != "33" && region != "34") {
    b["status"] = "E3001";
    b["reason"] = "no province for issuer region " + home;
    return b;
  }
  if (t == "card.status") {
    b["state"] = "active";
    b["home_city"] = home;
  } else if (t == "id.verify") {
    b["match"] = true;
    b["holder"]["id_masked"] = "320***********0010";
    b["holder"]["sex"] = "M";
    b["holder"]["birth_year"] = 1985;
    b["holder"]["home_city"] = home;
  } else if (t == "med.policy") {
    b["deductible"] = 0;
    b["ratio"] = 0.7;
    b["cap"] = 500000;
    b["used"] = 0;
    b["fund_pays"] = static_cast<Json::Int64>(r.env.body["covered_amount"].asInt64() * 7 / 10);
  } else if (t == "venue.admit") {
    b["admitted"] = true;
    b["price"] = r.env.body["base_price"];
    b["same_city"] = false;
  } else if (t == "med.presettle") {
    std::int64_t total = 0;
    for (const auto& it : r.env.body["items"])
      total += it["qty"].asInt64() * it["unit_price"].asInt64();
    b["total"] = static_cast<Json::Int64>(total);
    b["covered"] = static_cast<Json::Int64>(total);
    b["fund_pays"] = static_cast<Json::Int64>(total * 7 / 10);
    b["self_pays"] = static_cast<Json::Int64>(total - total * 7 / 10);
  } else if (t == "med.settle") {
    b["settlement_id"] = "S-" + r.env.body["txn_id"].asString();
    b["fund_pays"] = 700;
    b["self_pays"] = 300;
  } else if (t == "topup.auth") {
    b["mac2"] = "0a0b0c0d";
  } else if (t == "qr.verify") {
    b["valid"] = true;
    b["card_ref"]["issuer"] = "330100";
    b["card_ref"]["card_no"] = "Y33000011";
    b["expires"] = static_cast<Json::Int64>(to_epoch_ms(wall_now()) / 1000 + 60);
  } else if (t == "clr.issuer" || t == "clr.file") {
    b["accepted"] = static_cast<int>(r.env.body["records"].size());
    b["rejects"] = Json::Value(Json::arrayValue);
  } else if (t == "sys.ping") {
    b["actor"] = r.env.to;
    b["role"] = "harness";
  }
  return b;
}

TestCase& Builder::add(std::string id, std::string purpose, std::vector<std::string> clauses,
                       std::string ics, std::string pre, std::string stimulus, std::string expected,
                       std::function<void(CaseContext&)> body) {
  TestCase t;
  t.id = std::move(id);
  t.purpose = std::move(purpose);
  t.clauses = std::move(clauses);
  t.ics = std::move(ics);
  t.preconditions = std::move(pre);
  t.stimulus = std::move(stimulus);
  t.expected = std::move(expected);
  t.body = std::move(body);
  s_.cases.push_back(std::move(t));
  return s_.cases.back();
}

std::optional<Json::Value> data(CaseContext& c, const std::string& key) {
  const Json::Value& td = c.ixit().test_data;
  if (!td.isMember(key)) {
    c.inconc("IXIT test_data." + key + " is absent: cannot run this case");
    return std::nullopt;
  }
  return td[key];
}

std::optional<Json::Value> card(CaseContext& c, const std::string& key) {
  auto v = data(c, key);
  if (!v) return std::nullopt;
  if (!v->isObject() || !(*v)["issuer"].isString() || !(*v)["card_no"].isString()) {
    c.inconc("IXIT test_data." + key + " is not a card_ref {issuer, card_no}");
    return std::nullopt;
  }
  Json::Value r;
  r["issuer"] = (*v)["issuer"];
  r["card_no"] = (*v)["card_no"];
  return r;
}

bool free_of_citizen_ids(const Json::Value& body) {
  return !pii::contains_citizen_id(json::compact(body));
}

void add_common_cases(Builder& b, const std::string& p, const std::string& type,
                      const Json::Value& body) {
  const std::string stim = "a valid " + type + " request";
  b.add(p + "-SYS-001", "The IUT answers sys.ping with status OK and its role.",
        {"STD-3.7", "STD-3.5"}, "true", "IUT running", "sys.ping", "status OK, role present",
        [](CaseContext& c) {
          auto a = c.call("sys.ping", Json::Value(Json::objectValue), "harness.tester");
          if (c.expect_status(a, "OK", "sys.ping"))
            c.check(a->env.body["role"].isString(), "sys.ping answer has no role");
        });
  b.add(p + "-SEC-001",
        "A correctly signed request is accepted and the answer is signed by the IUT.",
        {"STD-8.2", "STD-3.1", "STD-3.5"}, "true", "IUT running", stim,
        "answer with a valid HMAC-SM3", [type, body](CaseContext& c) {
          auto a = c.call(type, body);
          if (!a) return c.fail(type + " correctly signed: " + c.last_received());
          c.check(a->env.type != "error" || a->env.body["status"].asString().rfind("E11", 0) != 0,
                  "a correctly signed request was refused: " + a->env.body["status"].asString());
          c.check(a->mac_ok, "the answer's MAC does not verify under the IUT's key");
          c.check(a->env.is_reply, "the answer is not marked reply:true");
        });
  b.add(p + "-SEC-002", "A request whose MAC is wrong is refused with E1101 and not processed.",
        {"STD-8.2", "STD-3.6", "STD-9.2"}, "true", "IUT running",
        stim + " with one MAC byte flipped", "error E1101", [type, body](CaseContext& c) {
          Envelope e = c.make(type, body);
          Frames f = c.link().build(e, to_epoch_ms(wall_now()), IutLink::fresh_nonce());
          const auto pos = f.auth.find("\"mac\":\"") + 7;
          f.auth[pos] = f.auth[pos] == '0' ? '1' : '0';
          c.expect_status(c.call_frames(f, e.id, "bad MAC"), "E1101", "bad MAC");
        });
  b.add(p + "-SEC-003", "A request signed with another actor's key is refused with E1101.",
        {"STD-8.2", "STD-9.2"}, "true", "IUT running",
        stim + " signed with a different actor's key", "error E1101", [type, body](CaseContext& c) {
          Envelope e = c.make(type, body);
          Frames f = c.link().build(e, to_epoch_ms(wall_now()), IutLink::fresh_nonce(),
                                    c.ixit().key_of("backend.999999"));
          c.expect_status(c.call_frames(f, e.id, "foreign key"), "E1101", "foreign key");
        });
  b.add(p + "-SEC-004", "A request without frame 2 (no authentication) is refused with E1101.",
        {"STD-8.2", "STD-3.3"}, "true", "IUT running", stim + " with an empty auth frame",
        "error E1101", [type, body](CaseContext& c) {
          Envelope e = c.make(type, body);
          Frames f = c.link().build(e, to_epoch_ms(wall_now()), IutLink::fresh_nonce());
          f.auth = "{}";
          c.expect_status(c.call_frames(f, e.id, "no auth"), "E1101", "missing auth");
        });
  b.add(p + "-SEC-005", "A replayed request (same nonce, same kid) is refused with E1102.",
        {"STD-8.3", "STD-3.6"}, "true", "IUT running", stim + ", then the same frames again",
        "second copy refused with E1102", [type, body](CaseContext& c) {
          Envelope e = c.make(type, body);
          Frames f = c.link().build(e, to_epoch_ms(wall_now()), IutLink::fresh_nonce());
          auto first = c.call_frames(f, e.id, "original");
          if (!first) return c.fail("original request: " + c.last_received());
          c.expect_status(c.call_frames(f, e.id, "replay"), "E1102", "replayed frames");
        });
  b.add(p + "-SEC-006", "A request whose ts is 10 minutes old is refused with E1103.",
        {"STD-8.3", "STD-3.6"}, "true", "IUT clock within seconds of the harness",
        stim + " with ts = now - 600 s", "error E1103", [type, body](CaseContext& c) {
          Envelope e = c.make(type, body);
          Frames f = c.link().build(e, to_epoch_ms(wall_now()) - 600'000, IutLink::fresh_nonce());
          c.expect_status(c.call_frames(f, e.id, "stale"), "E1103", "stale ts");
        });
  b.add(p + "-SEC-007", "A request whose ts is 10 minutes in the future is refused with E1103.",
        {"STD-8.3"}, "true", "IUT clock within seconds of the harness",
        stim + " with ts = now + 600 s", "error E1103", [type, body](CaseContext& c) {
          Envelope e = c.make(type, body);
          Frames f = c.link().build(e, to_epoch_ms(wall_now()) + 600'000, IutLink::fresh_nonce());
          c.expect_status(c.call_frames(f, e.id, "future"), "E1103", "future ts");
        });
  b.add(
      p + "-ENV-001", "A frame 1 that is not JSON is answered with E1001.", {"STD-3.3", "STD-3.6"},
      "true", "IUT running", "frame 1 = '{not json', signed", "error E1001", [](CaseContext& c) {
        Frames f;
        f.envelope = "{not json";
        f.auth = "{\"kid\":\"harness.tester\",\"mac\":\"00\"}";
        auto a = c.call_frames(f, "", "not JSON");
        // The id cannot be read from a broken frame: the answer carries id "-" (STD-3.6).
        if (c.expect_status(a, "E1001", "not JSON"))
          c.check(a->env.id == "-", "the error's id is \"" + a->env.id + "\", not \"-\" (STD-3.6)");
      });
  b.add(p + "-ENV-002", "A message of an unknown type is answered with E1005.",
        {"STD-3.2", "STD-3.6", "STD-9.1"}, "true", "IUT running", "type 'foo.bar', signed",
        "error E1005", [](CaseContext& c) {
          c.expect_status(c.call("foo.bar", Json::Value(Json::objectValue)), "E1005",
                          "unknown type");
        });
  b.add(p + "-ENV-003", "A message with major version 2 is answered with E1004.",
        {"STD-1.2", "STD-3.1"}, "true", "IUT running", stim + " with v = ykt-std/2.0",
        "error E1004", [type, body](CaseContext& c) {
          Envelope e = c.make(type, body);
          Frames f = c.link().build(e, to_epoch_ms(wall_now()), IutLink::fresh_nonce());
          const auto pos = f.envelope.find("ykt-std/1.");
          if (pos == std::string::npos) return c.inconc("cannot find the version in frame 1");
          f.envelope.replace(pos, 10, "ykt-std/2.");
          f.auth = "{\"kid\":\"" + e.from + "\",\"mac\":\"" +
                   to_hex(crypto::hmac_sm3(c.ixit().key_of(e.from), f.envelope.data(),
                                           f.envelope.size())) +
                   "\"}";
          c.expect_status(c.call_frames(f, e.id, "version 2"), "E1004", "major version 2");
        });
  b.add(p + "-ENV-004", "A frame 1 larger than 65536 bytes is refused with E1003.", {"STD-3.4"},
        "true", "IUT running", stim + " padded to 70000 bytes", "error E1003",
        [type, body](CaseContext& c) {
          Json::Value big = body;
          big["padding"] = std::string(70000, 'x');
          c.expect_status(c.call(type, big), "E1003", "oversized frame");
        });
  b.add(p + "-ENV-005", "A message of three frames is answered with E1001 (two frames exactly).",
        {"STD-3.3", "STD-3.6"}, "true", "IUT running", stim + " followed by a third frame",
        "error E1001", [type, body](CaseContext& c) {
          Envelope e = c.make(type, body);
          Frames f = c.link().build(e, to_epoch_ms(wall_now()), IutLink::fresh_nonce());
          f.extra.push_back("surplus");
          c.expect_status(c.call_frames(f, e.id, "three frames"), "E1001", "three frames");
        });
}

}  // namespace ykt::certify::kit
