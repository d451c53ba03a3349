"""The explorer page, restored from its URL state: controls, toolbar, map and side charts, table tab."""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from dataclasses import replace

import dash_bootstrap_components as dbc
import pandas as pd
from dash import dcc, html

from ...components.after_graph import AfterGraph
from ...components.chart import chart_block
from ...datasets.schema import LAYERS
from ...figures.choropleth import message
from ...i18n import DEFAULT_LANGUAGE, t
from ...ids import Explorer
from ...lru import BoundedLRU
from ...theme import graph_config
from ...transforms.names import country_names
from ..context import ViewContext
from . import charts, queries
from .state import MODES, ExplorerState, available_modes, lang_query

PLAY_INTERVAL_MS = 1200
INDICATOR_MENU_PX = 720
DROPDOWN_LABELS = (
    "search",
    "clear_search",
    "clear_selection",
    "select_all",
    "deselect_all",
    "selected_count",
    "no_options_found",
)


def year_marks(years: list[int]) -> dict[int, str]:
    """Slider marks by position: every year with data is one step; labels thin out so they stay readable."""
    every = 1 if len(years) <= 12 else 5
    return {i: (str(y) if (i % every == 0 or i == len(years) - 1) else "") for i, y in enumerate(years)}


def year_index(years: list[int], year: int | None) -> int:
    """The slider position of `year` among the years with data (0 when absent)."""
    return years.index(year) if year in years else 0


def year_at(years: list[int], index: object) -> int | None:
    """The year at slider position `index`, clamped to the list (anything else POSTed: the last year)."""
    if not years:
        return None
    try:
        position = int(index)  # type: ignore[call-overload]
    except (TypeError, ValueError):
        return years[-1]
    return years[min(max(position, 0), len(years) - 1)]


def years_attribute(years: list[int]) -> str:
    """'1990,1995,…': the year of each slider position (the slider's own value is the position)."""
    return ",".join(str(y) for y in years)


def year_slider(vc: ViewContext, state: ExplorerState) -> tuple[int, int, dict, int]:
    """min, max, marks and value of the year slider: positions 0..n-1 over the years with data, one step per year.

    A slider over calendar years with gaps (1990, 1995, … 2024) moved by tenths under the keyboard
    (2023.9, 2023.8) while the map stayed put; by position every key press is exactly one year with data.
    """
    resolved = queries.resolve(vc, state)
    years = resolved.years
    return 0, max(len(years) - 1, 0), year_marks(years), year_index(years, resolved.year)


_OPTIONS: BoundedLRU[tuple, list[dict]] = BoundedLRU(16)


def cached_options(vc: ViewContext, kind: str, lang: str) -> list[dict]:
    """The indicator or country options in `lang`, built once per data version (treated as read-only)."""
    build = {
        "indicators": lambda: indicator_options(vc.datasets.indicators, lang, vc.datasets.region.layers),
        "countries": lambda: country_options(vc, lang),
    }[kind]
    return _OPTIONS.get_or_compute((kind, vc.datasets.version, lang), build)


def indicator_options(
    indicators: pd.DataFrame, lang: str = DEFAULT_LANGUAGE, layers: Sequence[str] = LAYERS
) -> list[dict]:
    """Indicators grouped by layer (the layers the manifest offers), each under a disabled heading, labels in `lang`."""
    options: list[dict] = []
    for layer in layers:
        rows = indicators[indicators["layer"] == layer]
        if rows.empty:
            continue
        heading = t("explorer.layer_heading", lang, layer=t(f"explorer.layer.{layer}", lang))
        options.append({"label": heading, "value": f"layer:{layer}", "disabled": True})
        options += [
            {"label": message(f"indicator.{r.indicator_id}.label", lang, str(r.label)), "value": str(r.indicator_id)}
            for r in rows.itertuples(index=False)
        ]
    return options


