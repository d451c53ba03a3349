"""Routes view: animated route map, sources side by side, and the flows and composition linked to it.

One page, because the charts follow the map: selecting a route filters the nationality, Sankey and
composition charts; while the animation plays, those charts show a period cursor moved in the
browser. The animation itself runs in the browser (`assets/js/routes.js`): the server sends every
period's widths, hovers and incident points once per filter change in a dcc.Store; a clientside
callback starts and stops a JS timer that restyles the map, label, slider and cursors directly — no
server round trip and no Dash update per frame (the dcc.Interval only holds the chosen speed). The
period-dependent panels (sources, Sankey, composition breakdown) update when the animation pauses,
steps or ends, not on every frame.

Language: every text comes from the `routes` catalogue, country and route names from the shared
lookups in the reader's language, numbers in its conventions. Callbacks read the language from the
shell (`State(Shell.ROOT, "lang")`) and the URL carries `lang`, so a permalink opens in the same language.

The package: `state.py` (URL state, pure), `queries.py` (frames, computed once per state), `charts.py`
(one unit per chart: figure, summary and table filled by one callback), `page.py` (the layout); this
module only wires callbacks, each a thin wrapper that builds the request's `ViewContext`.
"""

from __future__ import annotations

from dataclasses import replace

from dash import ClientsideFunction, Dash, Input, Output, State, no_update

from ...ids import Flows, Routes, Shell
from ...urlstate import UrlBinder
from ..context import ViewContext, bind_url, chart_outputs, dash_values, query_values, view_context
from . import charts, page
from .state import PATH, RoutesState, control_values, parse_state, query_params, route_from_click, state_from_controls

NAV_LABEL = "Routes"
NAV_KEY = "nav.routes"
NAV_ORDER = 20
REQUIRES = ("routes", "route_waypoints")  # optional datasets: without them the view leaves the navbar

FILTERS = (Routes.ROUTE, Routes.MEASURE, Routes.GRANULARITY, Routes.FROM, Routes.TO, Routes.NATIONALITY, Routes.LAYERS)
CONTROL_PROPS = (
    *((i, "value") for i in FILTERS),
    (Flows.TABS, "value"),
    (Flows.COMPOSITION_SCOPE, "value"),
    (Flows.COMPOSITION_MODE, "value"),
    (Flows.AFRICA_SOURCE, "value"),
)


def known_routes(vc: ViewContext) -> set[str]:
    return set(vc.datasets.routes["route_id"].astype(str))


def state_from_url(vc: ViewContext, query: dict) -> RoutesState:
    """The validated state a parsed URL query describes."""
    return parse_state(query, known_routes(vc), vc.datasets.region.measures)


BINDER = UrlBinder(
    path=PATH,
    controls=CONTROL_PROPS,
    read_query=state_from_url,
    read_controls=lambda vc, values: state_from_controls(*values),
    control_values=lambda vc, state: control_values(state),
    write_query=lambda vc, state: query_params(state),
)


def layout(datasets, *, path: str = PATH, query: dict | None = None):
    """The routes page, restored from its URL query."""
    query = query or {}
    vc = view_context(datasets, (query.get("lang") or [None])[0])
    return page.page(vc, state_from_url(vc, query))


def snapshot(datasets, *, path: str = PATH, query: dict | None = None, lang: str = "en") -> list[dict]:
    """The route map a story slide of this view shows in a meeting pack, at the slide's last period."""
    vc = view_context(datasets, lang)
    return charts.snapshot(vc, state_from_url(vc, query_values(query)))


