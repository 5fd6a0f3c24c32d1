#include "address_pattern.hpp"

namespace ykt::wire {

bool glob_match(std::string_view pattern, std::string_view address) {
  // Iterative matcher with one backtrack point for the last `*`: linear in practice, no recursion.
  std::size_t p = 0, a = 0, star = std::string_view::npos, mark = 0;
  while (a < address.size()) {
    if (p < pattern.size() && (pattern[p] == '?' || pattern[p] == address[a])) {
      ++p;
      ++a;
    } else if (p < pattern.size() && pattern[p] == '*') {
      star = p++;
      mark = a;
    } else if (star != std::string_view::npos) {
      p = star + 1;
      a = ++mark;
    } else {
      return false;
    }
  }
  while (p < pattern.size() && pattern[p] == '*') ++p;
  return p == pattern.size();
}

bool is_glob(std::string_view pattern) {
  return pattern.find_first_of("*?") != std::string_view::npos;
}

}  // namespace ykt::wire