def sort_key(name: str) -> str:
    """Alphabetical order that ignores accents ('Égypte' sorts with E), case-insensitive."""
    return "".join(c for c in unicodedata.normalize("NFKD", name) if not unicodedata.combining(c)).casefold()


def country_options(vc: ViewContext, lang: str = DEFAULT_LANGUAGE) -> list[dict]:
    """Every country, by name in `lang`."""
    names = country_names(vc.datasets, lang)
    return [{"label": name, "value": iso3} for iso3, name in sorted(names.items(), key=lambda kv: sort_key(kv[1]))]


def region_options(vc: ViewContext, lang: str = DEFAULT_LANGUAGE) -> list[dict]:
    """The map's presets from the data's manifest, named in `lang`."""
    region = vc.datasets.region
    return [{"label": region.preset_name(key, lang), "value": key} for key in region.preset_ids()]


def mode_options(lang: str = DEFAULT_LANGUAGE, modes: Sequence[str] = MODES) -> list[dict]:
    """Indicator or corridor mode (those the data allow), labelled in `lang`."""
    return [{"label": t(f"explorer.mode.{mode}", lang), "value": mode} for mode in modes]


def dropdown_labels(lang: str = DEFAULT_LANGUAGE) -> dict[str, str]:
    """dcc.Dropdown's own texts (search box, select all, no options) in `lang`."""
    return {name: t(f"explorer.dropdown.{name}", lang) for name in DROPDOWN_LABELS}


def play_label(lang: str = DEFAULT_LANGUAGE, *, playing: bool = False) -> str:
    """The play button's text: '▶ Play', or '❚❚ Pause' while playing."""
    return t("explorer.pause" if playing else "explorer.play", lang)


def after_map(control, kind: str, text: str = "", *, muted: bool = False, height: int | None = None) -> AfterGraph:
    """`control` drawn once the map is (components/after_graph.py), a stand-in showing `text` until then."""
    return AfterGraph(control, graph=Explorer.MAP, kind=kind, text=text, muted=muted, height=height)


def side_graph(graph: dcc.Graph) -> AfterGraph:
    """A side chart drawn once the map is: until then a blank box of its figure's height (plotly's default 450
    px without one). plotly drew the placeholders in the map's task, before the map's countries."""
    height = (graph.figure.get("layout") or {}).get("height") or 450
    return after_map(graph, "graph", height=int(height))


def label_of(options: list[dict], value: object) -> str:
    """The label of the option `value` ('' when none has it)."""
    return next((str(o["label"]) for o in options if o.get("value") == value), "")


def single_picker(
    component_id: str, options: list[dict], value: object, labels: dict, max_height: int | None = None
) -> AfterGraph:
    """A one-choice dcc.Dropdown drawn after the map, its stand-in showing the chosen option's label."""
    extra = {} if max_height is None else {"maxHeight": max_height}
    dropdown = dcc.Dropdown(id=component_id, options=options, value=value, clearable=False, labels=labels, **extra)
    return after_map(dropdown, "dropdown", label_of(options, value))


def selection_text(countries: list[dict], selection: Sequence[str], placeholder: str) -> tuple[str, bool]:
    """What the country picker's stand-in shows: the picked names, else its placeholder (muted)."""
    names = [label_of(countries, iso3) for iso3 in selection]
    shown = ", ".join(name for name in names if name)
    return (shown, False) if shown else (placeholder, True)