def register_callbacks(app: Dash, datasets) -> None:
    """Server callbacks for filters, charts and period panels; clientside ones (routes.js) for the animation."""
    bind_url(app, BINDER, datasets)
    filter_inputs = [Input(i, "value") for i in FILTERS]
    lang_state = State(Shell.ROOT, "lang")

    @app.callback(Output(Routes.STORE, "data"), Output(Routes.MEASURE_NOTE, "children"), *filter_inputs, lang_state)
    def _on_filters(*values):
        *filters, lang = values
        return charts.animation(view_context(datasets, lang), state_from_controls(*filters))

    app.clientside_callback(
        ClientsideFunction(namespace="routes", function_name="animate"),
        Output(Routes.MAP, "figure"),
        Output(Routes.SLIDER, "max"),
        Output(Routes.SLIDER, "marks"),
        Output(Routes.SLIDER, "value"),
        Output(Routes.LABEL, "children"),
        Output(Routes.CURSOR, "data"),
        Output(Routes.PERIOD, "data"),
        Input(Routes.STORE, "data"),
        Input(Routes.PLAY, "n_clicks"),
        Input(Routes.PAUSE, "n_clicks"),
        Input(Routes.STEP_BACK, "n_clicks"),
        Input(Routes.STEP_FORWARD, "n_clicks"),
        Input(Routes.SLIDER, "value"),
        State(Routes.LOOP, "value"),
        State(Routes.INTERVAL, "interval"),  # the chosen speed, ms per frame
        State(Routes.PERIOD, "data"),
    )
    app.clientside_callback(
        ClientsideFunction(namespace="routes", function_name="speed"),
        Output(Routes.INTERVAL, "interval"),
        Input(Routes.SPEED, "value"),
    )
    app.clientside_callback(
        ClientsideFunction(namespace="routes", function_name="cursor"),
        Output(Flows.NATIONALITIES, "figure", allow_duplicate=True),
        Output(Flows.COMPOSITION, "figure", allow_duplicate=True),
        Input(Routes.CURSOR, "data"),
        State(Flows.NATIONALITIES, "figure"),
        State(Flows.COMPOSITION, "figure"),
        prevent_initial_call=True,
    )

    # the map is drawn in the browser; its text alternative follows the committed period
    @app.callback(
        *chart_outputs(Routes.MAP)[1:],  # summary and table (the figure comes from the clientside animation)
        Input(Routes.PERIOD, "data"),
        *filter_inputs,
        lang_state,
    )
    def _on_map_text(period, *values):
        *filters, lang = values
        return charts.map_text(view_context(datasets, lang), state_from_controls(*filters), period)

    @app.callback(*chart_outputs(Flows.NATIONALITIES), *filter_inputs, State(Routes.PERIOD, "data"), lang_state)
    def _on_nationalities(*values):
        *filters, period, lang = values
        return charts.nationality_chart(view_context(datasets, lang), state_from_controls(*filters), period).parts()

    @app.callback(
        *chart_outputs(Flows.COMPOSITION),
        Output(Flows.COMPOSITION_PERIOD, "figure"),
        Output(Flows.COMPOSITION_NOTE, "children"),
        *filter_inputs,
        Input(Flows.COMPOSITION_SCOPE, "value"),
        Input(Flows.COMPOSITION_MODE, "value"),
        Input(Routes.PERIOD, "data"),
        lang_state,
    )
    def _on_composition(*values):
        *filters, scope, mode, period, lang = values
        state = replace(state_from_controls(*filters), scope=scope, mode=mode or "count")
        over, breakdown, note = charts.composition_charts(view_context(datasets, lang), state, period)
        return (*over.parts(), breakdown, note)

    @app.callback(
        Output(Routes.SOURCES, "children"),
        *chart_outputs(Flows.SANKEY),
        Input(Routes.PERIOD, "data"),
        Input(Routes.ROUTE, "value"),
        Input(Routes.MEASURE, "value"),
        Input(Routes.FROM, "value"),
        Input(Routes.TO, "value"),
        lang_state,
    )
    def _on_period(period, routes, measure, start, end, lang):
        vc = view_context(datasets, lang)
        state = state_from_controls(routes, measure, None, start, end)
        return (charts.sources_panel(vc, routes, period), *charts.sankey_chart(vc, state, period).parts())

    @app.callback(
        *chart_outputs(Flows.AFRICA), Input(Flows.AFRICA_SOURCE, "value"), Input(Routes.PERIOD, "data"), lang_state
    )
    def _on_africa(source, period, lang):
        return charts.africa_chart(view_context(datasets, lang), source, period).parts()

    @app.callback(
        Output(Routes.ROUTE, "value", allow_duplicate=True),
        Input(Routes.MAP, "clickData"),
        State(Routes.ROUTE, "value"),
        prevent_initial_call=True,
    )
    def _on_map_click(click, current):
        return dash_values(route_from_click(click, current))

    @app.callback(
        Output(Routes.DOWNLOAD, "data"),
        Input(Routes.DOWNLOAD_BUTTON, "n_clicks"),
        *[State(i, "value") for i in FILTERS],
        prevent_initial_call=True,
    )
    def _on_download(_clicks, *filters):
        return charts.export_routes_csv(view_context(datasets), state_from_controls(*filters))

    @app.callback(
        Output(Flows.DOWNLOAD, "data"),
        Input(Flows.DOWNLOAD_BUTTON, "n_clicks"),
        *[State(i, p) for i, p in CONTROL_PROPS],
        prevent_initial_call=True,
    )
    def _on_download_composition(_clicks, *values):
        export = charts.export_composition_csv(view_context(datasets), state_from_controls(*values))
        return no_update if export is None else export
