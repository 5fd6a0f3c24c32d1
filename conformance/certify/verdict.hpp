#pragma once
/// Test verdicts in the TTCN-3 order none < pass < inconc < fail < error (FACTS §7): a verdict
/// only gets worse, the first reason of the worst verdict is kept, and `error` belongs to the
/// harness (time-out, IUT crash or hang, harness fault), never to a case's own logic.
#include <mutex>
#include <optional>
#include <string>
#include <string_view>

namespace ykt::certify {

/// Outcome of a test case, ordered from best to worst.
enum class Verdict { none = 0, pass = 1, inconc = 2, fail = 3, error = 4 };

/// `none`, `pass`, `inconc`, `fail`, `error`.
std::string_view to_string(Verdict v);
/// The verdict for its text; nullopt for anything else.
std::optional<Verdict> parse_verdict(std::string_view s);
/// Chinese label for reports (通过, 不确定, 失败, 错误, 无).
std::string_view label_zh(Verdict v);

/// The running verdict of one case; thread-safe because the watchdog may set `error` while the
/// case's own thread is still finishing.
class VerdictKeeper {
 public:
  /// Case logic: records pass, inconc or fail; `error` is refused (use harness_error).
  void set(Verdict v, std::string_view reason = {});
  /// Harness only: the case ends in `error` (time-out, IUT crash, harness fault).
  void harness_error(std::string_view reason);
  /// Current verdict.
  [[nodiscard]] Verdict verdict() const;
  /// Reason of the first assignment of the current (worst) verdict.
  [[nodiscard]] std::string reason() const;

 private:
  void raise(Verdict v, std::string_view reason);
  mutable std::mutex mu_;
  Verdict v_ = Verdict::none;
  std::string reason_;
};

}  // namespace ykt::certify
