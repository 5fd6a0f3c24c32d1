#include <boost/test/unit_test.hpp>

#include "backend/qr_token.hpp"
#include "crypto.hpp"
#include "net_fixture.hpp"
#include "population/card_number.hpp"

using namespace ykt;
using namespace ykt::testing;
using population::Cardholder;
using population::CardState;

namespace {
Json::Value card_body(const Cardholder& h) {
  Json::Value b(Json::objectValue);
  b["card_ref"] = ref_of(h).to_json();
  return b;
}
std::string digest(const Cardholder& h) {
  return to_hex(crypto::sm3(std::string_view("ykt-id/1|" + h.citizen_id + "|" + h.card_no)));
}
bool crossed_exchange(const Net& net, const std::string& type) {
  for (const auto& e : net.rt.trace())
    if (e.type == type && e.to == "exchange") return true;
  return false;
}
}  // namespace

BOOST_AUTO_TEST_SUITE(backend_services)

// Purpose: card.status of an own card is answered locally and of another province's card through
// the exchange, with the issuer's state and home city (STD-6.5, STD-7.1).
BOOST_AUTO_TEST_CASE(card_status_local_and_cross) {
  Net net;
  const Cardholder sh = find_holder("310000"), js = find_holder("320000");
  Envelope a = net.call("backend.310000", "card.status", card_body(sh));
  BOOST_TEST(status(a) == "OK");
  BOOST_TEST(a.body["state"].asString() == "active");
  BOOST_TEST(a.body["home_city"].asString() == sh.home_city);
  BOOST_TEST(!crossed_exchange(net, "card.status"));
  Envelope b = net.call("backend.310000", "card.status", card_body(js));
  BOOST_TEST(status(b) == "OK");
  BOOST_TEST(b.body["home_city"].asString() == js.home_city);
  BOOST_TEST(crossed_exchange(net, "card.status"));
  BOOST_TEST(net.be["320000"]->counters().at("served.local") == 1u);
}

// Purpose: lost, frozen and revoked cards give E2002/E2003/E2004 and an unknown card E2001, also
// across provinces; a card reported lost at run time is refused from then on (STD-6.5, STD-9).
BOOST_AUTO_TEST_CASE(card_states) {
  Net net;
  const std::map<CardState, std::string> want = {
      {CardState::lost, "E2002"}, {CardState::frozen, "E2003"}, {CardState::revoked, "E2004"}};
  for (const auto& [state, code] : want) {
    const Cardholder h =
        find_holder("330000", [s = state](const Cardholder& c) { return c.state == s; });
    Json::Value b = card_body(h);
    b["txn_id"] = "st-" + code;
    b["id_digest"] = digest(h);
    BOOST_TEST(status(net.call("backend.310000", "id.verify", b)) == code);
    Envelope st = net.call("backend.310000", "card.status", card_body(h));
    BOOST_TEST(st.body["state"].asString() == std::string(population::to_string(state)));
  }
  Json::Value unknown(Json::objectValue);
  unknown["card_ref"]["issuer"] = "330100";
  unknown["card_ref"]["card_no"] = "Y33999999";
  BOOST_TEST(status(net.call("backend.310000", "card.status", unknown)) == "E2001");
  const Cardholder h = find_holder("310000");
  BOOST_TEST(net.be["310000"]->issuer().set_card_state(h.card_no, CardState::lost));
  Json::Value b = card_body(h);
  b["txn_id"] = "st-lost-now";
  b["id_digest"] = digest(h);
  BOOST_TEST(status(net.call("backend.320000", "id.verify", b)) == "E2002");
}

// Purpose: identity verification matches the id_digest, answers only the masked ID, and no full
// citizen ID crosses any hop; a wrong digest gives E2009 (STD-6.4, STD-8.4).
BOOST_AUTO_TEST_CASE(identity_verification) {
  Net net;
  const Cardholder h = find_holder("340000");
  Json::Value b = card_body(h);
  b["txn_id"] = "id-1";
  b["id_digest"] = digest(h);
  Envelope a = net.call("backend.320000", "id.verify", b);
  BOOST_TEST(status(a) == "OK");
  BOOST_TEST(a.body["match"].asBool());
  BOOST_TEST(a.body["holder"]["id_masked"].asString() == pii::mask_citizen_id(h.citizen_id));
  BOOST_TEST(a.body["holder"]["birth_year"].asInt() == h.birth_year);
  BOOST_TEST(a.body["holder"]["sex"].asString() == std::string(population::to_string(h.sex)));
  b["txn_id"] = "id-2";
  b["id_digest"] = std::string(64, '0');
  Envelope bad = net.call("backend.320000", "id.verify", b);
  BOOST_TEST(status(bad) == "E2009");
  BOOST_TEST(!bad.body["match"].asBool());
  BOOST_TEST(!bad.body.isMember("holder"));
  BOOST_TEST(net.trace_has_no_citizen_id());
}

