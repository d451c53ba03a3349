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

from ...components.chart import chart_ids
from ...ids import Flows, Routes, Shell
from ...urlstate import UrlBinder
from ..context import ViewContext, bind_url, chart_outputs, dash_values, query_values, view_context
from . import charts, page
from .state import (
    PATH,
    RoutesState,
    control_values,
    default_measure,
    parse_state,
    query_params,
    route_from_click,
    state_from_controls,
)

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


def _region_default(vc: ViewContext | None) -> str | None:
    """The measure the region shows when the URL names none (None without a context: the URL names it)."""
    return default_measure(vc.datasets.region.measures) if vc is not None else None


BINDER = UrlBinder(
    path=PATH,
    controls=CONTROL_PROPS,
    read_query=state_from_url,
    read_controls=lambda vc, values: state_from_controls(*values),
    control_values=lambda vc, state: control_values(state),
    write_query=lambda vc, state: query_params(state, _region_default(vc)),
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


def _table_on_open(app: Dash, datasets, graph_id: str, args: list[tuple[str, str]], unit) -> None:
    """Fill (or empty) a chart's data table when its "Show data table" opens (or closes), from the chart's unit
    for the controls' current values (`args`, as the chart's own callback reads them)."""
    table = chart_ids(graph_id)[2]

    @app.callback(
        Output(table, "children", allow_duplicate=True),
        Input(page.details_id(graph_id), "open"),
        *[State(i, p) for i, p in args],
        State(Shell.ROOT, "lang"),
        prevent_initial_call=True,
    )
    def _on_open(shown, *values):
        *values, lang = values
        return charts.alternative_table(unit(view_context(datasets, lang), *values), shown)


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

    # Each chart unit is built once per (data version, language, arguments) and cached (charts.cached): the
    # chart's callback sends its figure and summary, and its data table only while "Show data table" is
    # open; opening the table asks the same cached unit for it (`_table_on_open`).
    def opened(graph_id: str) -> State:
        return State(page.details_id(graph_id), "open")

    def map_unit(vc, period, *filters):
        return charts.cached(vc, "map", charts.map_chart, state_from_controls(*filters), period)

    def nationality_unit(vc, *values):
        *filters, period = values
        return charts.cached(vc, "nationalities", charts.nationality_chart, state_from_controls(*filters), period)

    def composition_units(vc, *values):
        *filters, scope, mode, period = values
        state = replace(state_from_controls(*filters), scope=scope, mode=mode or "count")
        return charts.cached(vc, "composition", charts.composition_charts, state, period)

    def sankey_unit(vc, period, routes, measure, start, end):
        state = state_from_controls(routes, measure, None, start, end)
        return charts.cached(vc, "sankey", charts.sankey_chart, state, period)

    def africa_unit(vc, source, period):
        return charts.cached(vc, "africa", charts.africa_chart, source, period)

    period = (Routes.PERIOD, "data")
    filters = [(i, "value") for i in FILTERS]
    sankey_args = [period, *((i, "value") for i in (Routes.ROUTE, Routes.MEASURE, Routes.FROM, Routes.TO))]
    composition_args = [*filters, (Flows.COMPOSITION_SCOPE, "value"), (Flows.COMPOSITION_MODE, "value"), period]
    units = (
        (Routes.MAP, [period, *filters], map_unit),
        (Flows.NATIONALITIES, [*filters, period], nationality_unit),
        (Flows.COMPOSITION, composition_args, lambda vc, *values: composition_units(vc, *values)[0]),
        (Flows.SANKEY, sankey_args, sankey_unit),
        (Flows.AFRICA, [(Flows.AFRICA_SOURCE, "value"), period], africa_unit),
    )
    for graph_id, args, unit in units:
        _table_on_open(app, datasets, graph_id, args, unit)

    # the map is drawn in the browser; its text alternative follows the committed period
    @app.callback(
        *chart_outputs(Routes.MAP)[1:],  # summary and table (the figure comes from the clientside animation)
        Input(*period),
        *filter_inputs,
        opened(Routes.MAP),
        lang_state,
    )
    def _on_map_text(*values):
        *values, shown, lang = values
        chart = map_unit(view_context(datasets, lang), *values)
        return chart.summary, charts.alternative_table(chart, shown)

    @app.callback(
        *chart_outputs(Flows.NATIONALITIES), *filter_inputs, State(*period), opened(Flows.NATIONALITIES), lang_state
    )
    def _on_nationalities(*values):
        *values, shown, lang = values
        chart = nationality_unit(view_context(datasets, lang), *values)
        return chart.figure, chart.summary, charts.alternative_table(chart, shown)

    @app.callback(
        *chart_outputs(Flows.COMPOSITION),
        Output(Flows.COMPOSITION_PERIOD, "figure"),
        Output(Flows.COMPOSITION_NOTE, "children"),
        *[Input(*a) for a in composition_args],
        opened(Flows.COMPOSITION),
        lang_state,
    )
    def _on_composition(*values):
        *values, shown, lang = values
        over, breakdown, note = composition_units(view_context(datasets, lang), *values)
        return over.figure, over.summary, charts.alternative_table(over, shown), breakdown, note

    @app.callback(
        Output(Routes.SOURCES, "children"),
        *chart_outputs(Flows.SANKEY),
        *[Input(*a) for a in sankey_args],
        opened(Flows.SANKEY),
        lang_state,
    )
    def _on_period(period, routes, measure, start, end, shown, lang):
        vc = view_context(datasets, lang)
        sources = charts.cached(vc, "sources", charts.sources_panel, tuple(routes or ()), period)
        chart = sankey_unit(vc, period, routes, measure, start, end)
        return sources, chart.figure, chart.summary, charts.alternative_table(chart, shown)

    @app.callback(
        *chart_outputs(Flows.AFRICA),
        Input(Flows.AFRICA_SOURCE, "value"),
        Input(*period),
        opened(Flows.AFRICA),
        lang_state,
    )
    def _on_africa(source, period, shown, lang):
        chart = africa_unit(view_context(datasets, lang), source, period)
        return chart.figure, chart.summary, charts.alternative_table(chart, shown)

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
