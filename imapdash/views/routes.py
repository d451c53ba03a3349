"""Routes view: animated route map, sources side by side, and the flows and composition linked to it.

One page, because the charts follow the map: selecting a route filters the nationality, Sankey and
composition charts; while the animation plays, those charts show a period cursor moved in the
browser. The animation itself runs in the browser (`assets/js/routes.js`): the server sends every
period's widths, hovers and incident points once per filter change in a dcc.Store, and a
clientside callback driven by dcc.Interval patches the map — no server round trip per frame. The
period-dependent panels (sources, Sankey, composition breakdown) update when the animation pauses,
steps or ends, not on every frame.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

import dash_bootstrap_components as dbc
from dash import ClientsideFunction, Dash, Input, Output, State, dcc, html, no_update

from ..api.csvsafe import to_csv
from ..datasets import Datasets
from ..figures import composition as comp_fig
from ..figures import flows as flow_fig
from ..figures.route_map import build_route_animation
from ..ids import Flows, Routes, Shell
from ..theme import TOPOJSON_URL, format_number, graph_config
from ..transforms import composition as comp
from ..transforms import flows as flow_tx
from ..transforms import routes as tx
from ..urlstate import as_list, first, parse_query, to_query

PATH = "/routes"
NAV_LABEL = "Routes"
NAV_ORDER = 20

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


def parse_state(query: dict, known_routes: frozenset[str] | set[str] = frozenset()) -> RoutesState:
    """URL query -> state; unknown or malformed values fall back to defaults."""
    routes = tuple(r for r in as_list(query, "route") if not known_routes or r in known_routes)
    measure = first(query, "measure", "detections")
    start, end = first(query, "from"), first(query, "to")
    nat = (first(query, "nat") or "ALL").upper()
    gran = first(query, "gran", "year")
    view = first(query, "view", "nationalities")
    scope = first(query, "cscope")
    mode = first(query, "comp", "count")
    africa = first(query, "africa", "dtm")
    state = RoutesState(
        routes=routes,
        measure=measure if measure in tx.MEASURES else "detections",
        start=start if start and PERIOD_RE.match(start) else None,
        end=end if end and PERIOD_RE.match(end) else None,
        nationality=nat if nat == "ALL" or ISO3_RE.match(nat) else "ALL",
        granularity=gran if gran in ("year", "month") else "year",
        view=view if view in TABS else "nationalities",
        scope=scope if scope and SCOPE_RE.match(scope) else None,
        mode=mode if mode in ("count", "share") else "count",
        africa=africa if africa in ("dtm", "desa") else "dtm",
        incidents=first(query, "inc", "1") != "0",
    )
    if state.start and state.end and state.start > state.end:
        state = replace(state, start=state.end, end=state.start)
    return state


def state_query(state: RoutesState) -> str:
    """State -> '?route=…&measure=…' (defaults left out, so short URLs stay short)."""
    return to_query({
        "route": list(state.routes),
        "measure": state.measure,
        "from": state.start,
        "to": state.end,
        "nat": None if state.nationality == "ALL" else state.nationality,
        "gran": None if state.granularity == "year" else state.granularity,
        "view": None if state.view == "nationalities" else state.view,
        "cscope": state.scope,
        "comp": None if state.mode == "count" else state.mode,
        "africa": None if state.africa == "dtm" else state.africa,
        "inc": None if state.incidents else "0",
    })


def state_from_controls(routes=None, measure=None, granularity=None, start=None, end=None, nationality=None,
                        layers=None, view=None, scope=None, mode=None, africa=None) -> RoutesState:
    """Control values (as Dash sends them, in CONTROL_PROPS order) -> state."""
    return RoutesState(
        routes=tuple(routes or ()), measure=measure or "detections", start=str(start) if start else None,
        end=str(end) if end else None, nationality=nationality or "ALL", granularity=granularity or "year",
        view=view or "nationalities", scope=scope or None, mode=mode or "count", africa=africa or "dtm",
        incidents=layers is None or "incidents" in layers,
    )


def effective(datasets: Datasets, state: RoutesState) -> RoutesState:
    """Fill the period range from the data and fall back to yearly steps for yearly-only measures."""
    gran = state.granularity if tx.MEASURES[state.measure].monthly else "year"
    bounds = tx.range_bounds(datasets.flows, state.measure, "year")
    if bounds is None:
        return replace(state, granularity=gran)
    lo, hi = bounds
    start = max(state.start or lo, lo)
    end = min(state.end or hi, hi)
    if start > end:
        start, end = lo, hi
    return replace(state, granularity=gran, start=start, end=end)


def animation_periods(values) -> list[str]:
    """One frame per period in the selected range that has at least one value."""
    return sorted(set(values["period"].astype(str)))


def update_animation(datasets: Datasets, state: RoutesState) -> tuple[dict, list]:
    """Filters in: the animation store (base figure + per-period values) and the measure's definition."""
    state = effective(datasets, state)
    spec = tx.MEASURES[state.measure]
    values = tx.period_values(datasets.flows, state.measure, granularity=state.granularity,
                              nationality=state.nationality, start=state.start, end=state.end)
    periods = animation_periods(values)
    top = tx.top_per_route_period(datasets.flows, state.measure, granularity=state.granularity)
    incidents = tx.incidents_by_period(datasets.incidents, periods, granularity=state.granularity,
                                       routes=list(state.routes) or None) if state.incidents else None
    store = build_route_animation(values, tx.route_paths(datasets.route_waypoints), datasets.routes,
                                  periods=periods, measure=state.measure, nationality=state.nationality,
                                  selected=state.routes, top_text=top, incidents=incidents,
                                  vintage=datasets.vintage)
    note = [dbc.Badge(spec.label, color="secondary", className="me-2"), html.Span(spec.definition)]
    return store, note


