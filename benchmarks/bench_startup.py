"""Start-up cost of imapdash over the bundled data: import, load+validate, app build, memory.

`create_app_s` is a first start on an empty database: it loads and validates the data and registers it
as data release 1. `restart_s` is a second app on the same database (the build is recognised, not stored
again). `load_validate_s` is `load_datasets` alone, for comparison.

Run on demand: `python benchmarks/bench_startup.py [--runs 3]`. Each run is a fresh interpreter, so
imports are cold as they are when a worker starts. Prints one line per run and the medians.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent

PROBE = r"""
import json, resource, sys, tempfile, time
t0 = time.perf_counter()
import imapdash.factory as factory
from imapdash.datasets import load_datasets
from imapdash.settings import Settings
t1 = time.perf_counter()
data = load_datasets(sys.argv[1])
tmp = tempfile.mkdtemp()
settings = Settings(data_dir=__import__("pathlib").Path(sys.argv[1]), instance_dir=__import__("pathlib").Path(tmp),
                    secret_key="bench", database_url=f"sqlite:///{tmp}/bench.db")
del data
t2 = time.perf_counter()
app = factory.create_app(settings)
t3 = time.perf_counter()
client = app.server.test_client()
index = client.get("/")
layout = client.get("/_dash-layout")
assert (index.status_code, layout.status_code) == (200, 200), (index.status_code, layout.status_code)
t4 = time.perf_counter()
rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
factory.create_app(settings)
t5 = time.perf_counter()
print(json.dumps({
    "import_s": t1 - t0, "load_validate_s": t2 - t1, "create_app_s": t3 - t2, "first_requests_s": t4 - t3,
    "total_s": (t1 - t0) + (t4 - t2), "restart_s": t5 - t4, "max_rss_mb": rss,
    "index_kb": len(index.data) / 1024, "layout_kb": len(layout.data) / 1024,
}))
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--quick", action="store_true", help="CI smoke run: one run")
    parser.add_argument("--data", default=str(REPO / "data"))
    args = parser.parse_args()
    if args.quick:
        args.runs = 1
    results = []
    for run in range(args.runs):
        out = subprocess.run(
            [sys.executable, "-c", PROBE, args.data], cwd=REPO, capture_output=True, text=True, check=True
        )
        result = json.loads(out.stdout.strip().splitlines()[-1])
        results.append(result)
        print(f"run {run + 1}: " + ", ".join(f"{k}={v:.2f}" for k, v in result.items()))
    print("median: " + ", ".join(f"{k}={statistics.median(r[k] for r in results):.2f}" for k in results[0]))


if __name__ == "__main__":
    main()
