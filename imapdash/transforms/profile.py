"""The country profile's tables and key facts, computed from the bundled rows (pure pandas).

Every function takes the public frames of `Datasets` and an ISO3 code and returns published values
or plain sums of them (said in the note of the section that shows them); nothing is filled or
estimated. A key fact is a `Fact`: a catalogue key, the numbers it states, and the source of those
numbers, so the view renders it in any language and a unit test can check it against the rows.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from typing import Any

import pandas as pd

from ..datasets.schema import SPECIAL_NATIONALITIES

TOP_N = 5
REFUGEE_INDICATORS = ("refugees_hosted", "asylum_seekers_hosted", "refugees_abroad", "asylum_seekers_abroad")
REMITTANCE_INDICATORS = ("remittances_received_usd", "remittances_paid_usd", "remittances_received_pct_gdp")
COMPOSITION_GROUPS = ("men", "women", "children")


@dataclass(frozen=True)
class Fact:
    """One generated sentence: catalogue key `profile.fact.<key>`, its values and its source."""

    key: str
    values: dict = field(default_factory=dict)
    source_org: str = ""
    source_url: str = ""
    vintage: str = ""


def ordinal_rank(values: pd.Series, code: str) -> int | None:
    """1-based rank of `code` in a Series indexed by code (largest first, ties share the best rank)."""
    if code not in values.index:
        return None
    return int((values > values[code]).sum()) + 1


# --- routes and Frontex detections of the country's nationals ----------------------------------------


def routes_through(route_countries: pd.DataFrame, routes: pd.DataFrame, iso3: str) -> pd.DataFrame:
    """route_id, name, roles ("departure, transit") of the routes the country lies on."""
    rows = route_countries[route_countries["iso3"] == iso3]
    if rows.empty:
        return pd.DataFrame(columns=["route_id", "name", "roles"])
    roles = rows.groupby("route_id", sort=True)["role"].agg(lambda r: ", ".join(sorted(set(r))))
    out = roles.rename("roles").reset_index().merge(routes[["route_id", "name"]], on="route_id", how="left")
    return out[["route_id", "name", "roles"]]


_MEMO: dict[tuple[int, str], tuple[pd.DataFrame, object]] = {}
_MEMO_SIZE = 16  # a few derived tables per data release in use; the frames are read-only


def memo(frame: pd.DataFrame, name: str, build: Callable[[pd.DataFrame], Any]) -> Any:
    """`build(frame)`, computed once per frame object (data frames of a release never change)."""
    key = (id(frame), name)
    hit = _MEMO.get(key)
    if hit is not None and hit[0] is frame:
        return hit[1]
    value = build(frame)
    while len(_MEMO) >= _MEMO_SIZE:
        _MEMO.pop(next(iter(_MEMO)))
    _MEMO[key] = (frame, value)
    return value


def nationality_detections(flows: pd.DataFrame) -> pd.DataFrame:
    """`_nationality_detections` of a flows frame, computed once per frame."""
    return memo(flows, "nationality_detections", _nationality_detections)


def _nationality_detections(flows: pd.DataFrame) -> pd.DataFrame:
    """Frontex detections per route, year and nationality: yearly rows, else the sum of monthly rows.

    Frontex publishes yearly rows for each route's top nationalities and monthly rows for every
    nationality; where both exist they agree, so a route-year-nationality without a yearly row is the
    sum of its months (`from_months` True). Only complete public years (no `partial` yearly flag).
    """
    det = flows[(flows["measure"] == "detections") & (~flows["nationality_iso3"].isin(["ALL"]))]
    yearly = det[det["period_type"] == "year"]
    yearly = yearly[yearly["partial"].astype(int) == 0]
    yearly = yearly.assign(year=yearly["period"].astype(str).str[:4].astype(int), from_months=False)
    monthly = det[det["period_type"] == "month"]
    monthly = monthly.assign(year=monthly["period"].astype(str).str[:4].astype(int))
    summed = monthly.groupby(["route_id", "year", "nationality_iso3"], as_index=False)["value"].sum()
    summed["from_months"] = True
    keys = ["route_id", "year", "nationality_iso3"]
    published = yearly[[*keys, "value", "from_months"]]
    extra = summed.merge(published[keys], on=keys, how="left", indicator=True)
    extra = extra[extra["_merge"] == "left_only"].drop(columns="_merge")
    complete_years = set(zip(yearly["route_id"], yearly["year"], strict=True))
    extra = extra[[(r, y) in complete_years for r, y in zip(extra["route_id"], extra["year"], strict=True)]]
    out = pd.concat([published, extra], ignore_index=True)
    return out.sort_values(keys, kind="stable").reset_index(drop=True)


def detections_of_nationals(flows: pd.DataFrame, iso3: str) -> pd.DataFrame:
    """route_id, year, value, from_months: detections of the country's nationals per route and year."""
    table = nationality_detections(flows)
    return table[table["nationality_iso3"] == iso3].drop(columns="nationality_iso3").reset_index(drop=True)