def route_names(datasets: Datasets) -> dict[str, str]:
    """route_id -> display name."""
    return dict(zip(datasets.routes["route_id"].astype(str), datasets.routes["name"].astype(str), strict=True))


def update_sources_panel(datasets: Datasets, routes: list[str] | None, period: str | None) -> list:
    """Every publisher's figure for the first selected route and the current period, side by side."""
    if not routes:
        return [html.P("Select a route (click its line on the map or use the Route filter) to compare what "
                       "each publisher reports for it.", className="text-muted")]
    if not period:
        return [html.P("No period selected.", className="text-muted")]
    route = routes[0]
    year = period[:4]
    rows = tx.sources_side_by_side(datasets.flows, datasets.arrivals, datasets.route_countries, route, year)
    title = html.H2(f"{route_names(datasets).get(route, route)} — {year}: sources side by side", className="h6")
    if not rows:
        return [title, html.P("no data", className="text-muted")]
    cards = []
    for row in rows:
        cards.append(dbc.Col(dbc.Card(dbc.CardBody([
            dbc.Badge(row["kind"].replace("_", " "), color="info", className="mb-1 source-badge"),
            html.Div(format_number(row["value"]), className="kpi-value"),
            html.Div(row["label"], className="kpi-label small"),
            html.Div(tx.WHY_DIFFERENT.get(row["kind"], ""), className="small text-muted"),
            html.Div(["Source: ", html.A(row["source_org"], href=row["source_url"], target="_blank",
                                         rel="noopener")], className="small source-note"),
        ]), className="h-100"), md=3, className="mb-2"))
    return [title, dbc.Row(cards, className="routes-sources-row")]


def update_nationality_chart(datasets: Datasets, state: RoutesState, period: str | None) -> dict:
    """Top-10 nationalities over time for the selected routes (one measure, one publisher)."""
    state = effective(datasets, state)
    spec = tx.MEASURES[state.measure]
    rows = tx.top_nationalities(datasets.flows, state.measure, routes=list(state.routes) or None,
                                granularity=state.granularity, start=state.start, end=state.end)
    scope = ", ".join(route_names(datasets).get(r, r) for r in state.routes) or "all routes"
    return flow_fig.build_nationality_chart(rows, unit=spec.unit, period=period, vintage=datasets.vintage,
                                            title=f"Top nationalities — {spec.label} — {scope}")


def composition_scope(datasets: Datasets, state: RoutesState) -> str | None:
    """The composition scope shown: the explicit choice, else the first route's own or arrival-country rows."""
    if state.scope and state.scope in set(datasets.composition["scope_code"].astype(str)):
        return state.scope
    for route in state.routes:
        scopes = comp.scopes_for_route(datasets.composition, datasets.route_countries, route)
        if scopes:
            return scopes[0]
    return None


