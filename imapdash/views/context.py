"""One request, one context: what a view's code may know, built once by a thin callback wrapper.

How to write a view with this
=============================

A view is a package (see `imapdash/views/explorer/`): `state.py` (URL state, pure), `queries.py`
(frames from the datasets, pure, computed once per state), `charts.py` (one function per chart,
returning a `ChartOutput`), `page.py` (the layout; a submodule named `layout` would be shadowed by the
view's `layout()` function), and an `__init__.py` that only wires callbacks.

1. Core functions take a `ViewContext` and plain values, never `current_user`, `dash.ctx`,
   `flask.g` or a global engine. Everything that depends on the request is in the context:

       def ranking_chart(vc: ViewContext, state: ExplorerState) -> ChartOutput:
           frame = queries.resolve(vc, state).frame            # computed once per (data version, state)
           names = vc.country_names()                           # one lookup, one fallback rule
           figure = build_ranking(frame, names=names, lang=vc.lang, ...)
           return ChartOutput(figure, summary, rows, columns)

2. The callback wrapper is the only place that reads the request. It builds the context with
   `view_context(datasets, lang)` (the release is resolved once per request, see
   `imapdash.releases.provider`) and hands it down:

       @app.callback(*chart_outputs(Explorer.RANKING), Input(...), State(Shell.ROOT, "lang"))
       def _on_ranking(indicator, year, lang):
           vc = view_context(datasets, lang)
           return charts.ranking_chart(vc, state_from(vc, indicator, year)).parts()

   Ask for the user (`with_user=True`) or the database (`with_engine=True`) only where needed;
   `vc.triggered` holds the property ids that fired the callback (instead of `dash.ctx`).

3. One callback per chart: `chart_outputs(graph_id)` is [figure, summary, table] and
   `ChartOutput.parts()` fills them together; in the layout, `chart_block(graph_id, chart)` places the
   graph with its text alternative. No second callback recomputes a chart's numbers for its text.

4. The URL: describe the state once in a `UrlBinder` (imapdash/urlstate.py) and call
   `bind_url(app, binder, datasets)`; it registers URL -> controls and controls -> URL, keeps the
   shell parameters (embed, present, release) and applies the one language rule.

5. Names: `vc.country_names()`, `vc.route_names()`, `vc.place_names()` (imapdash/transforms/names.py);
   small per-process caches: `imapdash.lru.BoundedLRU`.

Tests build a context without a request: `ViewContext(datasets=..., lang="fr")`.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Hashable, Mapping
from dataclasses import dataclass, field
from typing import Any, TypeVar

import flask
from dash import Dash, Input, Output, State, ctx, no_update
from flask_login import current_user

from ..auth.guards import is_partner
from ..components.chart import chart_ids
from ..datasets import Datasets
from ..db import get_engine
from ..i18n import DEFAULT_LANGUAGE, normalise_language
from ..ids import Shell
from ..releases.provider import QUERY_PARAM, concrete, pinned_release
from ..transforms import names as name_lookups
from ..urlstate import UNCHANGED, UrlBinder

T = TypeVar("T")


@dataclass(frozen=True)
class ViewUser:
    """The logged-in user as view code sees it (read once, at the callback edge)."""

    name: str
    role: str
    country: str | None = None
    partner: bool = False


@dataclass(frozen=True)
class ViewContext:
    """Everything a view's core functions may read about the request they answer."""

    datasets: Datasets
    lang: str = DEFAULT_LANGUAGE
    user: ViewUser | None = None
    release: int = 0
    pinned: int | None = None  # the release the URL pins (links built now keep the pin), else None
    triggered: frozenset[str] = frozenset()  # "component.prop" ids that fired the callback
    engine: Any = None  # the database engine, when the wrapper asked for it
    _memo: dict = field(default_factory=dict, compare=False, repr=False)

    @property
    def pin_params(self) -> dict[str, int]:
        """{"release": N} while the page is pinned to a release, else {}."""
        return {QUERY_PARAM: self.pinned} if self.pinned is not None else {}

    def once(self, key: Hashable, compute: Callable[[], T]) -> T:
        """`compute()` the first time `key` is asked in this context, the same value afterwards."""
        if key not in self._memo:
            self._memo[key] = compute()
        return self._memo[key]

    def triggered_by(self, *component_ids: str) -> bool:
        """Whether any of `component_ids` (any property) fired the callback."""
        return any(prop.rsplit(".", 1)[0] in component_ids for prop in self.triggered)

    def country_names(self) -> dict[str, str]:
        return name_lookups.country_names(self.datasets, self.lang)

    def route_names(self) -> dict[str, str]:
        return name_lookups.route_names(self.datasets, self.lang)

    def place_names(self) -> dict[str, str]:
        return name_lookups.place_names(self.datasets, self.lang)


