#pragma once
/// One synthetic cardholder: identity, card and service attributes. Computed on demand from the
/// population seed and the holder's index; never stored by the population itself.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "common/card_state.hpp"

namespace ykt::population {

/// Life-cycle state of a card at its issuer (STD-4.5), shared with the card model.
using ykt::CardState;
using ykt::parse_card_state;
/// Wire name of a state: `active`, `lost`, `frozen`, `revoked`.
inline std::string_view to_string(CardState s) {
  return card_state_name(s);
}

/// Basic medical insurance scheme of the insured person (ykt definition of the two labels).
enum class MedicalScheme { employee, resident };

/// Wire name of a scheme: `employee`, `resident`.
std::string_view to_string(MedicalScheme s);

/// Sex as coded by the parity of the citizen-ID sequence (odd = male, FACTS §3).
enum class Sex { male, female };

/// Wire name: `M` or `F`.
std::string_view to_string(Sex s);

/// A synthetic resident holding a YRD social security card.
struct Cardholder {
  std::uint64_t index = 0;         ///< global index in the population
  std::string citizen_id;          ///< synthetic 18-character ID with a valid check character
  std::string name;                ///< synthetic name, 测试 + digits
  Sex sex = Sex::male;             ///< consistent with the ID's sequence parity
  int birth_year = 0;              ///< from the ID's birth date
  std::string card_no;             ///< 9 characters: Y + province prefix + 6 (STD-2.2)
  std::string issuer_city;         ///< city code of the issuing city ("320500")
  std::string home_city;           ///< city code, or a demonstration-zone district code ("320509")
  bool transit_enabled = true;     ///< the card carries the transit purse
  bool qr_user = false;            ///< the holder uses the electronic card's QR code
  std::int64_t purse_balance = 0;  ///< initial purse balance in fen
  CardState state = CardState::active;             ///< initial card state
  MedicalScheme scheme = MedicalScheme::employee;  ///< medical insurance scheme
  std::int64_t medical_fund_used = 0;              ///< fund payments so far this year, fen
  std::int64_t medical_deductible_met = 0;         ///< deductible already borne this year, fen

  /// Issuing province code, "320000".
  [[nodiscard]] std::string province() const { return issuer_city.substr(0, 2) + "0000"; }
};

}  // namespace ykt::population