def composition_frame(datasets: Datasets, state: RoutesState):
    """(series, scope, source, population) of the composition shown for the state."""
    state = effective(datasets, state)
    scope = composition_scope(datasets, state)
    if scope is None:
        return None, None, None, None
    main = comp.main_series(datasets.composition, scope, state.granularity)
    if main is None:
        return None, scope, None, None
    series = comp.composition_series(datasets.composition, scope, main[0], main[1], granularity=state.granularity)
    return series, scope, main[0], main[1]


def update_composition(datasets: Datasets, state: RoutesState, period: str | None) -> tuple[dict, dict, list]:
    """Composition over time, its breakdown for the current period, and a note on what is shown."""
    series, scope, source, population = composition_frame(datasets, state)
    if series is None:
        msg = "Select a route or a composition scope: no composition data for the current selection."
        return flow_fig.empty_figure(msg), flow_fig.empty_figure(msg, height=300), [html.Span(msg)]
    eff = effective(datasets, state)
    gran = "month" if (series["period"].str.len() > 4).any() else "year"
    start, end = (eff.start or "2014"), (eff.end or "2024")
    shown = series[(series["period"].str.slice(0, 4) >= start) & (series["period"].str.slice(0, 4) <= end)]
    gaps = comp.missing_periods(shown, start, end, gran)
    label = str(datasets.composition.loc[datasets.composition["scope_code"] == scope, "scope_label"].iloc[0])
    cursor = period if gran == "year" or (period and len(period) > 4) else None
    over = comp_fig.build_composition_over_time(shown, mode=state.mode, gaps=gaps, period=cursor,
                                                vintage=datasets.vintage,
                                                title=f"Composition — {label} — {population} ({source})")
    chosen = period if period in set(shown["period"]) else (period[:4] if period else None)
    breakdown = comp_fig.build_composition_breakdown(shown, chosen, mode=state.mode, vintage=datasets.vintage,
                                                     title=f"Breakdown for {chosen or '—'}")
    routes_txt = (f"Route {state.routes[0]} has no composition of its own; showing its arrival/departure country "
                  f"{scope}." if state.routes and scope != state.routes[0] and not state.scope else "")
    note = [html.Span(f"Scope: {label} · population: {population} · source: {source}. "),
            html.Span("Shares are as published where available, otherwise computed from counts (hover says "
                      "which). Unknown stays a group of its own. "), html.Span(routes_txt)]
    return over, breakdown, note


def update_sankey(datasets: Datasets, state: RoutesState, period: str | None) -> dict:
    """Nationality → route → arrival area for the current (yearly) period."""
    state = effective(datasets, state)
    spec = tx.MEASURES[state.measure]
    year = (period or state.end or "")[:4]
    data = flow_tx.nationality_route_sankey(datasets.flows, datasets.route_countries, datasets.routes,
                                            measure=state.measure, period=year, route_ids=list(state.routes) or None)
    return flow_fig.build_sankey(data, unit=spec.unit, vintage=datasets.vintage,
                                 title=f"{spec.label} {year}: nationality → route → route arrival area")


def update_africa(datasets: Datasets, source: str | None, period: str | None) -> dict:
    """Intra-African movements (DTM flow monitoring) or migrant-stock corridors (UN DESA), largest pairs."""
    names = dict(zip(datasets.countries["iso3"].astype(str), datasets.countries["name_en"].astype(str), strict=True))
    year = int(period[:4]) if period else None
    if source == "desa":
        pairs = flow_tx.south_south_corridors(datasets.corridors, datasets.countries, year=year)
        title = "Intra-African migrant stock (UN DESA): persons living in another African country — stock, not flows"
        unit = "persons (stock)"
    else:
        pairs = flow_tx.intra_african_movements(datasets.flow_monitoring, datasets.countries, year=year)
        title = "Intra-African movements observed at IOM DTM flow monitoring points — movements, not persons"
        unit = "movements"
    if not pairs.empty:
        title += f" ({int(pairs['year'].iloc[0])})"
    return flow_fig.build_pairs_chart(pairs, names, unit=unit, title=title, vintage=datasets.vintage)


