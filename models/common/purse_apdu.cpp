#include "purse_apdu.hpp"

#include "bcd.hpp"
#include "purse_crypto.hpp"

namespace ykt::apdu {

namespace {
Bytes cmd(std::uint8_t cla, std::uint8_t ins, std::uint8_t p1, std::uint8_t p2, const Bytes& data,
          std::optional<std::uint8_t> le) {
  Bytes out{cla, ins, p1, p2};
  if (!data.empty()) {
    out.push_back(static_cast<std::uint8_t>(data.size()));
    out.insert(out.end(), data.begin(), data.end());
  }
  if (le) out.push_back(*le);
  return out;
}
void append(Bytes& out, const Bytes& b) {
  out.insert(out.end(), b.begin(), b.end());
}
}  // namespace

Bytes select_aid(const Bytes& aid) {
  return cmd(0x00, 0xA4, 0x04, 0x00, aid, 0x00);
}
Bytes select_ef(std::uint16_t fid) {
  return cmd(0x00, 0xA4, 0x02, 0x00,
             {static_cast<std::uint8_t>(fid >> 8), static_cast<std::uint8_t>(fid & 0xFF)},
             std::nullopt);
}
Bytes get_balance() {
  return cmd(0x80, 0x5C, 0x00, 0x02, {}, 0x04);
}

Bytes initialize_purchase(bool compound, std::uint32_t amount, const Bytes& terminal6,
                          std::uint8_t key_index) {
  Bytes d{key_index};
  append(d, codec::be_bytes(amount, 4));
  append(d, terminal6);
  return cmd(0x80, 0x50, compound ? 0x03 : 0x01, 0x02, d, 0x0F);
}

Bytes update_capp_cache(std::uint8_t id, const Bytes& record) {
  return cmd(0x80, 0xDC, id, 0xC8, record, std::nullopt);
}

Bytes debit(std::uint32_t term_seq, const Bytes& date4, const Bytes& time3, const Bytes& mac1) {
  Bytes d = codec::be_bytes(term_seq, 4);
  append(d, date4);
  append(d, time3);
  append(d, mac1);
  return cmd(0x80, 0x54, 0x01, 0x00, d, 0x08);
}

Bytes initialize_load(std::uint32_t amount, const Bytes& terminal6, std::uint8_t key_index) {
  Bytes d{key_index};
  append(d, codec::be_bytes(amount, 4));
  append(d, terminal6);
  return cmd(0x80, 0x50, 0x00, 0x02, d, 0x10);
}

Bytes credit(const Bytes& date4, const Bytes& time3, const Bytes& mac2) {
  Bytes d = date4;
  append(d, time3);
  append(d, mac2);
  return cmd(0x80, 0x52, 0x00, 0x00, d, 0x04);
}

Bytes get_transaction_prove(std::uint8_t txn_type, std::uint16_t atc) {
  return cmd(0x80, 0x5A, 0x00, txn_type, codec::be_bytes(atc, 2), 0x08);
}

Bytes read_log(std::uint8_t n) {
  return cmd(0x00, 0xB2, n, 0xC4, {}, 0x17);
}
Bytes read_capp(std::uint8_t id) {
  return cmd(0x00, 0xB2, id, 0xCC, {}, 0x00);
}
Bytes read_tag(std::uint8_t tag) {
  return cmd(0x00, 0xB2, tag, 0x00, {}, 0x00);
}
Bytes get_response(std::uint8_t le) {
  return cmd(0x00, 0xC0, 0x00, 0x00, {}, le);
}

std::optional<InitPurchase> parse_init_purchase(const Bytes& d) {
  if (d.size() != 15) return std::nullopt;
  InitPurchase r;
  r.balance = codec::be_value(d, 0, 4);
  r.atc = static_cast<std::uint16_t>(codec::be_value(d, 4, 2));
  r.key_version = d[9];
  r.alg = purse::algorithm_from_byte(d[10]);
  r.random.assign(d.begin() + 11, d.end());
  return r;
}

std::optional<InitLoad> parse_init_load(const Bytes& d) {
  if (d.size() != 16) return std::nullopt;
  InitLoad r;
  r.old_balance = codec::be_value(d, 0, 4);
  r.online_atc = static_cast<std::uint16_t>(codec::be_value(d, 4, 2));
  r.key_version = d[6];
  r.alg = purse::algorithm_from_byte(d[7]);
  r.random.assign(d.begin() + 8, d.begin() + 12);
  r.mac1.assign(d.begin() + 12, d.end());
  return r;
}

std::optional<LogRecord> parse_log_record(const Bytes& d) {
  if (d.size() != 23) return std::nullopt;
  LogRecord r;
  r.atc = static_cast<std::uint16_t>(codec::be_value(d, 0, 2));
  r.amount = codec::be_value(d, 5, 4);
  r.txn_type = d[9];
  auto term = codec::terminal_id_text(Bytes(d.begin() + 10, d.begin() + 16));
  auto date = codec::bcd_to_digits(Bytes(d.begin() + 16, d.begin() + 20));
  auto time = codec::bcd_to_digits(Bytes(d.begin() + 20, d.end()));
  if (!term || !date || !time) return std::nullopt;
  r.terminal_id = *term;
  r.date = *date;
  r.time = *time;
  return r;
}

std::optional<std::pair<Bytes, std::uint16_t>> split_response(const Bytes& rapdu) {
  if (rapdu.size() < 2) return std::nullopt;
  const auto sw = static_cast<std::uint16_t>((rapdu[rapdu.size() - 2] << 8) | rapdu.back());
  return std::make_pair(Bytes(rapdu.begin(), rapdu.end() - 2), sw);
}

std::optional<Bytes> find_tlv(const Bytes& blob, std::uint16_t tag) {
  std::size_t i = 0;
  while (i < blob.size()) {
    std::uint16_t t = blob[i++];
    if ((t & 0x1F) == 0x1F) {  // two-byte tag
      if (i >= blob.size()) return std::nullopt;
      t = static_cast<std::uint16_t>((t << 8) | blob[i++]);
    }
    if (i >= blob.size()) return std::nullopt;
    const std::size_t len = blob[i++];
    if (len > 0x7F || i + len > blob.size()) return std::nullopt;
    Bytes value(blob.begin() + static_cast<std::ptrdiff_t>(i),
                blob.begin() + static_cast<std::ptrdiff_t>(i + len));
    if (t == tag) return value;
    if (t == 0x6F || t == 0xA5) {
      auto inner = find_tlv(value, tag);
      if (inner) return inner;
    }
    i += len;
  }
  return std::nullopt;
}

}  // namespace ykt::apdu
