#pragma once
/// The synthetic population of the region (STD-2): cardholders per city in proportion to the
/// province populations of FACTS §2 and the city weights of the city table, scaled (default
/// 1:1000). Deterministic from a seed; a holder is computed from its index in O(1) (a binary
/// search over 41 cities) and nothing per holder is stored, so 1:1 (~238 M) costs no memory.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "cardholder.hpp"
#include "city_table.hpp"

namespace ykt::population {

/// Knobs of the synthetic population (ykt definitions; shares cite FACTS where they come from).
struct PopulationParams {
  std::uint64_t seed = 1;  ///< same seed, same holders
  double scale = 1000.0;   ///< residents per cardholder: 1000 means 1:1000, 1 means 1:1
  /// Share of cards with the transit purse: Anhui 20 M third-generation of 58 M (FACTS §2).
  double transit_share = 0.35;
  /// Share using the e-card QR code: Anhui 34 M e-SSC of 58 M holders (FACTS §2).
  double qr_share = 0.59;
  double lost_share = 0.004;     ///< cards reported lost ([estimate])
  double frozen_share = 0.003;   ///< cards frozen ([estimate])
  double revoked_share = 0.002;  ///< cards revoked ([estimate])
  double employee_share = 0.6;   ///< employee medical scheme, others resident ([estimate])
};

/// Holders of one city as laid out in the global index space.
struct CitySlice {
  const City* city = nullptr;         ///< the city (owned by the population's table)
  std::size_t province = 0;           ///< index into provinces()
  std::uint64_t offset = 0;           ///< global index of the city's first holder
  std::uint64_t count = 0;            ///< number of holders
  std::uint64_t province_offset = 0;  ///< index of the first holder inside its province
};

/// All cardholders of the region, computed on demand.
class Population {
 public:
  /// Lays out the population; the table is copied.
  Population(CityTable table, PopulationParams params);

  /// Parameters in use.
  [[nodiscard]] const PopulationParams& params() const { return params_; }
  /// The city table in use.
  [[nodiscard]] const CityTable& table() const { return table_; }
  /// Total number of holders.
  [[nodiscard]] std::uint64_t size() const { return total_; }
  /// Per-city layout, in global index order.
  [[nodiscard]] const std::vector<CitySlice>& slices() const { return slices_; }
  /// The layout of one city; nullptr for an unknown code.
  [[nodiscard]] const CitySlice* slice(std::string_view city_code) const;
  /// Holders issued in a province ("320000"); 0 when unknown.
  [[nodiscard]] std::uint64_t province_size(std::string_view province_code) const;

  /// Holder number `index` of the region; nullopt when out of range.
  [[nodiscard]] std::optional<Cardholder> holder(std::uint64_t index) const;
  /// The holder of a card number; nullopt when no such card.
  [[nodiscard]] std::optional<Cardholder> find_by_card_no(std::string_view card_no) const;
  /// The index of a card number's holder, without computing the holder; nullopt when no such card.
  [[nodiscard]] std::optional<std::uint64_t> index_of_card_no(std::string_view card_no) const;
  /// The city slice holding global index `index`; nullptr when out of range.
  [[nodiscard]] const CitySlice* slice_of(std::uint64_t index) const;
  /// Whether holder `index` has the transit purse (as `holder(index)->transit_enabled`).
  [[nodiscard]] bool transit_enabled(std::uint64_t index) const;
  /// Whether holder `index` uses the e-card QR code (as `holder(index)->qr_user`).
  [[nodiscard]] bool qr_user(std::uint64_t index) const;

 private:
  [[nodiscard]] std::uint64_t hash(std::uint64_t index, std::uint64_t salt) const;
  [[nodiscard]] double unit(std::uint64_t index, std::uint64_t salt) const;

  CityTable table_;
  PopulationParams params_;
  std::vector<CitySlice> slices_;
  std::vector<std::uint64_t> province_offsets_;  ///< global index of each province's first holder
  std::vector<std::uint64_t> province_counts_;
  std::uint64_t total_ = 0;
  std::uint64_t id_mult_ = 1;  ///< permutation multiplier for birth date and sequence
  std::uint64_t id_add_ = 0;
};

}  // namespace ykt::population