def update_route_from_click(click: dict | None, current: list[str] | None) -> list[str] | object:
    """A click on a route line toggles that route in the filter; clicks elsewhere change nothing."""
    points = (click or {}).get("points") or []
    route = points[0].get("customdata") if points else None
    if not isinstance(route, str) or not route:
        return no_update
    current = list(current or [])
    return [r for r in current if r != route] if route in current else [*current, route]


def update_url(state: RoutesState, search: str | None) -> str | object:
    """The query for the state, or no_update when the URL already says it (no loops)."""
    query = state_query(state)
    return no_update if (search or "") == query else query


def restore_controls(datasets: Datasets, search: str | None, current: RoutesState) -> tuple:
    """URL -> control values (Back/Forward); unchanged controls get no_update."""
    state = parse_state(parse_query(search), set(datasets.routes["route_id"].astype(str)))
    pairs = [
        (list(state.routes), list(current.routes)), (state.measure, current.measure),
        (state.granularity, current.granularity), (state.start, current.start), (state.end, current.end),
        (state.nationality, current.nationality),
        (["incidents"] if state.incidents else [], ["incidents"] if current.incidents else []),
        (state.view, current.view), (state.scope, current.scope), (state.mode, current.mode),
        (state.africa, current.africa),
    ]
    return tuple(no_update if new == old else new for new, old in pairs)


def export_routes_csv(datasets: Datasets, state: RoutesState) -> dict:
    """The map's values (route × period of one measure) with their sources, as a CSV download."""
    state = effective(datasets, state)
    spec = tx.MEASURES[state.measure]
    values = tx.period_values(datasets.flows, state.measure, granularity=state.granularity,
                              nationality=state.nationality, routes=list(state.routes) or None,
                              start=state.start, end=state.end)
    rows = ([r, p, state.nationality, state.measure, spec.label, v, int(pt), n, s, u]
            for r, p, v, pt, n, s, u in zip(values["route_id"], values["period"], values["value"], values["partial"],
                                            values["note"], values["source_org"], values["source_url"], strict=True))
    text = to_csv(["route_id", "period", "nationality_iso3", "measure", "measure_label", "value", "partial", "note",
                   "source_org", "source_url"], rows)
    return {"content": text, "filename": f"imapdash-routes-{state.measure}.csv", "type": "text/csv"}


def export_composition_csv(datasets: Datasets, state: RoutesState) -> dict | object:
    """The composition shown (counts, shares and how each share was obtained) as a CSV download."""
    series, scope, _, population = composition_frame(datasets, state)
    if series is None:
        return no_update
    rows = ([scope, population, *r] for r in series[["period", "group", "count", "share_pct", "share_basis",
                                                     "source_org", "source_url", "note"]].itertuples(index=False))
    text = to_csv(["scope_code", "population", "period", "group", "count", "share_pct", "share_basis", "source_org",
                   "source_url", "note"], rows)
    return {"content": text, "filename": f"imapdash-composition-{scope}.csv", "type": "text/csv"}


def _year_options(datasets: Datasets) -> list[dict]:
    years = sorted({p[:4] for p in datasets.flows["period"].astype(str)})
    return [{"label": y, "value": y} for y in years]


def _nationality_options(datasets: Datasets) -> list[dict]:
    nats = sorted(set(datasets.flows.loc[datasets.flows["nationality_iso3"] != "ALL", "nationality_iso3"].astype(str)))
    names = dict(zip(datasets.countries["iso3"].astype(str), datasets.countries["name_en"].astype(str), strict=True))
    return [{"label": "All nationalities", "value": "ALL"},
            *({"label": f"{names.get(n, n)} ({n})", "value": n} for n in nats)]


def _scope_options(datasets: Datasets) -> list[dict]:
    scopes = datasets.composition[["scope_type", "scope_code", "scope_label"]].drop_duplicates("scope_code")
    return [{"label": f"{lab} ({code}, {typ})", "value": code}
            for typ, code, lab in scopes.sort_values(["scope_type", "scope_code"]).itertuples(index=False)]


def _labelled(label: str, control, md: int = 2) -> dbc.Col:
    return dbc.Col([dbc.Label(label, className="small mb-0"), control], md=md, className="mb-2")


