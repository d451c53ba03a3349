"""What changed between two data releases: pure, vectorised comparisons of two `Datasets`.

Only the public frames (`Datasets.tables`) are compared, so restricted rows never appear in a diff
(a row made restricted reads as removed, a row made public as added). Rows are matched on each
table's schema key. Values are compared as published: floats exactly, a missing value equal to a
missing value, whatever the dtype (Int64, float64 or text) either release loaded the column as.
Counts are exact; the detail rows kept per table are capped (first `limit` by key).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, replace

import numpy as np
import pandas as pd

from imapdash.datasets import Datasets
from imapdash.datasets.schema import TABLES, TABLES_BY_NAME

DETAIL_LIMIT = 500
PRELIMINARY = "preliminary"
FINAL = "final"
STATUS = "status"
IGNORED_COLUMNS = frozenset({"restricted"})  # always false in the public frames
# the column that carries a table's figure (shown beside an added or removed row)
VALUE_COLUMNS: dict[str, str] = {
    "indicator_values": "value",
    "flows": "value",
    "arrivals": "arrivals",
    "composition": "count",
    "corridors": "total",
    "flow_monitoring": "individuals",
    "headline_figures": "value",
    "incidents": "dead_missing",
}

Scalar = str | int | float | bool | None


@dataclass(frozen=True)
class CellChange:
    """One column of one row: its value in the old release and in the new one."""

    column: str
    old: Scalar
    new: Scalar


@dataclass(frozen=True)
class RowChange:
    """A row present in both releases, by key, with the columns that differ."""

    key: dict[str, Scalar]
    changes: tuple[CellChange, ...]


@dataclass(frozen=True)
class TableDiff:
    """One table's differences. Counts are exact; the row lists hold at most `limit` rows, by key."""

    name: str
    key: tuple[str, ...]
    added: int = 0
    removed: int = 0
    changed: int = 0  # rows present in both releases with at least one different value
    cells_changed: int = 0
    finalised: int = 0  # rows whose status went preliminary -> final
    column_counts: dict[str, int] = field(default_factory=dict)  # changed rows per column
    added_rows: tuple[dict[str, Scalar], ...] = ()
    removed_rows: tuple[dict[str, Scalar], ...] = ()
    changed_rows: tuple[RowChange, ...] = ()
    finalised_rows: tuple[RowChange, ...] = ()  # key and the changes other than the status
    # added rows that were partner-only preliminary rows in the old release and are now public and final
    # (a count only: the preliminary values stay partner-only)
    published: int = 0
    limit: int = DETAIL_LIMIT

    @property
    def has_changes(self) -> bool:
        return bool(self.added or self.removed or self.changed)

    @property
    def truncated(self) -> bool:
        """True when some detail rows were left out (the counts still cover them)."""
        return (
            len(self.added_rows) < self.added
            or len(self.removed_rows) < self.removed
            or len(self.changed_rows) < self.changed
            or len(self.finalised_rows) < self.finalised
        )


@dataclass(frozen=True)
class ReleaseDiff:
    """Every table's differences between two releases, plus geometry and manifest vintage."""

    old_release: int
    new_release: int
    tables: tuple[TableDiff, ...]
    geometry_changed: bool
    old_vintage: str
    new_vintage: str

    @property
    def vintage_changed(self) -> bool:
        return self.old_vintage != self.new_vintage

    @property
    def changed_tables(self) -> tuple[TableDiff, ...]:
        return tuple(table for table in self.tables if table.has_changes)

    @property
    def has_changes(self) -> bool:
        return bool(self.changed_tables) or self.geometry_changed or self.vintage_changed

    def table(self, name: str) -> TableDiff:
        return next(table for table in self.tables if table.name == name)

    def summary_lines(self) -> list[str]:
        """Plain-text summary, one line per changed dataset (for the command line)."""
        lines = [f"Release {self.old_release} -> {self.new_release}"]
        if not self.has_changes:
            return [*lines, "  no differences"]
        for table in self.changed_tables:
            columns = ", ".join(f"{c} {n}" for c, n in sorted(table.column_counts.items()))
            lines.append(
                f"  {table.name}: {table.added} added, {table.removed} removed, {table.changed} changed"
                f"{f' ({columns})' if columns else ''}, {table.finalised} preliminary -> final"
                f"{f', of which {table.published} newly public' if table.published else ''}"
            )
        if self.geometry_changed:
            lines.append("  geometry changed")
        if self.vintage_changed:
            lines.append(f"  vintage: {self.old_vintage} -> {self.new_vintage}")
        return lines


# ---------------------------------------------------------------- value normalisation


def _is_numeric(series: pd.Series) -> bool:
    return pd.api.types.is_numeric_dtype(series.dtype)