// Purpose: demonstration-zone residents pay the local price at venues in any of the three
// districts, other visitors the base price, locals their local price (STD-6.6, FACTS §1).
BOOST_AUTO_TEST_CASE(same_city_treatment) {
  Net net;
  const Cardholder qingpu = find_holder("310000", [](const Cardholder& c) {
    return c.home_city == "310118" && c.state == CardState::active;
  });
  const Cardholder jiashan = find_holder("330000", [](const Cardholder& c) {
    return c.home_city == "330421" && c.state == CardState::active;
  });
  const Cardholder shanghai = find_holder("310000", [](const Cardholder& c) {
    return c.home_city == "310000" && c.state == CardState::active;
  });
  const Cardholder hangzhou = find_holder("330000", [](const Cardholder& c) {
    return c.home_city == "330100" && c.state == CardState::active;
  });
  const Cardholder suzhou = find_holder("320000", [](const Cardholder& c) {
    return c.home_city == "320500" && c.state == CardState::active;
  });
  int n = 0;
  auto admit = [&](const Cardholder& h, const std::string& venue, const std::string& city,
                   std::int64_t base) {
    Json::Value b = card_body(h);
    b["txn_id"] = "v-" + std::to_string(++n);
    b["venue_id"] = venue;
    b["venue_city"] = city;
    b["base_price"] = Json::Int64(base);
    return net.call("backend.320000", "venue.admit", b);
  };
  // Wujiang museum (model): base 4000, local 2000 fen.
  Envelope a = admit(qingpu, "JS-WJ-MUS-01", "320509", 4000);
  BOOST_TEST(status(a) == "OK");
  BOOST_TEST(a.body["same_city"].asBool());
  BOOST_TEST(a.body["price"].asInt64() == 2000);
  Envelope b = admit(jiashan, "JS-WJ-MUS-01", "320509", 4000);
  BOOST_TEST(b.body["same_city"].asBool());
  BOOST_TEST(b.body["price"].asInt64() == 2000);
  Envelope c = admit(shanghai, "JS-WJ-MUS-01", "320509", 4000);
  BOOST_TEST(!c.body["same_city"].asBool());
  BOOST_TEST(c.body["price"].asInt64() == 4000);
  Envelope d = admit(hangzhou, "JS-WJ-MUS-01", "320509", 4000);
  BOOST_TEST(!d.body["same_city"].asBool());
  BOOST_TEST(d.body["price"].asInt64() == 4000);
  Envelope e = admit(suzhou, "JS-WJ-MUS-01", "320509", 4000);  // a Suzhou local
  BOOST_TEST(e.body["same_city"].asBool());
  // A demo-zone resident outside the zone pays the visitor price.
  Envelope f = admit(qingpu, "ZJ-HZ-MUS-01", "330100", 5000);
  BOOST_TEST(!f.body["same_city"].asBool());
  BOOST_TEST(f.body["price"].asInt64() == 5000);
  BOOST_TEST(a.body["admitted"].asBool());
}

