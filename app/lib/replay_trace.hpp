#pragma once
/// Tap traces for `ykt replay`: one planned `term.tap` per JSON line with its intended offset from
/// the start, the terminal, the body and labels (format: scenarios/traces/README.md).
#include <json/value.h>

#include <cstdint>
#include <string>
#include <vector>

#include "result.hpp"

namespace ykt::app {

/// The QR token a tap needs first: asked of the issuer at replay time (tokens are short-lived).
struct QrIssue {
  std::string backend;  ///< issuer backend address, e.g. `backend.320000`
  Json::Value request;  ///< `qr.issue` body (card_ref, ttl_s)
};

/// One planned tap of a trace.
struct TraceTap {
  std::size_t index = 0;  ///< position in the trace (0-based), the key results are matched by
  std::size_t line = 0;   ///< 1-based line number in the file
  double offset_ms = 0;   ///< intended send time after the start of the replay
  std::string reader;     ///< terminal address; empty only for a QR tap whose token was refused
  Json::Value body;       ///< `term.tap` body
  Json::Value labels;     ///< object: service, pair, and expectations (expect_status, ...)
  bool has_qr = false;    ///< true when `qr` is set
  QrIssue qr;             ///< token to fetch before the tap
};

/// Population the trace's cards come from (the wire roles build the same synthetic population).
struct TracePopulation {
  std::uint64_t seed = 1;       ///< population seed
  double scale = 1000;          ///< residents per cardholder
  double transit_share = 0.35;  ///< share with the transit purse
  double qr_share = 0.59;       ///< share of QR users
};

/// A whole trace: optional header and the taps in file order.
struct TapTrace {
  TracePopulation population;             ///< from the header (defaults without one)
  Json::Value header{Json::objectValue};  ///< the header line as read (empty without one)
  std::vector<TraceTap> taps;             ///< in file order; offsets need not be sorted
};

/// Parses one tap line; `line` is used in error messages only.
[[nodiscard]] Result<TraceTap> parse_trace_tap(const std::string& text, std::size_t line);
/// Reads a trace file; errors name the file, the line and the field. A last line without a
/// newline that does not parse is reported as truncated.
[[nodiscard]] Result<TapTrace> load_tap_trace(const std::string& path);
/// One tap as its JSON line (no newline).
[[nodiscard]] std::string trace_tap_line(const TraceTap& tap);
/// Writes a trace (header first).
[[nodiscard]] Status save_tap_trace(const std::string& path, const TapTrace& trace);

/// Builds a tap trace from a `ykt simulate --trace` file: the generator's `term.tap` (and
/// `qr.issue`) requests become taps; the simulation's answers become labels (expect_status,
/// expect_balance, sim_latency_ms). `population` goes into the header.
[[nodiscard]] Result<TapTrace> tap_trace_from_sim(const std::string& sim_trace_path,
                                                  const TracePopulation& population);

}  // namespace ykt::app
