#!/usr/bin/env bash
# The test command (README, .ci/run): set-up, a warnings-as-errors build and the whole CTest suite,
# then the same tests built with AddressSanitizer + UndefinedBehaviorSanitizer.
# Options: YKT_SKIP_ASAN=1 skips the sanitizer pass (local iterations only; CI runs both).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
jobs=$(nproc)

echo "== build (warnings are errors)"
cmake -S . -B build-ci -DYKT_WERROR=ON -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build build-ci -j"$jobs"
echo "== tests"
ctest --test-dir build-ci --output-on-failure --timeout 300 -j"$jobs"

if [ "${YKT_SKIP_ASAN:-0}" != 1 ]; then
  echo "== sanitizer build (ASan + UBSan) and tests"
  cmake -S . -B build-asan -DYKT_WERROR=ON -DYKT_SANITIZE=ON -DCMAKE_BUILD_TYPE=Debug >/dev/null
  cmake --build build-asan -j"$jobs"
  ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1 \
    ctest --test-dir build-asan --output-on-failure --timeout 600 -j"$jobs" -LE slow
fi
echo "== all tests passed"
