"""Small helpers shared by the dataset modules: empty cells, integers, periods, key collisions."""

from __future__ import annotations

import calendar
import logging
import math
from typing import Any

import pandas as pd

log = logging.getLogger("databuild")

PARTIAL_2025_LABEL = "2025 (Jan–Apr, partial)"
MONTHS = {m: calendar.month_abbr[m] for m in range(1, 13)}


def is_empty(value: Any) -> bool:
    """True for None, NaN and empty strings."""
    if value is None:
        return True
    if isinstance(value, float) and math.isnan(value):
        return True
    if isinstance(value, str) and value == "":
        return True
    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):
        return False


def as_int(value: Any) -> int:
    """An integral reference number as int (raises if it is not integral)."""
    f = float(value)
    if not f.is_integer():
        raise ValueError(f"expected an integer count, got {value!r}")
    return int(f)


def cell(value: Any) -> str:
    """Format one output cell: empty for unknown, integers without '.0', floats trimmed."""
    if is_empty(value):
        return ""
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if value.is_integer():
            return str(int(value))
        return repr(round(float(value), 6))
    if hasattr(value, "item") and not isinstance(value, str):  # numpy scalar
        return cell(value.item())
    return str(value)


def check_unique(df: pd.DataFrame, key: list[str], name: str) -> None:
    """Fail when the key is not unique."""
    dup = df.duplicated(key, keep=False)
    if dup.any():
        raise AssertionError(f"{name}: duplicate keys {key}:\n{df.loc[dup, key].head(20)}")


def month_label(month: str) -> str:
    """'2024-09' -> 'Sep'."""
    return MONTHS[int(month[5:7])]


def parse_period(period: str, year: int) -> tuple[int, str]:
    """Reference ``period`` text -> (partial, period_label).

    '2023' -> (0, '2023'); '2024-01..2024-09' -> (1, '2024 (Jan–Sep, partial)');
    '2018-01..2018-12' -> (0, '2018'); '2023-01-01..2023-12-29' -> (1, '2023 (to 29 Dec, partial)').
    """
    text = str(period).strip()
    if text in (str(year), ""):
        return 0, str(year)
    if text.startswith("2025-01..2025-04"):
        return 1, PARTIAL_2025_LABEL
    if ".." in text:
        start, end = (p.strip() for p in text.split("(")[0].split(".."))
        if len(start) == 7 and len(end) == 7:
            if start.endswith("-01") and end.endswith("-12"):
                return 0, str(year)
            return 1, f"{year} ({month_label(start)}–{month_label(end)}, partial)"
        if len(end) == 10:
            if start.endswith("-01-01") and end.endswith("-12-31"):
                return 0, str(year)
            return 1, f"{year} (to {int(end[8:10])} {month_label(end)}, partial)"
    raise ValueError(f"cannot parse period {period!r}")


def flow_status(year: int) -> tuple[str, int]:
    """(status, restricted) for a flow/figure year: 2025 data are preliminary partner-only."""
    return ("preliminary", 1) if year >= 2025 else ("final", 0)


def keep_fuller(df: pd.DataFrame, key: list[str], value_cols: list[str], what: str) -> pd.DataFrame:
    """Resolve key collisions by keeping one row per key, logging each dropped row.

    Order of preference: more non-empty ``value_cols``; a full-year period (``partial`` = 0);
    not marked rounded/earlier vintage in ``note``/``vintage``; first in reference-file order.
    """
    df = df.copy()
    df["_filled"] = df[value_cols].notna().sum(axis=1)
    df["_partial"] = df["partial"] if "partial" in df.columns else 0
    marks = r"rounded|'some |'over |'nearly |'around |earlier vintage|different vintage"
    text = (df.get("note", "").fillna("").astype(str) + " " + df.get("vintage", "").fillna("").astype(str)).str.lower()
    df["_rounded"] = text.str.contains(marks, regex=True).astype(int)
    df["_order"] = range(len(df))
    df = df.sort_values(
        [*key, "_filled", "_partial", "_rounded", "_order"],
        ascending=[True] * len(key) + [False, True, True, True],
        kind="mergesort",
    )
    dup = df.duplicated(key, keep="first")
    for _, row in df[dup].iterrows():
        kept = df[~dup]
        kept = kept.loc[(kept[key] == row[key]).all(axis=1)].iloc[0]
        log.warning(
            "%s: key %s collides; dropped %s (%s), kept %s (%s)",
            what,
            tuple(row[k] for k in key),
            {c: row[c] for c in value_cols if not is_empty(row[c])},
            row.get("vintage", ""),
            {c: kept[c] for c in value_cols if not is_empty(kept[c])},
            kept.get("vintage", ""),
        )
    return df[~dup].drop(columns=["_filled", "_partial", "_rounded", "_order"])
