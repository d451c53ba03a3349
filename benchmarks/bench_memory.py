"""What holds the resident memory of one imapdash worker, against the tutorial app's (issue 20).

    python -m benchmarks.bench_memory [--quick] [--workers N] [--reps R]

Each stage runs in a fresh interpreter (`--quick`: without the second, tracemalloc run), printing the
resident set size (RSS) after: Python + pandas, + plotly/dash, + imapdash's own imports (and the third-party
modules they pull in), + loading and validating data/, + building the app and serving `/`. Then the memory
each package's import adds (attributed to the module that first imports it, nested imports excluded),
the memory the data itself holds (pandas' deep size per table), the pyarrow allocator in use, the tutorial
app's RSS after serving `/`, and (a second interpreter, tracemalloc on) the largest Python allocations
held after start.

Then the figure issue 20 targets: `gunicorn -w N` (default 1, as benchmarks/bench_vs_tutorial.py runs it)
of imapdash and of the tutorial app, started alternately R times (default 3; `--quick`: 1), each worker
measured after a few `GET /`: RSS (what bench_vs_tutorial reports; it counts every page the worker maps,
shared libraries and pages shared with the gunicorn master included), PSS (shared pages divided among the
processes that map them) and USS (pages only this worker has).
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

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
lazy = ("duckdb", "geopandas", "shapely", "pyarrow.parquet", "feedparser", "sqlalchemy", "babel")
out["loaded"] = {m: m in sys.modules for m in lazy}
print(json.dumps(out))
"""

IMPORTS = r"""
import collections, importlib, json, sys
sys.path.insert(0, sys.argv[1])
def rss():
    return int(open('/proc/self/statm').read().split()[1]) * 4096
import pandas, plotly.express, dash, flask, pyarrow, numpy
own = collections.Counter()
stack = []
load_unlocked = importlib._bootstrap._load_unlocked
def load(spec):  # RSS added while a module executes, minus what its own imports added
    start = rss()
    stack.append(0)
    try:
        return load_unlocked(spec)
    finally:
        nested = stack.pop()
        total = rss() - start
        own[spec.name] += total - nested
        if stack:
            stack[-1] += total
importlib._bootstrap._load_unlocked = load
import imapdash.factory
by = collections.Counter()
for name, size in own.items():
    parts = name.split(".")
    by[".".join(parts[:2]) if parts[0] == "imapdash" else parts[0]] += size
print(json.dumps({"total": sum(own.values()) / 1e6, "by": [(k, v / 1e6) for k, v in by.most_common(16)]}))
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


NOTES = {
    "imapdash/memory.py": "  (the tables: their buffers, unpickled from the validating child's result)",
}


def run(code: str, *args: str) -> str:
    done = subprocess.run([sys.executable, "-c", code, str(REPO), *args], capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise SystemExit(f"benchmark failed: the probe exited {done.returncode}:\n{done.stderr[-3000:]}")
    return done.stdout.strip().splitlines()[-1]


def gunicorn_memory(target: str, workers: int) -> list[tuple[float, float, float]]:
    """(RSS, PSS, USS) in MB of each worker of `gunicorn -w workers target` after start and a few GET /."""
    import psutil

    from benchmarks.bench_vs_tutorial import free_port, start

    tmp = Path(tempfile.mkdtemp(prefix="imapdash-bench-memory-"))
    server = start(target.split(":")[0].replace(".", "-"), target, free_port(), workers, tmp)
    try:
        found = []
        for child in psutil.Process(server.proc.pid).children():
            info = child.memory_full_info()
            found.append((info.rss / 1e6, info.pss / 1e6, info.uss / 1e6))
        return found
    finally:
        server.stop()


def print_gunicorn(workers: int, reps: int) -> None:
    targets = {"imapdash": "app:server", "tutorial": "benchmarks.tutorial_app:server"}
    found: dict[str, list[tuple[float, float, float]]] = {name: [] for name in targets}
    for rep in range(reps):
        for name in list(targets) if rep % 2 == 0 else list(targets)[::-1]:
            found[name] += gunicorn_memory(targets[name], workers)
    print(f"\ngunicorn -w {workers}, {reps} alternated start(s) each, MB per worker (median):")
    print(f"{'':10} {'RSS':>7} {'PSS':>7} {'USS':>7}")
    medians = {name: [statistics.median(row[i] for row in rows) for i in range(3)] for name, rows in found.items()}
    for name, (rss, pss, uss) in medians.items():
        print(f"{name:10} {rss:7.1f} {pss:7.1f} {uss:7.1f}")
    ratios = [a / b for a, b in zip(medians["imapdash"], medians["tutorial"], strict=True)]
    print(
        f"ratio      {ratios[0]:6.2f}x {ratios[1]:6.2f}x {ratios[2]:6.2f}x   "
        f"(target: RSS per worker <= 1.3x, {'met' if ratios[0] <= 1.3 else 'NOT met'}; RSS is what "
        "bench_vs_tutorial reports)"
    )


def main() -> None:
    parser = quick_parser(__doc__)
    parser.add_argument("--workers", type=int, default=1, help="gunicorn workers per app (default 1)")
    parser.add_argument("--reps", type=int, default=3, help="alternated gunicorn starts per app (default 3)")
    args = parser.parse_args()
    os.environ.setdefault("PYTHONPATH", str(REPO))
    result = json.loads(run(STAGES, "0"))
    imports = json.loads(run(IMPORTS))
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
    print(f"RSS imapdash's imports add, by package (attributed to the first importer): {imports['total']:.1f} MB")
    for name, size in imports["by"]:
        print(f"  {size:6.1f} MB  {name}")
    tables = sum(result["tables"].values())
    print(
        f"data held: {tables:.1f} MB in tables (pandas deep size) + {result['geometry_mb']:.1f} MB geometry; "
        f"pyarrow pool {result['arrow_pool']} holds {result['arrow_mb']:.1f} MB"
    )
    for name, size in sorted(result["tables"].items(), key=lambda kv: -kv[1])[:6]:
        print(f"  {name:24} {size:6.1f} MB")
    if traced is not None:
        print(f"Python allocations still held after start (tracemalloc run): {traced['traced_mb']:.1f} MB; by file:")
        for name, size in traced["top"]:
            print(f"  {size:6.1f} MB  {name}{NOTES.get(name, '')}")
    print_gunicorn(args.workers, 1 if args.quick else args.reps)


if __name__ == "__main__":
    main()
