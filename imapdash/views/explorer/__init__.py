"""Map explorer (the start page): any indicator as a choropleth by year, with linked charts.

Why it is built this way:
- the state (indicator, year, region, selection, tab, mode) lives in the URL query, so a link
  reproduces exactly what a meeting saw, and Back/Forward step through it (`state.py`, `BINDER`);
- the figure in the layout is complete (the geometry is a URL, fetched once); every later change
  is a `dash.Patch` of values, colours, title or view only (notes §A1, §A6);
- numbers are published values; a missing country-year is grey "no data", never 0;
- every text is in the reader's language: the layout gets it in the query, callbacks read
  `State(ids.Shell.ROOT, "lang")`, and the URL the explorer writes keeps `lang`.

The package: `state.py` (URL state, pure), `queries.py` (frames, computed once per state),
`charts.py` (one unit per chart), `page.py` (the layout; not `layout.py`, which the view interface's
`layout()` below would shadow); this module only wires callbacks, each a thin wrapper
that builds the request's `ViewContext` and calls the pure functions.
"""

from __future__ import annotations

from dash import Dash, Input, Output, State, no_update

from ...ids import Explorer, Shell
from ...urlstate import UrlBinder
from ..context import ViewContext, bind_url, chart_outputs, query_values, view_context
from . import charts, queries
from . import page as page_layout
from .state import (
    PATH,
    ExplorerState,
    clicked_iso3,
    lang_query,
    query_params,
    state_from_controls,
    state_from_query,
    toggle_selection,
)

NAV_LABEL = "Map"
NAV_ORDER = 10
NAV_KEY = "nav.explorer"

CONTROL_IDS = (Explorer.INDICATOR, Explorer.YEAR, Explorer.REGION, Explorer.SELECTION, Explorer.TABS, Explorer.MODE)
CONTROL_NAMES = dict(zip(CONTROL_IDS, ("indicator", "year", "region", "selection", "tab", "mode"), strict=True))

BINDER = UrlBinder(
    path=PATH,
    controls=tuple((i, "value") for i in CONTROL_IDS),
    read_query=lambda vc, query: state_from_query(vc.datasets, query_values(query, vc.lang)),
    read_controls=lambda vc, values: state_from_controls(vc.datasets, *values, vc.lang),
    control_values=lambda vc, s: (
        s.indicator,
        queries.resolve(vc, s).year,
        s.region,
        list(s.selection),
        s.tab,
        s.mode,
    ),
    write_query=lambda vc, s: query_params(queries.shown_state(vc, s)),  # the year snapped to one with data
)


def layout(datasets, *, path: str = PATH, query: dict | None = None):
    """The map page, restored from the URL query."""
    query = query or {}
    vc = view_context(datasets, (query.get("lang") or [None])[0])
    state = queries.shown_state(vc, state_from_query(vc.datasets, query))
    return page_layout.page(vc, state)


def snapshot(datasets, *, path: str = PATH, query: dict | None = None, lang: str = "en") -> list[dict]:
    """The map and the ranking a story slide of this view shows in a meeting pack (see charts.snapshot)."""
    vc = view_context(datasets, lang)
    return charts.snapshot(vc, state_from_query(vc.datasets, query_values(query, vc.lang)))