// Purpose: a top-up is authorised when MAC1 verifies (MAC2 equals the card's expectation) and
// confirmed by the load TAC; a bad MAC1 gives E2006, a balance above 20000 fen E2012, an
// unknown top-up E2015 — locally and across provinces (STD-6.8, FACTS §2 purse maximum).
BOOST_AUTO_TEST_CASE(topup_authorisation) {
  Net net;
  for (const std::string prov : {"310000", "330000"}) {
    const Cardholder h = find_holder(prov);
    Envelope a = net.call("backend.310000", "topup.auth", topup_auth(h, "tu-" + prov, 5000, 1000));
    BOOST_TEST_REQUIRE(status(a) == "OK", prov);
    const purse::LoadData d = load_data(5000, 1000);
    const Bytes sk = purse::load_session_key(
        crypto::Algorithm::sm4,
        purse::card_key(crypto::Algorithm::sm4, ref_of(h), keys::Purpose::load), d);
    BOOST_TEST(a.body["mac2"].asString() ==
               to_hex(purse::load_mac2(crypto::Algorithm::sm4, sk, d)));
    Json::Value conf(Json::objectValue);
    conf["txn_id"] = "tu-" + prov;
    conf["card_ref"] = ref_of(h).to_json();
    conf["tac"] = to_hex(
        purse::load_tac(crypto::Algorithm::sm4,
                        purse::card_key(crypto::Algorithm::sm4, ref_of(h), keys::Purpose::tac), d));
    BOOST_TEST(status(net.call("backend.310000", "topup.confirm", conf)) == "OK");
    conf["txn_id"] = "tu-none-" + prov;
    BOOST_TEST(status(net.call("backend.310000", "topup.confirm", conf)) == "E2015");
    Json::Value bad = topup_auth(h, "tu-bad-" + prov, 5000, 1000);
    bad["mac1"] = "00000000";
    BOOST_TEST(status(net.call("backend.310000", "topup.auth", bad)) == "E2006");
    BOOST_TEST(status(net.call("backend.310000", "topup.auth",
                               topup_auth(h, "tu-max-" + prov, 2000, 19000))) == "E2012");
    Json::Value wrong_tac = conf;
    wrong_tac["txn_id"] = "tu-" + prov + "-2";
    BOOST_TEST(status(net.call("backend.310000", "topup.auth",
                               topup_auth(h, "tu-" + prov + "-2", 100, 100))) == "OK");
    wrong_tac["tac"] = "01020304";
    BOOST_TEST(status(net.call("backend.310000", "topup.confirm", wrong_tac)) == "E2006");
  }
}

// Purpose: a top-up authorised while the card was active is still confirmed after the card is
// reported lost (the card was credited; its TAC is checked, E2006 when wrong), while a new
// topup.auth for that card is refused with E2002 — locally and across provinces (STD-6.8 rule 3,
// STD-4.5 rule 2).
BOOST_AUTO_TEST_CASE(topup_confirm_after_state_change) {
  Net net;
  for (const std::string prov : {"310000", "330000"}) {
    const Cardholder h = find_holder(prov);
    const std::string txn = "tu-lost-" + prov;
    for (const std::string& t : {txn + "-a", txn + "-b"})
      BOOST_TEST_REQUIRE(
          status(net.call("backend.310000", "topup.auth", topup_auth(h, t, 5000, 1000))) == "OK");
    BOOST_TEST_REQUIRE(net.be[prov]->issuer().set_card_state(h.card_no, CardState::lost));
    BOOST_TEST(status(net.call("backend.310000", "topup.auth",
                               topup_auth(h, txn + "-c", 5000, 1000))) == "E2002",
               prov);
    const purse::LoadData d = load_data(5000, 1000);
    Json::Value conf(Json::objectValue);
    conf["txn_id"] = txn + "-a";
    conf["card_ref"] = ref_of(h).to_json();
    conf["tac"] = to_hex(
        purse::load_tac(crypto::Algorithm::sm4,
                        purse::card_key(crypto::Algorithm::sm4, ref_of(h), keys::Purpose::tac), d));
    BOOST_TEST(status(net.call("backend.310000", "topup.confirm", conf)) == "OK", prov);
    conf["txn_id"] = txn + "-b";
    conf["tac"] = "01020304";
    BOOST_TEST(status(net.call("backend.310000", "topup.confirm", conf)) == "E2006", prov);
  }
}

