"""Pure pandas for the partner area's restricted flows (no Dash, no plotly, no user checks).

Callers pass frames they obtained through `imapdash.partner.access`; these functions only shape them.
"""

from __future__ import annotations

import pandas as pd

from imapdash.urlstate import first, parse_query


def preliminary_monthly(flows: pd.DataFrame, route: str | None = None) -> pd.DataFrame:
    """Monthly all-nationality detections from `flows`, optionally for one route, oldest first."""
    monthly = flows[
        (flows["period_type"] == "month") & (flows["measure"] == "detections") & (flows["nationality_iso3"] == "ALL")
    ]
    if route:
        monthly = monthly[monthly["route_id"] == route]
    return monthly.sort_values(["route_id", "period"], kind="stable").reset_index(drop=True)


def parse_route(search: str | None, route_ids: set[str] | frozenset[str]) -> str | None:
    """The `route` of the partner area's query string, if it names a known route."""
    route = first(parse_query(search), "route")
    return route if route in route_ids else None


def route_query(route: str | None) -> str:
    """The query string for a route filter ("" for all routes)."""
    return f"?route={route}" if route else ""
