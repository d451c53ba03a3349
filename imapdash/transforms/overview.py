"""Headline numbers for the start page, each computed from one measure of one publisher."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd


@dataclass(frozen=True)
class Headline:
    """A headline figure with the period it covers and where it comes from."""

    label: str
    value: float
    period: str
    source_org: str
    source_url: str
    note: str = ""
    count: int = 0
    over: str = ""  # what `count` counts: "routes" or "countries" (views phrase the note per language)


def latest_complete_year_total(
    flows: pd.DataFrame, *, measure: str, routes: list[str] | None = None, source_contains: str = ""
) -> Headline | None:
    """Sum of yearly route totals (nationality ALL) for the latest year that is not partial."""
    rows = flows[
        (flows["measure"] == measure)
        & (flows["period_type"] == "year")
        & (flows["nationality_iso3"] == "ALL")
        & (~flows["partial"].astype(bool))
    ]
    if source_contains:
        rows = rows[rows["source_org"].str.contains(source_contains, case=False, regex=False)]
    if routes is not None:
        rows = rows[rows["route_id"].isin(routes)]
    if rows.empty:
        return None
    year = rows["period"].max()
    latest = rows[rows["period"] == year]
    first = latest.iloc[0]
    return Headline(
        label="",
        value=float(latest["value"].sum()),
        period=str(year),
        source_org=str(first["source_org"]),
        source_url=str(first["source_url"]),
        note=f"sum over {latest['route_id'].nunique()} routes",
        count=int(latest["route_id"].nunique()),
        over="routes",
    )


def latest_indicator_total(values: pd.DataFrame, indicator_id: str) -> Headline | None:
    """Sum of an indicator over the countries reporting it in its latest year."""
    rows = values[values["indicator_id"] == indicator_id]
    if rows.empty:
        return None
    year = int(rows["year"].max())
    latest = rows[rows["year"] == year]
    first = latest.iloc[0]
    return Headline(
        label="",
        value=float(latest["value"].sum()),
        period=str(year),
        source_org=str(first["source_org"]),
        source_url=str(first["source_url"]),
        note=f"sum over {latest['iso3'].nunique()} countries",
        count=int(latest["iso3"].nunique()),
        over="countries",
    )
