"""Cost of numbered data releases over the bundled data (SQLite, one process).

Run on demand: `python -m benchmarks.bench_releases [--poll-runs 2000]`. Prints:
- registering the bundled build as a release (first start) and recognising it again (every restart);
- publishing an approved value as a new release (compose + validate + store, what an approval adds);
- a worker switching to a release it has not loaded (materialise + load + validate);
- the memory one more loaded release costs (resident set size before and after), and the resident size
  after each of several more switches with the default cache (current + 1): it must not grow with every release;
- the pointer poll every request may make (`IMAPDASH_RELEASE_POLL_SECONDS`), p50 and p99;
- the diff of two releases that differ by one value, as the /releases page computes it.
"""

from __future__ import annotations

import argparse
import gc
import statistics
import tempfile
import time
from dataclasses import replace
from functools import partial
from pathlib import Path

from sqlalchemy.orm import Session

from imapdash.datasets import load_datasets
from imapdash.db import open_engine, session_scope
from imapdash.partner.models import IndicatorOverride
from imapdash.releases import store
from imapdash.releases.diff import diff_datasets
from imapdash.releases.provider import ReleaseProvider

REPO = Path(__file__).resolve().parent.parent


def rss_mb() -> float:
    """Current resident set size of this process (Linux)."""
    pages = int(Path("/proc/self/statm").read_text().split()[1])
    return pages * 4096 / 1024 / 1024


def timed(fn):  # type: ignore[no-untyped-def]
    start = time.perf_counter()
    result = fn()
    return result, time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--data", default=str(REPO / "data"))
    parser.add_argument("--poll-runs", type=int, default=2000)
    parser.add_argument("--switches", type=int, default=8)
    parser.add_argument("--quick", action="store_true", help="CI smoke run: 50 polls, one more switch")
    args = parser.parse_args()
    if args.quick:
        args.poll_runs, args.switches = 50, 1
    data_dir = Path(args.data)
    tmp = Path(tempfile.mkdtemp(prefix="imapdash-bench-releases-"))
    engine = open_engine(f"sqlite:///{tmp / 'bench.db'}")
    build = load_datasets(data_dir)
    files = store.read_data_dir(data_dir)
    print(f"data: {data_dir} ({sum(map(len, files.values())) / 1e6:.1f} MB in {len(files)} files)")

    _, first = timed(lambda: store.register_build(engine, files, title="bench", actor="bench", datasets=build))
    _, again = timed(lambda: store.register_build(engine, files, title="bench", actor="bench", datasets=build))
    print(
        f"register the build (first start): {first * 1000:.0f} ms; recognise it again (restart): {again * 1000:.0f} ms"
    )

    rows = iter(build.indicator_values.itertuples(index=False))

    def publish():  # type: ignore[no-untyped-def]
        row = next(rows)
        with session_scope(engine=engine) as db:
            db.add(
                IndicatorOverride(
                    iso3=row.iso3,
                    indicator_id=row.indicator_id,
                    year=int(row.year),
                    value=float(row.value) + 1,
                    period_label=str(row.period_label),
                    source_org="bench",
                    source_url="https://example.org/",
                    vintage="bench",
                    updated_by="bench",
                )
            )
            db.flush()
            return store.compose_release(db, kind="submission", title="bench", actor="bench").number

    number, publish_s = timed(publish)
    print(f"publish an approved value as release {number} (compose, validate, store): {publish_s * 1000:.0f} ms")

    provider = ReleaseProvider(engine, tmp / "cache", poll_seconds=0)
    provider._current = replace(build, release=1)  # serving release 1, as a worker started before the approval
    gc.collect()
    before = rss_mb()
    switched, switch_s = timed(provider.refresh)
    if not switched:
        raise SystemExit("benchmark failed: the worker did not switch to the new release")
    gc.collect()
    after = rss_mb()
    print(
        f"worker switches to release {provider.current().release} (materialise, load, validate): "
        f"{switch_s * 1000:.0f} ms; switched={switched}"
    )
    print(f"one more release in memory: +{after - before:.0f} MB resident ({before:.0f} -> {after:.0f} MB)")

    polls = []
    for _ in range(args.poll_runs):
        start = time.perf_counter()
        store.read_current_number(engine)
        polls.append((time.perf_counter() - start) * 1000)
    polls.sort()
    print(
        f"pointer poll (SQLite): p50 {statistics.median(polls):.3f} ms, p99 {polls[int(len(polls) * 0.99)]:.3f} ms "
        f"over {len(polls)} polls"
    )

    old, new = provider.get(1), provider.get(number)
    diff, diff_s = timed(partial(diff_datasets, old, new))
    changed = {t.name: t.changed for t in diff.changed_tables}
    print(f"diff release 1 -> {number}: {diff_s * 1000:.0f} ms ({changed})")
    del old, new, diff

    trail = []
    for _ in range(args.switches):
        publish()
        provider.refresh()
        gc.collect()
        trail.append(f"{rss_mb():.0f}")
    print(
        f"resident MB after each of {args.switches} more releases and switches: {' '.join(trail)} "
        f"({len(provider._cache)} release(s) cached beside the current one)"
    )
    with Session(engine) as db:
        blobs = sum(len(b) for b in store.release_files(db, number).values())
    print(f"stored: release {number} names {blobs / 1e6:.1f} MB of files; only changed files add a blob")


if __name__ == "__main__":
    main()