def _floats(series: pd.Series) -> np.ndarray:
    """Numbers (bools as 0/1) as float64 with NaN for missing values."""
    return series.to_numpy(dtype="float64", na_value=np.nan)


def _text(series: pd.Series) -> np.ndarray:
    """Values as canonical text ('' when missing; 2020, 2020.0 and '2020' all give '2020')."""
    out = np.full(len(series), "", dtype=object)
    if _is_numeric(series):
        numbers = _floats(series)
        finite = np.isfinite(numbers)
        safe = np.where(finite, numbers, 0.0)
        whole = finite & (np.floor(safe) == safe) & (np.abs(safe) < 2**53)
        out[whole] = safe[whole].astype(np.int64).astype(str)
        other = ~whole & ~np.isnan(numbers)
        out[other] = [repr(float(v)) for v in numbers[other]]
        return out
    present = series.notna().to_numpy()
    out[present] = series[present].astype(str).to_numpy(dtype=object)
    return out


def _same(old: pd.Series, new: pd.Series) -> np.ndarray:
    """Element-wise 'published value unchanged' for two columns with the same index."""
    if _is_numeric(old) and _is_numeric(new):
        a, b = _floats(old), _floats(new)
        return (a == b) | (np.isnan(a) & np.isnan(b))
    if old.dtype == new.dtype:  # fast path; the cells it finds different are checked again as text
        same = np.array((old == new).fillna(False), dtype=bool)  # writable; NA compares unequal
        unsure = np.flatnonzero(~same)
        if len(unsure):
            same[unsure] = _text(old.iloc[unsure]) == _text(new.iloc[unsure])
        return same
    return _text(old) == _text(new)


def _scalar(value: object) -> Scalar:
    """A plain Python value (None for any missing value)."""
    if value is None or value is pd.NA or value is pd.NaT:
        return None
    if isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, float) and value != value:
        return None
    return value  # type: ignore[return-value]


def _records(frame: pd.DataFrame, positions: np.ndarray, columns: Iterable[str]) -> list[dict[str, Scalar]]:
    """Rows `positions` of `frame`, columns `columns`, as plain dicts."""
    names = list(columns)
    return [
        {name: _scalar(v) for name, v in zip(names, row, strict=True)}
        for row in frame[names].iloc[positions].itertuples(index=False, name=None)
    ]


# ---------------------------------------------------------------- one table


def _prepare(frame: pd.DataFrame | None, columns: list[str]) -> pd.DataFrame:
    """Rows with every column of `columns` (missing ones empty), index 0..n-1."""
    if frame is None:
        frame = pd.DataFrame(columns=columns)
    return frame.reindex(columns=columns).reset_index(drop=True)


def _key_frames(before: pd.DataFrame, after: pd.DataFrame, key: tuple[str, ...]) -> tuple[pd.DataFrame, ...]:
    """Both releases' keys as `_k0.._kn` plus row positions; a key column whose dtype differs is compared as text."""
    frames = []
    for frame, position in ((before, "_old"), (after, "_new")):
        keys = {}
        for i, name in enumerate(key):
            same_dtype = before[name].dtype == after[name].dtype
            keys[f"_k{i}"] = frame[name] if same_dtype else _text(frame[name])
        keys[position] = np.arange(len(frame), dtype=np.int64)
        # the loader rejects duplicate keys; a hand-made frame keeps its first row per key
        frames.append(pd.DataFrame(keys).drop_duplicates(subset=[f"_k{i}" for i in range(len(key))]))
    return tuple(frames)


def _take(frame: pd.DataFrame, positions: np.ndarray) -> pd.DataFrame:
    """Rows `positions` of `frame`, index 0..n-1 (the frame itself when that is every row in order)."""
    if len(positions) == len(frame) and np.array_equal(positions, np.arange(len(frame))):
        return frame
    return frame.iloc[positions].reset_index(drop=True)


def _key_order(frame: pd.DataFrame, positions: np.ndarray, key: tuple[str, ...], limit: int) -> np.ndarray:
    """Indices into `positions` of its first `limit` rows of `frame` in key order."""
    subset = frame[list(key)].iloc[positions].reset_index(drop=True)
    return subset.sort_values(list(key), kind="stable").index.to_numpy()[:limit]