// Purpose: a QR token issued by the card's issuer verifies at another province's backend; a
// tampered signature or malformed token gives E2010 and an expired one E2011 (STD-5, STD-6.9).
BOOST_AUTO_TEST_CASE(qr_tokens) {
  Net net;
  const Cardholder h = find_holder("340000");
  Json::Value issue = card_body(h);
  issue["ttl_s"] = 60;
  Envelope t = net.call("backend.340000", "qr.issue", issue, "driver");
  BOOST_TEST_REQUIRE(status(t) == "OK");
  const std::string token = t.body["token"].asString();
  BOOST_TEST(token.rfind("YQR1.", 0) == 0u);
  Json::Value v(Json::objectValue);
  v["txn_id"] = "qr-1";
  v["token"] = token;
  Envelope ok = net.call("backend.310000", "qr.verify", v);
  BOOST_TEST(status(ok) == "OK");
  BOOST_TEST(ok.body["valid"].asBool());
  BOOST_TEST(ok.body["card_ref"]["card_no"].asString() == h.card_no);
  BOOST_TEST(crossed_exchange(net, "qr.verify"));
  std::string tampered = token;
  tampered.back() = tampered.back() == '0' ? '1' : '0';
  v["txn_id"] = "qr-2";
  v["token"] = tampered;
  BOOST_TEST(status(net.call("backend.310000", "qr.verify", v)) == "E2010");
  v["txn_id"] = "qr-3";
  v["token"] = "YQR1.garbage";
  BOOST_TEST(status(net.call("backend.310000", "qr.verify", v)) == "E2010");
  // The signature of one card's token does not carry over to another card or a later expiry.
  const Cardholder other = find_holder("340000", [&](const Cardholder& c) {
    return c.state == population::CardState::active && c.card_no != h.card_no;
  });
  std::string swapped = token;
  swapped.replace(swapped.find(h.card_no), h.card_no.size(), other.card_no);
  v["txn_id"] = "qr-4";
  v["token"] = swapped;
  BOOST_TEST(status(net.call("backend.310000", "qr.verify", v)) == "E2010");
  auto parsed = backend::parse_qr_token(token);
  std::string later = token;
  const std::string exp = std::to_string(parsed->expiry);
  later.replace(later.find(exp), exp.size(), std::to_string(parsed->expiry + 3600));
  v["txn_id"] = "qr-4b";
  v["token"] = later;
  BOOST_TEST(status(net.call("backend.310000", "qr.verify", v)) == "E2010");
  issue["ttl_s"] = 1;
  Envelope shortlived = net.call("backend.340000", "qr.issue", issue, "driver");
  net.rt.run_for(std::chrono::seconds(3));
  v["txn_id"] = "qr-5";
  v["token"] = shortlived.body["token"];
  BOOST_TEST(status(net.call("backend.320000", "qr.verify", v)) == "E2011");
}

// Purpose: an online purchase of another province's card is checked by its issuer (TAC) and kept
// for clearing once; a bad TAC gives E2006 and the stored record goes to the clearing file,
// where the exchange rejects it with E2006 and it never enters settlement (STD-6.2 rule 2,
// STD-12.2 rule 3, STD-12.4 rule 1).
BOOST_AUTO_TEST_CASE(online_purchase) {
  Net net;
  const Cardholder h = find_holder("320000");
  Json::Value rec = purchase(h, "310000000001-000000000001", 300, "310000000001", 7, true);
  BOOST_TEST(status(net.call("backend.310000", "txn.purchase", rec)) == "OK");
  BOOST_TEST(status(net.call("backend.310000", "txn.purchase", rec)) == "OK");
  BOOST_TEST(net.be["310000"]->uncleared_records() == 1u);
  // The issuer answered it but did not acquire it: nothing of it is the issuer's local clearing.
  BOOST_TEST(net.be["320000"]->local_records() == 0u);
  BOOST_TEST(net.be["320000"]->uncleared_records() == 0u);
  Json::Value bad = purchase(h, "310000000001-000000000002", 300, "310000000001", 8, true);
  bad["tac"] = "deadbeef";
  BOOST_TEST(status(net.call("backend.310000", "txn.purchase", bad)) == "E2006");
  BOOST_TEST(net.be["310000"]->uncleared_records() == 2u);
  Json::Value run(Json::objectValue);
  run["date"] = "20260601";
  Envelope r = net.call("backend.310000", "clr.run", run, "driver");
  BOOST_TEST_REQUIRE(status(r) == "OK");
  BOOST_TEST(r.body["accepted"].asUInt() == 1u);
  BOOST_TEST(r.body["rejected"].asUInt() == 1u);
  BOOST_TEST(net.be["310000"]->position("20260601") == 300);
  BOOST_TEST(net.be["320000"]->position("20260601") == -300);
}

