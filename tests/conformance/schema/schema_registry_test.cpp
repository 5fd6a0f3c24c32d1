// Loading the registry, the examples, responses, unknown types, load errors and validation speed.
#include <boost/test/unit_test.hpp>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <set>
#include <thread>

#include <unistd.h>

#include "json_schema.hpp"
#include "spec_fixture.hpp"

namespace fs = std::filesystem;
using ykt::Envelope;
using ykt::spec::JsonSchema;
using ykt::spec::SchemaRegistry;
using ykt::test::example;
using ykt::test::registry;
using ykt::test::spec_dir;

namespace {
// A scratch copy of the spec directory that a test may break.
struct ScratchSpec {
  fs::path dir;
  explicit ScratchSpec(const std::string& tag) {
    dir = fs::temp_directory_path() / ("ykt-spec-" + tag + "-" + std::to_string(::getpid()));
    fs::remove_all(dir);
    fs::copy(spec_dir(), dir, fs::copy_options::recursive);
  }
  ~ScratchSpec() {
    std::error_code ec;
    fs::remove_all(dir, ec);
  }
  void write(const std::string& rel, const std::string& text) const {
    std::ofstream(dir / rel, std::ios::binary | std::ios::trunc) << text;
  }
};

Envelope envelope_of(const std::string& type, Json::Value body) {
  Envelope e;
  e.type = type;
  e.id = "t-1";
  e.from = "backend.310000";
  e.to = "exchange";
  e.body = std::move(body);
  return e;
}
}  // namespace

BOOST_AUTO_TEST_SUITE(schema_registry)

BOOST_AUTO_TEST_CASE(every_schema_file_parses_and_is_loaded) {
  // Purpose: every file under schemas/ is valid JSON and a valid draft-07 schema, and the registry
  // loads one request and one response schema per type plus error, envelope and auth (STD-3.2).
  std::set<std::string> referenced{"schemas/envelope.json", "schemas/auth.json"};
  for (const auto& [name, t] : registry().types()) {
    referenced.insert(t.schema_file);
    if (!t.response_schema_file.empty()) referenced.insert(t.response_schema_file);
  }
  int files = 0;
  for (const auto& entry : fs::recursive_directory_iterator(spec_dir() + "/schemas")) {
    if (!entry.is_regular_file() || entry.path().extension() != ".json") continue;
    ++files;
    auto s = JsonSchema::load(entry.path().string());
    BOOST_TEST(s.ok(), entry.path() << ": " << (s ? "" : s.error().message));
    const std::string rel = fs::relative(entry.path(), spec_dir()).generic_string();
    if (rel.rfind("schemas/data/", 0) != 0)
      BOOST_TEST(referenced.count(rel) == 1, rel << " is not referenced by messages.json");
  }
  BOOST_TEST(files >= 51);
  BOOST_TEST(registry().version() == "ykt-std/1.0");
  BOOST_TEST(registry().schema_count() == 2 * (registry().types().size() - 1) + 1 + 2);
}

BOOST_AUTO_TEST_CASE(every_example_validates) {
  // Purpose: the example of every request and response body validates against its schema (STD-3.2).
  for (const auto& [name, t] : registry().types()) {
    auto s = registry().validate(envelope_of(name, example(name)));
    BOOST_TEST(s.ok(), name << ": " << (s ? "" : s.error().message));
    if (t.response_schema_file.empty()) continue;
    const std::string rsp = name + ".rsp";
    auto r = registry().validate(envelope_of(rsp, example(rsp)));
    BOOST_TEST(r.ok(), rsp << ": " << (r ? "" : r.error().message));
  }
  auto env = registry().validate_envelope(example("envelope"));
  BOOST_TEST(env.ok(), (env ? "" : env.error().message));
  auto auth = registry().validate_auth(example("auth"));
  BOOST_TEST(auth.ok(), (auth ? "" : auth.error().message));
}

