#pragma once
/// Records every envelope that crosses between the harness's actors and the IUT, and every log
/// line, with wall-clock timestamps; the source of the message sequence charts and the merged log.
/// Personal data is masked when recorded, so nothing downstream can leak it.
#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <vector>

#include "envelope.hpp"
#include "sim_time.hpp"

namespace ykt::certify {

/// One envelope seen on the wire by the harness.
struct RecordedMessage {
  SimTime at;             ///< when the harness sent or received it
  std::string case_id;    ///< the case that caused it ("" outside cases)
  std::string from, to;   ///< actor addresses
  std::string type, id;   ///< message type and id (correlation)
  bool reply = false;     ///< a response
  std::string status;     ///< body.status of a response ("" otherwise)
  std::string body;       ///< compact JSON of the body, personal data masked
  std::size_t bytes = 0;  ///< size of frame 1 on the wire (0 when not known)
};

/// One line of the merged log.
struct LogLine {
  SimTime at;
  std::string case_id;
  std::string actor;  ///< e.g. harness.tester, harness.exchange, runner
  std::string text;   ///< masked
};

/// Most messages, and most log lines, kept per case (and outside cases): an IUT that floods the
/// harness must not exhaust its memory. Beyond it entries are counted, not kept (see omitted()).
inline constexpr std::size_t kRecordCapPerCase = 2000;
/// Most characters of a recorded body or log line kept (the rest is cut, its size noted), so the
/// kept record stays bounded even when every frame is as large as STD-3.4 allows.
inline constexpr std::size_t kRecordTextMax = 4096;

/// Thread-safe store of messages and log lines of a run, bounded per case.
class MessageRecorder {
 public:
  /// A recorder keeping at most `cap_per_case` messages and as many log lines per case.
  explicit MessageRecorder(std::size_t cap_per_case = kRecordCapPerCase) : cap_(cap_per_case) {}
  /// Records `e` as seen now (body masked).
  void record(const std::string& case_id, const Envelope& e, std::size_t bytes = 0);
  /// Records a raw frame that did not parse as an envelope (masked, shortened).
  void record_raw(const std::string& case_id, const std::string& from, const std::string& to,
                  const std::string& what, std::size_t bytes);
  /// Adds a log line (masked).
  void log(const std::string& case_id, const std::string& actor, const std::string& text);
  /// Copies of everything recorded so far.
  [[nodiscard]] std::vector<RecordedMessage> messages() const;
  [[nodiscard]] std::vector<LogLine> lines() const;
  /// Messages and lines of one case.
  [[nodiscard]] std::vector<RecordedMessage> messages_of(const std::string& case_id) const;
  [[nodiscard]] std::vector<LogLine> lines_of(const std::string& case_id) const;
  /// Case id -> messages and log lines seen but not kept (the case had reached the cap).
  [[nodiscard]] std::map<std::string, std::uint64_t> omitted() const;

 private:
  /// Counts an entry of `case_id` in `kept`; false (and counted as omitted) beyond the cap.
  bool admit(std::map<std::string, std::size_t>& kept, const std::string& case_id);
  void add_line(LogLine l);  // caller holds mu_
  std::size_t cap_;
  mutable std::mutex mu_;
  std::vector<RecordedMessage> msgs_;
  std::vector<LogLine> lines_;
  std::map<std::string, std::size_t> kept_msgs_, kept_lines_;
  std::map<std::string, std::uint64_t> omitted_;
};

}  // namespace ykt::certify
