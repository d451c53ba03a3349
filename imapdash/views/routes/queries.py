"""The frames the routes page shows, from the datasets: pure, computed once per (data version, state).

The animation, its text alternative, the exports and the side panels read the same frames; each is kept
in a small bounded LRU keyed by the data version and only the state fields it depends on, so the
callbacks one filter change fires share one computation per frame.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import TypeVar

import pandas as pd

from ...figures.flows import OTHER_NATIONALITIES
from ...lru import BoundedLRU
from ...transforms import composition as comp
from ...transforms import flows as flow_tx
from ...transforms import routes as tx
from ..context import ViewContext
from .state import RoutesState

T = TypeVar("T")
_FRAMES: BoundedLRU[tuple, object] = BoundedLRU(96)


def _once(vc: ViewContext, key: tuple, compute: Callable[[], T]) -> T:
    return _FRAMES.get_or_compute((vc.datasets.version, *key), compute)  # type: ignore[return-value]


def once(vc: ViewContext, key: tuple, compute: Callable[[], T]) -> T:
    """A result computed once per data version and `key` (shared, read-only: callers must not mutate it)."""
    return _once(vc, key, compute)


def effective(vc: ViewContext, state: RoutesState) -> RoutesState:
    """Fill the period range from the data and fall back to yearly steps for yearly-only measures."""
    gran = state.granularity if tx.MEASURES[state.measure].monthly else "year"
    bounds = _once(vc, ("bounds", state.measure), lambda: tx.range_bounds(vc.datasets.flows, state.measure, "year"))
    if bounds is None:
        return replace(state, granularity=gran)
    lo, hi = bounds
    start = max(state.start or lo, lo)
    end = min(state.end or hi, hi)
    if start > end:
        start, end = lo, hi
    return replace(state, granularity=gran, start=start, end=end)


def map_values(vc: ViewContext, state: RoutesState, *, only_routes: bool = False) -> pd.DataFrame:
    """Route × period values of the measure over the range (the animation's frames); `only_routes` filters."""
    eff = effective(vc, state)
    routes = tuple(eff.routes) if only_routes and eff.routes else None
    key = ("values", eff.measure, eff.granularity, eff.nationality, eff.start, eff.end, routes)
    return _once(
        vc,
        key,
        lambda: tx.period_values(
            vc.datasets.flows,
            eff.measure,
            granularity=eff.granularity,
            nationality=eff.nationality,
            routes=list(routes) if routes else None,
            start=eff.start,
            end=eff.end,
        ),
    )


def animation_periods(values: pd.DataFrame) -> list[str]:
    """One frame per period in the selected range that has at least one value."""
    return sorted(set(values["period"].astype(str)))


def nationality_rows(vc: ViewContext, state: RoutesState) -> pd.DataFrame:
    """Top-10 nationalities per year for the selected routes (one measure, one publisher), and the rest.

    Always yearly (a monthly animation moves the chart's cursor by year): 192 monthly bars were unreadable
    and their data table (one row per nationality and month) froze the page. Each year also gets a row
    `OTHER_NATIONALITIES`: the year's total for the selection minus its top nationalities, so every bar
    is as tall as the total the map's period label and summary give for that year (one number per concept).
    """
    eff = effective(vc, replace(state, granularity="year"))
    key = ("nationalities", eff.measure, tuple(eff.routes), eff.start, eff.end)

    def compute() -> pd.DataFrame:
        flows = vc.datasets.flows
        routes = list(eff.routes) or None
        top = tx.top_nationalities(flows, eff.measure, routes=routes, granularity="year", start=eff.start, end=eff.end)
        totals = tx.period_values(flows, eff.measure, granularity="year", routes=routes, start=eff.start, end=eff.end)
        if top.empty or totals.empty:  # no breakdown published: the chart says so
            return top
        by_year = totals.groupby("period", as_index=False).agg(
            value=("value", "sum"), source_org=("source_org", "first"), source_url=("source_url", "first")
        )
        shown = top.groupby("period")["value"].sum() if not top.empty else pd.Series(dtype=float)
        rest = by_year.assign(value=by_year["value"] - by_year["period"].map(shown).fillna(0))
        rest = rest[rest["value"] > 0].assign(route_id="", nationality_iso3=OTHER_NATIONALITIES)
        return pd.concat([top, rest[list(top.columns)]], ignore_index=True)

    return _once(vc, key, compute)


def composition_scope(vc: ViewContext, state: RoutesState) -> str | None:
    """The composition scope shown: the explicit choice, else the first route's own or arrival-country rows."""
    datasets = vc.datasets
    if state.scope and state.scope in set(datasets.composition["scope_code"].astype(str)):
        return state.scope
    for route in state.routes:
        scopes = comp.scopes_for_route(datasets.composition, datasets.route_countries, route)
        if scopes:
            return scopes[0]
    return None


def composition_frame(vc: ViewContext, state: RoutesState):
    """(series, scope, source, population) of the composition shown for the state."""
    eff = effective(vc, state)
    scope = composition_scope(vc, eff)
    if scope is None:
        return None, None, None, None

    def compute():
        main = comp.main_series(vc.datasets.composition, scope, eff.granularity)
        if main is None:
            return None, scope, None, None
        series = comp.composition_series(vc.datasets.composition, scope, main[0], main[1], granularity=eff.granularity)
        return series, scope, main[0], main[1]

    return _once(vc, ("composition", scope, eff.granularity), compute)


def composition_shown(vc: ViewContext, state: RoutesState) -> pd.DataFrame | None:
    """The composition series within the selected range (what the charts and their table show)."""
    series, _scope, _source, _population = composition_frame(vc, state)
    if series is None:
        return None
    eff = effective(vc, state)
    start, end = (eff.start or "2014"), (eff.end or "2024")
    years = series["period"].str.slice(0, 4)
    return series[(years >= start) & (years <= end)]


def sankey_year(vc: ViewContext, state: RoutesState, period: str | None) -> str:
    """The year the Sankey shows: the period's, else the end of the range."""
    return (period or effective(vc, state).end or "")[:4]


def sankey_data(vc: ViewContext, state: RoutesState, period: str | None, *, top: int = 10) -> flow_tx.SankeyData:
    """Nationality → route → arrival area links for the year of `period` (each route's `top` nationalities)."""
    eff = effective(vc, state)
    year = sankey_year(vc, state, period)
    datasets = vc.datasets
    return _once(
        vc,
        ("sankey", eff.measure, year, tuple(eff.routes), top),
        lambda: flow_tx.nationality_route_sankey(
            datasets.flows,
            datasets.route_countries,
            datasets.routes,
            measure=eff.measure,
            period=year,
            route_ids=list(eff.routes) or None,
            top=top,
        ),
    )


def sankey_data_within(
    vc: ViewContext, state: RoutesState, period: str | None, most_nationalities: int
) -> flow_tx.SankeyData:
    """sankey_data with the most nationalities per route that keeps the nationality column (the "other
    nationalities" node included) at `most_nationalities` names; one per route at least."""
    for top in range(10, 0, -1):
        data = sankey_data(vc, state, period, top=top)
        if sum(kind == "nationality" for kind in data.kinds) <= most_nationalities:
            break
    return data


def africa_pairs(vc: ViewContext, source: str | None, period: str | None) -> pd.DataFrame:
    """Intra-African movements (DTM flow monitoring) or migrant-stock corridors (UN DESA), largest pairs."""
    year = int(period[:4]) if period else None
    datasets = vc.datasets
    if source == "desa":
        return _once(
            vc,
            ("desa", year),
            lambda: flow_tx.south_south_corridors(datasets.corridors, datasets.countries, year=year),
        )
    return _once(
        vc,
        ("dtm", year),
        lambda: flow_tx.intra_african_movements(datasets.flow_monitoring, datasets.countries, year=year),
    )
