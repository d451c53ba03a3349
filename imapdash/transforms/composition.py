"""Composition of flows (men, women, children, unaccompanied, unknown) for one scope and publisher.

Publishers report different groups: IOM DTM Italy splits children into accompanied and
unaccompanied; DTM flow monitoring gives `children` with `children_unaccompanied` as an "of which";
UNHCR sometimes publishes shares only. Shares are taken as published; where only counts exist we
compute count / total of the same scope, period, population and source and say so. Groups that a
source leaves unknown stay visible, and periods without data are listed, never drawn as zero.
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from .routes import period_list

GROUP_LABELS = {
    "men": "Men",
    "women": "Women",
    "children": "Children",
    "children_accompanied": "Children, accompanied",
    "children_unaccompanied": "Children, unaccompanied",
    "unknown": "Unknown / not specified",
    "total": "Total",
}
PARTITION_SPLIT = ("men", "women", "children_accompanied", "children_unaccompanied", "unknown")
PARTITION_PLAIN = ("men", "women", "children", "unknown")
SHARE_PUBLISHED = "published"
SHARE_COMPUTED = "computed from counts"
SHARE_COMPUTED_SUM = "computed from counts (total = sum of groups)"


def scopes_for_route(composition: pd.DataFrame, route_countries: pd.DataFrame, route_id: str | None) -> list[str]:
    """Composition scopes for a route: its own rows first, else its arrival then departure countries."""
    codes = set(composition["scope_code"].astype(str))
    if route_id is None:
        return []
    if route_id in codes:
        return [route_id]
    rc = route_countries[route_countries["route_id"] == route_id]
    ordered = [
        *rc[rc["role"] == "arrival"]["iso3"],
        *rc[rc["role"] == "transit"]["iso3"],
        *rc[rc["role"] == "departure"]["iso3"],
    ]
    return [str(c) for c in dict.fromkeys(ordered) if c in codes]


def main_series(composition: pd.DataFrame, scope_code: str, granularity: str = "year") -> tuple[str, str] | None:
    """The (source_org, population) of a scope with the most rows at that granularity (yearly fallback)."""
    rows = composition[composition["scope_code"] == scope_code]
    for period_type in dict.fromkeys([granularity, "year", "month"]):
        sub = rows[rows["period_type"] == period_type]
        if not sub.empty:
            sizes = sub.groupby(["source_org", "population"], sort=True)["group"].size()
            best = sizes.sort_values(ascending=False, kind="stable").index[0]
            return str(best[0]), str(best[1])
    return None


def composition_series(
    composition: pd.DataFrame,
    scope_code: str,
    source_org: str,
    population: str,
    *,
    granularity: str = "year",
) -> pd.DataFrame:
    """Rows of one scope × source × population, with a share per group and how it was obtained.

    Returns `period, group, label, count, share_pct, share_basis, partial, source_org, source_url, note`.
    """
    rows = composition[
        (composition["scope_code"] == scope_code)
        & (composition["source_org"] == source_org)
        & (composition["population"] == population)
    ]
    wanted = "month" if granularity == "month" else "year"
    if (rows["period_type"] == wanted).any():
        rows = rows[rows["period_type"] == wanted]
    else:
        rows = rows[rows["period_type"] == "year"]
    return with_shares(rows)


def with_shares(rows: pd.DataFrame) -> pd.DataFrame:
    """Add share_pct (published, else count / total) and share_basis to composition rows."""
    columns = [
        "period",
        "group",
        "label",
        "count",
        "share_pct",
        "share_basis",
        "partial",
        "source_org",
        "source_url",
        "note",
    ]
    if rows.empty:
        return pd.DataFrame(columns=columns)
    out = []
    for period, group in rows.groupby("period", sort=True):
        counts = {str(g): (None if pd.isna(c) else int(c)) for g, c in zip(group["group"], group["count"], strict=True)}
        total = counts.get("total")
        basis_total = SHARE_COMPUTED
        if total is None:
            parts = PARTITION_SPLIT if "children_accompanied" in counts else PARTITION_PLAIN
            present = [count for g in parts if (count := counts.get(g)) is not None]
            if present:
                total = sum(present)
                basis_total = SHARE_COMPUTED_SUM
        for row in group.itertuples(index=False):
            count = None if pd.isna(row.count) else int(row.count)
            if not pd.isna(row.share_pct):
                share, basis = float(row.share_pct), SHARE_PUBLISHED
            elif count is not None and total:
                share, basis = 100.0 * count / total, basis_total
            else:
                share, basis = None, ""
            if row.group == "total":
                share, basis = None, ""
            out.append(
                {
                    "period": str(period),
                    "group": str(row.group),
                    "label": GROUP_LABELS.get(row.group, row.group),
                    "count": count,
                    "share_pct": share,
                    "share_basis": basis,
                    "partial": bool(row.partial),
                    "source_org": str(row.source_org),
                    "source_url": str(row.source_url),
                    "note": "" if pd.isna(row.note) else str(row.note),
                }
            )
    return pd.DataFrame(out, columns=columns)


def missing_periods(series: pd.DataFrame, start: str, end: str, granularity: str = "year") -> list[str]:
    """Periods between start and end (inclusive) with no row in the series: coverage gaps."""
    have = set(series["period"].astype(str)) if not series.empty else set()
    return [p for p in period_list(start, end, granularity) if p not in have]


def compress_periods(periods: Sequence[str]) -> str:
    """'2014, 2015, 2016, 2019' -> '2014–2016, 2019' (consecutive years or months joined)."""
    if not periods:
        return ""
    ordered = sorted(periods)
    runs: list[list[str]] = [[ordered[0]]]
    for period in ordered[1:]:
        prev = runs[-1][-1]
        expected = str(pd.Period(prev, freq="M") + 1) if len(prev) > 4 else str(int(prev) + 1)
        if period == expected:
            runs[-1].append(period)
        else:
            runs.append([period])
    return ", ".join(run[0] if len(run) == 1 else f"{run[0]}–{run[-1]}" for run in runs)
