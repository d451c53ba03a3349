"""The routes page, restored from its URL state: filters, animation controls, the map, the sources panel
and the tabs of charts under it. Charts arrive from their callbacks on load (the page itself stays cheap).
"""

from __future__ import annotations

import dash_bootstrap_components as dbc
from dash import dcc, html

from ...components.chart_alt import chart_alternative
from ...figures import flows as flow_fig
from ...figures.flows import nationality_label, t_or
from ...figures.route_map import measure_text
from ...i18n import t
from ...ids import Flows, Routes
from ...lru import BoundedLRU
from ...theme import TOPOJSON_URL, graph_config
from ...transforms import routes as tx
from ...transforms.names import country_names
from ..context import ViewContext
from . import charts, queries
from .state import SPEEDS, RoutesState


def details_id(graph_id: str) -> str:
    """ID of a chart's "Show data table" disclosure (its `open` prop fills the table: routes.js reports it)."""
    return f"{graph_id}-alt-details"


def empty_alternative(graph_id: str, kind: str, lang: str) -> html.Div:
    """The alternative block as first rendered: callbacks fill the summary on load, and the data table when
    its disclosure opens (`details_id`): a table nobody opened is never built."""
    block = chart_alternative(graph_id, "", charts.alternative_columns(kind, lang), [], lang)
    block.children[1].id = details_id(graph_id)
    return block


_OPTIONS: BoundedLRU[tuple, list[dict]] = BoundedLRU(16)


def cached_options(vc: ViewContext, kind: str) -> list[dict]:
    """Year, nationality or scope options in the context's language, built once per data version (read-only)."""
    build = {
        "years": lambda: year_options(vc),
        "nationalities": lambda: nationality_options(vc, vc.lang),
        "scopes": lambda: scope_options(vc, vc.lang),
    }[kind]
    return _OPTIONS.get_or_compute((kind, vc.datasets.version, vc.lang), build)


def year_options(vc: ViewContext) -> list[dict]:
    years = sorted({p[:4] for p in vc.datasets.flows["period"].astype(str)})
    return [{"label": y, "value": y} for y in years]


def nationality_options(vc: ViewContext, lang: str = "en") -> list[dict]:
    flows = vc.datasets.flows
    nats = sorted(set(flows.loc[flows["nationality_iso3"] != "ALL", "nationality_iso3"].astype(str)))
    names = country_names(vc.datasets, lang)
    # only nationalities with data (the flows' own codes), by name in the reader's language
    return [
        {"label": t("routes.filter.all_nationalities", lang), "value": "ALL"},
        *sorted(({"label": nationality_label(n, names, lang), "value": n} for n in nats), key=lambda o: o["label"]),
    ]


def scope_options(vc: ViewContext, lang: str = "en") -> list[dict]:
    scopes = vc.datasets.composition[["scope_type", "scope_code", "scope_label"]].drop_duplicates("scope_code")
    return [
        {
            "label": t(
                "routes.scope.option",
                lang,
                label=charts.scope_label(vc, typ, code, lab, lang),
                code=code,
                type=t_or(f"routes.scope_type.{typ}", lang, typ),
            ),
            "value": code,
        }
        for typ, code, lab in scopes.sort_values(["scope_type", "scope_code"]).itertuples(index=False)
    ]


# Player icons drawn with CSS shapes in the button's text colour: the media characters (⏮ ⏸ ⏭) are
# missing from the fonts an offline machine has and drew as empty boxes.
_ICON_BASE = {"display": "inline-block", "width": "0.8em", "height": "0.9em", "verticalAlign": "-0.1em"}
_ICONS = {
    "play": {**_ICON_BASE, "background": "currentColor", "clipPath": "polygon(0 0, 100% 50%, 0 100%)"},
    "pause": {
        **_ICON_BASE,
        "width": "0.7em",
        "borderLeft": "0.25em solid currentColor",
        "borderRight": "0.25em solid currentColor",
    },
    "back": {
        **_ICON_BASE,
        "background": "currentColor",
        "clipPath": "polygon(0 0, 20% 0, 20% 45%, 100% 0, 100% 100%, 20% 55%, 20% 100%, 0 100%)",
    },
    "forward": {
        **_ICON_BASE,
        "background": "currentColor",
        "clipPath": "polygon(100% 0, 80% 0, 80% 45%, 0 0, 0 100%, 80% 55%, 80% 100%, 100% 100%)",
    },
}


def player_icon(kind: str) -> html.Span:
    """A play/pause/step icon that needs no font (decorative: the button carries the words)."""
    return html.Span(className=f"routes-icon routes-icon-{kind}", style=_ICONS[kind], **{"aria-hidden": "true"})


def labelled(label: str, control, md: int = 2) -> dbc.Col:
    return dbc.Col([dbc.Label(label, className="small mb-0"), control], md=md, className="mb-2")


