#pragma once
/// A terminal (reader) actor, address `reader.<12-digit terminal id>` (CATALOG, STD-6): it runs the
/// card flows for `term.tap` (transit, transit_compound, venue, identity, medical, topup, qr,
/// status), keeps offline debits with their TAC and uploads them to its acquiring backend, and
/// recovers torn debits by re-reading the card. It never sends a full citizen ID.
#include <array>
#include <functional>
#include <list>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "actor.hpp"
#include "common/card_ref.hpp"
#include "common/purse_crypto.hpp"
#include "offline_store.hpp"
#include "psam.hpp"
#include "result.hpp"

namespace ykt::reader {

/// Settings of one terminal (ykt defaults; STD-6, STD-10).
struct TerminalConfig {
  std::string terminal_id;                                    ///< 12 digits: city ‖ serial
  std::string acquirer;                                       ///< default backend.<prov of city>
  Duration card_timeout = std::chrono::milliseconds(500);     ///< per APDU
  Duration backend_timeout = std::chrono::milliseconds(800);  ///< per attempt (STD-10.3)
  int backend_attempts = 2;                           ///< one retry at most, same txn_id (STD-10.4)
  Duration upload_period = std::chrono::seconds(60);  ///< offline batch upload timer
  std::size_t batch_max = 200;                        ///< records per `txn.batch`
  Duration purchase_budget = std::chrono::milliseconds(400);  ///< FACTS §5 transit limit
  Duration topup_budget = std::chrono::seconds(1);            ///< FACTS §5 top-up limit
};

/// The reference terminal.
class Terminal final : public Actor {
 public:
  /// A terminal with `cfg` (its acquirer is derived from the id when empty).
  explicit Terminal(TerminalConfig cfg);
  /// A parked terminal rebuilt from the state park() returned; throws std::invalid_argument when
  /// that state is corrupt.
  Terminal(TerminalConfig cfg, std::string_view parked);
  /// Sets the upload grid's origin (a new terminal) and arms the upload timer if records are held.
  void on_start(Context& ctx) override;
  /// The state of an idle terminal (nothing queued, in flight, stored or awaiting recovery):
  /// counters, sequence number and upload grid, ~30 B; nullopt when not idle.
  std::optional<std::string> park() override;
  /// Handles requests (see the class comment) and the answers to its own requests.
  void on_message(Context& ctx, const Envelope& msg) override;
  /// Upload timer and request time-outs.
  void on_timer(Context& ctx, TimerId id, std::string_view tag) override;

  /// Offline records not yet accepted by the backend.
  [[nodiscard]] std::size_t stored_records() const { return offline_.total(); }
  /// Torn transactions awaiting recovery (card_no → txn).
  [[nodiscard]] std::size_t pending_recoveries() const { return pending_.size(); }
  /// The configuration in use.
  [[nodiscard]] const TerminalConfig& config() const { return cfg_; }
  /// The state a terminal keeps across power loss (FACTS §5): sequence number, stored records
  /// and torn transactions awaiting recovery, as JSON (no personal data in it).
  [[nodiscard]] Json::Value snapshot() const;
  /// Restores a snapshot taken by `snapshot`; E1002 naming the bad field, state unchanged then.
  [[nodiscard]] Status restore(const Json::Value& state);

 private:
  /// One `term.tap` being served.
  struct Tap {
    Envelope request;
    std::string service;
    std::string card;  // card actor address
    std::string txn_id;
    Json::Value result{Json::objectValue};
    Duration card_time{0};
    CardRef ref;
    int get_responses = 0;  // consecutive 61xx answers followed (bounded)
  };
  using TapPtr = std::shared_ptr<Tap>;
  /// An APDU answer: data and SW, or nothing (time-out / no power).
  struct CardAnswer {
    bool answered = false;
    Bytes data;
    std::uint16_t sw = 0;
  };
  using CardHandler = std::function<void(Context&, const CardAnswer&)>;
  using BackendHandler = std::function<void(Context&, const Json::Value*)>;
  /// A torn debit or load whose outcome is decided at the card's next tap.
  struct PendingTxn {
    std::string txn_id;
    bool load = false;
    crypto::Algorithm alg = crypto::Algorithm::sm4;
    CardRef ref;
    purse::PurchaseData purchase;
    purse::LoadData load_data;
  };
  struct Outstanding {
    bool card = false;
    CardHandler on_card;
    BackendHandler on_backend;
    TimerId timer = 0;
    SimTime sent;
    TapPtr tap;
    std::string to, type;
    Json::Value body;
    int attempts = 0;
    Bytes capdu;
  };