def controls(vc: ViewContext, state: ExplorerState, countries: list[dict]) -> html.Div:
    """Indicator, region and country pickers; play button and year slider; indicator/corridor mode."""
    low, high, marks, year = year_slider(vc, state)
    lang = state.lang
    labels = dropdown_labels(lang)
    indicators = cached_options(vc, "indicators", lang)
    regions = region_options(vc, lang)
    picked, none_picked = selection_text(countries, state.selection, t("explorer.countries_placeholder", lang))
    return html.Div(
        [
            dbc.Row(
                [
                    dbc.Col(
                        [
                            dbc.Label(t("explorer.indicator", lang), html_for=Explorer.INDICATOR),
                            # every indicator under its layer heading (the default 200 px showed four)
                            single_picker(Explorer.INDICATOR, indicators, state.indicator, labels, INDICATOR_MENU_PX),
                        ],
                        md=5,
                    ),
                    dbc.Col(
                        [
                            dbc.Label(t("explorer.region", lang), html_for=Explorer.REGION),
                            single_picker(Explorer.REGION, regions, state.region, labels),
                        ],
                        md=3,
                    ),
                    dbc.Col(
                        [
                            dbc.Label(t("explorer.countries", lang), html_for=Explorer.SELECTION),
                            after_map(
                                dcc.Dropdown(
                                    id=Explorer.SELECTION,
                                    options=countries,
                                    multi=True,
                                    value=list(state.selection),
                                    labels=labels,
                                    placeholder=t("explorer.countries_placeholder", lang),
                                ),
                                "dropdown",
                                picked,
                                muted=none_picked,
                            ),
                        ],
                        md=4,
                    ),
                ],
                className="g-2 mb-2",
            ),
            dbc.Row(
                [
                    dbc.Col(
                        dbc.Button(
                            play_label(lang),
                            id=Explorer.PLAY,
                            color="secondary",
                            size="sm",
                            title=t("explorer.play_title", lang),
                        ),
                        width="auto",
                    ),
                    dbc.Col(
                        [
                            dbc.Label(t("a11y.year", lang), html_for=Explorer.YEAR, className="visually-hidden"),
                            # the years of the positions, for screen readers (aria-valuetext: assets/js/explorer.js)
                            html.Div(
                                after_map(
                                    dcc.Slider(
                                        id=Explorer.YEAR,
                                        min=low,
                                        max=high,
                                        step=1,
                                        marks=marks,
                                        value=year,
                                        included=False,
                                        allow_direct_input=False,
                                        reverse=False,  # time runs left to right in every language (theme)
                                    ),
                                    "slider",
                                ),
                                id=Explorer.YEAR_BOX,
                                **{"data-years": years_attribute(queries.resolve(vc, state).years)},
                            ),
                        ],
                        className="explorer-year-col",
                    ),
                ],
                className="g-2 align-items-center mb-2",
            ),
            dbc.RadioItems(
                id=Explorer.MODE,
                inline=True,
                value=state.mode,
                className="small mb-2",
                options=mode_options(lang, available_modes(vc.datasets)),
            ),
            dcc.Interval(id=Explorer.INTERVAL, interval=PLAY_INTERVAL_MS, disabled=True),
        ],
        className="explorer-controls",
    )


def toolbar(state: ExplorerState, countries: list[dict], href: str, link_text: str) -> html.Div:
    """Open the selected country's profile, pick any country's profile, CSV download and copy link."""
    lang = state.lang
    return html.Div(
        [
            dcc.Link(link_text, id=Explorer.PROFILE_LINK, href=href, className=charts.profile_link_class(state)),
            html.Div(
                after_map(
                    dcc.Dropdown(
                        id=Explorer.SEARCH,
                        options=countries,
                        placeholder=t("explorer.find_profile", lang),
                        clearable=False,
                        labels=dropdown_labels(lang),
                    ),
                    "dropdown",
                    t("explorer.find_profile", lang),
                    muted=True,
                ),
                className="explorer-search me-2",
                style={"minWidth": "16rem"},
            ),
            dbc.Button(
                t("common.download_csv", lang),
                id=Explorer.DOWNLOAD_BUTTON,
                color="secondary",
                outline=True,
                size="sm",
                className="me-2",
            ),
            dcc.Download(id=Explorer.DOWNLOAD),
            html.Span(
                [
                    dcc.Clipboard(
                        id=Explorer.COPY_LINK, title=t("explorer.copy_link_title", lang), className="d-inline-block"
                    ),
                    " " + t("common.copy_link", lang),
                ],
                className="btn btn-outline-secondary btn-sm",
            ),
        ],
        className="d-flex flex-wrap align-items-center gap-1 mb-2 explorer-toolbar",
    )


