#pragma once
/// The 3DES purse computations written from the text of STD-4.6 and STD-4.7 with the block cipher
/// alone, apart from models/common (which the reference card shares), so that a slip common to the
/// card and the harness's PSAM cannot pass the card suite unseen (CD-PUR-011, CD-LOAD-006).
#include <initializer_list>
#include <string>

#include "common/card_ref.hpp"
#include "hex.hpp"

namespace ykt::certify::des3_text {

/// One two-key 3DES block encryption (8 B) under a 16-byte key.
Bytes encrypt(const Bytes& key16, const Bytes& block8);
/// STD-4.6 item 2: pad with 80 then 00 to whole 8-byte blocks (at least one padding byte), CBC
/// from a zero IV, the first 4 bytes of the last block. `pad` false leaves an aligned input
/// unpadded (the slip the text forbids; used only to name it in a failure).
Bytes mac(const Bytes& key16, Bytes data, bool pad = true);
/// STD-4.7 items 2-4: master = SM3("ykt-test-master|" P "|" U)[0..16], factor =
/// SM3(card_no)[0..8], card key = E(master, factor) ‖ E(master, NOT factor).
Bytes card_key(const CardRef& card, const std::string& purpose);
/// STD-4.6 item 3: a MAC under the 8-byte session key ENC(card key, input) uses the key SK ‖ SK.
Bytes session_mac(const Bytes& card_key16, const Bytes& input8, const Bytes& data);
/// Concatenation.
Bytes cat(std::initializer_list<Bytes> parts);
/// Why the card's `tac` differs from MAC(`tac_key`, `in`) for a 24-byte input `in`: no padding
/// block, single DES under the folded key (PBOC style), or just different.
std::string tac_mismatch(const Bytes& tac_key, const Bytes& in, const Bytes& tac);

}  // namespace ykt::certify::des3_text
