#pragma once
/// Personal-data rules (STD-8.4): the GB 11643 citizen-ID check, masking, and a scanner that masks
/// every valid citizen ID in free text before it reaches a log, report or error message.
#include <string>
#include <string_view>

namespace ykt::pii {

/// The GB 11643 (ISO 7064 MOD 11-2) check character for the first 17 digits; '\0' if not digits.
char citizen_id_check_char(std::string_view first17);
/// True when `id` is 18 characters, 17 digits and the right check character (upper-case X).
bool is_valid_citizen_id(std::string_view id);
/// Masks a citizen ID as `310***********001X` (first 3 and last 4 kept, STD-8.4).
std::string mask_citizen_id(std::string_view id);
/// Returns `text` with every valid citizen ID (18 chars not inside a longer digit run) masked.
std::string mask_text(std::string_view text);
/// True when `text` holds at least one valid citizen ID.
bool contains_citizen_id(std::string_view text);

}  // namespace ykt::pii
