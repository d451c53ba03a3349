"""Query latency and memory of FlowStore (DuckDB over Parquet) at 1 M and 10 M synthetic rows.

Make the data first: `python scripts/make_synthetic.py` (benchmarks/synthetic/, gitignored).
Run: `python -m benchmarks.bench_columnar [--runs 30] [--threads 2] [--pandas]`.
`--quick` (CI smoke run) writes 20,000 synthetic rows to a temporary directory and runs each query 3 times.
Each file is measured in a fresh interpreter so the RSS figure is that file's alone. No cache is
involved (no Flask app context): every query is computed. `--pandas` also times the same route
aggregation with the rows loaded into pandas, for comparison (needs several GB at 10 M rows).
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SYNTHETIC = REPO / "benchmarks" / "synthetic"

PROBE = r"""
import json, statistics, sys, time
import psutil
sys.path.insert(0, sys.argv[1])
from imapdash.columnar import FlowStore
path, runs, threads, with_pandas = sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), sys.argv[5] == "1"
proc = psutil.Process()
rss0 = proc.memory_info().rss
t = time.perf_counter()
store = FlowStore.open(path, threads=threads, memory_limit="256MB")
rows = store.row_count(include_restricted=True)
open_s = time.perf_counter() - t
NATS = ["SYR", "AFG", "MAR"]
ROUTES = ["central-mediterranean", "eastern-mediterranean"]
queries = {
    "by_route_years": lambda i: store.aggregate_by_route(str(2005 + i % 15), "2024", "detections"),
    "by_route_months": lambda i: store.aggregate_by_route(f"20{10 + i % 10}-01", "2024-12", "detections"),
    "by_route_nationality": lambda i: store.aggregate_by_route("2010", "2024", "detections", NATS[i % 3]),
    "route_series": lambda i: store.route_series(ROUTES[i % 2], "detections", "month"),
    "top_nationalities": lambda i: store.top_nationalities("2015", "2024", "detections", n=10),
}
out = {"rows": rows, "open_s": open_s, "rss_base_mb": rss0 / 1e6}
peak = 0
for name, run in queries.items():
    run(0)
    times = []
    for i in range(runs):
        t = time.perf_counter(); run(i); times.append((time.perf_counter() - t) * 1000)
        peak = max(peak, proc.memory_info().rss)
    times.sort()
    out[name] = {"p50_ms": statistics.median(times), "p95_ms": times[int(0.95 * (len(times) - 1))], "max_ms": times[-1]}
out["rss_peak_mb"] = peak / 1e6
if with_pandas:
    import pandas as pd
    t = time.perf_counter()
    frame = pd.read_parquet(path)
    load_s = time.perf_counter() - t
    t = time.perf_counter()
    period = frame.period.astype("str")
    sel = frame[(frame.period_type == "year") & (period >= "2005") & (period <= "2024")
                & (frame.measure == "detections") & (frame.nationality_iso3 == "ALL") & ~frame.restricted]
    sel.groupby(["route_id", "source_org"], observed=True)["value"].sum()
    out["pandas"] = {"load_s": load_s, "by_route_ms": (time.perf_counter() - t) * 1000,
                     "rss_mb": proc.memory_info().rss / 1e6}
print(json.dumps(out))
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--pandas", action="store_true")
    parser.add_argument("--quick", action="store_true", help="CI smoke run: 20,000 temporary synthetic rows")
    parser.add_argument(
        "files", nargs="*", type=Path, default=[SYNTHETIC / "flows_1m.parquet", SYNTHETIC / "flows_10m.parquet"]
    )
    args = parser.parse_args()
    if args.quick:
        import tempfile

        sys.path.insert(0, str(REPO / "scripts"))
        from make_synthetic import write_synthetic

        args.files = [write_synthetic(Path(tempfile.mkdtemp()) / "flows_quick.parquet", 20_000)]
        args.runs = 3
    for path in args.files:
        if not path.exists():
            sys.exit(f"{path} is missing: run `python scripts/make_synthetic.py` first")
        proc = subprocess.run(
            [
                sys.executable,
                "-c",
                PROBE,
                str(REPO),
                str(path),
                str(args.runs),
                str(args.threads),
                "1" if args.pandas else "0",
            ],
            capture_output=True,
            text=True,
            check=False,
        )
        if proc.returncode:
            sys.exit(f"probe failed on {path}:\n{proc.stderr}")
        result = json.loads(proc.stdout.strip().splitlines()[-1])
        print(
            f"{path.name}: {result['rows']:,} rows, open {result['open_s'] * 1000:.0f} ms, "
            f"RSS {result['rss_base_mb']:.0f} MB before / {result['rss_peak_mb']:.0f} MB peak "
            f"(DuckDB threads={args.threads}, memory_limit=256MB)"
        )
        for name, stats in result.items():
            if isinstance(stats, dict) and "p50_ms" in stats:
                print(
                    f"  {name:22s} p50 {stats['p50_ms']:7.1f} ms   p95 {stats['p95_ms']:7.1f} ms   "
                    f"max {stats['max_ms']:7.1f} ms"
                )
        if "pandas" in result:
            p = result["pandas"]
            print(
                f"  pandas (comparison)    load {p['load_s']:.1f} s, by_route {p['by_route_ms']:.0f} ms, "
                f"RSS {p['rss_mb']:.0f} MB"
            )


if __name__ == "__main__":
    main()
