"""Flows in a columnar store: DuckDB queries over Parquet (or the loaded frames) instead of pandas.

Why: at millions of flow rows, filtering and grouping a pandas frame per request costs hundreds of
milliseconds and keeps every row in every worker's memory. DuckDB scans Parquet column by column,
pushes the filters down, aggregates in C++ with a bounded memory limit and hands back a frame of a
few dozen rows. The bundled data (tens of thousands of rows) goes through the same code path from the
validated `Datasets`, so a deployment can switch to a large Parquet file without touching the views.

A `FlowStore` holds public and restricted rows together in one relation with a boolean `restricted`
column; every query filters `restricted = false` unless the caller passes `include_restricted=True`
(only authorised server code does, as with `Datasets.frame`).

DuckDB connections are not shared across processes: the connection is opened lazily in the process
that queries (after gunicorn forks) and a cursor is used per query, so threads never share one.
Aggregations are memoized through `imapdash.cache` keyed by the store's version.
"""

from __future__ import annotations

import hashlib
import os
import threading
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pandas as pd
import pyarrow as pa

if TYPE_CHECKING:
    import duckdb

from imapdash.cache import memoize

FLOW_COLUMNS = (
    "route_id",
    "period",
    "period_type",
    "nationality_iso3",
    "measure",
    "value",
    "partial",
    "status",
    "restricted",
    "source_org",
    "source_url",
    "vintage",
)
# Parquet written sorted by these, in small row groups, lets DuckDB skip every row group whose
# min/max statistics exclude the filter (10 M rows: ~1 s unsorted vs ~0.1 s sorted, see docs/deployment.md).
SORT_KEYS = ("measure", "period_type", "period", "route_id", "nationality_iso3")
ROW_GROUP_SIZE = 122_880
DEFAULT_MEMORY_LIMIT = "256MB"
DEFAULT_THREADS = 2

_PERIOD_LENGTH = {4: "year", 7: "month"}


class FlowQueryError(ValueError):
    """An argument a flow query cannot use (bad period, unknown granularity...)."""


def flows_table(public: pd.DataFrame, restricted: pd.DataFrame | None = None) -> pa.Table:
    """Public and restricted flow rows as one Arrow table with a boolean `restricted` column."""
    frames = [public] if restricted is None or restricted.empty else [public, restricted]
    frame = pd.concat(frames, ignore_index=True) if len(frames) > 1 else public.reset_index(drop=True)
    missing = [c for c in FLOW_COLUMNS if c not in frame.columns]
    if missing:
        raise FlowQueryError(f"flow rows lack column(s): {', '.join(missing)}")
    frame = frame.loc[:, list(FLOW_COLUMNS)].assign(
        value=frame["value"].astype("int64"),
        partial=frame["partial"].astype(bool),
        restricted=frame["restricted"].astype(bool),
    )
    return pa.Table.from_pandas(frame, preserve_index=False)


