#include <boost/test/unit_test.hpp>

#include <cstdio>
#include <set>

#include "backend/id_map.hpp"
#include "backend/idempotency_store.hpp"
#include "backend/packed_purchase.hpp"
#include "net_fixture.hpp"

using namespace ykt;
using namespace ykt::testing;
using backend::IdempotencyStore;
using backend::Seen;
using backend::status_body;
using population::Cardholder;

namespace {

std::string term_id(int n) {
  char id[32];
  std::snprintf(id, sizeof id, "310000000001-%012x", n);
  return id;
}

Json::Value rich_answer() {
  Json::Value v(Json::objectValue);
  v["status"] = "OK";
  v["ratio"] = 0.7;  // a real: written with 17 digits, read back to the same double
  v["cap"] = Json::Int64(-4'000'000'000LL);
  v["big"] = Json::UInt64(18'000'000'000'000'000'000ULL);
  v["name"] = "上海 \"quoted\" \\ \n tab\t";
  v["holder"]["sex"] = "F";
  v["holder"]["birth_year"] = 1990;
  v["list"].append(true);
  v["list"].append(Json::Value());
  v["list"].append(1.0);
  return v;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(compact_store)

// Purpose: an answer kept as compact text comes back byte-identical (compact JSON) on a repeat
// with the same content, for answers of every JSON kind (STD-2.5 rule 2).
BOOST_AUTO_TEST_CASE(repeat_returns_byte_identical_answer) {
  IdempotencyStore s(10);
  Json::Value body(Json::objectValue);
  body["txn_id"] = term_id(1);
  body["amount"] = 250;
  const Json::Value answers[] = {rich_answer(), status_body(ErrorCode::ok), Json::Value(7),
                                 Json::Value("text"), Json::Value(Json::arrayValue)};
  int i = 0;
  for (const auto& a : answers) {
    const std::string id = term_id(100 + i++);
    s.remember(id, "txn.purchase", body, a);
    auto l = s.check(id, "txn.purchase", body);
    BOOST_TEST((l.seen == Seen::same));
    BOOST_TEST(json::compact(l.response) == json::compact(a));
  }
  // A null answer (records kept only for their id) stays null.
  s.remember("rec-1", "rec", body, Json::Value());
  BOOST_TEST(s.check("rec-1", "rec", body).response.isNull());
}

// Purpose: a repeat is compared by the full content (type and canonical body): other content or
// another type is a conflict (E2007 at the actor), equal compact JSON is the same content even
// when jsoncpp holds a number as int in one body and uint in the other (STD-2.5 rule 2).
BOOST_AUTO_TEST_CASE(conflict_by_canonical_content) {
  IdempotencyStore s(10);
  Json::Value a(Json::objectValue);
  a["txn_id"] = "x-1";
  a["amount"] = Json::Int(5);
  a["card_ref"]["issuer"] = "310000";
  s.remember("x-1", "txn.purchase", a, status_body(ErrorCode::ok));
  Json::Value same = a;
  same["amount"] = Json::UInt(5);
  BOOST_TEST((s.check("x-1", "txn.purchase", same).seen == Seen::same));
  Json::Value real = a;
  real["amount"] = 5.0;  // "5.0" is other content than "5"
  BOOST_TEST((s.check("x-1", "txn.purchase", real).seen == Seen::conflict));
  Json::Value other = a;
  other["card_ref"]["issuer"] = "320000";
  BOOST_TEST((s.check("x-1", "txn.purchase", other).seen == Seen::conflict));
  Json::Value extra = a;
  extra["memo"] = "";
  BOOST_TEST((s.check("x-1", "txn.purchase", extra).seen == Seen::conflict));
  BOOST_TEST((s.check("x-1", "venue.admit", a).seen == Seen::conflict));
  // Equal digests exactly when the compact texts are equal.
  const Json::Value bodies[] = {a, same, real, other, extra, Json::Value("5"), Json::Value(5)};
  for (const auto& x : bodies)
    for (const auto& y : bodies)
      BOOST_TEST((IdempotencyStore::digest("t", x) == IdempotencyStore::digest("t", y)) ==
                 (json::compact(x) == json::compact(y)));
  // The digest is the full 32-byte SM3.
  BOOST_TEST(IdempotencyStore::digest("t", a).size() == 32u);
}

// Purpose: at a purchase with other content the backend still answers E2007 and keeps nothing,
// with the compact store (STD-2.5 rule 2, STD-6.2).
BOOST_AUTO_TEST_CASE(actor_conflict_gives_e2007) {
  Net net({"310000"});
  const Cardholder h = find_holder("310000");
  const std::string id = term_id(0xabc);
  Envelope a = net.call("backend.310000", "txn.purchase", purchase(h, id, 250, "310000000001", 3));
  Envelope b = net.call("backend.310000", "txn.purchase", purchase(h, id, 250, "310000000001", 3));
  BOOST_TEST(status(a) == "OK");
  BOOST_TEST(json::compact(a.body) == json::compact(b.body));
  Envelope c = net.call("backend.310000", "txn.purchase", purchase(h, id, 251, "310000000001", 3));
  BOOST_TEST(status(c) == "E2007");
}

// Purpose: the window is FIFO over many ids: exactly the newest `capacity` ids are held after
// evictions through the packed index, and re-storing a held id keeps its place (STD-2.5 rule 4,
// documented window).
BOOST_AUTO_TEST_CASE(capacity_eviction_is_fifo) {
  constexpr int kCap = 1000, kIds = 20'000;
  IdempotencyStore s(kCap);
  Json::Value body(Json::objectValue);
  for (int i = 0; i < kIds; ++i) {
    body["n"] = i;
    const std::string id = i % 3 ? term_id(i) : "driver-" + std::to_string(i);
    s.remember(id, "t", body, Json::Value(i));
  }
  BOOST_TEST(s.size() == static_cast<std::size_t>(kCap));
  for (int i = 0; i < kIds; ++i) {
    body["n"] = i;
    const std::string id = i % 3 ? term_id(i) : "driver-" + std::to_string(i);
    const auto l = s.check(id, "t", body);
    if (i < kIds - kCap) {
      BOOST_TEST_REQUIRE((l.seen == Seen::fresh));
    } else {
      BOOST_TEST_REQUIRE((l.seen == Seen::same));
      BOOST_TEST(l.response.asInt() == i);
    }
  }
  // Storing the oldest held id again does not move it: it is the next to go.
  const int oldest = kIds - kCap;
  body["n"] = oldest;
  const std::string oldest_id = oldest % 3 ? term_id(oldest) : "driver-" + std::to_string(oldest);
  s.remember(oldest_id, "t", body, Json::Value(-1));
  BOOST_TEST(s.check(oldest_id, "t", body).response.asInt() == -1);
  body["n"] = kIds;
  s.remember("new", "t", body, Json::Value());
  BOOST_TEST(!s.contains(oldest_id));
  BOOST_TEST(s.contains(term_id(oldest + 1)));
  BOOST_TEST(s.size() == static_cast<std::size_t>(kCap));
}

// Purpose: ids are packed without loss: terminal-form ids (also behind a `type|` prefix) and any
// other id come back unchanged, and different ids never share a packed form (STD-2.5 rule 1).
BOOST_AUTO_TEST_CASE(packed_ids_round_trip) {
  const std::string ids[] = {term_id(0x1234),
                             "txn.purchase|" + term_id(7),
                             "310000000001-ABCDEF012345",  // upper case: kept as text
                             "driver-12",
                             "",
                             "31000000000x-0123456789ab",
                             std::string("a\0b", 3)};
  std::set<std::string> seen;
  for (const auto& id : ids) {
    std::string p;
    backend::pack_id(id, p);
    BOOST_TEST(backend::unpack_id(p) == id);
    BOOST_TEST(seen.insert(p).second);
  }
  std::string p;
  backend::pack_id(term_id(1), p);
  BOOST_TEST(p.size() == 13u);
}

// Purpose: the memory per remembered id is small: a terminal-form id with a short answer costs
// well under 200 bytes, not a JSON tree (the goal: < 500 B per completed transaction).
BOOST_AUTO_TEST_CASE(memory_per_id_is_small) {
  IdempotencyStore s(100'000);
  Json::Value body(Json::objectValue);
  for (int i = 0; i < 50'000; ++i) {
    body["n"] = i;
    s.remember("txn.purchase|" + term_id(i), "txn.purchase", body, status_body(ErrorCode::ok));
  }
  const double per_id = static_cast<double>(s.memory_bytes()) / static_cast<double>(s.size());
  BOOST_TEST_MESSAGE("bytes per id: " << per_id);
  BOOST_TEST(per_id < 200.0);
}

// Purpose: a purchase record kept for clearing gives back a body with the same compact JSON as
// the record, packed in the usual form and kept as text otherwise (STD-12.2, STD-6.2).
BOOST_AUTO_TEST_CASE(packed_purchase_round_trip) {
  const Cardholder h = find_holder("320000");
  const Json::Value usual = purchase(h, term_id(0xbeef), 1234, "310000000001", 42, true);
  Json::Value with_alg = usual;
  with_alg["alg"] = "3des";
  Json::Value sm4 = usual;
  sm4["alg"] = "sm4";
  Json::Value upper_tac = usual;
  upper_tac["tac"] = "ABCDEF01";
  Json::Value extra = usual;
  extra["memo"] = "x";
  Json::Value real_amount = usual;
  real_amount["amount"] = 1234.0;
  Json::Value other_terminal = usual;
  other_terminal["txn_id"] = "320100000001-00000000beef";
  Json::Value driver_id = usual;
  driver_id["txn_id"] = "driver-5";
  Json::Value big = usual;
  big["amount"] = Json::UInt(4'000'000'000u);
  big["term_seq"] = Json::UInt(4'294'967'295u);
  big["atc"] = 65535;
  struct Case {
    const Json::Value* record;
    bool packed;
  };
  const Case cases[] = {{&usual, true},           {&with_alg, true},   {&sm4, true},
                        {&upper_tac, false},      {&extra, false},     {&real_amount, false},
                        {&other_terminal, false}, {&driver_id, false}, {&big, true}};
  for (const auto& c : cases) {
    const auto p = backend::PackedPurchase::pack(*c.record);
    BOOST_TEST(p.packed() == c.packed);
    BOOST_TEST(json::compact(p.to_json()) == json::compact(*c.record));
    BOOST_TEST(p.txn_id() == (*c.record)["txn_id"].asString());
    BOOST_TEST(p.amount() == (*c.record)["amount"].asInt64());
  }
  BOOST_TEST(sizeof(backend::PackedPurchase) <= 64u);
}

// Purpose: the clearing file carries each acquired record exactly as it was received (online
// made explicit), whether it came online or in a batch (STD-12.2, STD-6.2, STD-6.3).
BOOST_AUTO_TEST_CASE(clearing_file_carries_records_unchanged) {
  Net net({"310000", "320000"});
  const Cardholder js = find_holder("320000");
  const std::string t = "310000000001";
  Json::Value online = purchase(js, t + "-0000000000c1", 300, t, 1, true);
  Json::Value offline = purchase(js, t + "-0000000000c2", 400, t, 2);
  offline.removeMember("online");  // absent: sent as false
  Json::Value odd = purchase(js, t + "-0000000000c3", 500, t, 3);
  odd["alg"] = "sm4";
  BOOST_TEST_REQUIRE(status(net.call("backend.310000", "txn.purchase", online)) == "OK");
  Json::Value b(Json::objectValue);
  b["batch_id"] = "b-1";
  b["terminal_id"] = t;
  b["records"].append(offline);
  b["records"].append(odd);
  BOOST_TEST(net.call("backend.310000", "txn.batch", b).body["accepted"].asUInt() == 2u);
  Json::Value run(Json::objectValue);
  run["date"] = "20260601";
  BOOST_TEST(net.call("backend.310000", "clr.run", run, "driver").body["accepted"].asUInt() == 3u);
  Json::Value expected_offline = offline;
  expected_offline["online"] = false;
  std::vector<std::string> sent;
  for (const auto& e : net.rt.trace())
    if (e.type == "clr.file" && !e.is_reply)
      for (const auto& r : e.body["records"]) sent.push_back(json::compact(r));
  BOOST_TEST_REQUIRE(sent.size() == 3u);
  BOOST_TEST(sent[0] == json::compact(online));
  BOOST_TEST(sent[1] == json::compact(expected_offline));
  BOOST_TEST(sent[2] == json::compact(odd));
}

BOOST_AUTO_TEST_SUITE_END()
