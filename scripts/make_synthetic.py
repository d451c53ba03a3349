"""Write labelled SYNTHETIC flow data (1 M and 10 M rows) for benchmarks only.

The rows have the flows columns of `docs/data-contract.md` but random values: every row carries
`source_org="SYNTHETIC benchmark data"` and `status="synthetic"`, and the files go to
benchmarks/synthetic/ (gitignored), never into data/. Routes and nationalities are taken from the
bundled data so queries look like real ones; periods are months and years 2000–2025.

Usage: python scripts/make_synthetic.py [--rows 1000000 10000000] [--out benchmarks/synthetic]
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from imapdash.columnar import FLOW_COLUMNS  # noqa: E402

SOURCE = "SYNTHETIC benchmark data"
MEASURES = ("detections", "dead_missing", "sea_arrivals", "departures", "disembarked")


ROW_GROUP = 122_880  # DuckDB's own row-group size: min/max statistics per group let it skip most groups


def _dictionary(values: np.ndarray, codes: np.ndarray) -> pa.DictionaryArray:
    return pa.DictionaryArray.from_arrays(pa.array(codes.astype("int32")), pa.array(values.tolist()))


def _constant(value: str, n: int) -> pa.DictionaryArray:
    return _dictionary(np.array([value]), np.zeros(n, dtype="int32"))


def synthetic_table(rng: np.random.Generator, n: int, routes: np.ndarray, nationalities: np.ndarray) -> pa.Table:
    """`n` random flow rows, dictionary-encoded and sorted like `imapdash.columnar.SORT_KEYS`.

    Every vocabulary is sorted, so sorting the integer codes sorts the strings.
    """
    periods = np.sort(
        np.array(
            [str(y) for y in range(2000, 2026)] + [f"{y}-{m:02d}" for y in range(2000, 2026) for m in range(1, 13)]
        )
    )
    measures = np.sort(np.array(MEASURES))
    routes, nationalities = np.sort(routes), np.sort(nationalities)
    weights = np.array([0.8 if m == "detections" else 0.05 for m in measures])
    measure = rng.choice(len(measures), n, p=weights / weights.sum())
    period = rng.integers(0, len(periods), n)
    is_month = (np.char.str_len(periods) == 7)[period]
    period_type_codes = np.where(is_month, 0, 1)  # vocabulary ["month", "year"]
    route = rng.integers(0, len(routes), n)
    all_code = int(np.searchsorted(nationalities, "ALL"))
    nationality = np.where(rng.random(n) < 0.1, all_code, rng.integers(0, len(nationalities), n))
    order = np.lexsort((nationality, route, period, period_type_codes, measure))
    measure, period, period_type_codes = measure[order], period[order], period_type_codes[order]
    route, nationality = route[order], nationality[order]
    columns = {
        "route_id": _dictionary(routes, route),
        "period": _dictionary(periods, period),
        "period_type": _dictionary(np.array(["month", "year"]), period_type_codes),
        "nationality_iso3": _dictionary(nationalities, nationality),
        "measure": _dictionary(measures, measure),
        "value": pa.array(rng.integers(0, 5000, n, dtype="int64")),
        "partial": pa.array((periods >= "2025")[period]),
        "status": _constant("synthetic", n),
        "restricted": pa.array(rng.random(n) < 0.02),
        "source_org": _constant(SOURCE, n),
        "source_url": _constant("https://example.invalid/synthetic-benchmark-data", n),
        "vintage": _constant("synthetic", n),
    }
    return pa.table([columns[c] for c in FLOW_COLUMNS], names=list(FLOW_COLUMNS))


def write_synthetic(path: Path, rows: int, seed: int = 20250603) -> Path:
    """Write `rows` synthetic rows to `path` (aside, then renamed into place)."""
    routes = pd.read_csv(REPO / "data" / "routes.csv", usecols=["route_id"])["route_id"].to_numpy()
    countries = pd.read_csv(REPO / "data" / "countries.csv", usecols=["iso3"])["iso3"].to_numpy()
    nationalities = np.concatenate([np.array(["ALL"]), countries])
    table = synthetic_table(np.random.default_rng(seed), rows, routes, nationalities)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.tmp")
    pq.write_table(table, tmp, compression="zstd", row_group_size=ROW_GROUP)
    tmp.replace(path)
    return path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rows", type=int, nargs="+", default=[1_000_000, 10_000_000])
    parser.add_argument("--out", type=Path, default=REPO / "benchmarks" / "synthetic")
    args = parser.parse_args()
    out = args.out.resolve()
    if out == (REPO / "data").resolve() or (REPO / "data").resolve() in out.parents:
        parser.error("synthetic data never goes into data/")
    for rows in args.rows:
        label = f"{rows // 1_000_000}m" if rows % 1_000_000 == 0 else str(rows)
        started = time.perf_counter()
        path = write_synthetic(out / f"flows_{label}.parquet", rows)
        print(f"{path}: {rows:,} rows, {path.stat().st_size / 1e6:.1f} MB in {time.perf_counter() - started:.1f} s")


if __name__ == "__main__":
    main()