def write_parquet(table: pa.Table, path: Path | str, *, row_group_size: int = ROW_GROUP_SIZE) -> Path:
    """Write `table` sorted by SORT_KEYS aside, then rename it into place (readers never see half a file)."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    table = table.sort_by([(key, "ascending") for key in SORT_KEYS if key in table.column_names])
    import pyarrow.parquet as pq  # on use: with pyarrow.fs it adds ~4 MB to every worker (issue 20)

    pq.write_table(table, tmp, compression="zstd", row_group_size=row_group_size)
    os.replace(tmp, path)
    return path


def _period_type(period_from: str, period_to: str) -> str:
    kinds = {_PERIOD_LENGTH.get(len(p)) for p in (period_from, period_to)}
    if None in kinds or len(kinds) != 1:
        raise FlowQueryError("periods must both be years (YYYY) or both months (YYYY-MM)")
    if period_from > period_to:
        raise FlowQueryError("period_from is after period_to")
    return kinds.pop()


class FlowStore:
    """Flow rows queried with DuckDB; every method returns a small pandas frame."""

    def __init__(
        self,
        *,
        table: pa.Table | Callable[[], pa.Table] | None = None,
        parquet: Path | str | None = None,
        version: str,
        memory_limit: str = DEFAULT_MEMORY_LIMIT,
        threads: int = DEFAULT_THREADS,
    ) -> None:
        if (table is None) == (parquet is None):
            raise ValueError("give exactly one of table= or parquet=")
        self._table = table
        self._parquet = Path(parquet) if parquet is not None else None
        self.version = version
        self._memory_limit = memory_limit
        self._threads = threads
        self._lock = threading.Lock()
        self._conn: duckdb.DuckDBPyConnection | None = None
        self._pid = 0

    @classmethod
    def from_datasets(cls, datasets: Any, **options: Any) -> FlowStore:
        """A store over the validated flows of `datasets` (public and restricted rows), built on first query."""

        def build() -> pa.Table:
            public = datasets.frame("flows")
            everything = datasets.frame("flows", include_restricted=True)
            return flows_table(public, everything.loc[everything.index.difference(public.index)])

        return cls(table=build, version=f"flows-{datasets.version}", **options)

    @classmethod
    def open(cls, path: Path | str, *, version: str | None = None, **options: Any) -> FlowStore:
        """A store over a Parquet file or a directory of Parquet files with the flow columns."""
        path = Path(path)
        files = sorted(path.glob("*.parquet")) if path.is_dir() else [path]
        if not files or not all(f.is_file() for f in files):
            raise FileNotFoundError(f"no Parquet flow data at {path}")
        import pyarrow.parquet as pq  # on use (see write_parquet)

        names = set(pq.read_schema(files[0]).names)
        missing = [c for c in FLOW_COLUMNS if c not in names]
        if missing:
            raise FlowQueryError(f"{files[0]} lacks column(s): {', '.join(missing)}")
        if version is None:
            stamp = "|".join(f"{f.name}:{f.stat().st_size}:{f.stat().st_mtime_ns}" for f in files)
            version = "parquet-" + hashlib.sha256(stamp.encode()).hexdigest()[:12]
        return cls(parquet=path, version=version, **options)

    def _connection(self) -> duckdb.DuckDBPyConnection:
        with self._lock:
            if self._conn is None or self._pid != os.getpid():
                import duckdb  # on first query: a worker that never queries a store does not hold it (~13 MB)

                conn = duckdb.connect(
                    ":memory:",
                    config={
                        "memory_limit": self._memory_limit,
                        "threads": self._threads,
                    },
                )
                conn.execute("SET enable_progress_bar = false")
                if self._table is not None:
                    if callable(self._table):
                        self._table = self._table()
                    # a registered Arrow table is visible to this connection only, not to its cursors
                    conn.register("flows_arrow", self._table)
                    conn.execute("CREATE TABLE flows AS SELECT * FROM flows_arrow")
                    conn.unregister("flows_arrow")
                else:
                    assert self._parquet is not None
                    source = str(self._parquet / "*.parquet") if self._parquet.is_dir() else str(self._parquet)
                    conn.execute(f"CREATE VIEW flows AS SELECT * FROM read_parquet({_quote(source)})")
                self._conn, self._pid = conn, os.getpid()
            return self._conn

    def query(self, sql: str, params: Sequence[Any] = ()) -> pd.DataFrame:
        """Run SQL over the `flows` relation on a private cursor; returns a pandas frame."""
        cursor = self._connection().cursor()
        try:
            return cursor.execute(sql, list(params)).df()
        finally:
            cursor.close()

    def row_count(self, *, include_restricted: bool = False) -> int:
        """Rows in the store (public only unless told otherwise)."""
        where = "" if include_restricted else "WHERE NOT restricted"
        return int(self.query(f"SELECT count(*) AS n FROM flows {where}")["n"].iloc[0])

    def aggregate_by_route(
        self,
        period_from: str,
        period_to: str,
        measure: str,
        nationality: str | None = None,
        include_restricted: bool = False,
    ) -> pd.DataFrame:
        """Sum of `measure` per route and publisher over an inclusive period range.

        Periods are years (`2019`, `2023`) or months (`2023-01`, `2023-06`); only rows of that
        granularity are summed, so yearly and monthly rows are never added together. `nationality`
        None means the published totals (`ALL`). Publishers stay separate (never summed together).
        Columns: `route_id, source_org, value, periods, partial`; largest value first.
        """
        return _aggregate_by_route(self, period_from, period_to, measure, nationality or "ALL", include_restricted)

    def route_series(
        self,
        route_id: str,
        measure: str,
        granularity: str = "year",
        nationality: str | None = None,
        include_restricted: bool = False,
    ) -> pd.DataFrame:
        """Value per period for one route: `period, source_org, value, partial`, in period order."""
        if granularity not in ("year", "month"):
            raise FlowQueryError("granularity must be 'year' or 'month'")
        return _route_series(self, route_id, measure, granularity, nationality or "ALL", include_restricted)

    def top_nationalities(
        self,
        period_from: str,
        period_to: str,
        measure: str,
        route_id: str | None = None,
        n: int = 10,
        include_restricted: bool = False,
    ) -> pd.DataFrame:
        """The `n` nationalities with the largest sum over the range: `nationality_iso3, source_org, value`."""
        return _top_nationalities(self, period_from, period_to, measure, route_id, int(n), include_restricted)


def _quote(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _visibility(include_restricted: bool) -> str:
    return "" if include_restricted else "AND NOT restricted"


@memoize("flows.by_route")
def _aggregate_by_route(
    store: FlowStore, period_from: str, period_to: str, measure: str, nationality: str, include_restricted: bool
) -> pd.DataFrame:
    period_type = _period_type(period_from, period_to)
    frame = store.query(
        f"""
        SELECT route_id, source_org, sum(value)::BIGINT AS value,
               count(DISTINCT period)::BIGINT AS periods, bool_or(partial) AS partial
        FROM flows
        WHERE period_type = ? AND period BETWEEN ? AND ? AND measure = ? AND nationality_iso3 = ?
              {_visibility(include_restricted)}
        GROUP BY route_id, source_org
        ORDER BY value DESC, route_id, source_org
        """,
        (period_type, period_from, period_to, measure, nationality),
    )
    return _clean(frame)


@memoize("flows.route_series")
def _route_series(
    store: FlowStore, route_id: str, measure: str, granularity: str, nationality: str, include_restricted: bool
) -> pd.DataFrame:
    frame = store.query(
        f"""
        SELECT period, source_org, sum(value)::BIGINT AS value, bool_or(partial) AS partial
        FROM flows
        WHERE route_id = ? AND measure = ? AND period_type = ? AND nationality_iso3 = ?
              {_visibility(include_restricted)}
        GROUP BY period, source_org
        ORDER BY period, source_org
        """,
        (route_id, measure, granularity, nationality),
    )
    return _clean(frame)


@memoize("flows.top_nationalities")
def _top_nationalities(
    store: FlowStore,
    period_from: str,
    period_to: str,
    measure: str,
    route_id: str | None,
    n: int,
    include_restricted: bool,
) -> pd.DataFrame:
    period_type = _period_type(period_from, period_to)
    route_filter = "AND route_id = ?" if route_id else ""
    params: list[Any] = [period_type, period_from, period_to, measure]
    if route_id:
        params.append(route_id)
    frame = store.query(
        f"""
        SELECT nationality_iso3, source_org, sum(value)::BIGINT AS value
        FROM flows
        WHERE period_type = ? AND period BETWEEN ? AND ? AND measure = ? {route_filter}
              AND nationality_iso3 NOT IN ('ALL', 'OOO', 'UNK') {_visibility(include_restricted)}
        GROUP BY nationality_iso3, source_org
        ORDER BY value DESC, nationality_iso3
        LIMIT {max(1, min(n, 200))}
        """,
        params,
    )
    return _clean(frame)


def _clean(frame: pd.DataFrame) -> pd.DataFrame:
    """Plain dtypes (str, int64, bool) whatever DuckDB and pandas pick, so cached copies compare equal."""
    out = {}
    for column in frame.columns:
        series = frame[column]
        if column in ("value", "periods"):
            out[column] = series.astype("int64")
        elif column == "partial":
            out[column] = series.astype(bool)
        else:
            out[column] = series.astype("str")
    return pd.DataFrame(out, columns=list(frame.columns)).reset_index(drop=True)