def register_callbacks(app: Dash, datasets) -> None:
    """Wire URL <-> controls, controls -> map unit and side panel, play, clicks, exports."""
    bind_url(app, BINDER, datasets, hold=((Explorer.INTERVAL, "disabled"), lambda disabled: disabled is False))
    lang_state = State(Shell.ROOT, "lang")

    def state_of(vc: ViewContext, indicator, year, region=None, selection=None, tab=None, mode=None) -> ExplorerState:
        return state_from_controls(vc.datasets, indicator, year, region, selection, tab, mode, vc.lang)

    @app.callback(
        Output(Explorer.YEAR, "min"),
        Output(Explorer.YEAR, "max"),
        Output(Explorer.YEAR, "marks"),
        Output(Explorer.YEAR, "value", allow_duplicate=True),
        Input(Explorer.INDICATOR, "value"),
        Input(Explorer.MODE, "value"),
        State(Explorer.YEAR, "value"),
        prevent_initial_call=True,
    )
    def _on_indicator(indicator, mode, year):
        vc = view_context(datasets)
        low, high, marks, value = page_layout.year_slider(vc, state_of(vc, indicator, year, mode=mode))
        return low, high, marks, (no_update if value == year else value)

    @app.callback(
        *chart_outputs(Explorer.MAP),
        [Input(i, "value") for i in CONTROL_IDS if i != Explorer.TABS],
        State(Explorer.TABS, "value"),
        lang_state,
        prevent_initial_call=True,
    )
    def _on_map_inputs(indicator, year, region, selection, mode, tab, lang):
        vc = view_context(datasets, lang)
        changed = {CONTROL_NAMES[i.rsplit(".", 1)[0]] for i in vc.triggered if i.rsplit(".", 1)[0] in CONTROL_NAMES}
        return charts.map_update(vc, state_of(vc, indicator, year, region, selection, tab, mode), changed)

    @app.callback(
        *chart_outputs(Explorer.RANKING),
        Output(Explorer.SERIES, "figure"),
        Output(Explorer.TABLE, "children"),
        Output(Explorer.PROFILE_LINK, "href"),
        Output(Explorer.PROFILE_LINK, "children"),
        Output(Explorer.INDICATOR_NOTE, "children"),
        Input(Explorer.INDICATOR, "value"),
        Input(Explorer.YEAR, "value"),
        Input(Explorer.SELECTION, "value"),
        Input(Explorer.MODE, "value"),
        lang_state,
        prevent_initial_call=True,
    )
    def _on_side_inputs(indicator, year, selection, mode, lang):
        vc = view_context(datasets, lang)
        return charts.side(vc, state_of(vc, indicator, year, selection=selection, mode=mode))

    @app.callback(
        Output(Explorer.INTERVAL, "disabled"),
        Output(Explorer.PLAY, "children"),
        Output(Explorer.YEAR, "value", allow_duplicate=True),
        Input(Explorer.PLAY, "n_clicks"),
        State(Explorer.INTERVAL, "disabled"),
        State(Explorer.INDICATOR, "value"),
        State(Explorer.YEAR, "value"),
        State(Explorer.MODE, "value"),
        lang_state,
        prevent_initial_call=True,
    )
    def _on_play(_clicks, paused, indicator, year, mode, lang):
        vc = view_context(datasets, lang)
        return dash_play(page_layout.play_button(vc, state_of(vc, indicator, year, mode=mode), paused is not False))

    @app.callback(
        Output(Explorer.YEAR, "value", allow_duplicate=True),
        Output(Explorer.INTERVAL, "disabled", allow_duplicate=True),
        Output(Explorer.PLAY, "children", allow_duplicate=True),
        Input(Explorer.INTERVAL, "n_intervals"),
        State(Explorer.INDICATOR, "value"),
        State(Explorer.YEAR, "value"),
        State(Explorer.MODE, "value"),
        lang_state,
        prevent_initial_call=True,
    )
    def _on_tick(_n, indicator, year, mode, lang):
        vc = view_context(datasets, lang)
        following, stop = page_layout.play_tick(vc, state_of(vc, indicator, year, mode=mode))
        return following, (True if stop else no_update), (page_layout.play_label(vc.lang) if stop else no_update)

    @app.callback(
        Output(Explorer.SELECTION, "value", allow_duplicate=True),
        Input(Explorer.MAP, "clickData"),
        Input(Explorer.RANKING, "clickData"),
        State(Explorer.SELECTION, "value"),
        prevent_initial_call=True,
    )
    def _on_click(map_click, bar_click, selection):
        vc = view_context(datasets)
        from_map = vc.triggered_by(Explorer.MAP)
        iso3 = clicked_iso3(map_click if from_map else bar_click, key="location" if from_map else "customdata")
        return toggle_selection(selection, iso3, vc.datasets.countries["iso3"].astype(str).tolist())

    @app.callback(
        Output(Shell.URL, "pathname", allow_duplicate=True),
        Output(Shell.URL, "search", allow_duplicate=True),
        Input(Explorer.SEARCH, "value"),
        lang_state,
        prevent_initial_call=True,
    )
    def _on_search(iso3, lang):
        vc = view_context(datasets, lang)
        return profile_navigation(vc, iso3)

    @app.callback(
        Output(Explorer.DOWNLOAD, "data"),
        Input(Explorer.DOWNLOAD_BUTTON, "n_clicks"),
        [State(i, "value") for i in CONTROL_IDS],
        lang_state,
        prevent_initial_call=True,
    )
    def _on_download(_clicks, indicator, year, region, selection, tab, mode, lang):
        vc = view_context(datasets, lang)
        return charts.export_csv(vc, state_of(vc, indicator, year, region, selection, tab, mode))

    @app.callback(
        Output(Explorer.COPY_LINK, "content"),
        Input(Explorer.COPY_LINK, "n_clicks"),
        State(Shell.URL, "href"),
        prevent_initial_call=True,
    )
    def _on_copy(_clicks, href):
        return href or ""


def dash_play(values: tuple) -> tuple:
    """The play button's values with "leave the year" as no_update."""
    return tuple(no_update if v is None else v for v in values)


def profile_navigation(vc: ViewContext, iso3: str | None) -> tuple:
    """(pathname, search) of the chosen country's profile (keeping the language and a pin), or no_update."""
    if not iso3 or iso3 not in set(vc.datasets.countries["iso3"].astype(str)):
        return no_update, no_update
    return f"/country/{iso3}", lang_query(vc.lang, vc.pin_params)
