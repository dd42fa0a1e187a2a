#!/usr/bin/env bash
# Set up (.venv at the repo root, test extras, Debian Chromium for the browser tests, PostgreSQL and
# nginx for the store and cluster tests) and run the
# whole test suite. Extra arguments go to pytest.
set -euo pipefail
cd "$(dirname "$0")/.."
[ -x .venv/bin/python ] || python3 -m venv .venv
.venv/bin/pip install -q --disable-pip-version-check -e ".[test]"
if ! command -v chromium >/dev/null 2>&1 && [ ! -x /usr/bin/chromium ]; then
  echo "installing Debian Chromium and a CJK font for the browser tests"
  SUDO=""; [ "$(id -u)" = 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium fonts-wqy-microhei >/dev/null
fi
# The store suite runs against a real PostgreSQL and the cluster test puts nginx in front of replicas.
if ! ls /usr/lib/postgresql/*/bin/pg_ctl >/dev/null 2>&1 || ! command -v nginx >/dev/null 2>&1; then
  echo "installing Debian PostgreSQL and nginx for the store and cluster tests"
  SUDO=""; [ "$(id -u)" = 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq postgresql nginx >/dev/null
fi
.venv/bin/yibao index
exec .venv/bin/python -m pytest "$@"