def page(vc: ViewContext, state: RoutesState) -> html.Div:
    """The routes page for a state (charts are filled by their callbacks on load)."""
    lang = vc.lang
    eff = queries.effective(vc, state)
    years = cached_options(vc, "years")
    route_options = [{"label": n, "value": r} for r, n in vc.route_names().items()]
    measure_options = [
        {
            "label": t(
                "routes.measure.option", lang, label=measure_text(k, "label", lang), unit=measure_text(k, "unit", lang)
            ),
            "value": k,
        }
        for k in tx.MEASURES
        if k in vc.datasets.region.measures  # the measures the region's manifest offers
    ]
    config = graph_config(TOPOJSON_URL, filename="imapdash-routes")
    filters = dbc.Row(
        [
            labelled(
                t("routes.filter.routes", lang),
                dcc.Dropdown(
                    id=Routes.ROUTE,
                    options=route_options,
                    value=list(state.routes),
                    multi=True,
                    placeholder=t("routes.filter.all_routes", lang),
                ),
                md=3,
            ),
            labelled(
                t("routes.filter.measure", lang),
                dcc.Dropdown(id=Routes.MEASURE, options=measure_options, value=state.measure, clearable=False),
                md=3,
            ),
            labelled(
                t("routes.filter.steps", lang),
                dcc.RadioItems(
                    id=Routes.GRANULARITY,
                    value=state.granularity,
                    inline=True,
                    options=[
                        {"label": " " + t("routes.filter.years", lang), "value": "year"},
                        {"label": " " + t("routes.filter.months", lang), "value": "month"},
                    ],
                    inputClassName="me-1",
                    labelClassName="me-2",
                ),
                md=2,
            ),
            labelled(
                t("routes.filter.from", lang),
                dcc.Dropdown(
                    id=Routes.FROM,
                    options=years,
                    value=state.start,
                    placeholder=eff.start or t("routes.filter.first", lang),
                ),
                md=1,
            ),
            labelled(
                t("routes.filter.to", lang),
                dcc.Dropdown(
                    id=Routes.TO,
                    options=years,
                    value=state.end,
                    placeholder=eff.end or t("routes.filter.last", lang),
                ),
                md=1,
            ),
            labelled(
                t("routes.filter.nationality", lang),
                dcc.Dropdown(
                    id=Routes.NATIONALITY,
                    options=cached_options(vc, "nationalities"),
                    value=state.nationality,
                    clearable=False,
                ),
                md=2,
            ),
            dbc.Col(
                dcc.Checklist(
                    id=Routes.LAYERS,
                    value=["incidents"] if state.incidents else [],
                    options=[{"label": " " + t("routes.filter.incidents", lang), "value": "incidents"}],
                    inputClassName="me-1",
                ),
                md=12,
                className="small mb-1",
            ),
        ],
        className="routes-filters",
    )
    controls = html.Div(
        [
            # time runs left to right in every language (the slider and the charts' time axes): the player's
            # "previous" button stays on the left, pointing left, on an Arabic page too
            dbc.ButtonGroup(
                [
                    dbc.Button(
                        [
                            player_icon("back"),
                            html.Span(t("routes.control.previous", lang), className="visually-hidden"),
                        ],
                        id=Routes.STEP_BACK,
                        title=t("routes.control.previous", lang),
                        color="secondary",
                        outline=True,
                    ),
                    dbc.Button(
                        [player_icon("play"), " " + t("routes.control.play", lang)],
                        id=Routes.PLAY,
                        title=t("routes.control.play", lang),
                        color="primary",
                    ),
                    dbc.Button(
                        [player_icon("pause"), " " + t("routes.control.pause", lang)],
                        id=Routes.PAUSE,
                        title=t("routes.control.pause", lang),
                        color="secondary",
                        outline=True,
                    ),
                    dbc.Button(
                        [
                            player_icon("forward"),
                            html.Span(t("routes.control.next", lang), className="visually-hidden"),
                        ],
                        id=Routes.STEP_FORWARD,
                        title=t("routes.control.next", lang),
                        color="secondary",
                        outline=True,
                    ),
                ],
                className="me-3 routes-player",
                style={"direction": "ltr"},
            ),
            html.Span(t("routes.control.speed", lang) + " ", className="small"),
            dcc.Dropdown(
                id=Routes.SPEED,
                options=[{"label": k, "value": v} for k, v in SPEEDS.items()],
                value=800,
                clearable=False,
                style={"width": "6rem", "display": "inline-block", "verticalAlign": "middle"},
            ),
            dcc.Checklist(
                id=Routes.LOOP,
                options=[{"label": " " + t("routes.control.loop", lang), "value": "loop"}],
                value=["loop"],
                inline=True,
                className="d-inline-block ms-3",
            ),
            html.Div(
                id=Routes.LABEL, className="routes-period-label fw-bold ms-3 d-inline-block", **{"aria-live": "polite"}
            ),
        ],
        className="routes-controls d-flex align-items-center flex-wrap mb-1",
    )
    tabs = dcc.Tabs(
        id=Flows.TABS,
        value=state.view,
        children=[
            dcc.Tab(
                label=t("routes.tab.nationalities", lang),
                value="nationalities",
                children=[
                    dcc.Graph(id=Flows.NATIONALITIES, config=config),
                    empty_alternative(Flows.NATIONALITIES, "nationalities", lang),
                ],
            ),
            dcc.Tab(
                label=t("routes.tab.composition", lang),
                value="composition",
                children=[
                    dbc.Row(
                        [
                            labelled(
                                t("routes.composition.scope", lang),
                                dcc.Dropdown(
                                    id=Flows.COMPOSITION_SCOPE,
                                    options=cached_options(vc, "scopes"),
                                    value=state.scope,
                                    placeholder=t("routes.composition.automatic", lang),
                                ),
                                md=5,
                            ),
                            labelled(
                                t("routes.composition.show", lang),
                                dcc.RadioItems(
                                    id=Flows.COMPOSITION_MODE,
                                    value=state.mode,
                                    inline=True,
                                    options=[
                                        {"label": " " + t("routes.composition.counts", lang), "value": "count"},
                                        {"label": " " + t("routes.composition.shares", lang), "value": "share"},
                                    ],
                                    inputClassName="me-1",
                                    labelClassName="me-2",
                                ),
                                md=3,
                            ),
                            dbc.Col(
                                dbc.Button(
                                    t("routes.composition.download", lang),
                                    id=Flows.DOWNLOAD_BUTTON,
                                    color="link",
                                    size="sm",
                                ),
                                md=4,
                            ),
                        ]
                    ),
                    html.Div(id=Flows.COMPOSITION_NOTE, className="small text-muted"),
                    dbc.Row(
                        [
                            dbc.Col(dcc.Graph(id=Flows.COMPOSITION, config=config), md=7),
                            dbc.Col(dcc.Graph(id=Flows.COMPOSITION_PERIOD, config=config), md=5),
                        ]
                    ),
                    empty_alternative(Flows.COMPOSITION, "composition", lang),
                ],
            ),
            dcc.Tab(
                label=t("routes.tab.sankey", lang),
                value="sankey",
                children=[dcc.Graph(id=Flows.SANKEY, config=config), empty_alternative(Flows.SANKEY, "sankey", lang)],
            ),
            dcc.Tab(
                label=t("routes.tab.africa", lang),
                value="africa",
                children=[
                    dcc.RadioItems(
                        id=Flows.AFRICA_SOURCE,
                        value=state.africa,
                        inline=True,
                        className="mt-2",
                        options=[
                            {"label": " " + t("routes.africa.dtm", lang), "value": "dtm"},
                            {"label": " " + t("routes.africa.desa", lang), "value": "desa"},
                        ],
                        inputClassName="me-1",
                        labelClassName="me-3",
                    ),
                    dcc.Graph(id=Flows.AFRICA, config=config),
                    empty_alternative(Flows.AFRICA, "africa", lang),
                ],
            ),
        ],
    )
    return html.Div(
        [
            html.H1(t("routes.title", lang)),
            html.P(t("routes.lead", lang), className="lead"),
            filters,
            html.Div(id=Routes.MEASURE_NOTE, className="small mb-2 routes-measure-note"),
            controls,
            dbc.Label(t("a11y.period", lang), html_for=Routes.SLIDER, className="visually-hidden"),
            # the slider moves over period indexes; its number box would show the index ("15"), not the year
            html.Div(
                dcc.Slider(
                    id=Routes.SLIDER,
                    min=0,
                    max=0,
                    step=1,
                    value=0,
                    marks={},
                    updatemode="drag",
                    allow_direct_input=False,
                ),
                # room for the first and last year's labels, centred on the track's ends
                className="routes-slider-box px-3",
            ),
            dcc.Graph(
                id=Routes.MAP,
                config=config,
                figure=flow_fig.empty_figure(t("routes.map.loading", lang), height=560, lang=lang),
            ),
            empty_alternative(Routes.MAP, "map", lang),
            dbc.Button(t("routes.download", lang), id=Routes.DOWNLOAD_BUTTON, color="link", size="sm"),
            html.Div(id=Routes.SOURCES, className="routes-sources mb-3"),
            tabs,
            dcc.Store(id=Routes.STORE),
            dcc.Store(id=Routes.CURSOR),
            dcc.Store(id=Routes.PERIOD, data=eff.end),
            # never enabled: holds the chosen speed (ms per frame) for the JS player's timer (routes.js)
            dcc.Interval(id=Routes.INTERVAL, interval=800, disabled=True),
            dcc.Download(id=Routes.DOWNLOAD),
            dcc.Download(id=Flows.DOWNLOAD),
        ],
        id=Routes.PAGE,
        className="view view-routes",
    )
