#!/usr/bin/env bash
# Build assets/js/plotly-partial.min.js: plotly.js with only the trace types imapdash draws (issue 20).
#
# The built file is committed, so running the app never needs node or npm; run this only to change the
# trace list (scripts/plotly-bundle/entry.js) or to follow a new plotly.py (its plotly.js version must
# match: dcc.Graph uses whatever `window.Plotly` an asset defines and then skips plotly.py's full bundle).
# Needs node + npm (versions pinned in scripts/plotly-bundle/package-lock.json).
# The first line is V8's compile hint `//# allFunctionsCalledOnLoad`: Chromium compiles the whole file on a
# background thread while it downloads, not function by function on the main thread when first called (the
# index loads this file after the other scripts, shell.py plotly_last, so that compile overlaps their run).
# Usage: bash scripts/build_plotly_bundle.sh
set -euo pipefail
cd "$(dirname "$0")/.."
DIR=scripts/plotly-bundle
OUT=assets/js/plotly-partial.min.js
PYTHON="${PYTHON:-.venv/bin/python}"

wanted=$(node -p "require('./$DIR/package.json').dependencies['plotly.js']")
expected=$("$PYTHON" -c "from plotly.offline import get_plotlyjs_version as v; print(v())")
if [ "$wanted" != "$expected" ]; then
  echo "plotly.js $wanted in $DIR/package.json, but plotly.py expects $expected: pin $expected and rerun" >&2
  exit 1
fi

(cd "$DIR" && npm ci --no-audit --no-fund --ignore-scripts --loglevel=error)
installed=$(node -p "require('./$DIR/node_modules/plotly.js/package.json').version")
traces=$(grep -o 'plotly.js/lib/[a-z]*' "$DIR/entry.js" | grep -v '/core$' | sed 's#.*/##' | paste -sd, -)

"$DIR/node_modules/.bin/esbuild" "$DIR/entry.js" \
  --bundle --minify --format=iife --global-name=Plotly --target=es2016 \
  --define:global=window --define:define.amd=false --loader:.css=empty \
  --legal-comments=eof --log-level=warning \
  --banner:js="//# allFunctionsCalledOnLoad
/*! plotly.js v$installed (MIT License, (c) Plotly, Inc.) partial bundle for imapdash: core (scatter) + traces: $traces. Built by scripts/build_plotly_bundle.sh; do not edit. */" \
  --outfile="$OUT"
echo "$OUT: $(wc -c <"$OUT") bytes, plotly.js $installed, traces: scatter,$traces"
