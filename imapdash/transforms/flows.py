"""Flows between places: nationality → route → arrival area, and intra-African movements.

A route's arrival countries come from route_countries.csv; no publisher splits a route's total by
arrival country, so the Sankey ends at one "arrival area" node per route that lists its countries
instead of inventing a split.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import pandas as pd

from .routes import measure_rows

OTHER_NATIONALITIES = "Other nationalities (total − listed)"


@dataclass(frozen=True)
class SankeyData:
    """Nodes and links of a Sankey, with the sources of the values it shows.

    `labels`/`link_label` are English; `keys` (ISO3, route id, "_other"), `link_kinds` and
    `arrival_countries` (route id -> ISO3 codes) let a figure label nodes in another language.
    """

    labels: list[str] = field(default_factory=list)
    kinds: list[str] = field(default_factory=list)
    keys: list[str] = field(default_factory=list)
    link_kinds: list[str] = field(default_factory=list)
    arrival_countries: dict[str, list[str]] = field(default_factory=dict)
    source: list[int] = field(default_factory=list)
    target: list[int] = field(default_factory=list)
    value: list[int] = field(default_factory=list)
    link_label: list[str] = field(default_factory=list)
    sources: list[tuple[str, str]] = field(default_factory=list)


def arrival_areas(route_countries: pd.DataFrame) -> dict[str, list[str]]:
    """Arrival countries per route, in file order."""
    rows = route_countries[route_countries["role"] == "arrival"]
    return {str(r): [str(c) for c in g["iso3"]] for r, g in rows.groupby("route_id", sort=True)}


def nationality_route_sankey(
    flows: pd.DataFrame,
    route_countries: pd.DataFrame,
    routes: pd.DataFrame,
    *,
    measure: str,
    period: str,
    route_ids: Sequence[str] | None = None,
    top: int = 10,
) -> SankeyData:
    """Nationality → route → arrival area for one period (yearly rows; route totals from `ALL`)."""
    rows = measure_rows(flows, measure)
    period_type = "month" if len(period) > 4 else "year"
    rows = rows[(rows["period"] == period) & (rows["period_type"] == period_type)]
    if route_ids:
        rows = rows[rows["route_id"].isin(list(route_ids))]
    totals = rows[rows["nationality_iso3"] == "ALL"]
    if totals.empty:
        return SankeyData()
    names = dict(zip(routes["route_id"].astype(str), routes["name"].astype(str), strict=True))
    areas = arrival_areas(route_countries)
    labels: list[str] = []
    kinds: list[str] = []
    keys: list[str] = []
    index: dict[tuple[str, str], int] = {}

    def node(kind: str, key: str, label: str) -> int:
        if (kind, key) not in index:
            index[(kind, key)] = len(labels)
            labels.append(label)
            kinds.append(kind)
            keys.append(key)
        return index[(kind, key)]

    data = SankeyData(labels=labels, kinds=kinds, keys=keys)
    for row in totals.sort_values("value", ascending=False).itertuples(index=False):
        route = str(row.route_id)
        total = int(row.value)
        r_node = node("route", route, names.get(route, route))
        nats = rows[(rows["route_id"] == route) & (rows["nationality_iso3"] != "ALL")]
        nats = nats.sort_values("value", ascending=False, kind="stable").head(top)
        listed = 0
        for nat in nats.itertuples(index=False):
            if int(nat.value) <= 0:
                continue
            n_node = node("nationality", str(nat.nationality_iso3), str(nat.nationality_iso3))
            data.source.append(n_node)
            data.target.append(r_node)
            data.value.append(int(nat.value))
            data.link_label.append("nationality → route")
            data.link_kinds.append("nationality")
            listed += int(nat.value)
        if len(nats) and total > listed:
            o_node = node("nationality", "_other", OTHER_NATIONALITIES)
            data.source.append(o_node)
            data.target.append(r_node)
            data.value.append(total - listed)
            data.link_label.append("nationality → route")
            data.link_kinds.append("nationality")
        countries = areas.get(route, [])
        if countries and total > 0:
            a_node = node("arrival", route, f"Arrival area: {', '.join(countries)}")
            data.source.append(r_node)
            data.target.append(a_node)
            data.value.append(total)
            data.link_label.append("route arrival area (no split by country published)")
            data.link_kinds.append("arrival")
            data.arrival_countries[route] = list(countries)
    data.sources.extend(
        dict.fromkeys(zip(totals["source_org"].astype(str), totals["source_url"].astype(str), strict=True))
    )
    return data


def intra_african_movements(
    flow_monitoring: pd.DataFrame,
    countries: pd.DataFrame,
    *,
    year: int | None = None,
    top: int = 15,
) -> pd.DataFrame:
    """Largest DTM observed movements between two African countries (from ≠ to) in a year, summed over points.

    Returns `from_iso3, to_iso3, value, year, source_org, source_url`.
    """
    african = set(countries.loc[countries["region"] == "Africa", "iso3"].astype(str))
    rows = flow_monitoring[
        flow_monitoring["from_iso3"].isin(african)
        & flow_monitoring["to_iso3"].isin(african)
        & (flow_monitoring["from_iso3"] != flow_monitoring["to_iso3"])
    ]
    return _top_pairs(rows.rename(columns={"from_iso3": "a", "to_iso3": "b", "individuals": "v"}), year, top)


def south_south_corridors(
    corridors: pd.DataFrame,
    countries: pd.DataFrame,
    *,
    year: int | None = None,
    top: int = 15,
) -> pd.DataFrame:
    """Largest UN DESA migrant-stock corridors between two African countries (persons living abroad)."""
    african = set(countries.loc[countries["region"] == "Africa", "iso3"].astype(str))
    rows = corridors[corridors["origin_iso3"].isin(african) & corridors["destination_iso3"].isin(african)]
    return _top_pairs(rows.rename(columns={"origin_iso3": "a", "destination_iso3": "b", "total": "v"}), year, top)


def _top_pairs(rows: pd.DataFrame, year: int | None, top: int) -> pd.DataFrame:
    columns = ["from_iso3", "to_iso3", "value", "year", "source_org", "source_url"]
    if rows.empty:
        return pd.DataFrame(columns=columns)
    years = sorted(int(y) for y in rows["year"].unique())
    chosen = year if year in years else max((y for y in years if year is None or y <= year), default=years[-1])
    sub = rows[rows["year"] == chosen]
    pairs = sub.groupby(["a", "b"], as_index=False).agg(
        value=("v", "sum"), source_org=("source_org", "first"), source_url=("source_url", "first")
    )
    pairs = pairs.sort_values(["value", "a", "b"], ascending=[False, True, True]).head(top)
    return pd.DataFrame(
        {
            "from_iso3": pairs["a"].astype(str).to_numpy(),
            "to_iso3": pairs["b"].astype(str).to_numpy(),
            "value": pairs["value"].astype(int).to_numpy(),
            "year": chosen,
            "source_org": pairs["source_org"].astype(str).to_numpy(),
            "source_url": pairs["source_url"].astype(str).to_numpy(),
        },
        columns=columns,
    )
