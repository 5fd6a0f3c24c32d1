#include "population.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>

#include "card_number.hpp"
#include "pii.hpp"

namespace ykt::population {

namespace {

// Days since 1970-01-01 of a civil date (H. Hinnant's algorithm).
std::int64_t days_from_civil(int y, int m, int d) {
  y -= m <= 2;
  const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy =
      (153 * static_cast<unsigned>(m + (m > 2 ? -3 : 9)) + 2) / 5 + static_cast<unsigned>(d) - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<std::int64_t>(doe) - 719468;
}

// Civil date of a day count since 1970-01-01.
void civil_from_days(std::int64_t z, int& y, int& m, int& d) {
  z += 719468;
  const std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const unsigned doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  d = static_cast<int>(doy - (153 * mp + 2) / 5 + 1);
  m = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
  y = static_cast<int>(static_cast<std::int64_t>(yoe) + era * 400 + (m <= 2));
}

// Synthetic birth dates run from 1940-01-01 to 2009-12-31 (ykt definition).
const std::int64_t kFirstBirthDay = days_from_civil(1940, 1, 1);
const std::uint64_t kBirthDays =
    static_cast<std::uint64_t>(days_from_civil(2010, 1, 1) - days_from_civil(1940, 1, 1));
// (birth date, sequence 001..999) pairs per area code: IDs are unique while a city has fewer
// holders than this (25.5 M; Shanghai at 1:1 is 24.9 M).
const std::uint64_t kIdSpace = kBirthDays * 999;

std::uint64_t splitmix(std::uint64_t x) {
  x += 0x9E3779B97F4A7C15ULL;
  x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ULL;
  x = (x ^ (x >> 27)) * 0x94D049BB133111EBULL;
  return x ^ (x >> 31);
}

std::string pad(std::uint64_t v, std::size_t width) {
  std::string s = std::to_string(v);
  if (s.size() < width) s.insert(0, width - s.size(), '0');
  return s;
}

// Salts of the independent per-holder draws.
enum Salt : std::uint64_t {
  kDistrict = 1,
  kTransit,
  kQr,
  kBalance,
  kState,
  kScheme,
  kFundUsed,
  kDeductible
};

}  // namespace

Population::Population(CityTable table, PopulationParams params)
    : table_(std::move(table)), params_(params) {
  if (!(params_.scale > 0)) params_.scale = 1000.0;
  for (std::size_t p = 0; p < table_.provinces.size(); ++p) {
    const Province& prov = table_.provinces[p];
    double weight_sum = 0;
    for (const auto& c : table_.cities)
      if (c.province == prov.code) weight_sum += c.weight;
    province_offsets_.push_back(total_);
    std::uint64_t in_province = 0;
    for (const auto& c : table_.cities) {
      if (c.province != prov.code) continue;
      const double residents = static_cast<double>(prov.population) * c.weight / weight_sum;
      CitySlice s;
      s.city = &c;
      s.province = p;
      s.offset = total_;
      s.count = static_cast<std::uint64_t>(std::llround(residents / params_.scale));
      s.province_offset = in_province;
      in_province += s.count;
      total_ += s.count;
      slices_.push_back(s);
    }
    province_counts_.push_back(in_province);
  }
  id_mult_ = splitmix(params_.seed ^ 0x1D5EEDULL) % kIdSpace;
  if (id_mult_ < 2) id_mult_ = 2;
  while (std::gcd(id_mult_, kIdSpace) != 1) ++id_mult_;
  id_add_ = splitmix(params_.seed ^ 0xADDULL) % kIdSpace;
}

const CitySlice* Population::slice(std::string_view city_code) const {
  for (const auto& s : slices_)
    if (s.city->code == city_code) return &s;
  return nullptr;
}

std::uint64_t Population::province_size(std::string_view province_code) const {
  for (std::size_t p = 0; p < table_.provinces.size(); ++p)
    if (table_.provinces[p].code == province_code) return province_counts_[p];
  return 0;
}

std::uint64_t Population::hash(std::uint64_t index, std::uint64_t salt) const {
  return splitmix(splitmix(params_.seed * 0x100000001B3ULL + salt) ^ index);
}

double Population::unit(std::uint64_t index, std::uint64_t salt) const {
  return static_cast<double>(hash(index, salt) >> 11) * (1.0 / 9007199254740992.0);
}

const CitySlice* Population::slice_of(std::uint64_t index) const {
  if (index >= total_) return nullptr;
  auto it = std::upper_bound(slices_.begin(), slices_.end(), index,
                             [](std::uint64_t i, const CitySlice& s) { return i < s.offset; });
  return &*(it - 1);
}

std::optional<Cardholder> Population::holder(std::uint64_t index) const {
  const CitySlice* slice = slice_of(index);
  if (!slice) return std::nullopt;
  const CitySlice& s = *slice;
  const std::uint64_t local = index - s.offset;
  const Province& prov = table_.provinces[s.province];
  Cardholder h;
  h.index = index;
  h.issuer_city = s.city->code;
  h.home_city = s.city->code;
  double u = unit(index, kDistrict);
  for (const auto& d : table_.demo_districts) {
    if (d.city != s.city->code) continue;
    if (u < d.share) {
      h.home_city = d.code;
      break;
    }
    u -= d.share;
  }
  // Birth date and sequence: a bijection of the city-local index, so IDs never repeat.
  const std::uint64_t j = (local % kIdSpace * id_mult_ + id_add_) % kIdSpace;
  const std::uint64_t seq = j / kBirthDays + 1;
  int y = 0, m = 0, d = 0;
  civil_from_days(kFirstBirthDay + static_cast<std::int64_t>(j % kBirthDays), y, m, d);
  std::string first17 = h.home_city + pad(static_cast<std::uint64_t>(y), 4) +
                        pad(static_cast<std::uint64_t>(m), 2) +
                        pad(static_cast<std::uint64_t>(d), 2) + pad(seq, 3);
  h.citizen_id = first17 + pii::citizen_id_check_char(first17);
  h.sex = seq % 2 == 1 ? Sex::male : Sex::female;
  h.birth_year = y;
  h.name = "测试" + pad(index, 8);
  h.card_no = *encode_card_no(prov.prefix, s.province_offset + local + 1);
  h.transit_enabled = transit_enabled(index);
  h.qr_user = qr_user(index);
  h.purse_balance = static_cast<std::int64_t>(hash(index, kBalance) % 101) * 100;
  const double st = unit(index, kState);
  if (st < params_.lost_share)
    h.state = CardState::lost;
  else if (st < params_.lost_share + params_.frozen_share)
    h.state = CardState::frozen;
  else if (st < params_.lost_share + params_.frozen_share + params_.revoked_share)
    h.state = CardState::revoked;
  h.scheme = unit(index, kScheme) < params_.employee_share ? MedicalScheme::employee
                                                           : MedicalScheme::resident;
  const std::uint64_t fu = hash(index, kFundUsed);
  h.medical_fund_used = (fu & 1) ? static_cast<std::int64_t>((fu >> 1) % 3000) * 100 : 0;
  const std::uint64_t dm = hash(index, kDeductible);
  h.medical_deductible_met = (dm & 1) ? static_cast<std::int64_t>((dm >> 1) % 20) * 5000 : 0;
  return h;
}

std::optional<Cardholder> Population::find_by_card_no(std::string_view card_no) const {
  const auto index = index_of_card_no(card_no);
  return index ? holder(*index) : std::nullopt;
}

std::optional<std::uint64_t> Population::index_of_card_no(std::string_view card_no) const {
  auto parts = decode_card_no(card_no);
  if (!parts) return std::nullopt;
  for (std::size_t p = 0; p < table_.provinces.size(); ++p) {
    if (table_.provinces[p].prefix != parts->prefix) continue;
    if (parts->serial == 0 || parts->serial > province_counts_[p]) return std::nullopt;
    return province_offsets_[p] + parts->serial - 1;
  }
  return std::nullopt;
}

bool Population::transit_enabled(std::uint64_t index) const {
  return unit(index, kTransit) < params_.transit_share;
}

bool Population::qr_user(std::uint64_t index) const {
  return unit(index, kQr) < params_.qr_share;
}

}  // namespace ykt::population