// Purpose: an online purchase of a lost, frozen or revoked card is answered with the state's code
// as information and still kept — another province's record cleared through the exchange and
// booked by its issuer, the own province's settled locally — because the offline debit stands
// (STD-6.2 rule 2, STD-4.5 rule 2, STD-12.3).
BOOST_AUTO_TEST_CASE(online_purchase_of_card_not_active) {
  Net net;
  const std::map<CardState, std::string> want = {
      {CardState::lost, "E2002"}, {CardState::frozen, "E2003"}, {CardState::revoked, "E2004"}};
  int atc = 20;
  std::int64_t foreign_fen = 0;
  for (const auto& [state, code] : want) {
    for (const std::string prov : {"310000", "330000"}) {
      const Cardholder h =
          find_holder(prov, [s = state](const Cardholder& c) { return c.state == s; });
      const std::string txn = "310000000001-0000000000" + std::to_string(atc);
      Json::Value rec =
          purchase(h, txn, 100 + atc, "310000000001", static_cast<std::uint16_t>(atc), true);
      BOOST_TEST(status(net.call("backend.310000", "txn.purchase", rec)) == code, prov);
      if (prov != "310000") foreign_fen += 100 + atc;
      ++atc;
    }
  }
  BOOST_TEST(net.be["310000"]->local_records() == 3u);
  BOOST_TEST(net.be["310000"]->uncleared_records() == 3u);
  Json::Value run(Json::objectValue);
  run["date"] = "20260601";
  Envelope r = net.call("backend.310000", "clr.run", run, "driver");
  BOOST_TEST_REQUIRE(status(r) == "OK");
  BOOST_TEST(r.body["accepted"].asUInt() == 3u);
  BOOST_TEST(r.body["rejected"].asUInt() == 0u);
  BOOST_TEST(net.be["310000"]->position("20260601") == foreign_fen);
  BOOST_TEST(net.be["330000"]->position("20260601") == -foreign_fen);
  BOOST_TEST(net.be["310000"]->uncleared_records() == 0u);
}

// Purpose: an offline batch keeps every good record (the other province's for the exchange, the
// own card's settled locally), rejects an own card's bad TAC with E2006 and a reused txn_id with
// other content with E2007 (STD-6.3, STD-12.1.2).
BOOST_AUTO_TEST_CASE(offline_batch) {
  Net net;
  const Cardholder own = find_holder("310000"), other = find_holder("330000");
  Json::Value batch(Json::objectValue);
  batch["batch_id"] = "b-1";
  batch["terminal_id"] = "310000000001";
  batch["records"].append(purchase(own, "310000000001-00000000000a", 200));
  batch["records"].append(purchase(other, "310000000001-00000000000b", 400));
  Json::Value bad = purchase(own, "310000000001-00000000000c", 200, "310000000001", 9);
  bad["tac"] = "00000000";
  batch["records"].append(bad);
  Envelope a = net.call("backend.310000", "txn.batch", batch);
  BOOST_TEST(status(a) == "OK");
  BOOST_TEST(a.body["accepted"].asUInt() == 2u);
  BOOST_TEST_REQUIRE(a.body["rejects"].size() == 1u);
  BOOST_TEST(a.body["rejects"][0]["status"].asString() == "E2006");
  Json::Value again(Json::objectValue);
  again["batch_id"] = "b-2";
  again["terminal_id"] = "310000000001";
  again["records"].append(purchase(own, "310000000001-00000000000a", 200));    // same: accepted
  again["records"].append(purchase(other, "310000000001-00000000000b", 999));  // changed: E2007
  Envelope b = net.call("backend.310000", "txn.batch", again);
  BOOST_TEST(b.body["accepted"].asUInt() == 1u);
  BOOST_TEST_REQUIRE(b.body["rejects"].size() == 1u);
  BOOST_TEST(b.body["rejects"][0]["status"].asString() == "E2007");
  BOOST_TEST(net.be["310000"]->uncleared_records() == 1u);
  BOOST_TEST(net.be["310000"]->local_records() == 1u);
}

