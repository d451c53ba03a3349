#!/usr/bin/env bash
# Install what the tests need (Python packages in ./.venv, Chromium + ChromeDriver from Debian)
# and run the gate (scripts/check.sh: ruff, ruff format, mypy, data contract), then the whole suite: unit,
# integration and real-browser tests.
# Usage: bash scripts/test.sh [pytest arguments]
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHON="${PYTHON:-python3}"

# Debian packages: Chromium + ChromeDriver (browser tests), PostgreSQL + Redis (multi-worker tests).
DEBS="chromium chromium-driver postgresql redis-server"
missing=""
command -v chromium >/dev/null 2>&1 || missing="yes"
command -v chromedriver >/dev/null 2>&1 || missing="yes"
command -v redis-server >/dev/null 2>&1 || missing="yes"
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || missing="yes"
if [ -n "$missing" ]; then
  if [ "$(id -u)" = "0" ]; then
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $DEBS >/dev/null
  elif command -v sudo >/dev/null 2>&1; then
    sudo apt-get update -qq
    sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $DEBS >/dev/null
  else
    echo "The tests need Debian packages: $DEBS (apt-get install $DEBS)." >&2
    exit 1
  fi
fi

if [ ! -x .venv/bin/python ]; then
  "$PYTHON" -m venv .venv
fi
.venv/bin/python -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
# axe-core (accessibility audit injected into the browser tests) from the npm registry, once.
if command -v npm >/dev/null 2>&1; then
  bash scripts/fetch_axe.sh >/dev/null
elif [ -n "${CI:-}" ]; then
  echo "CI needs npm to fetch axe-core for the accessibility audit." >&2
  exit 1
else
  echo "npm not found: the accessibility audit will be skipped (install npm to run it)." >&2
fi
# Lint, format and type checks first: a failing gate stops the run before the (much longer) tests.
bash scripts/check.sh
if [ $# -gt 0 ]; then
  exec .venv/bin/python -m pytest "$@"
fi
# The whole suite, on two pytest-xdist workers (tests/conftest.py keeps the visual and multi-worker tiers, which
# share costly session fixtures, on one worker each). Every benchmark's quick run
# (tests/integration/test_benchmarks_quick.py: each starts its own app, ~2-5 min in all) runs beside it; its
# report follows the suite's. Then, on a machine with nothing else running, one full side-by-side run against
# the tutorial app (issue 20), so every CI log carries the table measured on the CI machine; it reports, it does
# not gate (run beside the suite, its ratios measured the suite's load more than the apps).
bench_log="$(mktemp)"
vs_log="$(mktemp)"
.venv/bin/python -m pytest tests/integration/test_benchmarks_quick.py -q >"$bench_log" 2>&1 &
bench_pid=$!
suite=0
.venv/bin/python -m pytest -n 2 --dist loadgroup --ignore=tests/integration/test_benchmarks_quick.py || suite=$?
bench=0
wait "$bench_pid" || bench=$?
echo "--- benchmarks, each once in quick mode (tests/integration/test_benchmarks_quick.py) ---"
cat "$bench_log"
.venv/bin/python -m benchmarks.bench_vs_tutorial --reps 3 >"$vs_log" 2>&1 || echo "(bench_vs_tutorial exited $?)" >>"$vs_log"
echo "--- imapdash vs the tutorial app on this machine, after the suite (python -m benchmarks.bench_vs_tutorial --reps 3) ---"
grep -v '^repetition ' "$vs_log" || true
rm -f "$bench_log" "$vs_log"
if [ "$suite" -ne 0 ] || [ "$bench" -ne 0 ]; then
  exit 1
fi
