"""What holds the resident memory of one imapdash worker, against the tutorial app's (issue 20).

    python -m benchmarks.bench_memory [--quick]

Each stage runs in a fresh interpreter (`--quick`: without the second, tracemalloc run), printing the
resident set size (RSS) after: Python + pandas, + plotly/dash, + imapdash's own imports (and the third-party
modules they pull in), + loading and validating data/, + building the app and serving `/`. Then the memory
the data itself holds (pandas' deep size per table), the pyarrow allocator in use, the tutorial app's RSS
after serving `/`, and (a second interpreter, tracemalloc on) the largest Python allocations held after start.
"""

from __future__ import annotations

import json
import subprocess
import sys

from benchmarks._common import REPO, quick_parser

STAGES = r"""
import gc, json, sys, tempfile, tracemalloc
from pathlib import Path
sys.path.insert(0, sys.argv[1])
top = int(sys.argv[2])  # 0: no tracemalloc (its own bookkeeping would inflate the RSS figures)
def rss():
    return int(open('/proc/self/statm').read().split()[1]) * 4096 / 1e6
out = {"stages": [("python", rss())]}
import pandas
out["stages"].append(("+ pandas (+ pyarrow, numpy)", rss()))
import plotly.express, dash
out["stages"].append(("+ plotly, plotly.express, dash", rss()))
before = set(sys.modules)
import imapdash.factory
out["stages"].append(("+ imapdash imports", rss()))
out["pulled"] = sorted({m.split('.')[0] for m in set(sys.modules) - before} - {"imapdash"})
if top:
    tracemalloc.start()
from benchmarks._common import make_app
app = make_app(Path(sys.argv[1]) / "data")
assert app.server.test_client().get("/").status_code == 200
gc.collect()
out["stages"].append(("+ data loaded, validated, app built, GET /", rss()))
if top:
    snapshot = tracemalloc.take_snapshot()
    out["traced_mb"] = sum(s.size for s in snapshot.statistics("filename")) / 1e6
    out["top"] = [(str(s.traceback[0].filename).replace(sys.argv[1] + "/", ""), s.size / 1e6)
                  for s in snapshot.statistics("filename")[:top]]
datasets = app.server.extensions["imapdash.datasets"].resolve()
out["tables"] = {name: frame.memory_usage(deep=True).sum() / 1e6 for name, frame in datasets.tables.items()}
out["geometry_mb"] = len(datasets.geometry_json) / 1e6
import pyarrow
out["arrow_pool"] = pyarrow.default_memory_pool().backend_name
out["arrow_mb"] = pyarrow.total_allocated_bytes() / 1e6
out["loaded"] = {m: m in sys.modules for m in ("duckdb", "geopandas", "feedparser", "sqlalchemy", "babel")}
print(json.dumps(out))
"""

TUTORIAL = r"""
import sys
sys.path.insert(0, sys.argv[1])
def rss():
    return int(open('/proc/self/statm').read().split()[1]) * 4096 / 1e6
from benchmarks.tutorial_app import app
assert app.server.test_client().get("/").status_code == 200
print(rss())
"""


def run(code: str, *args: str) -> str:
    done = subprocess.run([sys.executable, "-c", code, str(REPO), *args], capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise SystemExit(f"benchmark failed: the probe exited {done.returncode}:\n{done.stderr[-3000:]}")
    return done.stdout.strip().splitlines()[-1]


def main() -> None:
    args = quick_parser(__doc__).parse_args()
    result = json.loads(run(STAGES, "0"))
    traced = None if args.quick else json.loads(run(STAGES, "15"))
    tutorial = float(run(TUTORIAL))
    previous = 0.0
    print(f"{'stage (one fresh interpreter)':52} {'RSS MB':>8} {'added':>8}")
    for name, value in result["stages"]:
        print(f"{name:52} {value:8.0f} {value - previous:+8.0f}")
        previous = value
    total = result["stages"][-1][1]
    print(f"{'tutorial app after GET / (same measure)':52} {tutorial:8.0f}")
    print(f"ratio imapdash / tutorial: {total / tutorial:.2f}x (target <= 1.3x, or this breakdown)")
    print(f"third-party packages imapdash's imports add: {', '.join(result['pulled'])}")
    print(f"loaded after start: {result['loaded']}")
    tables = sum(result["tables"].values())
    print(
        f"data held: {tables:.1f} MB in tables (pandas deep size) + {result['geometry_mb']:.1f} MB geometry; "
        f"pyarrow pool {result['arrow_pool']} holds {result['arrow_mb']:.1f} MB"
    )
    for name, size in sorted(result["tables"].items(), key=lambda kv: -kv[1])[:6]:
        print(f"  {name:24} {size:6.1f} MB")
    if traced is None:
        return
    print(f"Python allocations still held after start (tracemalloc run): {traced['traced_mb']:.1f} MB; by file:")
    for name, size in traced["top"]:
        print(f"  {size:6.1f} MB  {name}")


if __name__ == "__main__":
    main()
