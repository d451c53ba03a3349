#!/usr/bin/env bash
# The tooling gate, the same in CI (scripts/test.sh runs it before the tests) and before a commit
# (.pre-commit-config.yaml runs the same commands): ruff lint, ruff format check, mypy on the packages
# listed in pyproject.toml, and docs/data-contract.md up to date with the schema. Prints each step's time.
# Usage: bash scripts/check.sh   (after scripts/test.sh or `pip install -r requirements-dev.txt` set up .venv)
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=.venv/bin

step() {
  local name=$1
  shift
  local start
  start=$(date +%s%N)
  if ! "$@"; then
    echo "check failed: $name ($*)" >&2
    exit 1
  fi
  echo "check ok: $name ($(( ($(date +%s%N) - start) / 1000000 )) ms)" >&2
}

step "ruff check" "$BIN/ruff" check --quiet .
step "ruff format" "$BIN/ruff" format --check --quiet .
step "mypy" "$BIN/mypy" --no-error-summary
step "data contract" "$BIN/python" -m databuild contract --check
