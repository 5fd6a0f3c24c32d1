#pragma once
/// A compact map from transaction ids (STD-2.5) to small values, for state a backend or the
/// exchange keeps per transaction: each id is held once, packed (an id ending in the terminal
/// form `<12 digits>-<12 lower-case hex>` keeps 12 bytes for those 25 characters), in one heap
/// block together with optional extra bytes (e.g. a stored answer); the index is an open-addressing
/// table of 8-byte cells. Entries leave in insertion order (FIFO) once `capacity` is exceeded.
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <deque>
#include <functional>
#include <limits>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace ykt::backend {

/// Appends the packed form of `id` to `out` (injective: different ids, different packed forms).
void pack_id(std::string_view id, std::string& out);
/// The id a packed form stands for (inverse of pack_id).
std::string unpack_id(std::string_view packed);

/// Ids -> `V`, FIFO-bounded by a capacity (unbounded by default). Pointers to values stay valid
/// until their entry is evicted.
template <class V>
class IdMap {
 public:
  /// Keeps at most `capacity` ids (0 keeps none).
  explicit IdMap(std::size_t capacity = std::numeric_limits<std::size_t>::max())
      : capacity_(capacity) {}

  /// A found entry: its value and extra bytes.
  template <class T>
  struct Ref {
    T* value = nullptr;
    std::string_view extra;
    explicit operator bool() const { return value != nullptr; }
  };

  /// The entry of `id`, if held.
  Ref<const V> find(std::string_view id) const {
    const std::string& key = scratch(id);
    const std::size_t cell = locate(key, hash_of(key));
    if (cell == npos) return {};
    const Slot& s = slot(cells_[cell].seq);
    return {&s.value, extra_of(s)};
  }
  /// The entry of `id`, if held (mutable value).
  Ref<V> find(std::string_view id) {
    auto r = std::as_const(*this).find(id);
    return {const_cast<V*>(r.value), r.extra};
  }
  /// True when `id` is held.
  [[nodiscard]] bool contains(std::string_view id) const { return find(id).value != nullptr; }

  /// Adds `id` with `value` and `extra` when it is not held (then evicts beyond the capacity)
  /// and returns true; returns false and changes nothing when it is held.
  bool insert(std::string_view id, V value, std::string_view extra = {}) {
    const std::string& key = scratch(id);
    const std::uint32_t h = hash_of(key);
    if (locate(key, h) != npos) return false;
    add(key, h, std::move(value), extra);
    return true;
  }
  /// Sets `id` to `value` and `extra`, keeping its place in the FIFO order when it is held.
  void assign(std::string_view id, V value, std::string_view extra = {}) {
    const std::string& key = scratch(id);
    const std::uint32_t h = hash_of(key);
    const std::size_t cell = locate(key, h);
    if (cell == npos) return add(key, h, std::move(value), extra);
    Slot& s = slot(cells_[cell].seq);
    s.value = std::move(value);
    s.blob = make_blob(key, extra);
  }

  /// Ids held.
  [[nodiscard]] std::size_t size() const { return slots_.size(); }
  /// The capacity in ids.
  [[nodiscard]] std::size_t capacity() const { return capacity_; }
  /// Bytes held on the heap (slots, index, id and extra blocks; allocator overhead estimated).
  [[nodiscard]] std::size_t memory_bytes() const {
    std::size_t n = cells_.capacity() * sizeof(Cell) + slots_.size() * sizeof(Slot);
    for (const Slot& s : slots_) n += chunk(blob_size(s.blob.get()));
    return n;
  }

 private:
  static constexpr std::size_t npos = std::numeric_limits<std::size_t>::max();
  struct Slot {
    std::unique_ptr<char[]> blob;  ///< varint id length, varint extra length, id, extra
    V value;
  };
  struct Cell {
    std::uint32_t hash = 0;  ///< 0: empty
    std::uint32_t seq = 0;   ///< low 32 bits of the entry's sequence number
  };