def layout(datasets: Datasets, *, path: str = PATH, query: dict | None = None) -> html.Div:
    """The routes page, restored from its URL query."""
    state = parse_state(query or {}, set(datasets.routes["route_id"].astype(str)))
    eff = effective(datasets, state)
    route_options = [{"label": n, "value": r} for r, n in route_names(datasets).items()]
    measure_options = [{"label": f"{m.label} — {m.unit}", "value": k} for k, m in tx.MEASURES.items()]
    config = graph_config(TOPOJSON_URL, filename="imapdash-routes")
    filters = dbc.Row([
        _labelled("Route(s)", dcc.Dropdown(id=Routes.ROUTE, options=route_options, value=list(state.routes),
                                           multi=True, placeholder="All routes"), md=3),
        _labelled("Measure (what it counts)", dcc.Dropdown(id=Routes.MEASURE, options=measure_options,
                                                           value=state.measure, clearable=False), md=3),
        _labelled("Steps", dcc.RadioItems(id=Routes.GRANULARITY, value=state.granularity, inline=True,
                                          options=[{"label": " years", "value": "year"},
                                                   {"label": " months", "value": "month"}],
                                          inputClassName="me-1", labelClassName="me-2"), md=2),
        _labelled("From", dcc.Dropdown(id=Routes.FROM, options=_year_options(datasets), value=state.start,
                                       placeholder=eff.start or "first"), md=1),
        _labelled("To", dcc.Dropdown(id=Routes.TO, options=_year_options(datasets), value=state.end,
                                     placeholder=eff.end or "last"), md=1),
        _labelled("Nationality (Frontex)", dcc.Dropdown(id=Routes.NATIONALITY, options=_nationality_options(datasets),
                                                        value=state.nationality, clearable=False), md=2),
        dbc.Col(dcc.Checklist(id=Routes.LAYERS, value=["incidents"] if state.incidents else [],
                              options=[{"label": " Dead and missing incidents layer (IOM Missing Migrants, minimum "
                                                 "estimates)", "value": "incidents"}],
                              inputClassName="me-1"), md=12, className="small mb-1"),
    ], className="routes-filters")
    controls = html.Div([
        dbc.ButtonGroup([
            dbc.Button("⏮", id=Routes.STEP_BACK, title="Previous period", color="secondary", outline=True),
            dbc.Button("▶ Play", id=Routes.PLAY, title="Play", color="primary"),
            dbc.Button("⏸ Pause", id=Routes.PAUSE, title="Pause", color="secondary", outline=True),
            dbc.Button("⏭", id=Routes.STEP_FORWARD, title="Next period", color="secondary", outline=True),
        ], className="me-3"),
        html.Span("Speed ", className="small"),
        dcc.Dropdown(id=Routes.SPEED, options=[{"label": k, "value": v} for k, v in SPEEDS.items()], value=800,
                     clearable=False, style={"width": "6rem", "display": "inline-block", "verticalAlign": "middle"}),
        dcc.Checklist(id=Routes.LOOP, options=[{"label": " loop", "value": "loop"}], value=["loop"], inline=True,
                      className="d-inline-block ms-3"),
        html.Div(id=Routes.LABEL, className="routes-period-label fw-bold ms-3 d-inline-block",
                 **{"aria-live": "polite"}),
    ], className="routes-controls d-flex align-items-center flex-wrap mb-1")
    tabs = dcc.Tabs(id=Flows.TABS, value=state.view, children=[
        dcc.Tab(label="Top nationalities", value="nationalities", children=[
            dcc.Graph(id=Flows.NATIONALITIES, config=config)]),
        dcc.Tab(label="Composition (men, women, children)", value="composition", children=[
            dbc.Row([
                _labelled("Composition scope", dcc.Dropdown(
                    id=Flows.COMPOSITION_SCOPE, options=_scope_options(datasets), value=state.scope,
                    placeholder="Automatic (from route)"), md=5),
                _labelled("Show", dcc.RadioItems(id=Flows.COMPOSITION_MODE, value=state.mode, inline=True,
                                                 options=[{"label": " counts", "value": "count"},
                                                          {"label": " shares", "value": "share"}],
                                                 inputClassName="me-1", labelClassName="me-2"), md=3),
                dbc.Col(dbc.Button("Download composition (CSV)", id=Flows.DOWNLOAD_BUTTON, color="link",
                                   size="sm"), md=4),
            ]),
            html.Div(id=Flows.COMPOSITION_NOTE, className="small text-muted"),
            dbc.Row([dbc.Col(dcc.Graph(id=Flows.COMPOSITION, config=config), md=7),
                     dbc.Col(dcc.Graph(id=Flows.COMPOSITION_PERIOD, config=config), md=5)]),
        ]),
        dcc.Tab(label="Nationality → route → arrival area", value="sankey", children=[
            dcc.Graph(id=Flows.SANKEY, config=config)]),
        dcc.Tab(label="Intra-African / South–South", value="africa", children=[
            dcc.RadioItems(id=Flows.AFRICA_SOURCE, value=state.africa, inline=True, className="mt-2",
                           options=[{"label": " Movements observed (IOM DTM flow monitoring)", "value": "dtm"},
                                    {"label": " Migrant stock corridors (UN DESA)", "value": "desa"}],
                           inputClassName="me-1", labelClassName="me-3"),
            dcc.Graph(id=Flows.AFRICA, config=config)]),
    ])
    return html.Div([
        html.H1("Routes and flows"),
        html.P("Mixed migration routes drawn from their waypoints; line width follows the selected measure. "
               "Each measure comes from one publisher and counts something different: they are never added up.",
               className="lead"),
        filters,
        html.Div(id=Routes.MEASURE_NOTE, className="small mb-2 routes-measure-note"),
        controls,
        dcc.Slider(id=Routes.SLIDER, min=0, max=0, step=1, value=0, marks={}, updatemode="drag"),
        dcc.Graph(id=Routes.MAP, config=config, figure=flow_fig.empty_figure("Loading the route map…", height=560)),
        dbc.Button("Download route figures (CSV)", id=Routes.DOWNLOAD_BUTTON, color="link", size="sm"),
        html.Div(id=Routes.SOURCES, className="routes-sources mb-3"),
        tabs,
        dcc.Store(id=Routes.STORE),
        dcc.Store(id=Routes.CURSOR),
        dcc.Store(id=Routes.PERIOD, data=eff.end),
        dcc.Interval(id=Routes.INTERVAL, interval=800, disabled=True),
        dcc.Download(id=Routes.DOWNLOAD),
        dcc.Download(id=Flows.DOWNLOAD),
    ], id=Routes.PAGE, className="view view-routes")


