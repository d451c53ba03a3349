#!/usr/bin/env bash
# Install imapdash into ./.venv (first run only) and serve it on the bundled data.
# Usage: bash scripts/run.sh        (then open http://127.0.0.1:8050/)
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHON="${PYTHON:-python3}"
if [ ! -x .venv/bin/python ]; then
  "$PYTHON" -m venv .venv
fi
.venv/bin/python -m pip install --quiet --disable-pip-version-check -r requirements.txt
exec .venv/bin/python app.py
