#!/usr/bin/env bash
# Fetch axe-core (the accessibility rule engine the browser tests inject into each page) from the
# npm registry into .cache/axe, once. It is not vendored: the audit always runs a pinned, published
# release, and the repository carries no third-party minified JavaScript it does not serve.
# Usage: bash scripts/fetch_axe.sh   (needs node/npm; a no-op when the file is already there)
set -euo pipefail
cd "$(dirname "$0")/.."
AXE_VERSION="4.14.1"
TARGET=".cache/axe/node_modules/axe-core/axe.min.js"

if [ -f "$TARGET" ]; then
  exit 0
fi
if ! command -v npm >/dev/null 2>&1; then
  echo "scripts/fetch_axe.sh: npm is needed to fetch axe-core (Debian: apt-get install npm)." >&2
  exit 1
fi
mkdir -p .cache/axe
npm install --no-audit --no-fund --prefix .cache/axe "axe-core@${AXE_VERSION}"
test -f "$TARGET"