BOOST_AUTO_TEST_CASE(error_responses_may_omit_result_fields) {
  // Purpose: a response with a non-OK status needs only `status`, while OK responses need their
  // result fields and every response needs `status` (STD-3.5).
  for (const auto& [name, t] : registry().types()) {
    if (t.response_schema_file.empty()) continue;
    const std::string rsp = name + ".rsp";
    Json::Value err(Json::objectValue);
    err["status"] = "E2001";
    err["reason"] = "no such card";
    BOOST_TEST(registry().validate_body(rsp, err).ok(), rsp);
    Json::Value no_status = example(rsp);
    no_status.removeMember("status");
    auto s = registry().validate_body(rsp, no_status);
    BOOST_TEST_REQUIRE(!s.ok(), rsp);
    BOOST_TEST(s.error().code == "E1002");
    BOOST_TEST(s.error().message.find("body.status") != std::string::npos, s.error().message);
    const Json::Value full = example(rsp);
    Json::Value bare(Json::objectValue);
    bare["status"] = "OK";
    const bool needs_fields =
        ykt::test::spec_json(t.response_schema_file)["then"]["required"].size() > 0;
    BOOST_TEST(registry().validate_body(rsp, bare).ok() == !needs_fields,
               rsp << ": a bare OK must be " << (needs_fields ? "rejected" : "accepted"));
    Json::Value bad_status = full;
    bad_status["status"] = "FINE";
    BOOST_TEST(!registry().validate_body(rsp, bad_status).ok(), rsp);
  }
}

BOOST_AUTO_TEST_CASE(unknown_type_is_e1005) {
  // Purpose: a type not in the registry is answered E1005 and never validated as another (STD-3.2).
  for (const std::string type :
       {"txn.refund", "", "#envelope", "txn.purchase.rsp.rsp", "error.rsp"}) {
    auto s = registry().validate(envelope_of(type, Json::Value(Json::objectValue)));
    BOOST_TEST_REQUIRE(!s.ok(), "'" << type << "'");
    BOOST_TEST(s.error().code == "E1005", type);
  }
  auto s = registry().validate(envelope_of("x.11010519491231002X", Json::Value(Json::objectValue)));
  BOOST_TEST_REQUIRE(!s.ok());
  BOOST_TEST(s.error().message.find("11010519491231002X") == std::string::npos, s.error().message);
}

BOOST_AUTO_TEST_CASE(envelope_and_auth_frames) {
  // Purpose: wire frames 1 and 2 are checked field by field: a missing nonce is E1001 naming
  // the field, a short MAC is E1101 (STD-3.1, STD-8.2).
  Json::Value env = example("envelope");
  env.removeMember("nonce");
  auto s = registry().validate_envelope(env);
  BOOST_TEST_REQUIRE(!s.ok());
  BOOST_TEST(s.error().code == "E1001");
  BOOST_TEST(s.error().message.find("envelope.nonce") != std::string::npos, s.error().message);
  Json::Value auth = example("auth");
  auth["mac"] = "abcd";
  auto a = registry().validate_auth(auth);
  BOOST_TEST_REQUIRE(!a.ok());
  BOOST_TEST(a.error().code == "E1101");
  BOOST_TEST(a.error().message.find("auth.mac") != std::string::npos, a.error().message);
}

BOOST_AUTO_TEST_CASE(unreadable_id_and_sender_only_in_errors) {
  // Purpose: an `error` answering a frame whose id/from could not be read carries id "-" and
  // to "" (STD-3.6); no other message may (STD-3.1).
  Json::Value err = example("envelope");
  err["type"] = "error";
  err["reply"] = true;
  err["id"] = "-";
  err["to"] = "";
  err["body"] = example("error");
  auto ok = registry().validate_envelope(err);
  BOOST_TEST(ok.ok(), (ok.ok() ? std::string() : ok.error().message));
  for (const char* field : {"id", "to"}) {
    Json::Value other = example("envelope");
    other[field] = std::string(field) == "id" ? "-" : "";
    auto s = registry().validate_envelope(other);
    BOOST_TEST(!s.ok(), field);
    if (!s.ok()) BOOST_TEST(s.error().code == "E1001");
  }
}