def detection_rank(flows: pd.DataFrame, iso3: str) -> dict | None:
    """The route where the country's nationals were most detected in the latest year, and their rank there."""
    table = nationality_detections(flows)
    own = table[table["nationality_iso3"] == iso3]
    if own.empty:
        return None
    year = int(own["year"].max())
    best = own[own["year"] == year].sort_values(["value", "route_id"], ascending=[False, True]).iloc[0]
    route = str(best["route_id"])
    peers = table[
        (table["route_id"] == route)
        & (table["year"] == year)
        & (~table["nationality_iso3"].isin(SPECIAL_NATIONALITIES))
    ]
    rank = ordinal_rank(peers.set_index("nationality_iso3")["value"], iso3)
    return {"route_id": route, "year": year, "value": int(best["value"]), "rank": rank}


# --- arrivals, dead and missing ----------------------------------------------------------------------


def arrivals_in(arrivals: pd.DataFrame, iso3: str) -> pd.DataFrame:
    """Yearly arrivals in the country (all nationalities, IOM DTM rows first), complete years only."""
    rows = arrivals[
        (arrivals["iso3"] == iso3)
        & (arrivals["country_code"] == iso3)
        & (arrivals["period_type"] == "year")
        & (arrivals["nationality_iso3"] == "ALL")
        & (arrivals["arrivals"].notna())
    ]
    rows = rows.assign(year=rows["period"].astype(str).str[:4].astype(int))
    return rows.sort_values(["source_org", "year"]).reset_index(drop=True)


def arrivals_of_nationals(arrivals: pd.DataFrame, iso3: str) -> pd.DataFrame:
    """Yearly arrivals of the country's nationals in each reporting country (top-10 nationality rows)."""
    rows = arrivals[
        (arrivals["nationality_iso3"] == iso3) & (arrivals["period_type"] == "year") & arrivals["arrivals"].notna()
    ]
    rows = rows.assign(year=rows["period"].astype(str).str[:4].astype(int))
    return rows.sort_values(["country_code", "year"]).reset_index(drop=True)


def _incidents_by_country_year(incidents: pd.DataFrame) -> pd.DataFrame:
    years = pd.to_datetime(incidents["date"].astype(str), format="mixed").dt.year
    out = incidents.assign(year=years).groupby(["country_iso3", "year"], as_index=False)
    out = out.agg(dead_missing=("dead_missing", "sum"), incidents=("incident_id", "size"))
    return out.astype({"year": int, "dead_missing": int})


def dead_missing_in(incidents: pd.DataFrame, iso3: str) -> pd.DataFrame:
    """year, dead_missing, incidents: IOM Missing Migrants incidents recorded on the country's territory."""
    table = memo(incidents, "by_country_year", _incidents_by_country_year)
    rows = table[table["country_iso3"] == iso3]
    return rows[["year", "dead_missing", "incidents"]].reset_index(drop=True)


def last_complete_year(incidents: pd.DataFrame) -> int:
    """The last calendar year the incident file covers to its end (its latest date is in December)."""

    def build(frame: pd.DataFrame) -> int:
        latest = pd.to_datetime(frame["date"].astype(str), format="mixed").max()
        return int(latest.year) if latest.month == 12 else int(latest.year) - 1

    return memo(incidents, "last_complete_year", build)