def request_user() -> ViewUser | None:
    """The logged-in, active user of this request, or None (anonymous, or no request)."""
    if not flask.has_request_context():
        return None
    if not current_user.is_authenticated or not current_user.is_active:
        return None
    return ViewUser(
        name=str(current_user.username),
        role=str(current_user.role),
        country=current_user.country_iso3 or None,
        partner=is_partner(),
    )


def triggered_props() -> frozenset[str]:
    """The property ids that fired the running Dash callback (empty outside a callback)."""
    try:
        return frozenset(ctx.triggered_prop_ids)
    except Exception:  # outside a callback Dash raises; a context built in a test has no trigger
        return frozenset()


def view_context(datasets: Any, lang: str | None = None, *, with_user: bool = False, with_engine: bool = False):
    """Build the context of this request: its one release, the language, and what else was asked for.

    `datasets` may be the app's `DatasetsProxy`: it is resolved here, once, to the concrete release
    this request reads (the provider fixes that choice for the whole request).
    """
    source = concrete(datasets)
    pinned, _missing = pinned_release()
    engine = get_engine() if with_engine else None
    return ViewContext(
        datasets=source,
        lang=normalise_language(lang),
        user=request_user() if with_user else None,
        release=int(getattr(source, "release", 0) or 0),
        pinned=pinned,
        triggered=triggered_props(),
        engine=engine,
    )


def chart_outputs(graph_id: str, *, allow_duplicate: bool = False) -> list[Output]:
    """The three outputs of one chart unit: figure, summary line and data table (see ChartOutput.parts)."""
    graph, summary, table = chart_ids(graph_id)
    return [
        Output(graph, "figure", allow_duplicate=allow_duplicate),
        Output(summary, "children", allow_duplicate=allow_duplicate),
        Output(table, "children", allow_duplicate=allow_duplicate),
    ]


def dash_values(values: tuple | Any) -> tuple | Any:
    """The binder's UNCHANGED as Dash's no_update."""
    if isinstance(values, tuple):
        return tuple(no_update if v is UNCHANGED else v for v in values)
    return no_update if values is UNCHANGED else values


def bind_url(
    app: Dash,
    binder: UrlBinder,
    datasets: Any,
    *,
    hold: tuple[tuple[str, str], Callable[[Any], bool]] | None = None,
    source: Callable[[ViewContext], Any] | None = None,
) -> None:
    """Register the two callbacks that keep `binder.controls` and the URL query in step.

    - URL -> controls (Back/Forward, a pasted link): only on the binder's path; controls that already
      show the state get no_update, so nothing fires twice. It listens to `Shell.SEARCH_EXTERNAL`, which
      shell.js fills for every query change except the one the controls just wrote themselves: a control's
      change costs one server round trip (the query), not two.
    - controls -> URL: the query for the controls' state, or no_update when the URL already says it; the
      same query goes to `Shell.SEARCH_WRITTEN` with a fresh stamp so shell.js can tell it apart.
      `hold=((id, prop), predicate)` adds an input whose value can hold the URL still (the explorer
      does not write a URL per frame while its year animation plays).

    `source(vc)` gives what the binder's functions receive (default: the ViewContext itself).
    """
    pick = source or (lambda vc: vc)
    controls = binder.controls

    @app.callback(
        [Output(i, p, allow_duplicate=True) for i, p in controls],
        Input(Shell.SEARCH_EXTERNAL, "data"),
        State(Shell.URL, "search"),
        State(Shell.URL, "pathname"),
        [State(i, p) for i, p in controls],
        State(Shell.ROOT, "lang"),
        prevent_initial_call=True,
    )
    def _url_to_controls(_external, search, pathname, *rest):
        *current, lang = rest
        if not binder.on_path(pathname):
            return (no_update,) * len(controls)
        vc = view_context(datasets, lang)
        return dash_values(binder.controls_for(pick(vc), search, current))

    extra = [Input(*hold[0])] if hold else []

    @app.callback(
        Output(Shell.URL, "search", allow_duplicate=True),
        Output(Shell.SEARCH_WRITTEN, "data", allow_duplicate=True),
        [Input(i, p) for i, p in controls],
        *extra,
        State(Shell.URL, "search"),
        State(Shell.URL, "pathname"),
        State(Shell.ROOT, "lang"),
        prevent_initial_call=True,
    )
    def _controls_to_url(*values):
        *values, search, pathname, lang = values
        if hold:
            *values, held = values
            if hold[1](held):
                return no_update, no_update
        if not binder.on_path(pathname):
            return no_update, no_update
        vc = view_context(datasets, lang)
        query = dash_values(binder.search_for(pick(vc), values, lang=vc.lang, current_search=search))
        if query is no_update:
            return no_update, no_update
        return query, {"search": query, "at": time.time_ns()}


def query_values(query: Mapping[str, list[str]] | None, lang: str | None = None) -> dict[str, list[str]]:
    """A layout's parsed query with the shell's language in it (the router passes both)."""
    merged = dict(query or {})
    if lang:
        merged["lang"] = [lang]
    return merged
