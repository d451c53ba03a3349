"""The partner area's URL state: the route filter (`/partner?route=…`), pure.

The binder describes the state once; the partner's own guarded callbacks use it (not `bind_url`,
whose callbacks are public: the route control is a `partner-` component only partners may drive).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from ...ids import Partner
from ...urlstate import UNCHANGED, UrlBinder, first, parse_query

PATH = "/partner"


def _route(route_ids: frozenset[str], value: object) -> str | None:
    return value if isinstance(value, str) and value in route_ids else None


ROUTE_URL: UrlBinder[str | None] = UrlBinder(
    path=PATH,
    controls=((Partner.ROUTE, "value"),),
    read_query=lambda route_ids, query: _route(route_ids, first(query, "route")),
    read_controls=lambda route_ids, values: _route(route_ids, values[0]),
    control_values=lambda route_ids, route: (route,),
    write_query=lambda route_ids, route: {"route": route},
)


def restored_route(route_ids: frozenset[str], search: str | None) -> str | None:
    """The route the page's query names, if it is a known route."""
    return ROUTE_URL.read_query(route_ids, parse_query(search))


def route_search(route: str | None, route_ids: frozenset[str], search: str | None, lang: str | None = None) -> Any:
    """The URL query for the route filter (keeping the shell's parameters), or UNCHANGED if already there."""
    return ROUTE_URL.search_for(route_ids, [route], lang=lang, current_search=search)


def query_lang(query: Mapping[str, Sequence[str]] | None) -> str | None:
    """The interface language the router put in a layout's query."""
    return ((query or {}).get("lang") or [None])[0]


__all__ = ["PATH", "ROUTE_URL", "UNCHANGED", "query_lang", "restored_route", "route_search"]