def dead_missing_on_routes(flows: pd.DataFrame, route_ids: list[str]) -> pd.DataFrame:
    """route_id, year, value: IOM MMP dead and missing per route the country lies on, complete years."""

    def build(frame: pd.DataFrame) -> pd.DataFrame:
        rows = frame[
            (frame["measure"] == "dead_missing")
            & (frame["period_type"] == "year")
            & (frame["source_org"].str.startswith("IOM"))
            & (frame["partial"].astype(int) == 0)
            & (frame["nationality_iso3"] == "ALL")
        ]
        return rows.assign(year=rows["period"].astype(str).str[:4].astype(int))[["route_id", "year", "value"]]

    table = memo(flows, "mmp_dead_missing_yearly", build)
    return table[table["route_id"].isin(route_ids)].reset_index(drop=True)


# --- flow monitoring ---------------------------------------------------------------------------------


def flow_monitoring_totals(flow_monitoring: pd.DataFrame, iso3: str) -> pd.DataFrame:
    """year, individuals: movements observed at the country's flow monitoring points (IOM DTM)."""
    rows = flow_monitoring[flow_monitoring["fmp_iso3"] == iso3]
    return rows.groupby("year", as_index=False)["individuals"].sum().astype({"year": int, "individuals": int})


def flow_monitoring_ends(flow_monitoring: pd.DataFrame, iso3: str, year: int, end: str, n: int = TOP_N) -> pd.DataFrame:
    """Top `end` ("from_iso3" or "to_iso3") countries of movements observed in the country in `year`."""
    rows = flow_monitoring[(flow_monitoring["fmp_iso3"] == iso3) & (flow_monitoring["year"] == year)]
    sums = rows.groupby(end)["individuals"].sum().sort_values(ascending=False, kind="stable")
    return sums.head(n).rename_axis("iso3").reset_index()


def flow_composition(composition: pd.DataFrame, iso3: str) -> pd.DataFrame:
    """year, group, count: men, women and children observed at the country's flow monitoring points."""
    rows = composition[
        (composition["scope_type"] == "country")
        & (composition["scope_code"] == iso3)
        & (composition["population"] == "movements observed at flow monitoring points")
        & (composition["period_type"] == "year")
        & (composition["group"].isin([*COMPOSITION_GROUPS, "total"]))
        & composition["count"].notna()
    ]
    out = rows.assign(year=rows["period"].astype(str).str[:4].astype(int))
    return out[["year", "group", "count", "source_org", "source_url", "vintage"]].reset_index(drop=True)


# --- stocks and corridors ----------------------------------------------------------------------------


def corridor_top(corridors: pd.DataFrame, iso3: str, direction: str, n: int = TOP_N) -> pd.DataFrame:
    """Latest year's largest corridors: `origins` of migrants living in the country, or `destinations`
    of its emigrants. Columns iso3, total, year."""
    own, other = ("destination_iso3", "origin_iso3") if direction == "origins" else ("origin_iso3", "destination_iso3")
    rows = corridors[corridors[own] == iso3]
    if rows.empty:
        return pd.DataFrame(columns=["iso3", "total", "year"])
    year = int(rows["year"].max())
    latest = rows[rows["year"] == year].sort_values(["total", other], ascending=[False, True], kind="stable")
    out = latest.head(n).rename(columns={other: "iso3"})[["iso3", "total"]]
    return out.assign(year=year).reset_index(drop=True)


def indicator_series(values: pd.DataFrame, iso3: str, indicator_ids: tuple[str, ...]) -> pd.DataFrame:
    """The country's rows of some indicators, by indicator then year."""
    rows = values[(values["iso3"] == iso3) & (values["indicator_id"].isin(indicator_ids))]
    return rows.sort_values(["indicator_id", "year"]).reset_index(drop=True)


def latest_value(values: pd.DataFrame, iso3: str, indicator_id: str) -> pd.Series | None:
    """The country's latest row of one indicator, or None."""
    rows = indicator_series(values, iso3, (indicator_id,))
    return None if rows.empty else rows.iloc[-1]


# --- key facts -----------------------------------------------------------------------------------------


def _fact_from_row(key: str, row: pd.Series, **values: Any) -> Fact:
    return Fact(key, values, str(row["source_org"]), str(row["source_url"]), str(row["vintage"]))