def diff_table(
    name: str, old: pd.DataFrame | None, new: pd.DataFrame | None, *, limit: int = DETAIL_LIMIT
) -> TableDiff:
    """Rows added, removed and changed between two public frames of table `name`."""
    schema = TABLES_BY_NAME.get(name)
    key = schema.key if schema is not None else ()
    if old is not None and new is not None and (old is new or old.equals(new)):
        return TableDiff(name, key, limit=limit)
    known = list(schema.column_names) if schema is not None else []
    extra = [c for frame in (old, new) if frame is not None for c in frame.columns if c not in known]
    columns = [c for c in dict.fromkeys([*known, *extra]) if c not in IGNORED_COLUMNS]
    if not key:  # a table without a schema: every column identifies a row
        key = tuple(columns)
    compared = [c for c in columns if c not in key]
    before, after = _prepare(old, columns), _prepare(new, columns)
    old_keys, new_keys = _key_frames(before, after, key)
    merged = old_keys.merge(new_keys, how="outer", on=[f"_k{i}" for i in range(len(key))], indicator=True)
    side = merged["_merge"].to_numpy()
    added = merged.loc[side == "right_only", "_new"].to_numpy(dtype=np.int64)
    removed = merged.loc[side == "left_only", "_old"].to_numpy(dtype=np.int64)
    both = side == "both"
    old_pos = merged.loc[both, "_old"].to_numpy(dtype=np.int64)
    new_pos = merged.loc[both, "_new"].to_numpy(dtype=np.int64)

    paired_old, paired_new = _take(before, old_pos), _take(after, new_pos)
    differs = np.zeros((len(old_pos), len(compared)), dtype=bool)
    for i, column in enumerate(compared):
        differs[:, i] = ~_same(paired_old[column], paired_new[column])
    row_changed = differs.any(axis=1) if compared else np.zeros(len(old_pos), dtype=bool)
    finalised = np.zeros(len(old_pos), dtype=bool)
    if STATUS in compared:
        finalised = (_text(paired_old[STATUS]) == PRELIMINARY) & (_text(paired_new[STATUS]) == FINAL)

    def row_changes(pairs: np.ndarray, *, skip_status: bool) -> tuple[RowChange, ...]:
        # pairs: indices into the paired frames; listed in key order, capped
        chosen = pairs[_key_order(after, new_pos[pairs], key, limit)]
        keys = _records(paired_new, chosen, key)
        olds = _records(paired_old, chosen, compared)
        news = _records(paired_new, chosen, compared)
        out = []
        for i, row_key, old_row, new_row in zip(chosen, keys, olds, news, strict=True):
            cells = tuple(
                CellChange(column, old_row[column], new_row[column])
                for j, column in enumerate(compared)
                if differs[i, j] and not (skip_status and column == STATUS)
            )
            out.append(RowChange(row_key, cells))
        return tuple(out)

    changed_idx = np.flatnonzero(row_changed)
    finalised_idx = np.flatnonzero(finalised)
    return TableDiff(
        name=name,
        key=key,
        added=len(added),
        removed=len(removed),
        changed=len(changed_idx),
        cells_changed=int(differs.sum()),
        finalised=len(finalised_idx),
        column_counts={c: int(n) for c, n in zip(compared, differs.sum(axis=0), strict=True) if n},
        added_rows=tuple(_records(after, added[_key_order(after, added, key, limit)], columns)),
        removed_rows=tuple(_records(before, removed[_key_order(before, removed, key, limit)], columns)),
        changed_rows=row_changes(changed_idx, skip_status=False),
        finalised_rows=row_changes(finalised_idx, skip_status=True),
        limit=limit,
    )


# ---------------------------------------------------------------- two releases


def _with_published(table: TableDiff, old: Datasets, new: Datasets) -> TableDiff:
    """Count added rows that were partner-only *preliminary* rows in `old` and are *final* in `new`.

    Only keys and statuses are compared; no restricted value leaves this function.
    """
    hidden = old._restricted.get(table.name)
    public = new.tables.get(table.name)
    if not table.added or hidden is None or public is None or STATUS not in hidden or not table.key:
        return table
    key = list(table.key)
    was = hidden.loc[_text(hidden[STATUS]) == PRELIMINARY, key]
    now = public.loc[_text(public[STATUS]) == FINAL, key]
    if was.empty or now.empty:
        return table
    text_keys = [pd.DataFrame({c: _text(frame[c]) for c in key}) for frame in (was, now)]
    published = len(text_keys[0].drop_duplicates().merge(text_keys[1].drop_duplicates(), on=key))
    if not published:
        return table
    return replace(table, published=published, finalised=table.finalised + published)


def diff_datasets(old: Datasets, new: Datasets, *, limit: int = DETAIL_LIMIT) -> ReleaseDiff:
    """What changed from release `old` to release `new`, table by table (public rows only)."""
    names = [schema.name for schema in TABLES]
    names += sorted((set(old.tables) | set(new.tables)) - set(names))
    tables = tuple(
        _with_published(diff_table(name, old.tables.get(name), new.tables.get(name), limit=limit), old, new)
        for name in names
    )
    return ReleaseDiff(
        old_release=old.release,
        new_release=new.release,
        tables=tables,
        geometry_changed=old.geometry_json != new.geometry_json,
        old_vintage=old.vintage,
        new_vintage=new.vintage,
    )
