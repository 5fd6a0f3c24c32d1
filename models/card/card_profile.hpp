#pragma once
/// What a card is personalised with (STD-4.2, STD-4.5), and the file contents built from it:
/// transit files 0015/0017, the FCIs, and the SSC records EF05/EF06 (layouts in APDU.md).
#include <json/value.h>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "common/card_ref.hpp"
#include "common/card_state.hpp"
#include "crypto.hpp"
#include "result.hpp"

namespace ykt::card {

/// Transit purse AID (FACTS §4).
inline const Bytes kTransitAid = {0xA0, 0x00, 0x00, 0x06, 0x32, 0x01, 0x01, 0x05};
/// SSC application AID (ykt definition: F0 ‖ "YKTSSC" ‖ 01).
inline const Bytes kSscAid = {0xF0, 0x59, 0x4B, 0x54, 0x53, 0x53, 0x43, 0x01};
/// Purse maximum in fen: 200 CNY (FACTS §2, Shanghai transit purse).
inline constexpr std::uint32_t kPurseMax = 20000;
/// Records kept in the transaction log (FACTS §4).
inline constexpr std::size_t kLogRecords = 10;
/// Size of one log record (FACTS §4).
inline constexpr std::size_t kLogRecordSize = 23;
/// Consecutive MAC failures that lock the purse application (ykt definition).
inline constexpr std::uint8_t kMacFailLimit = 3;
/// The one purchase/load key index a ykt card holds (ykt definition).
inline constexpr std::uint8_t kKeyIndex = 0x01;

/// Life-cycle state of a card (STD-4.5), shared with the issuer and the population.
using ykt::card_state_name;
using ykt::CardState;
using ykt::parse_card_state;

/// Personalisation data of one card (synthetic holders only).
struct CardProfile {
  std::string card_no;                   ///< 9 chars, e.g. Y31000042
  std::string issuer;                    ///< 6-digit issuing city code
  std::string citizen_id;                ///< 18 chars, only ever stored in EF06
  std::string name;                      ///< holder name (UTF-8, ≤ 30 bytes kept)
  std::string nation = "01";             ///< 2 digits (GB 3304; 01 = Han)
  std::string issue_date = "20230101";   ///< YYYYMMDD
  std::string expiry_date = "20330101";  ///< YYYYMMDD
  std::uint8_t card_type = 1;            ///< 0017 card type: 1 normal, 2 student, 3 elderly, 4 test
  crypto::Algorithm alg = crypto::Algorithm::sm4;  ///< purse algorithm
  CardState state = CardState::active;             ///< life-cycle state
  std::uint32_t balance = 0;                       ///< initial purse balance, fen
  std::uint16_t atc = 0;                           ///< initial offline ATC
  std::uint16_t online_atc = 0;                    ///< initial online ATC

  /// `{issuer, card_no}`.
  [[nodiscard]] CardRef ref() const { return CardRef{issuer, card_no}; }
  /// Sex code from the citizen ID's sequence ('1' male if odd, '2' female; GB/T 2261.1).
  [[nodiscard]] char sex() const;
  /// Birth date YYYYMMDD from the citizen ID.
  [[nodiscard]] std::string birth_date() const;
  /// JSON form (contains the citizen ID: for personalisation files only, never for logs).
  [[nodiscard]] Json::Value to_json() const;
};

/// Parses and checks a profile (card_no, issuer, citizen_id with its GB 11643 check, alg, state,
/// balance ≤ purse max); the error never contains the citizen ID.
Result<CardProfile> parse_card_profile(const Json::Value& v);

/// A TLV item of an SSC record (tag 1 B, length 1 B, value).
using Tlv = std::pair<std::uint8_t, Bytes>;

/// Transit city code of a GB/T 2260 city (FACTS §4), "0000" when FACTS lists none.
std::string transit_city_code(std::string_view city);
/// Card identification code, 16 B: first 16 B of SM3("ykt-card-id|" + card_no) (ykt definition).
Bytes identification_code(std::string_view card_no);
/// File 0015 (30 B): issuer ID 8 ‖ app type 1 ‖ version 1 ‖ serial 10 ‖ start 4 ‖ expiry 4 ‖ RFU 2.
Bytes file_0015(const CardProfile& p);
/// File 0017 (16 B): transit city 2 BCD ‖ issuer city 3 BCD ‖ card type 1 ‖ RFU 10.
Bytes file_0017(const CardProfile& p);
/// Issuer data of the SSC FCI (12 B): issuer city 3 BCD ‖ card_no 9 ASCII.
Bytes ssc_issuer_data(const CardProfile& p);
/// FCI template 6F { 84 AID, A5 { 9F0C issuer data } } (FACTS §4).
Bytes fci(const Bytes& aid, const Bytes& issuer_data);
/// EF05 card information: 01 ident code, 04 issuer, 05 issue date, 06 expiry, 07 card number.
std::vector<Tlv> ef05_items(const CardProfile& p);
/// EF06 personal information: 08 citizen ID, 09 name, 0A sex, 0B nation, 0D birth date.
std::vector<Tlv> ef06_items(const CardProfile& p);

}  // namespace ykt::card
