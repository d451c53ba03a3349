"""What anonymous API traffic costs in memory and time (issue 16), over the bundled data, one process.

Run on demand: `python -m benchmarks.bench_api_cache [--requests 100]`. Prints:
- the resident size after start-up;
- size and time of the largest public flows answers (monthly, default level, CSV);
- resident-size change after N requests with an ignored cache-busting parameter (`?cb=N`: refused, 400);
- resident-size change and cache bytes after N distinct *valid* queries (bounded by the cache's byte budget);
- a cold load of an old release from its typed snapshot versus a validating load of its files.
"""

from __future__ import annotations

import argparse
import itertools
import logging
import tempfile
import time
from pathlib import Path

from imapdash import create_app
from imapdash.cache import MEMORY_MAX_BYTES, current_cache
from imapdash.datasets import load_datasets
from imapdash.releases.snapshot import read_snapshot, write_snapshot
from tests.conftest import BUNDLED_DATA, make_settings


def rss_mb() -> float:
    with open("/proc/self/statm") as handle:
        return int(handle.read().split()[1]) * 4096 / 1e6


def timed(client, url: str) -> tuple[int, int, float]:
    started = time.perf_counter()
    response = client.get(url)
    return response.status_code, len(response.data), time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--requests", type=int, default=100)
    parser.add_argument("--quick", action="store_true", help="CI smoke run: 5 requests per pass")
    args = parser.parse_args()
    if args.quick:
        args.requests = 5
    logging.disable(logging.WARNING)
    app = create_app(make_settings(Path(tempfile.mkdtemp()), BUNDLED_DATA))
    client = app.server.test_client()
    client.get("/api/v1/flows.json?route=other")
    print(f"resident after start-up: {rss_mb():.0f} MB (cache budget {MEMORY_MAX_BYTES / 1e6:.0f} MB)")
    for url in ("/api/v1/flows.json?period_type=month", "/api/v1/flows.json", "/api/v1/flows.csv"):
        status, size, seconds = timed(client, url)
        if status != 200:
            raise SystemExit(f"benchmark failed: {url} answered HTTP {status}")
        print(f"{url}: {status}, {size / 1024:.0f} KB, {seconds:.2f} s (first, uncached)")
    before = rss_mb()
    statuses = {client.get(f"/api/v1/flows.json?cb={n}").status_code for n in range(args.requests)}
    if statuses != {400}:
        raise SystemExit(f"benchmark failed: ?cb=N answered {sorted(statuses)}, expected 400 only")
    print(f"{args.requests} x ?cb=N: status {sorted(statuses)}, resident {rss_mb() - before:+.0f} MB")
    years = [str(y) for y in range(2000, 2026)]
    queries = list(itertools.combinations(years, 2))[: args.requests]
    before, started = rss_mb(), time.perf_counter()
    for a, b in queries:
        status = client.get(f"/api/v1/flows.json?year={a},{b}&period_type=month").status_code
        if status != 200:
            raise SystemExit(f"benchmark failed: flows.json?year={a},{b} answered HTTP {status}")
    with app.server.app_context():
        held = current_cache().size_bytes
    print(
        f"{len(queries)} distinct valid queries: resident {rss_mb() - before:+.0f} MB, cache {held / 1e6:.1f} MB, "
        f"{time.perf_counter() - started:.1f} s"
    )
    started = time.perf_counter()
    datasets = load_datasets(BUNDLED_DATA)
    validating = time.perf_counter() - started
    target = Path(tempfile.mkdtemp())
    write_snapshot(datasets, target)
    started = time.perf_counter()
    read_snapshot(target)
    print(f"release load: validating {validating:.2f} s, from snapshot {time.perf_counter() - started:.2f} s")


if __name__ == "__main__":
    main()
