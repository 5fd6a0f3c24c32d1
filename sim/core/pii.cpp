#include "pii.hpp"

#include <cctype>

namespace ykt::pii {

namespace {
constexpr int kWeights[17] = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
constexpr char kCheck[] = "10X98765432";

bool is_digit(char c) { return c >= '0' && c <= '9'; }

// Calls f(pos) for every valid ID at text[pos, pos+18) not embedded in a longer alphanumeric run.
template <typename F>
void for_each_id(std::string_view text, F f) {
  if (text.size() < 18) return;
  for (std::size_t i = 0; i + 18 <= text.size(); ++i) {
    if (!is_digit(text[i])) continue;
    if (i > 0 && is_digit(text[i - 1])) continue;
    const std::size_t end = i + 18;
    if (end < text.size() && (is_digit(text[end]) || text[end] == 'X' || text[end] == 'x')) continue;
    if (is_valid_citizen_id(text.substr(i, 18))) {
      f(i);
      i = end - 1;
    }
  }
}
}  // namespace

char citizen_id_check_char(std::string_view first17) {
  if (first17.size() < 17) return '\0';
  int sum = 0;
  for (int i = 0; i < 17; ++i) {
    if (!is_digit(first17[static_cast<std::size_t>(i)])) return '\0';
    sum += (first17[static_cast<std::size_t>(i)] - '0') * kWeights[i];
  }
  return kCheck[sum % 11];
}

bool is_valid_citizen_id(std::string_view id) {
  if (id.size() != 18) return false;
  const char c = citizen_id_check_char(id.substr(0, 17));
  return c != '\0' && (id[17] == c || (c == 'X' && id[17] == 'x'));
}

std::string mask_citizen_id(std::string_view id) {
  if (id.size() != 18) return std::string(id.size(), '*');
  std::string out(id.substr(0, 3));
  out.append(11, '*');
  out.append(id.substr(14, 4));
  return out;
}

std::string mask_text(std::string_view text) {
  std::string out(text);
  for_each_id(text, [&](std::size_t pos) {
    out.replace(pos, 18, mask_citizen_id(text.substr(pos, 18)));
  });
  return out;
}

bool contains_citizen_id(std::string_view text) {
  bool found = false;
  for_each_id(text, [&](std::size_t) { found = true; });
  return found;
}

}  // namespace ykt::pii
