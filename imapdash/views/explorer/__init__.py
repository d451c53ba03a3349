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

from dataclasses import replace

from dash import ClientsideFunction, Dash, Input, Output, State, no_update

from ...ids import Explorer, Shell
from ...theme import TOPOJSON_URL
from ...urlstate import UrlBinder, parse_query
from ...web import geometry_url
from ..context import ViewContext, chart_outputs, dash_values, query_values, view_context
from . import charts, queries
from . import page as page_layout
from .state import (
    PATH,
    ExplorerState,
    clicked_iso3,
    query_params,
    state_from_controls,
    state_from_query,
    toggle_selection,
)

NAV_LABEL = "Map"
NAV_ORDER = 10
NAV_KEY = "nav.explorer"
# Public and the same for every visitor of a URL: the first request's layout holds the page (shell.first_page)
PRERENDER = True

CONTROL_IDS = (Explorer.INDICATOR, Explorer.YEAR, Explorer.REGION, Explorer.SELECTION, Explorer.TABS, Explorer.MODE)
CONTROL_NAMES = dict(zip(CONTROL_IDS, ("indicator", "year", "region", "selection", "tab", "mode"), strict=True))

BINDER = UrlBinder(
    path=PATH,
    controls=tuple((i, "value") for i in CONTROL_IDS),
    read_query=lambda vc, query: state_from_query(vc.datasets, query_values(query, vc.lang)),
    read_controls=lambda vc, values: controls_state(vc, *values),
    control_values=lambda vc, s: (
        s.indicator,
        page_layout.year_slider(vc, s)[3],  # the slider's position, not the year (one step per year with data)
        s.region,
        list(s.selection),
        s.tab,
        s.mode,
    ),
    write_query=lambda vc, s: query_params(queries.shown_state(vc, s)),  # the year snapped to one with data
)


def controls_state(vc: ViewContext, indicator, index, region=None, selection=None, tab=None, mode=None):
    """The state the controls show: the year slider gives a position among the indicator's years with data."""
    state = state_from_controls(vc.datasets, indicator, None, region, selection, tab, mode, vc.lang)
    return replace(state, year=page_layout.year_at(queries.resolve(vc, state).years, index))


BASE_MAP = "world_110m"  # plotly.js's name of the base map its geo maps draw the ocean from


def preloads(datasets) -> dict:
    """What the map's first paint fetches once the page is in (shell.first_load_hints preloads it): the
    geometry, plotly's base map, and the dcc chunks of the graph, dropdowns and slider.

    "geojson" and "topojson" name the fetched files plotly.js would ask for itself: shell.js hands them to it
    before the map is drawn (the figure's geojson URL, the base map's name)."""
    geometry = geometry_url(datasets)
    base_map = f"{TOPOJSON_URL}{BASE_MAP}.json"
    return {
        "fetch": [geometry, base_map],
        "chunks": ["graph", "dropdown", "slider"],
        "geojson": {geometry: geometry},
        "topojson": {base_map: BASE_MAP},
    }


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


def side_changes(side: object) -> set[str]:
    """What a side-panel trigger says changed: the year only, or the data too (anything else: both)."""
    what = side.get("what") if isinstance(side, dict) else None
    return {"year"} if what == "year" else {"data", "year"}


def store_state(vc: ViewContext, store: dict | None, index, selection=None) -> ExplorerState:
    """The state the year store and the slider show (indicator and mode from the store, the year by position)."""
    store = store or {}
    state = state_from_controls(
        vc.datasets, store.get("indicator"), None, None, selection, None, store.get("mode"), vc.lang
    )
    return replace(state, year=page_layout.year_at(list(store.get("years") or []), index))


