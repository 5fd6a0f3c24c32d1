#pragma once
/// A value or the reason it could not be produced: the return type of fallible operations.
#include <string>
#include <utility>
#include <variant>

namespace ykt {

/// Why an operation failed: a spec error code (STD-9) or a short code, and a readable message.
struct Error {
  std::string code;     ///< e.g. `E1001`, or a local code such as `io`
  std::string message;  ///< one line, never containing personal data
};

/// Either a T or an Error (a small std::expected for C++17).
template <typename T>
class [[nodiscard]] Result {
 public:
  Result(T value) : v_(std::move(value)) {}        // NOLINT: implicit by design
  Result(Error error) : v_(std::move(error)) {}    // NOLINT: implicit by design
  [[nodiscard]] bool ok() const { return v_.index() == 0; }
  explicit operator bool() const { return ok(); }
  T& value() & { return std::get<0>(v_); }
  const T& value() const& { return std::get<0>(v_); }
  T&& value() && { return std::get<0>(std::move(v_)); }
  T* operator->() { return &std::get<0>(v_); }
  const T* operator->() const { return &std::get<0>(v_); }
  T& operator*() & { return std::get<0>(v_); }
  const T& operator*() const& { return std::get<0>(v_); }
  [[nodiscard]] const Error& error() const { return std::get<1>(v_); }

 private:
  std::variant<T, Error> v_;
};

/// Success without a value.
struct Unit {};

/// Result of an operation that returns nothing on success.
using Status = Result<Unit>;

/// The success value of a Status.
inline Status ok_status() { return Unit{}; }

}  // namespace ykt