// Purpose: offline records whose card the issuer does not hold (a serial past its holders, or a
// card number under another issuing city) are rejected as unknown cards, not accepted (STD-6.3).
BOOST_AUTO_TEST_CASE(offline_records_of_unknown_cards) {
  Net net;
  const Cardholder own = find_holder("310000");
  Json::Value batch(Json::objectValue);
  batch["batch_id"] = "b-u";
  batch["terminal_id"] = "310000000001";
  Json::Value past = purchase(own, "310000000001-0000000000a1", 200);
  const auto parts = *population::decode_card_no(own.card_no);
  past["card_ref"]["card_no"] = *population::encode_card_no(
      parts.prefix, parts.serial + test_population()->province_size("310000"));
  batch["records"].append(past);
  Json::Value moved = purchase(own, "310000000001-0000000000a2", 200);
  moved["card_ref"]["issuer"] = own.issuer_city == "310118" ? "310000" : "310118";
  batch["records"].append(moved);
  batch["records"].append(purchase(own, "310000000001-0000000000a3", 200));
  Envelope a = net.call("backend.310000", "txn.batch", batch);
  BOOST_TEST(status(a) == "OK");
  BOOST_TEST(a.body["accepted"].asUInt() == 1u);
  BOOST_TEST_REQUIRE(a.body["rejects"].size() == 2u);
  BOOST_TEST(a.body["rejects"][0]["status"].asString() == "E2001");
  BOOST_TEST(a.body["rejects"][1]["status"].asString() == "E2001");
}

// Purpose: a service missing from the province's application-item list gives E2008, and
// apps.list answers the province's items from the list (STD-11).
BOOST_AUTO_TEST_CASE(application_items) {
  backend::ApplicationItems items = spec_items();
  for (auto& it : items.items)
    if (it.services[0] == "venue") it.provinces = {"310000"};
  Net net({"310000", "340000"}, [&](backend::BackendConfig& c) { c.items = items; });
  const Cardholder h = find_holder("310000");
  Json::Value b = card_body(h);
  b["txn_id"] = "v-1";
  b["venue_id"] = "AH-HF-MUS-01";
  b["venue_city"] = "340100";
  b["base_price"] = 3000;
  BOOST_TEST(status(net.call("backend.340000", "venue.admit", b)) == "E2008");
  BOOST_TEST(status(net.call("backend.310000", "venue.admit", b)) == "OK");
  Json::Value q(Json::objectValue);
  q["province"] = "340000";
  Envelope l = net.call("backend.340000", "apps.list", q);
  BOOST_TEST(status(l) == "OK");
  BOOST_TEST(l.body["version"].asString() == items.version);
  BOOST_TEST(l.body["items"].size() > 0u);
  for (const auto& it : l.body["items"]) BOOST_TEST(it["services"][0].asString() != "venue");
}

// Purpose: when the exchange does not answer within the backend's budget the reader gets E3002
// and the backend keeps serving (STD-10, STD-9).
BOOST_AUTO_TEST_CASE(forward_timeout) {
  Net net({"310000"}, [](backend::BackendConfig& c) { c.exchange = "exchange.down"; });
  const Cardholder js = find_holder("320000"), sh = find_holder("310000");
  const SimTime t0 = net.rt.now();
  Envelope a = net.call("backend.310000", "card.status", card_body(js));
  BOOST_TEST(status(a) == "E3002");
  BOOST_TEST(((net.rt.now() - t0) >= std::chrono::milliseconds(1500)));
  BOOST_TEST(status(net.call("backend.310000", "card.status", card_body(sh))) == "OK");
}

// Purpose: sys.ping and unknown types are answered, malformed bodies give E1002 not a crash
// (STD-3.7, STD-9).
BOOST_AUTO_TEST_CASE(system_and_malformed) {
  Net net({"310000"});
  Envelope p = net.call("backend.310000", "sys.ping", Json::Value(Json::objectValue), "driver");
  BOOST_TEST(p.body["role"].asString() == "backend");
  BOOST_TEST(status(net.call("backend.310000", "nope.nope", Json::Value(Json::objectValue))) ==
             "E1005");
  Json::Value junk(Json::objectValue);
  junk["card_ref"] = "Y31000001";
  BOOST_TEST(status(net.call("backend.310000", "card.status", junk)) == "E1002");
  BOOST_TEST(status(net.call("backend.310000", "txn.batch", Json::Value(42))) == "E1002");
  BOOST_TEST(status(net.call("backend.310000", "med.presettle", Json::Value("x"))) == "E1002");
  Envelope s = net.call("backend.310000", "sys.stats", Json::Value(Json::objectValue), "driver");
  BOOST_TEST(s.body["requests"].asUInt() >= 5u);
}