  static std::uint32_t hash_of(std::string_view key) {
    const std::size_t h = std::hash<std::string_view>()(key);
    const auto v = static_cast<std::uint32_t>(h ^ (static_cast<std::uint64_t>(h) >> 32));
    return v ? v : 1;
  }
  static const std::string& scratch(std::string_view id) {
    thread_local std::string buf;
    buf.clear();
    pack_id(id, buf);
    return buf;
  }
  static void put_varint(char*& p, std::size_t n) {
    while (n >= 0x80) {
      *p++ = static_cast<char>((n & 0x7F) | 0x80);
      n >>= 7;
    }
    *p++ = static_cast<char>(n);
  }
  static std::size_t get_varint(const char*& p) {
    std::size_t n = 0;
    for (int shift = 0;; shift += 7) {
      const auto b = static_cast<unsigned char>(*p++);
      n |= static_cast<std::size_t>(b & 0x7F) << shift;
      if (!(b & 0x80)) return n;
    }
  }
  static std::size_t varint_size(std::size_t n) {
    std::size_t k = 1;
    while (n >= 0x80) n >>= 7, ++k;
    return k;
  }
  static std::unique_ptr<char[]> make_blob(std::string_view key, std::string_view extra) {
    auto blob = std::make_unique<char[]>(varint_size(key.size()) + varint_size(extra.size()) +
                                         key.size() + extra.size());
    char* p = blob.get();
    put_varint(p, key.size());
    put_varint(p, extra.size());
    if (!key.empty()) std::memcpy(p, key.data(), key.size());
    if (!extra.empty()) std::memcpy(p + key.size(), extra.data(), extra.size());
    return blob;
  }
  static std::pair<std::string_view, std::string_view> parts(const char* blob) {
    const char* p = blob;
    const std::size_t k = get_varint(p);
    const std::size_t e = get_varint(p);
    return {std::string_view(p, k), std::string_view(p + k, e)};
  }
  static std::size_t blob_size(const char* blob) {
    auto [k, e] = parts(blob);
    return static_cast<std::size_t>(e.data() + e.size() - blob);
  }
  // glibc malloc chunk for a request of n bytes.
  static std::size_t chunk(std::size_t n) { return n + 8 <= 32 ? 32 : (n + 8 + 15) / 16 * 16; }
  static std::string_view key_of(const Slot& s) { return parts(s.blob.get()).first; }
  static std::string_view extra_of(const Slot& s) { return parts(s.blob.get()).second; }

  const Slot& slot(std::uint32_t seq) const {
    return slots_[static_cast<std::uint32_t>(seq - static_cast<std::uint32_t>(head_))];
  }
  Slot& slot(std::uint32_t seq) {
    return slots_[static_cast<std::uint32_t>(seq - static_cast<std::uint32_t>(head_))];
  }

  std::size_t locate(std::string_view key, std::uint32_t h) const {
    if (cells_.empty()) return npos;
    const std::size_t mask = cells_.size() - 1;
    for (std::size_t i = h & mask;; i = (i + 1) & mask) {
      const Cell& c = cells_[i];
      if (c.hash == 0) return npos;
      if (c.hash == h && key_of(slot(c.seq)) == key) return i;
    }
  }
  void place(Cell c) {
    const std::size_t mask = cells_.size() - 1;
    std::size_t i = c.hash & mask;
    while (cells_[i].hash != 0) i = (i + 1) & mask;
    cells_[i] = c;
  }
  void grow() {
    std::vector<Cell> old = std::move(cells_);
    cells_.assign(old.empty() ? 16 : old.size() * 2, Cell{});
    for (const Cell& c : old)
      if (c.hash != 0) place(c);
  }
  void add(std::string_view key, std::uint32_t h, V value, std::string_view extra) {
    if ((slots_.size() + 1) * 10 > cells_.size() * 7) grow();
    slots_.push_back(Slot{make_blob(key, extra), std::move(value)});
    place(Cell{h, static_cast<std::uint32_t>(head_ + slots_.size() - 1)});
    while (slots_.size() > capacity_) evict_oldest();
  }
  // Removes the oldest entry; its index cell is removed by backward shift (no tombstones).
  void evict_oldest() {
    const Slot& s = slots_.front();
    const std::string_view key = key_of(s);
    const std::size_t mask = cells_.size() - 1;
    std::size_t i = locate(key, hash_of(key));
    for (std::size_t j = (i + 1) & mask;; j = (j + 1) & mask) {
      if (cells_[j].hash == 0) break;
      const std::size_t home = cells_[j].hash & mask;
      // Move cell j into the hole at i when its home is not within (i, j] (cyclically).
      const bool stays = i <= j ? (i < home && home <= j) : (i < home || home <= j);
      if (!stays) {
        cells_[i] = cells_[j];
        i = j;
      }
    }
    cells_[i] = Cell{};
    slots_.pop_front();
    ++head_;
  }

  std::size_t capacity_;
  std::deque<Slot> slots_;  ///< insertion order; front is the oldest
  std::uint64_t head_ = 0;  ///< sequence number of slots_.front()
  std::vector<Cell> cells_;
};

}  // namespace ykt::backend