FILTERS = (Routes.ROUTE, Routes.MEASURE, Routes.GRANULARITY, Routes.FROM, Routes.TO, Routes.NATIONALITY, Routes.LAYERS)
CONTROL_PROPS = (*((i, "value") for i in FILTERS), (Flows.TABS, "value"), (Flows.COMPOSITION_SCOPE, "value"),
                 (Flows.COMPOSITION_MODE, "value"), (Flows.AFRICA_SOURCE, "value"))


def register_callbacks(app: Dash, datasets: Datasets) -> None:
    """Server callbacks for filters and period panels; clientside ones (routes.js) for the animation."""
    filter_inputs = [Input(i, "value") for i in FILTERS]
    all_controls = [Input(i, p) for i, p in CONTROL_PROPS]

    @app.callback(Output(Routes.STORE, "data"), Output(Routes.MEASURE_NOTE, "children"), *filter_inputs)
    def _on_filters(*filters):
        return update_animation(datasets, state_from_controls(*filters))

    app.clientside_callback(
        ClientsideFunction(namespace="routes", function_name="animate"),
        Output(Routes.MAP, "figure"), Output(Routes.SLIDER, "max"), Output(Routes.SLIDER, "marks"),
        Output(Routes.SLIDER, "value"), Output(Routes.LABEL, "children"), Output(Routes.INTERVAL, "disabled"),
        Output(Routes.CURSOR, "data"), Output(Routes.PERIOD, "data"),
        Input(Routes.STORE, "data"), Input(Routes.INTERVAL, "n_intervals"), Input(Routes.PLAY, "n_clicks"),
        Input(Routes.PAUSE, "n_clicks"), Input(Routes.STEP_BACK, "n_clicks"), Input(Routes.STEP_FORWARD, "n_clicks"),
        Input(Routes.SLIDER, "value"),
        State(Routes.LOOP, "value"), State(Routes.INTERVAL, "disabled"), State(Routes.PERIOD, "data"),
    )
    app.clientside_callback(
        ClientsideFunction(namespace="routes", function_name="speed"),
        Output(Routes.INTERVAL, "interval"), Input(Routes.SPEED, "value"),
    )
    app.clientside_callback(
        ClientsideFunction(namespace="routes", function_name="cursor"),
        Output(Flows.NATIONALITIES, "figure", allow_duplicate=True),
        Output(Flows.COMPOSITION, "figure", allow_duplicate=True),
        Input(Routes.CURSOR, "data"), State(Flows.NATIONALITIES, "figure"), State(Flows.COMPOSITION, "figure"),
        prevent_initial_call=True,
    )

    @app.callback(Output(Flows.NATIONALITIES, "figure"), *filter_inputs, State(Routes.PERIOD, "data"))
    def _on_nationality_filters(*values):
        return update_nationality_chart(datasets, state_from_controls(*values[:-1]), values[-1])

    @app.callback(Output(Flows.COMPOSITION, "figure"), Output(Flows.COMPOSITION_PERIOD, "figure"),
                  Output(Flows.COMPOSITION_NOTE, "children"), *filter_inputs,
                  Input(Flows.COMPOSITION_SCOPE, "value"), Input(Flows.COMPOSITION_MODE, "value"),
                  Input(Routes.PERIOD, "data"))
    def _on_composition(*values):
        *filters, scope, mode, period = values
        return update_composition(datasets, replace(state_from_controls(*filters), scope=scope, mode=mode or "count"),
                                  period)

    @app.callback(Output(Routes.SOURCES, "children"), Output(Flows.SANKEY, "figure"),
                  Input(Routes.PERIOD, "data"), Input(Routes.ROUTE, "value"), Input(Routes.MEASURE, "value"),
                  Input(Routes.FROM, "value"), Input(Routes.TO, "value"))
    def _on_period(period, routes, measure, start, end):
        state = state_from_controls(routes, measure, None, start, end)
        return update_sources_panel(datasets, routes, period), update_sankey(datasets, state, period)

    @app.callback(Output(Flows.AFRICA, "figure"), Input(Flows.AFRICA_SOURCE, "value"), Input(Routes.PERIOD, "data"))
    def _on_africa(source, period):
        return update_africa(datasets, source, period)

    @app.callback(Output(Routes.ROUTE, "value", allow_duplicate=True), Input(Routes.MAP, "clickData"),
                  State(Routes.ROUTE, "value"), prevent_initial_call=True)
    def _on_map_click(click, current):
        return update_route_from_click(click, current)

    @app.callback(Output(Shell.URL, "search", allow_duplicate=True), *all_controls, State(Shell.URL, "search"),
                  prevent_initial_call=True)
    def _on_controls(*values):
        return update_url(state_from_controls(*values[:-1]), values[-1])

    @app.callback([Output(i, p, allow_duplicate=True) for i, p in CONTROL_PROPS], Input(Shell.URL, "search"),
                  [State(i, p) for i, p in CONTROL_PROPS], State(Shell.URL, "pathname"), prevent_initial_call=True)
    def _on_search(search, *current):
        if (current[-1] or "").rstrip("/") != PATH:
            return tuple(no_update for _ in CONTROL_PROPS)
        return restore_controls(datasets, search, state_from_controls(*current[:-1]))

    @app.callback(Output(Routes.DOWNLOAD, "data"), Input(Routes.DOWNLOAD_BUTTON, "n_clicks"), *[
        State(i, "value") for i in FILTERS], prevent_initial_call=True)
    def _on_download(_clicks, *filters):
        return export_routes_csv(datasets, state_from_controls(*filters))

    @app.callback(Output(Flows.DOWNLOAD, "data"), Input(Flows.DOWNLOAD_BUTTON, "n_clicks"),
                  *[State(i, p) for i, p in CONTROL_PROPS], prevent_initial_call=True)
    def _on_download_composition(_clicks, *values):
        return export_composition_csv(datasets, state_from_controls(*values))