BOOST_AUTO_TEST_CASE(load_errors_name_the_file) {
  // Purpose: a broken spec directory fails to load with an error naming the file (STD-3.2).
  {
    ScratchSpec sc("broken-json");
    sc.write("schemas/card.status.json", "{ \"type\": ");
    auto r = SchemaRegistry::load(sc.dir.string());
    BOOST_TEST_REQUIRE(!r.ok());
    BOOST_TEST(r.error().message.find("card.status.json") != std::string::npos, r.error().message);
  }
  {
    ScratchSpec sc("bad-schema");
    sc.write("schemas/venue.admit.rsp.json", R"({"type": "object", "required": 5})");
    auto r = SchemaRegistry::load(sc.dir.string());
    BOOST_TEST_REQUIRE(!r.ok());
    BOOST_TEST(r.error().message.find("venue.admit.rsp.json") != std::string::npos,
               r.error().message);
  }
  {
    ScratchSpec sc("missing-file");
    fs::remove(sc.dir / "schemas" / "qr.verify.json");
    auto r = SchemaRegistry::load(sc.dir.string());
    BOOST_TEST_REQUIRE(!r.ok());
    BOOST_TEST(r.error().message.find("qr.verify.json") != std::string::npos, r.error().message);
  }
  {
    auto r = SchemaRegistry::load("/nonexistent/ykt-spec");
    BOOST_TEST_REQUIRE(!r.ok());
    BOOST_TEST(r.error().message.find("messages.json") != std::string::npos, r.error().message);
  }
}

BOOST_AUTO_TEST_CASE(validation_speed) {
  // Purpose: validate() is cheap enough to run on every message at the exchange (STD-7.6);
  // prints the mean time per message for a few typical bodies.
  const std::vector<std::string> types{"txn.purchase", "id.verify", "card.status.rsp",
                                       "med.presettle", "txn.batch"};
  const int n = 5000;
  double total_us = 0;
  for (const std::string& type : types) {
    const Envelope e = envelope_of(type, example(type));
    BOOST_TEST_REQUIRE(registry().validate(e).ok(), type);
    const auto t0 = std::chrono::steady_clock::now();
    int ok = 0;
    for (int i = 0; i < n; ++i) ok += registry().validate(e).ok() ? 1 : 0;
    const double us =
        std::chrono::duration<double, std::micro>(std::chrono::steady_clock::now() - t0).count() /
        n;
    BOOST_TEST(ok == n);
    BOOST_TEST_MESSAGE("validate(" << type << "): " << us << " us per message");
    total_us += us;
  }
  Json::Value bad = example("txn.purchase");
  bad["card_ref"]["card_no"] = "short";
  const Envelope eb = envelope_of("txn.purchase", bad);
  const auto t0 = std::chrono::steady_clock::now();
  for (int i = 0; i < 1000; ++i) BOOST_TEST_REQUIRE(!registry().validate(eb).ok());
  const double bad_us =
      std::chrono::duration<double, std::micro>(std::chrono::steady_clock::now() - t0).count() /
      1000;
  BOOST_TEST_MESSAGE("validate(txn.purchase, invalid, with reason): " << bad_us
                                                                      << " us per message");
  // Generous bound so a slow CI machine passes, yet a pathological regression (recompiling
  // regexes per message costs milliseconds) fails. Not under AddressSanitizer: its shadow checks
  // multiply the cost several times over and CI's sanitizer pass shares the cores, so a time
  // there says nothing about the code (the optimised build's pass keeps the bound).
#ifndef __SANITIZE_ADDRESS__
  BOOST_TEST(total_us / static_cast<double>(types.size()) < 500.0);
#endif
}

BOOST_AUTO_TEST_CASE(concurrent_validation) {
  // Purpose: the exchange may validate from several threads at once; results stay correct
  // (STD-7.6).
  auto work = [](int* good) {
    const Envelope ok = envelope_of("venue.admit", example("venue.admit"));
    Json::Value badb = example("venue.admit");
    badb["base_price"] = -1;
    const Envelope bad = envelope_of("venue.admit", badb);
    for (int i = 0; i < 2000; ++i)
      if (registry().validate(ok).ok() && !registry().validate(bad).ok()) ++*good;
  };
  int a = 0;
  int b = 0;
  std::thread t1(work, &a);
  std::thread t2(work, &b);
  t1.join();
  t2.join();
  BOOST_TEST(a == 2000);
  BOOST_TEST(b == 2000);
}

BOOST_AUTO_TEST_SUITE_END()