def register_callbacks(app: Dash, datasets) -> None:
    """Wire the explorer. Inserting the page fires none of these (every output of a callback whose input is
    in the page lives in the page too); a year change redraws the map in the browser (assets/js/explorer.js)
    and asks the server only for the side panel and the URL."""
    lang_state = State(Shell.ROOT, "lang")
    years = (Explorer.YEARS, "data")

    # The address changed: the browser lets it through to the server only when it says something the
    # controls do not show (Back/Forward, a pasted link), not when it is the explorer's own write.
    app.clientside_callback(
        ClientsideFunction(namespace="explorer", function_name="urlChanged"),
        Output(Explorer.URL_IN, "data"),
        Input(Shell.URL, "search"),
        State(*years),
        [State(i, "value") for i in (Explorer.YEAR, Explorer.REGION, Explorer.SELECTION, Explorer.TABS)],
        prevent_initial_call=True,
    )

    @app.callback(
        [Output(i, "value", allow_duplicate=True) for i in CONTROL_IDS],
        Input(Explorer.URL_IN, "data"),
        State(Shell.URL, "pathname"),
        [State(i, "value") for i in CONTROL_IDS],
        lang_state,
        prevent_initial_call=True,
    )
    def _url_to_controls(url_in, pathname, *rest):
        """Back/Forward or a pasted link on this page: the controls the URL describes (no_update where shown)."""
        search = (url_in or {}).get("search") if isinstance(url_in, dict) else None
        *current, lang = rest
        if not BINDER.on_path(pathname):
            return (no_update,) * len(CONTROL_IDS)
        vc = view_context(datasets, lang)
        values = list(dash_values(BINDER.controls_for(vc, search, current)))
        if values[0] is not no_update or values[5] is not no_update:
            values[1] = no_update  # a new indicator or mode: _on_data places the slider (on the URL's year)
        return tuple(values)

    # The URL for the shown state, written in the browser (no server round trip on a year change); held
    # still while the year animation plays. Same query as BINDER.query_for (a unit test compares them).
    app.clientside_callback(
        ClientsideFunction(namespace="explorer", function_name="writeUrl"),
        Output(Explorer.URL, "search"),
        Input(*years),
        [Input(i, "value") for i in CONTROL_IDS if i not in (Explorer.INDICATOR, Explorer.MODE)],
        Input(Explorer.INTERVAL, "disabled"),
        State(Shell.URL, "search"),
        State(Shell.URL, "pathname"),
        lang_state,
        prevent_initial_call=True,
    )

    @app.callback(
        Output(*years),
        Output(Explorer.YEAR, "max"),
        Output(Explorer.YEAR, "marks"),
        Output(Explorer.YEAR, "value", allow_duplicate=True),
        Output(Explorer.YEAR_BOX, "data-years"),
        Input(Explorer.INDICATOR, "value"),
        Input(Explorer.MODE, "value"),
        Input(Explorer.SELECTION, "value"),
        State(Explorer.YEAR, "value"),
        State(*years),
        State(Shell.URL, "search"),
        lang_state,
        prevent_initial_call=True,
    )
    def _on_data(indicator, mode, selection, index, store, search, lang):
        """A new indicator, mode or corridor focus: every year's map values, and the slider over its years."""
        vc = view_context(datasets, lang)
        state = state_from_controls(vc.datasets, indicator, None, None, selection, None, mode, vc.lang)
        store = store or {}
        same_data = (state.indicator, state.mode) == (store.get("indicator"), store.get("mode"))
        if same_data and (state.mode == "indicator" or state.focus == store.get("focus")):
            return (no_update,) * 5  # a selection change in indicator mode: the values stay
        url = state_from_query(vc.datasets, query_values(parse_query(search), vc.lang))
        from_url = not same_data and (url.indicator, url.mode) == (state.indicator, state.mode)
        year = url.year if from_url else page_layout.year_at(list(store.get("years") or []), index)
        state = queries.shown_state(vc, replace(state, year=year))
        _low, high, marks, value = page_layout.year_slider(vc, state)
        data = page_layout.years_data(vc, state)
        return data, high, marks, value, page_layout.years_attribute(data["years"])

    # The first page's ranking and series, drawn once the map is (page.page; assets/js/explorer.js sideFirst)
    app.clientside_callback(
        ClientsideFunction(namespace="explorer", function_name="sideFirst"),
        Output(Explorer.RANKING, "figure", allow_duplicate=True),
        Output(Explorer.SERIES, "figure", allow_duplicate=True),
        Input(Explorer.SIDE_FIRST, "data"),
        prevent_initial_call="initial_duplicate",
    )

    app.clientside_callback(
        ClientsideFunction(namespace="explorer", function_name="drawYear"),
        Output(Explorer.MAP, "figure", allow_duplicate=True),
        Input(Explorer.YEAR, "value"),
        Input(*years),
        State(Explorer.MAP, "figure"),
        prevent_initial_call=True,
    )

    @app.callback(
        Output(Explorer.MAP, "figure", allow_duplicate=True),
        Input(Explorer.REGION, "value"),
        Input(Explorer.SELECTION, "value"),
        lang_state,
        prevent_initial_call=True,
    )
    def _on_view(region, selection, lang):
        vc = view_context(datasets, lang)
        state = state_from_controls(vc.datasets, None, None, region, selection, None, None, vc.lang)
        controls = (("region", Explorer.REGION), ("selection", Explorer.SELECTION))
        changed = {name for name, control in controls if vc.triggered_by(control)}
        return charts.view_patch(state, queries.preset_view(vc, state), changed)

    @app.callback(
        *chart_outputs(Explorer.MAP)[1:],
        *chart_outputs(Explorer.RANKING),
        Output(Explorer.SERIES, "figure"),
        Output(Explorer.TABLE, "children"),
        Output(Explorer.PROFILE_LINK, "href"),
        Output(Explorer.PROFILE_LINK, "children"),
        Output(Explorer.PROFILE_LINK, "className"),
        Output(Explorer.INDICATOR_NOTE, "children"),
        Input(Explorer.SIDE, "data"),
        Input(Explorer.SELECTION, "value"),
        State(*years),
        lang_state,
        prevent_initial_call=True,
    )
    def _on_side(side, selection, store, lang):
        """Texts and charts that follow the year: the map's summary and table, ranking, table tab (and link).

        A year or a new store reaches it through Explorer.SIDE, which the browser writes once the map is
        redrawn (assets/js/explorer.js drawYear): this request no longer delays the redraw.
        """
        vc = view_context(datasets, lang)
        changed = side_changes(side) if vc.triggered_by(Explorer.SIDE) else set()
        if vc.triggered_by(Explorer.SELECTION):
            changed.add("selection")
        index = side.get("index") if isinstance(side, dict) else None
        return charts.side(vc, store_state(vc, store, index, selection), changed or None)

    app.clientside_callback(
        ClientsideFunction(namespace="explorer", function_name="play"),
        Output(Explorer.INTERVAL, "disabled"),
        Output(Explorer.PLAY, "children"),
        Output(Explorer.YEAR, "value", allow_duplicate=True),
        Input(Explorer.PLAY, "n_clicks"),
        State(Explorer.INTERVAL, "disabled"),
        State(Explorer.YEAR, "value"),
        State(Explorer.YEAR, "max"),
        State(*years),
        prevent_initial_call=True,
    )
    app.clientside_callback(
        ClientsideFunction(namespace="explorer", function_name="tick"),
        Output(Explorer.YEAR, "value", allow_duplicate=True),
        Output(Explorer.INTERVAL, "disabled", allow_duplicate=True),
        Output(Explorer.PLAY, "children", allow_duplicate=True),
        Input(Explorer.INTERVAL, "n_intervals"),
        State(Explorer.YEAR, "value"),
        State(Explorer.YEAR, "max"),
        State(*years),
        prevent_initial_call=True,
    )

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

    app.clientside_callback(
        ClientsideFunction(namespace="explorer", function_name="openProfile"),
        Output(Explorer.URL, "href"),
        Input(Explorer.SEARCH, "value"),
        State(*years),
        prevent_initial_call=True,
    )

    @app.callback(
        Output(Explorer.DOWNLOAD, "data"),
        Input(Explorer.DOWNLOAD_BUTTON, "n_clicks"),
        [State(i, "value") for i in CONTROL_IDS],
        lang_state,
        prevent_initial_call=True,
    )
    def _on_download(_clicks, indicator, index, region, selection, tab, mode, lang):
        vc = view_context(datasets, lang)
        return charts.export_csv(vc, controls_state(vc, indicator, index, region, selection, tab, mode))

    @app.callback(
        Output(Explorer.COPY_LINK, "content"),
        Input(Explorer.COPY_LINK, "n_clicks"),
        State(Shell.URL, "href"),
        prevent_initial_call=True,
    )
    def _on_copy(_clicks, href):
        return href or ""
