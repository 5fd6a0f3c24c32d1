#!/usr/bin/env bash
# The main job on built-in defaults: set-up, build, then `ykt demo` (a cross-province run on
# loopback and a certification of one reference backend). Extra arguments go to `ykt demo`.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build build -j"$(nproc)" --target ykt
exec build/app/ykt demo "$@"