// Purpose: with a validator the backend refuses a schema-invalid request with an `error` E1002
// and an unknown type with E1005 before acting on it (nothing served, forwarded or stored), and
// serves valid requests as before (STD-3.2, STD-3.6).
BOOST_AUTO_TEST_CASE(schema_checked_requests) {
  TestValidator v;
  Net net({"310000", "320000"}, [&](backend::BackendConfig& c) { c.validator = &v; });
  const Cardholder sh = find_holder("310000"), js = find_holder("320000");
  Json::Value rec = purchase(sh, "310000000001-0000000000v1", 300, "310000000001", 7, true);
  rec["schema_bad"] = 1;
  Envelope a = net.call("backend.310000", "txn.purchase", rec);
  BOOST_TEST(a.type == "error");
  BOOST_TEST(status(a) == "E1002");
  BOOST_TEST(a.id == "t-1");
  BOOST_TEST(net.be["310000"]->local_records() == 0u);
  Json::Value cross = card_body(js);
  cross["schema_bad"] = true;
  Envelope b = net.call("backend.310000", "card.status", cross);
  BOOST_TEST(b.type == "error");
  BOOST_TEST(status(b) == "E1002");
  BOOST_TEST(!crossed_exchange(net, "card.status"));
  Envelope c = net.call("backend.310000", "bogus.type", Json::Value(Json::objectValue));
  BOOST_TEST(c.type == "error");
  BOOST_TEST(status(c) == "E1005");
  BOOST_TEST(net.be["310000"]->counter("status.E1002") == 2u);
  BOOST_TEST(status(net.call("backend.310000", "card.status", card_body(js))) == "OK");
  BOOST_TEST(status(net.call(
                 "backend.310000", "txn.purchase",
                 purchase(sh, "310000000001-0000000000v2", 300, "310000000001", 8, true))) == "OK");
  BOOST_TEST(net.be["310000"]->local_records() == 1u);
}

// Purpose: a backend answers clr.settle from its own books — only its own province's position
// (accepted clr.file records, less what it booked as issuer, plus the adjustments for its
// records), no transfers, 0 for a day without clearing — matching the exchange (STD-12.5 rule 5).
BOOST_AUTO_TEST_CASE(clr_settle_at_a_backend) {
  Net net({"310000", "320000"});
  const Cardholder js = find_holder("320000");
  const Json::Value r1 = purchase(js, "310000000001-0000000000c1", 200, "310000000001", 31, true);
  const Json::Value r2 = purchase(js, "310000000001-0000000000c2", 300, "310000000001", 32, true);
  BOOST_TEST_REQUIRE(status(net.call("backend.310000", "txn.purchase", r1)) == "OK");
  BOOST_TEST_REQUIRE(status(net.call("backend.310000", "txn.purchase", r2)) == "OK");
  Json::Value day(Json::objectValue);
  day["date"] = "20260601";
  BOOST_TEST_REQUIRE(status(net.call("backend.310000", "clr.run", day, "driver")) == "OK");
  Json::Value adj(Json::objectValue);
  adj["txn_id"] = r1["txn_id"];
  adj["amount"] = -50;
  adj["reason"] = "E2006";
  adj["date"] = "20260601";
  adj["acquirer"] = "310000";
  adj["issuer"] = "320000";
  BOOST_TEST_REQUIRE(status(net.call("exchange", "clr.adjust", adj, "driver")) == "OK");
  for (const auto& [prov, want] :
       std::vector<std::pair<std::string, std::int64_t>>{{"310000", 450}, {"320000", -450}}) {
    Envelope a = net.call("backend." + prov, "clr.settle", day, "driver");
    BOOST_TEST_REQUIRE(status(a) == "OK");
    BOOST_TEST(a.body["positions"].getMemberNames() == std::vector<std::string>{prov});
    BOOST_TEST(a.body["positions"][prov].asInt64() == want);
    BOOST_TEST(a.body["transfers"].isArray());
    BOOST_TEST(a.body["transfers"].empty());
  }
  Envelope x = net.call("exchange", "clr.settle", day, "driver");
  BOOST_TEST(x.body["positions"]["310000"].asInt64() == 450);
  BOOST_TEST(x.body["positions"]["320000"].asInt64() == -450);
  Json::Value other(Json::objectValue);
  other["date"] = "20260602";
  Envelope z = net.call("backend.310000", "clr.settle", other, "driver");
  BOOST_TEST(z.body["positions"]["310000"].asInt64() == 0);
  BOOST_TEST(z.body["transfers"].empty());
}

BOOST_AUTO_TEST_SUITE_END()