def years_data(vc: ViewContext, state: ExplorerState) -> dict:
    """The clientside year change's store (charts.year_store) plus the play labels and the profile links' query."""
    return {
        **charts.year_store(vc, state),
        "labels": {"play": play_label(state.lang), "pause": play_label(state.lang, playing=True)},
        "profile_query": lang_query(state.lang, vc.pin_params),
    }


def side_data(index: int, what: str = "year") -> dict:
    """The side panel's trigger: the slider position it shows and what changed ("year", or "data": the store)."""
    return {"index": index, "what": what}


def placeholder(figure: dict) -> dict:
    """An empty chart the size and colours of `figure`: what the side charts show until the map is drawn."""
    layout = figure.get("layout", {})
    kept = {k: layout[k] for k in ("height", "margin", "paper_bgcolor", "plot_bgcolor", "font") if k in layout}
    return {"data": [], "layout": {**kept, "xaxis": {"visible": False}, "yaxis": {"visible": False}}}


def page(vc: ViewContext, state: ExplorerState) -> html.Div:
    """The map page for a state (its year already snapped to one with data).

    The ranking and the series come in the page's Explorer.SIDE_FIRST store and are drawn once the map is
    (assets/js/explorer.js sideFirst): their plotly work (text measuring above all) had delayed the map's first
    drawing, which is what a reader looks at first. Until then each shows a blank box of its size (side_graph),
    then an empty chart (placeholder).
    """
    lang = state.lang
    countries = cached_options(vc, "countries", lang)
    href, link_text = charts.profile_link(vc, state)
    ranking = charts.ranking_chart(vc, state)
    series = charts.series_figure(vc, state)
    ranking_graph, ranking_text = chart_block(
        Explorer.RANKING,
        replace(ranking, figure=placeholder(ranking.figure)),
        lang=lang,
        config=graph_config(filename="imapdash-ranking"),
    )
    map_tab = dbc.Row(
        [
            dbc.Col(
                chart_block(
                    Explorer.MAP,
                    charts.map_chart(vc, state),
                    lang=lang,
                    config=graph_config(filename="imapdash-map"),
                    class_name="explorer-map",
                ),
                lg=8,
            ),
            dbc.Col(
                [
                    side_graph(ranking_graph),
                    ranking_text,
                    side_graph(
                        dcc.Graph(
                            id=Explorer.SERIES,
                            figure=placeholder(series),
                            config=graph_config(filename="imapdash-series"),
                        )
                    ),
                ],
                lg=4,
            ),
        ],
        className="g-2",
    )
    return html.Div(
        [
            # the address bar the explorer writes (its callbacks' outputs live in this page, so inserting the
            # page fires none of them: Dash runs a callback whose output exists and whose input just arrived)
            dcc.Location(id=Explorer.URL, refresh="callback-nav"),
            dcc.Store(id=Explorer.YEARS, data=years_data(vc, state)),
            dcc.Store(id=Explorer.SIDE, data=side_data(year_slider(vc, state)[3])),
            dcc.Store(id=Explorer.URL_IN),
            dcc.Store(id=Explorer.SIDE_FIRST, data={"ranking": ranking.figure, "series": series}),
            controls(vc, state, countries),
            toolbar(state, countries, href, link_text),
            html.P(queries.resolve(vc, state).note, id=Explorer.INDICATOR_NOTE, className="text-muted small mb-1"),
            dcc.Tabs(
                id=Explorer.TABS,
                value=state.tab,
                children=[
                    dcc.Tab(map_tab, label=t("explorer.tab.map", lang), value="map"),
                    dcc.Tab(
                        html.Div(charts.data_table(vc, state), id=Explorer.TABLE),
                        label=t("explorer.tab.table", lang),
                        value="table",
                    ),
                ],
            ),
        ],
        id=Explorer.PAGE,
        className="view view-explorer",
    )
