#!/usr/bin/env bash
# Set up (.venv at the repo root), build the index, and start the bot with its chat widget.
set -euo pipefail
cd "$(dirname "$0")/.."
[ -x .venv/bin/python ] || python3 -m venv .venv
.venv/bin/pip install -q --disable-pip-version-check -e .
.venv/bin/yibao index
exec .venv/bin/yibao serve --host "${YIBAO_HOST:-127.0.0.1}" --port "${YIBAO_PORT:-8000}" "$@"
