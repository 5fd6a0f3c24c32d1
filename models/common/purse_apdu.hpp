#pragma once
/// Builders for the command APDUs of the card (STD-4.3) and parsers of their answers, used by the
/// terminal, the certification harness and tests. Layouts in models/card/APDU.md.
#include <cstdint>
#include <optional>
#include <string>

#include "crypto.hpp"
#include "hex.hpp"

namespace ykt::apdu {

/// SELECT by AID, case 4 (00 A4 04 00 Lc AID 00).
Bytes select_aid(const Bytes& aid);
/// SELECT by EF id, case 3 (00 A4 02 00 02 fid).
Bytes select_ef(std::uint16_t fid);
/// GET BALANCE 80 5C 00 02 04.
Bytes get_balance();
/// INITIALIZE FOR PURCHASE 80 50 01|03 02 0B (key index ‖ amount ‖ terminal) 0F.
Bytes initialize_purchase(bool compound, std::uint32_t amount, const Bytes& terminal6,
                          std::uint8_t key_index = 0x01);
/// UPDATE CAPP DATA CACHE 80 DC id C8 Lc record (record[0] must be `id`).
Bytes update_capp_cache(std::uint8_t id, const Bytes& record);
/// DEBIT FOR PURCHASE 80 54 01 00 0F (term seq 4 ‖ date 4 ‖ time 3 ‖ MAC1 4) 08.
Bytes debit(std::uint32_t term_seq, const Bytes& date4, const Bytes& time3, const Bytes& mac1);
/// INITIALIZE FOR LOAD 80 50 00 02 0B (key index ‖ amount ‖ terminal) 10.
Bytes initialize_load(std::uint32_t amount, const Bytes& terminal6, std::uint8_t key_index = 0x01);
/// CREDIT FOR LOAD 80 52 00 00 0B (date 4 ‖ time 3 ‖ MAC2 4) 04.
Bytes credit(const Bytes& date4, const Bytes& time3, const Bytes& mac2);
/// GET TRANSACTION PROVE 80 5A 00 type 02 ATC 08.
Bytes get_transaction_prove(std::uint8_t txn_type, std::uint16_t atc);
/// READ RECORD of the log: 00 B2 n C4 17.
Bytes read_log(std::uint8_t n);
/// READ RECORD of a CAPP transit record: 00 B2 id CC 00.
Bytes read_capp(std::uint8_t id);
/// READ RECORD of an SSC item by tag in the current EF: 00 B2 tag 00 00.
Bytes read_tag(std::uint8_t tag);
/// GET RESPONSE 00 C0 00 00 Le.
Bytes get_response(std::uint8_t le);

/// Answer of INITIALIZE FOR PURCHASE (15 B).
struct InitPurchase {
  std::uint32_t balance = 0;             ///< fen
  std::uint16_t atc = 0;                 ///< offline ATC this purchase uses
  std::uint8_t key_version = 0;          ///< key version
  std::optional<crypto::Algorithm> alg;  ///< algorithm (nullopt: unknown byte)
  Bytes random;                          ///< card random 4 B
};
/// Parses the 15 data bytes; nullopt on a wrong length.
std::optional<InitPurchase> parse_init_purchase(const Bytes& data);

/// Answer of INITIALIZE FOR LOAD (16 B).
struct InitLoad {
  std::uint32_t old_balance = 0;         ///< fen
  std::uint16_t online_atc = 0;          ///< online ATC this load uses
  std::uint8_t key_version = 0;          ///< key version
  std::optional<crypto::Algorithm> alg;  ///< algorithm
  Bytes random;                          ///< card random 4 B
  Bytes mac1;                            ///< 4 B
};
/// Parses the 16 data bytes; nullopt on a wrong length.
std::optional<InitLoad> parse_init_load(const Bytes& data);

/// One transaction-log record (FACTS §4, 23 B).
struct LogRecord {
  std::uint16_t atc = 0;      ///< ATC of the transaction
  std::uint32_t amount = 0;   ///< fen
  std::uint8_t txn_type = 0;  ///< 02 load, 06 purchase, 09 compound
  std::string terminal_id;    ///< 12 digits
  std::string date;           ///< YYYYMMDD
  std::string time;           ///< hhmmss
};
/// Parses a 23-byte record; nullopt if malformed.
std::optional<LogRecord> parse_log_record(const Bytes& data);

/// Splits a response APDU into data and SW; nullopt when shorter than 2 bytes.
std::optional<std::pair<Bytes, std::uint16_t>> split_response(const Bytes& rapdu);

/// Finds the value of `tag` (1 or 2 bytes) in a BER-TLV blob, descending into constructed tags
/// 6F and A5 (FCI); nullopt if absent or malformed.
std::optional<Bytes> find_tlv(const Bytes& blob, std::uint16_t tag);

}  // namespace ykt::apdu
