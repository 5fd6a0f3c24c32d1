#!/usr/bin/env bash
# Installs every Debian package ykt needs to build, test, benchmark and report.
# Idempotent: skips apt-get when everything is already present.
set -euo pipefail
PKGS=(
  build-essential cmake pkg-config
  libzmq3-dev cppzmq-dev           # wire transport
  libsystemc-dev                   # simulated-time kernel
  libjsoncpp-dev                   # configuration, scenario, report files
  rapidjson-dev                    # wire codec (measured faster than jsoncpp, see README)
  libssl-dev                       # SM3, SM4, HMAC-SM3 (OpenSSL 3)
  libcli11-dev                     # command line
  libvalijson-dev                  # JSON Schema validation of every message
  libboost-test-dev                # tests; brings the Boost headers (Boost.Container: Bytes)
  libjemalloc-dev                  # allocator of the ykt executable (measured, see README)
  libgnuplot-iostream-dev gnuplot-nox  # plots
  python3-zmq python3-simpy        # interop checks and the SimPy comparison (Debian's /usr/bin/python3)
)
# Optional, not needed by the build or CI: a browser and CJK fonts to look at the certification
# report (report.html) headless: `YKT_SETUP_BROWSER=1 scripts/setup.sh`.
if [ "${YKT_SETUP_BROWSER:-0}" = "1" ]; then
  PKGS+=(chromium fonts-wqy-zenhei)
fi
missing=()
for p in "${PKGS[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
  echo "setup: all ${#PKGS[@]} packages present"
  exit 0
fi
SUDO=""
[ "$(id -u)" -ne 0 ] && SUDO="sudo"
echo "setup: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
echo "setup: done"
