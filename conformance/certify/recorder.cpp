#include "recorder.hpp"

#include "json_util.hpp"
#include "pii.hpp"

namespace ykt::certify {

namespace {
// Masks first, then cuts: cutting a masked text cannot reveal what masking hid.
std::string kept_text(const std::string& text) {
  std::string t = pii::mask_text(text);
  if (t.size() <= kRecordTextMax) return t;
  const std::size_t all = t.size();
  t.resize(kRecordTextMax);
  return t + " ...(" + std::to_string(all) + " characters in all; the rest not kept)";
}
}  // namespace

bool MessageRecorder::admit(std::map<std::string, std::size_t>& kept, const std::string& case_id) {
  std::size_t& n = kept[case_id];
  if (n < cap_) {
    ++n;
    return true;
  }
  if (omitted_[case_id]++ == 0)
    add_line({wall_now(), case_id, "harness.recorder",
              "more than " + std::to_string(cap_) + " " +
                  (&kept == &kept_msgs_ ? "messages" : "log lines") +
                  " in this case: further ones are counted, not kept"});
  return false;
}

void MessageRecorder::add_line(LogLine l) {
  lines_.push_back(std::move(l));
}

void MessageRecorder::record(const std::string& case_id, const Envelope& e, std::size_t bytes) {
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (!admit(kept_msgs_, case_id)) return;
  }
  RecordedMessage m;
  m.at = wall_now();
  m.case_id = case_id;
  m.from = e.from;
  m.to = e.to;
  m.type = e.type;
  m.id = pii::mask_text(e.id);
  m.reply = e.is_reply;
  if (e.body.isObject() && e.body["status"].isString()) m.status = e.body["status"].asString();
  m.body = kept_text(json::compact(e.body));
  m.bytes = bytes;
  std::lock_guard<std::mutex> lock(mu_);
  msgs_.push_back(std::move(m));
}

void MessageRecorder::record_raw(const std::string& case_id, const std::string& from,
                                 const std::string& to, const std::string& what,
                                 std::size_t bytes) {
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (!admit(kept_msgs_, case_id)) return;
  }
  RecordedMessage m;
  m.at = wall_now();
  m.case_id = case_id;
  m.from = from;
  m.to = to;
  m.type = "(raw)";
  m.body = pii::mask_text(what.substr(0, 200));
  m.bytes = bytes;
  std::lock_guard<std::mutex> lock(mu_);
  msgs_.push_back(std::move(m));
}

void MessageRecorder::log(const std::string& case_id, const std::string& actor,
                          const std::string& text) {
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (!admit(kept_lines_, case_id)) return;
  }
  LogLine l{wall_now(), case_id, actor, kept_text(text)};
  std::lock_guard<std::mutex> lock(mu_);
  add_line(std::move(l));
}

std::map<std::string, std::uint64_t> MessageRecorder::omitted() const {
  std::lock_guard<std::mutex> lock(mu_);
  return omitted_;
}

std::vector<RecordedMessage> MessageRecorder::messages() const {
  std::lock_guard<std::mutex> lock(mu_);
  return msgs_;
}

std::vector<LogLine> MessageRecorder::lines() const {
  std::lock_guard<std::mutex> lock(mu_);
  return lines_;
}

std::vector<RecordedMessage> MessageRecorder::messages_of(const std::string& case_id) const {
  std::lock_guard<std::mutex> lock(mu_);
  std::vector<RecordedMessage> out;
  for (const auto& m : msgs_)
    if (m.case_id == case_id) out.push_back(m);
  return out;
}

std::vector<LogLine> MessageRecorder::lines_of(const std::string& case_id) const {
  std::lock_guard<std::mutex> lock(mu_);
  std::vector<LogLine> out;
  for (const auto& l : lines_)
    if (l.case_id == case_id) out.push_back(l);
  return out;
}

}  // namespace ykt::certify
