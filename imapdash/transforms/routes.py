"""Route values per period for the route map and its animation, one publisher's measure at a time.

Frontex detections, IOM Missing Migrants dead and missing and UNHCR sea movements count different
things, so every function here takes one `measure` and keeps only that measure's publisher: values
are never summed across publishers or measures.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd


@dataclass(frozen=True)
class Measure:
    """What a measure counts and who publishes it."""

    key: str
    source_org: str
    label: str
    unit: str
    definition: str
    monthly: bool


MEASURES: dict[str, Measure] = {
    m.key: m
    for m in (
        Measure(
            "detections",
            "Frontex",
            "Frontex detections",
            "detections",
            "Frontex detections of irregular border-crossing: detections, not persons — the same person "
            "can be detected more than once.",
            True,
        ),
        Measure(
            "dead_missing",
            "IOM Missing Migrants Project",
            "Dead and missing (IOM Missing Migrants)",
            "dead and missing",
            "Dead and missing (IOM Missing Migrants) — minimum estimates: only recorded deaths and disappearances.",
            True,
        ),
        Measure(
            "sea_arrivals",
            "UNHCR",
            "UNHCR sea arrivals",
            "sea arrivals",
            "UNHCR sea arrivals: persons arriving by sea on the route's arrival coasts.",
            False,
        ),
        Measure(
            "departures",
            "UNHCR",
            "UNHCR sea departures",
            "departures",
            "UNHCR departures: sea departures recorded on the route (arrivals plus interceptions).",
            False,
        ),
        Measure(
            "disembarked",
            "UNHCR",
            "UNHCR disembarked (rescued or intercepted)",
            "disembarked",
            "UNHCR disembarked: persons rescued or intercepted at sea and disembarked in the departure region.",
            False,
        ),
    )
}

NOTE_MONTHLY_SUM = "sum of monthly values"


def measure_rows(flows: pd.DataFrame, measure: str) -> pd.DataFrame:
    """Rows of one measure from its own publisher only (never mixed with another source)."""
    spec = MEASURES[measure]
    return flows[(flows["measure"] == measure) & (flows["source_org"] == spec.source_org)]


def yearly_from_monthly(monthly: pd.DataFrame) -> pd.DataFrame:
    """Sum monthly rows to calendar years per route, nationality, measure and publisher."""
    rows = monthly[monthly["period_type"] == "month"]
    keys = ["route_id", "year", "nationality_iso3", "measure", "source_org"]
    if rows.empty:
        return pd.DataFrame(
            columns=[
                "route_id",
                "period",
                "nationality_iso3",
                "measure",
                "source_org",
                "value",
                "partial",
                "source_url",
                "months",
                "note",
            ]
        )
    rows = rows.assign(year=rows["period"].str.slice(0, 4))
    summed = rows.groupby(keys, as_index=False, sort=True).agg(
        value=("value", "sum"),
        partial=("partial", "max"),
        source_url=("source_url", "first"),
        months=("period", "nunique"),
    )
    return summed.rename(columns={"year": "period"}).assign(note=NOTE_MONTHLY_SUM)


def period_values(
    flows: pd.DataFrame,
    measure: str,
    *,
    granularity: str = "year",
    nationality: str = "ALL",
    routes: Sequence[str] | None = None,
    start: str | None = None,
    end: str | None = None,
) -> pd.DataFrame:
    """Value per route and period: `route_id, period, value, partial, source_org, source_url, note`.

    Yearly values are the published yearly rows; a route-year-nationality with monthly rows but no
    yearly row (Frontex publishes only the top nationalities per year) gets the sum of its months,
    noted as such. `start`/`end` are inclusive years (or months for monthly data).
    """
    rows = measure_rows(flows, measure)
    rows = rows[rows["nationality_iso3"] == nationality]
    if routes:
        rows = rows[rows["route_id"].isin(list(routes))]
    columns = ["route_id", "period", "value", "partial", "source_org", "source_url", "note"]
    if granularity == "month":
        out = rows[rows["period_type"] == "month"].assign(note="")
    else:
        yearly = rows[rows["period_type"] == "year"].assign(note="")
        summed = yearly_from_monthly(rows)
        have = set(zip(yearly["route_id"], yearly["period"], strict=True))
        missing = [(r, p) not in have for r, p in zip(summed["route_id"], summed["period"], strict=True)]
        out = pd.concat([yearly[columns], summed.loc[missing, columns]], ignore_index=True)
    out = out[columns]
    if start:
        out = out[out["period"].str.slice(0, len(start)) >= start]
    if end:
        out = out[out["period"].str.slice(0, len(end)) <= end]
    return out.sort_values(["period", "route_id"]).reset_index(drop=True)


def period_list(start: str, end: str, granularity: str) -> list[str]:
    """Every period from start to end inclusive ('2015'..'2017' or '2015-11'..'2016-02')."""
    if granularity == "month":
        months = pd.period_range(
            start=start[:7] if len(start) > 4 else f"{start}-01", end=end[:7] if len(end) > 4 else f"{end}-12", freq="M"
        )
        return [str(p) for p in months]
    return [str(y) for y in range(int(start[:4]), int(end[:4]) + 1)]


def top_nationalities(
    flows: pd.DataFrame,
    measure: str,
    *,
    routes: Sequence[str] | None = None,
    granularity: str = "year",
    start: str | None = None,
    end: str | None = None,
    n: int = 10,
) -> pd.DataFrame:
    """Per route and period the published values of the `n` nationalities largest over the range.

    Returns `route_id, period, nationality_iso3, value, source_org, source_url`; `ALL` is excluded.
    """
    rows = measure_rows(flows, measure)
    rows = rows[rows["nationality_iso3"] != "ALL"]
    if routes:
        rows = rows[rows["route_id"].isin(list(routes))]
    rows = rows[rows["period_type"] == ("month" if granularity == "month" else "year")]
    if start:
        rows = rows[rows["period"].str.slice(0, len(start)) >= start]
    if end:
        rows = rows[rows["period"].str.slice(0, len(end)) <= end]
    if rows.empty:
        return pd.DataFrame(columns=["route_id", "period", "nationality_iso3", "value", "source_org", "source_url"])
    ranking = rows.groupby("nationality_iso3")["value"].sum().sort_values(ascending=False, kind="stable")
    keep = list(ranking.index[:n])
    out = rows[rows["nationality_iso3"].isin(keep)]
    return (
        out[["route_id", "period", "nationality_iso3", "value", "source_org", "source_url"]]
        .sort_values(["period", "route_id", "nationality_iso3"])
        .reset_index(drop=True)
    )


def top_per_route_period(
    flows: pd.DataFrame,
    measure: str,
    *,
    granularity: str = "year",
    routes: Sequence[str] | None = None,
    n: int = 3,
    number_format: Callable[[int], str] | None = None,
) -> dict[tuple[str, str], str]:
    """'SYR 12,345 · AFG 9,876 …' per (route_id, period): the n largest published nationalities.

    `number_format` formats the values (the reader's locale); English separators by default.
    """
    number_format = number_format or "{:,}".format
    rows = measure_rows(flows, measure)
    rows = rows[
        (rows["nationality_iso3"] != "ALL") & (rows["period_type"] == ("month" if granularity == "month" else "year"))
    ]
    if routes:
        rows = rows[rows["route_id"].isin(list(routes))]
    if rows.empty:
        return {}
    rows = rows.sort_values(["route_id", "period", "value"], ascending=[True, True, False], kind="stable")
    top = rows.groupby(["route_id", "period"], sort=False).head(n)
    parts: dict[tuple[str, str], list[str]] = {}
    for route, period, nat, value in zip(
        top["route_id"].tolist(),
        top["period"].tolist(),
        top["nationality_iso3"].tolist(),
        top["value"].tolist(),
        strict=True,
    ):
        parts.setdefault((route, period), []).append(f"{nat} {number_format(int(value))}")
    return {key: " · ".join(items) for key, items in parts.items()}


def route_paths(waypoints: pd.DataFrame) -> dict[str, dict[str, list]]:
    """Ordered waypoints per route: {'route': {'lon': [...], 'lat': [...], 'place': [...], 'role': [...]}}."""
    out: dict[str, dict[str, list]] = {}
    for route, group in waypoints.sort_values(["route_id", "seq"]).groupby("route_id", sort=True):
        out[str(route)] = {
            "lon": group["lon"].astype(float).tolist(),
            "lat": group["lat"].astype(float).tolist(),
            "place": group["place"].astype(str).tolist(),
            "role": group["role"].astype(str).tolist(),
        }
    return out


def incidents_by_period(
    incidents: pd.DataFrame,
    periods: Sequence[str],
    *,
    granularity: str = "year",
    routes: Sequence[str] | None = None,
    decimals: int = 1,
    group_above: int = 3000,
) -> pd.DataFrame:
    """IOM MMP incidents that fall in `periods`: `period, lon, lat, dead_missing, incidents, date, cause`.

    Above `group_above` incidents, incidents of the same period within the same 1° cell are summed
    into one point (`incidents` > 1, `date`/`cause` empty) so the map stays light; dead and missing
    are then the plain sum of the incidents in the cell.
    """
    rows = incidents
    if routes:
        rows = rows[rows["route_id"].isin(list(routes))]
    width = 7 if granularity == "month" else 4
    rows = rows.assign(period=rows["date"].str.slice(0, width))
    rows = rows[rows["period"].isin(list(periods))]
    out = pd.DataFrame(
        {
            "period": rows["period"].astype(str).to_numpy(),
            "lon": rows["lon"].round(decimals).to_numpy(),
            "lat": rows["lat"].round(decimals).to_numpy(),
            "dead_missing": rows["dead_missing"].astype(int).to_numpy(),
            "incidents": 1,
            "date": rows["date"].astype(str).to_numpy(),
            "cause": rows["cause"].fillna("").astype(str).to_numpy(),
        }
    )
    if len(out) <= group_above:
        return out
    cells = out.assign(lon=np.floor(out["lon"]) + 0.5, lat=np.floor(out["lat"]) + 0.5)
    grouped = cells.groupby(["period", "lon", "lat"], as_index=False, sort=True).agg(
        dead_missing=("dead_missing", "sum"), incidents=("incidents", "sum")
    )
    return grouped.assign(date="", cause="")


def range_bounds(flows: pd.DataFrame, measure: str, granularity: str = "year") -> tuple[str, str] | None:
    """First and last period of a measure at a granularity (public rows), or None without data."""
    rows = measure_rows(flows, measure)
    rows = rows[rows["period_type"] == ("month" if granularity == "month" else "year")]
    if rows.empty:
        return None
    return str(rows["period"].min()), str(rows["period"].max())


def sources_side_by_side(
    flows: pd.DataFrame,
    arrivals: pd.DataFrame,
    route_countries: pd.DataFrame,
    route_id: str,
    period: str,
) -> list[dict]:
    """For one route and period: every publisher's figure, each kept separate with what it counts.

    Returns dicts `kind, label, value, source_org, source_url, note` — detections (Frontex), UNHCR sea
    movements on the route, country arrivals of the route's arrival countries (arrivals.csv, not route
    totals), and dead and missing (IOM MMP, and UNHCR where published).
    """
    period_type = "month" if len(period) > 4 else "year"
    rows = flows[
        (flows["route_id"] == route_id)
        & (flows["period"] == period)
        & (flows["nationality_iso3"] == "ALL")
        & (flows["period_type"] == period_type)
    ]
    out: list[dict] = []
    order = ["detections", "sea_arrivals", "disembarked", "departures", "dead_missing"]
    for measure in order:
        for row in rows[rows["measure"] == measure].sort_values("source_org").itertuples(index=False):
            spec = MEASURES.get(measure)
            label = (
                spec.label
                if spec and spec.source_org == row.source_org
                else f"{measure.replace('_', ' ')} ({row.source_org})"
            )
            out.append(
                {
                    "kind": measure,
                    "label": label,
                    "value": int(row.value),
                    "source_org": str(row.source_org),
                    "source_url": str(row.source_url),
                    "note": str(row.period_label),
                }
            )
    arrival_iso3 = (
        route_countries[(route_countries["route_id"] == route_id) & (route_countries["role"] == "arrival")]["iso3"]
        .astype(str)
        .tolist()
    )
    arr = arrivals[
        (arrivals["iso3"].isin(arrival_iso3)) & (arrivals["period"] == period) & (arrivals["nationality_iso3"] == "ALL")
    ]
    for row in arr.sort_values(["country_code", "source_org"]).itertuples(index=False):
        if pd.isna(row.arrivals):
            continue
        out.append(
            {
                "kind": "country_arrivals",
                "label": f"Country arrivals — {row.country_code} ({row.source_org})",
                "value": int(row.arrivals),
                "source_org": str(row.source_org),
                "source_url": str(row.source_url),
                "note": "" if pd.isna(row.note) else str(row.note),
            }
        )
    return out


WHY_DIFFERENT = {
    "detections": "Counts detections at EU external borders, not persons: one person crossing twice counts twice.",
    "sea_arrivals": "Counts persons arriving by sea on this route's coasts; land arrivals and other routes excluded.",
    "disembarked": "Counts people rescued or intercepted and taken back to the departure region, not arrivals.",
    "departures": "Counts all recorded sea departures: arrivals plus interceptions.",
    "dead_missing": "Minimum estimates of recorded deaths and disappearances; many go unrecorded.",
    "country_arrivals": "Counts arrivals in a whole country (all routes into it), not along this route only.",
}
