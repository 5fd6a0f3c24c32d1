#pragma once
/// The least CPU a simulated tap can cost on this machine: the bare SystemC events it dispatches
/// plus the SM4/SM3 work its models must do, each at the bare rate measured in the same run.
/// Compared with what a tap costs in `ykt simulate`, it says how far the whole-region speed can
/// go without changing what is simulated (bench/systemc/README.md, "Floor per tap").
#include <json/value.h>

#include <cstdint>

namespace ykt::bench {

/// Bare costs of the cryptographic primitives, seconds (medians of a few timed loops).
struct CryptoCosts {
  double cipher_call_s = 0;   ///< one SM4 operation with its key set-up, excluding blocks
  double cipher_block_s = 0;  ///< each 16-byte block it processes
  double digest_s = 0;        ///< one SM3 digest, excluding compressions
  double digest_block_s = 0;  ///< each 64-byte compression
  double hmac_s = 0;          ///< one HMAC-SM3 of a short message
};

/// Times the primitives through ykt::crypto (the functions the models call).
[[nodiscard]] CryptoCosts measure_crypto_costs();

/// A run's per-tap figures and the floor they imply.
struct TapFloor {
  double taps = 0;              ///< transactions generated in the run
  double scale = 0;             ///< the scenario's population scale (1000 = 1:1000)
  double events_per_tap = 0;    ///< runtime events dispatched per tap
  double actual_s_per_tap = 0;  ///< the run's simulation wall time per tap
  double event_floor_s = 0;     ///< per tap: its events at the bare SystemC event cost
  double crypto_floor_s = 0;    ///< per tap: its SM4/SM3 work at the bare primitive costs
  [[nodiscard]] double floor_s() const { return event_floor_s + crypto_floor_s; }
  /// Seconds the floor takes for the same scenario at full scale (taps × scale).
  [[nodiscard]] double full_scale_floor_s() const { return floor_s() * taps * scale; }
  /// Seconds the run's own cost per tap takes at full scale (no slowdown with size assumed).
  [[nodiscard]] double full_scale_actual_s() const { return actual_s_per_tap * taps * scale; }
};

/// The floor of a finished `ykt simulate` run from its summary.json and run.json.
[[nodiscard]] TapFloor tap_floor(const Json::Value& summary, const Json::Value& run,
                                 const CryptoCosts& costs, double bare_event_s);

}  // namespace ykt::bench