def key_facts(tables: Mapping[str, pd.DataFrame], iso3: str) -> list[Fact]:
    """The generated key facts of one country, from its public rows (a fact without data is left out).

    `tables` maps table names to public frames (a `Datasets` tables mapping); each fact's values
    carry the country's code as `iso3`.
    """
    return [replace(f, values={"iso3": iso3, **f.values}) for f in _facts(tables, iso3)]


def _facts(tables: Mapping[str, pd.DataFrame], iso3: str) -> list[Fact]:
    facts: list[Fact] = []
    flows, values = tables["flows"], tables["indicator_values"]

    routes = routes_through(tables["route_countries"], tables["routes"], iso3)
    if len(routes):
        facts.append(
            Fact(
                "routes",
                {
                    "count": len(routes),
                    "routes": list(routes["route_id"]),
                    "roles": [r.split(", ") for r in routes["roles"]],
                },
            )
        )

    ranked = detection_rank(flows, iso3)
    if ranked and ranked["rank"] is not None:
        row = flows[flows["route_id"] == ranked["route_id"]].iloc[0]
        facts.append(_fact_from_row("detections_rank", row, **ranked))

    stock = latest_value(values, iso3, "migrant_stock_total")
    if stock is not None:
        origins = corridor_top(tables["corridors"], iso3, "origins", 3)
        facts.append(
            _fact_from_row(
                "immigrants", stock, year=int(stock["year"]), value=float(stock["value"]), top=list(origins["iso3"])
            )
        )

    destinations = corridor_top(tables["corridors"], iso3, "destinations", 3)
    if len(destinations):
        corridors = tables["corridors"]
        row = corridors[corridors["origin_iso3"] == iso3].iloc[0]
        facts.append(
            _fact_from_row(
                "emigrants",
                row,
                year=int(destinations["year"].iloc[0]),
                top=list(destinations["iso3"]),
                values=[int(v) for v in destinations["total"]],
            )
        )

    hosted = latest_value(values, iso3, "refugees_hosted")
    if hosted is not None:
        facts.append(
            _fact_from_row(
                "refugees",
                hosted,
                year=int(hosted["year"]),
                value=float(hosted["value"]),
                period=str(hosted["period_label"]),
            )
        )

    share = latest_value(values, iso3, "remittances_received_pct_gdp")
    received = latest_value(values, iso3, "remittances_received_usd")
    if received is not None:
        same_year = share is not None and int(share["year"]) == int(received["year"])
        facts.append(
            _fact_from_row(
                "remittances",
                received,
                year=int(received["year"]),
                value=float(received["value"]),
                pct_gdp=float(share["value"]) if same_year and share is not None else None,
            )
        )

    arrivals = arrivals_in(tables["arrivals"], iso3)
    dtm = arrivals[arrivals["source_org"] == "IOM DTM"]
    if len(dtm):
        last = dtm.sort_values("year").iloc[-1]
        facts.append(_fact_from_row("arrivals", last, year=int(last["year"]), value=float(last["arrivals"])))

    monitoring = flow_monitoring_totals(tables["flow_monitoring"], iso3)
    if len(monitoring):
        last_year = int(monitoring["year"].max())
        fm_rows = tables["flow_monitoring"]
        row = fm_rows[fm_rows["fmp_iso3"] == iso3].iloc[0]
        comp = flow_composition(tables["composition"], iso3)
        comp = comp[comp["year"] == last_year].set_index("group")["count"]
        children = None
        if "children" in comp.index and "total" in comp.index and comp["total"] > 0:
            children = float(comp["children"]) / float(comp["total"]) * 100
        total = int(monitoring.loc[monitoring["year"] == last_year, "individuals"].iloc[0])
        facts.append(_fact_from_row("flow_monitoring", row, year=last_year, value=total, children_pct=children))

    dead = dead_missing_in(tables["incidents"], iso3)
    if len(dead):
        incidents = tables["incidents"]
        row = incidents[incidents["country_iso3"] == iso3].iloc[0]
        complete = dead[dead["year"] <= last_complete_year(incidents)]
        if complete.empty:
            return facts
        last = complete.iloc[-1]
        facts.append(
            _fact_from_row(
                "dead_missing",
                row,
                year=int(last["year"]),
                value=int(last["dead_missing"]),
                first_year=int(dead["year"].min()),
                since=int(complete["dead_missing"].sum()),
            )
        )
    return facts
