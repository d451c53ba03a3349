"""The routes page's URL state, as pure functions: parse, validate, write, and what a click does to it."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace

from ...i18n import normalise_language
from ...transforms import routes as tx
from ...urlstate import UNCHANGED, as_list, first, to_query

PATH = "/routes"
TABS = ("nationalities", "composition", "sankey", "africa")
SPEEDS = {"0.5×": 1600, "1×": 800, "2×": 400, "4×": 200}
PERIOD_RE = re.compile(r"^\d{4}$")
ISO3_RE = re.compile(r"^[A-Z]{3}$")
SCOPE_RE = re.compile(r"^[A-Za-z0-9+-]{2,40}$")


@dataclass(frozen=True)
class RoutesState:
    """Everything the page shows, as it travels in the URL query."""

    routes: tuple[str, ...] = ()
    measure: str = "detections"
    start: str | None = None
    end: str | None = None
    nationality: str = "ALL"
    granularity: str = "year"
    view: str = "nationalities"
    scope: str | None = None
    mode: str = "count"
    africa: str = "dtm"
    incidents: bool = True
    lang: str | None = None


def parse_state(
    query: Mapping, known_routes: frozenset[str] | set[str] = frozenset(), measures: tuple[str, ...] = ()
) -> RoutesState:
    """URL query -> state; unknown or malformed values fall back to defaults.

    `measures`: the measures the region's manifest offers (its first is the default; all of them when empty).
    """
    routes = tuple(r for r in as_list(query, "route") if not known_routes or r in known_routes)
    offered = tuple(m for m in measures if m in tx.MEASURES) or tuple(tx.MEASURES)
    measure = first(query, "measure", default_measure(measures))
    start, end = first(query, "from"), first(query, "to")
    nat = (first(query, "nat") or "ALL").upper()
    gran = first(query, "gran", "year")
    view = first(query, "view", "nationalities")
    scope = first(query, "cscope")
    mode = first(query, "comp", "count")
    africa = first(query, "africa", "dtm")
    state = RoutesState(
        routes=routes,
        measure=measure if measure in offered else offered[0],
        start=start if start and PERIOD_RE.match(start) else None,
        end=end if end and PERIOD_RE.match(end) else None,
        nationality=nat if nat == "ALL" or ISO3_RE.match(nat) else "ALL",
        granularity=gran if gran in ("year", "month") else "year",
        view=view if view in TABS else "nationalities",
        scope=scope if scope and SCOPE_RE.match(scope) else None,
        mode=mode if mode in ("count", "share") else "count",
        africa=africa if africa in ("dtm", "desa") else "dtm",
        incidents=first(query, "inc", "1") != "0",
        lang=normalise_language(first(query, "lang")) if first(query, "lang") else None,
    )
    if state.start and state.end and state.start > state.end:
        state = replace(state, start=state.end, end=state.start)
    return state


def default_measure(measures: tuple[str, ...] = ()) -> str:
    """The measure a URL without one shows: the region's first (`parse_state`), else the first known."""
    offered = tuple(m for m in measures if m in tx.MEASURES) or tuple(tx.MEASURES)
    return offered[0]


def query_params(state: RoutesState, default: str | None = None) -> dict[str, object]:
    """The page's own URL parameters (defaults left out, so short URLs stay short; no language).

    `default`: the region's default measure (`default_measure`), left out too when given: the page opened
    as plain /routes then keeps its URL, instead of the URL changing on load (which sent the controls a
    round trip to the server that changed nothing, ahead of the charts' own callbacks).
    """
    return {
        "route": list(state.routes),
        "measure": None if state.measure == default else state.measure,
        "from": state.start,
        "to": state.end,
        "nat": None if state.nationality == "ALL" else state.nationality,
        "gran": None if state.granularity == "year" else state.granularity,
        "view": None if state.view == "nationalities" else state.view,
        "cscope": state.scope,
        "comp": None if state.mode == "count" else state.mode,
        "africa": None if state.africa == "dtm" else state.africa,
        "inc": None if state.incidents else "0",
    }


def state_query(state: RoutesState) -> str:
    """State -> '?route=…&measure=…' (defaults left out), with the state's language when it has one."""
    return to_query(query_params(state) | {"lang": state.lang})


def state_from_controls(
    routes=None,
    measure=None,
    granularity=None,
    start=None,
    end=None,
    nationality=None,
    layers=None,
    view=None,
    scope=None,
    mode=None,
    africa=None,
) -> RoutesState:
    """Control values (as Dash sends them, in CONTROL_PROPS order) -> state."""
    return RoutesState(
        routes=tuple(routes or ()),
        measure=measure or "detections",
        start=str(start) if start else None,
        end=str(end) if end else None,
        nationality=nationality or "ALL",
        granularity=granularity or "year",
        view=view or "nationalities",
        scope=scope or None,
        mode=mode or "count",
        africa=africa or "dtm",
        incidents=layers is None or "incidents" in layers,
    )


def control_values(state: RoutesState) -> tuple:
    """What each control shows for a state, in CONTROL_PROPS order."""
    return (
        list(state.routes),
        state.measure,
        state.granularity,
        state.start,
        state.end,
        state.nationality,
        ["incidents"] if state.incidents else [],
        state.view,
        state.scope,
        state.mode,
        state.africa,
    )


def route_from_click(click: dict | None, current: Sequence[str] | None) -> list[str] | object:
    """A click on a route line toggles that route in the filter; clicks elsewhere change nothing (UNCHANGED)."""
    points = (click or {}).get("points") or []
    route = points[0].get("customdata") if points else None
    if not isinstance(route, str) or not route:
        return UNCHANGED
    chosen = list(current or [])
    return [r for r in chosen if r != route] if route in chosen else [*chosen, route]
