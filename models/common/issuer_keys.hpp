#pragma once
/// Synthetic key hierarchy of the four issuers (STD-4.7): a master key per issuing province and
/// purpose, diversified per card. Test keys only: derived from public labels, never for production.
#include <string>
#include <string_view>

#include "crypto.hpp"

namespace ykt::keys {

/// What a card key is used for (PBOC e-purse key set; ykt definition of the labels).
enum class Purpose { purchase, load, tac, qr, holder_digest };

/// Wire/label name of a purpose: `purchase`, `load`, `tac`, `qr`, `holder_digest`.
std::string_view purpose_name(Purpose p);

/// The issuer master key of `province` (e.g. "310000") for `purpose`, 16 bytes:
/// first 16 bytes of SM3("ykt-test-master|" + province + "|" + purpose).
Bytes issuer_master(std::string_view province, Purpose purpose);

/// Diversification factor of a card: first 8 bytes of SM3(card_no as ASCII).
Bytes card_factor(std::string_view card_no);

/// The card's own key: diversify(alg, issuer_master(province, purpose), card_factor(card_no)).
Bytes card_key(crypto::Algorithm alg, std::string_view province, Purpose purpose,
               std::string_view card_no);

/// The issuing province ("310000") of a 6-digit city code ("310118" or "320500").
std::string province_of(std::string_view city_code);

/// The message-authentication key of an actor address (STD-8.2), 32 bytes:
/// SM3("ykt-test-actor-key|" + address). Topologies may override it.
Bytes actor_key(std::string_view address);

}  // namespace ykt::keys