  // plumbing (terminal.cpp)
  void start_next(Context& ctx);
  void finish(Context& ctx, const TapPtr& tap, const std::string& status,
              const std::string& reason = {});
  void apdu(Context& ctx, const TapPtr& tap, Bytes capdu, CardHandler k);
  void backend(Context& ctx, const TapPtr& tap, const std::string& type, Json::Value body,
               BackendHandler k);
  void send_backend_attempt(Context& ctx, Outstanding o);
  void upload(Context& ctx, std::optional<Envelope> flush_request);
  void arm_upload(Context& ctx);
  std::string new_txn_id(Context& ctx);
  // flows (terminal_flows.cpp)
  void run_tap(Context& ctx, const TapPtr& tap);
  void select_transit(Context& ctx, const TapPtr& tap, std::function<void(Context&)> k);
  void select_ssc(Context& ctx, const TapPtr& tap, std::function<void(Context&)> k);
  void recover_then(Context& ctx, const TapPtr& tap, std::function<void(Context&)> k);
  void transit(Context& ctx, const TapPtr& tap, bool compound);
  void debit(Context& ctx, const TapPtr& tap, PendingTxn p, std::uint32_t balance);
  void complete_debit(Context& ctx, const TapPtr& tap, const PendingTxn& p, const Bytes& tac,
                      std::optional<bool> mac2_ok, bool recovered);
  /// Ends a debit that happened: its record (with `tac`) joins the offline store; returns the TAC
  /// hex.
  std::string keep_debit_record(Context& ctx, const PendingTxn& p, const Bytes& tac);
  void topup(Context& ctx, const TapPtr& tap);
  void identity(Context& ctx, const TapPtr& tap);
  void venue(Context& ctx, const TapPtr& tap);
  void medical(Context& ctx, const TapPtr& tap);
  void status(Context& ctx, const TapPtr& tap);
  void qr(Context& ctx, const TapPtr& tap);
  bool card_failed(Context& ctx, const TapPtr& tap, const CardAnswer& a);

  TerminalConfig cfg_;
  Bytes terminal_bcd_;
  Psam psam_;
  OfflineStore offline_;
  std::map<std::string, PendingTxn> pending_;  // card_no -> torn txn
  std::list<Envelope> taps_;  // lists: an empty deque allocates ~600 B, and terminals are many
  bool busy_ = false;
  // Request id -> what waits for it: one or two at a time, so a vector (a map allocated a node per
  // APDU). take() removes and returns an entry.
  std::vector<std::pair<std::string, Outstanding>> outstanding_;
  std::optional<Outstanding> take_outstanding(std::string_view id);
  std::uint64_t txn_counter_ = 0;
  std::uint64_t batch_counter_ = 0;
  std::list<Envelope> flush_waiters_;
  SimTime started_{};                 // the upload grid's origin (on_start of a new terminal)
  bool rebuilt_ = false;              // made from a parked state: started_ is already set
  bool upload_armed_ = false;         // an upload tick is pending
  std::uint64_t flush_uploaded_ = 0;  // records accepted since the oldest waiting flush
  /// Counters reported by `sys.stats` (a fixed array: a string-keyed map cost a lookup per APDU).
  enum class Stat : std::uint8_t {
    apdus,
    backend_requests,
    card_timeouts,
    backend_timeouts,
    taps_ok,
    taps_failed,
    debits,
    loads,
    recovered_done,
    recovered_not_done,
    uploaded,
    upload_rejects,
    upload_failures,
    count_
  };
  std::array<std::uint64_t, static_cast<std::size_t>(Stat::count_)> stats_{};
  std::uint64_t& stat(Stat s) { return stats_[static_cast<std::size_t>(s)]; }
};

}  // namespace ykt::reader
