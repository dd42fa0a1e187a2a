#!/usr/bin/env bash
# Soak test on loopback: `yibao serve --workers 2` for 60 s under wrk (64 connections) while 200 slow
# clients trickle partial requests; 0 × 5xx and 0 connection errors for the normal clients, RSS growth
# reported. Installs wrk from Debian when missing. Options go to scripts/soak.py (--duration, --connections,
# --slow, --out FILE).
set -euo pipefail
cd "$(dirname "$0")/.."
[ -x .venv/bin/python ] || python3 -m venv .venv
.venv/bin/pip install -q --disable-pip-version-check -e .
if ! command -v wrk >/dev/null 2>&1; then
  echo "installing wrk (Debian) for the load"
  SUDO=""; [ "$(id -u)" = 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq wrk >/dev/null
fi
.venv/bin/yibao index >/dev/null
exec .venv/bin/python scripts/soak.py "$@"
