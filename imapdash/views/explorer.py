"""Map explorer (the start page): any indicator as a choropleth by year, with linked charts.

Why it is built this way:
- the state (indicator, year, region, selection, tab, mode) lives in the URL query, so a link
  reproduces exactly what a meeting saw, and Back/Forward step through it;
- the figure in the layout is complete (the geometry is a URL, fetched once); every later change
  is a `dash.Patch` of values, colours, title or view only (notes §A1, §A6);
- numbers are published values; a missing country-year is grey "no data", never 0;
- every text is in the reader's language: the layout gets it in the query, callbacks read
  `State(ids.Shell.ROOT, "lang")`, and the URL the explorer writes keeps `lang` (a permalink carries it).
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace

import dash_bootstrap_components as dbc
import pandas as pd
from dash import Dash, Input, Output, Patch, State, ctx, dcc, html, no_update

from ..api.csvsafe import to_csv
from ..components.chart_alt import alternative_ids, chart_alternative, chart_summary
from ..components.chart_alt import data_table as alt_table
from ..datasets import Datasets
from ..figures.choropleth import (
    DEFAULT_REGION,
    NO_DATA_TRACE,
    REGIONS,
    SELECTION_TRACE,
    VALUES_TRACE,
    build_choropleth,
    colour_style,
    localise_meta,
    map_title,
    message,
    no_data_trace_values,
    period_texts,
    region_geo,
    selection_trace_values,
    values_trace_values,
)
from ..figures.indicator_charts import build_ranking, build_time_series
from ..figures.sources import distinct_sources, format_vintage, source_annotation
from ..i18n import DEFAULT_LANGUAGE, country_name, format_value, normalise_language, t
from ..ids import Explorer, Shell
from ..releases.provider import pin_params
from ..theme import graph_config
from ..transforms.indicators import (
    IndicatorMeta,
    corridor_meta,
    corridor_series,
    corridor_values,
    corridor_years,
    country_series,
    indicator_meta,
    nearest_year,
    next_year,
    partner_aggregate,
    ranking,
    value_range,
    values_for_year,
    years_with_data,
)
from ..urlstate import SHELL_PARAMS, as_int, as_list, first, parse_query, to_query
from ..web import geometry_url

PATH = "/"
PURE_LAYOUT = True  # layout() depends only on the data and the query (see shell.render_page)
NAV_LABEL = "Map"
NAV_ORDER = 10
NAV_KEY = "nav.explorer"

DEFAULT_INDICATOR = "migrant_stock_pct_population"
LAYERS = ("mixed_migration", "migration_development")
TABS = ("map", "table")
MODES = ("indicator", "origins", "destinations")
MAX_SELECTION = 12
RANKING_SIZE = 10
PLAY_INTERVAL_MS = 1200
# Parameters the explorer does not own but must keep when it rewrites the query (embed, presentation).
KEPT_PARAMS = SHELL_PARAMS
DROPDOWN_LABELS = (
    "search",
    "clear_search",
    "clear_selection",
    "select_all",
    "deselect_all",
    "selected_count",
    "no_options_found",
)


@dataclass(frozen=True)
class ExplorerState:
    """Everything the URL says about the explorer."""

    indicator: str
    year: int | None = None
    region: str = DEFAULT_REGION
    selection: tuple[str, ...] = ()
    tab: str = "map"
    mode: str = "indicator"
    lang: str = DEFAULT_LANGUAGE

    @property
    def focus(self) -> str | None:
        """The country corridors and the profile link refer to: the last one selected."""
        return self.selection[-1] if self.selection else None


def default_indicator(indicators: pd.DataFrame) -> str:
    """The share of migrants in the population when present, else the first indicator listed."""
    known = indicators["indicator_id"].astype(str).tolist()
    return DEFAULT_INDICATOR if DEFAULT_INDICATOR in known else (known[0] if known else "")


def parse_state(
    query: Mapping[str, list[str]], *, indicators: Iterable[str], countries: Iterable[str], default: str
) -> ExplorerState:
    """The state a parsed query describes; unknown values fall back to defaults, never fail."""
    known_indicators, known_countries = set(indicators), set(countries)
    indicator = first(query, "ind")
    region = first(query, "region")
    tab = first(query, "tab")
    mode = first(query, "mode")
    selection = [c.upper() for c in as_list(query, "sel")]
    return ExplorerState(
        indicator=indicator if indicator in known_indicators else default,
        year=as_int(query, "year"),
        region=region if region in REGIONS else DEFAULT_REGION,
        selection=tuple(dict.fromkeys(c for c in selection if c in known_countries))[:MAX_SELECTION],
        tab=tab if tab in TABS else "map",
        mode=mode if mode in MODES else "indicator",
        lang=normalise_language(first(query, "lang")),
    )


def state_query(state: ExplorerState, kept: Mapping[str, str] | None = None) -> str:
    """'?ind=…&year=…&region=…&sel=TUN,ITA&tab=map' (mode and lang only when not the default), plus kept params."""
    params: dict[str, object] = {
        "ind": state.indicator,
        "year": state.year,
        "region": state.region,
        "sel": list(state.selection),
        "tab": state.tab,
        "mode": state.mode if state.mode != "indicator" else None,
        "lang": state.lang if state.lang != DEFAULT_LANGUAGE else None,
    }
    params.update(dict(kept or {}))
    return to_query(params)


def state_from_query(datasets: Datasets, query: Mapping[str, list[str]]) -> ExplorerState:
    """parse_state against the datasets' indicators and countries."""
    return parse_state(
        query,
        indicators=datasets.indicators["indicator_id"].astype(str),
        countries=datasets.countries["iso3"].astype(str),
        default=default_indicator(datasets.indicators),
    )


def state_from_controls(
    datasets: Datasets, indicator, year, region, selection, tab, mode, lang: str | None = None
) -> ExplorerState:
    """The state the controls show (validated the same way as a URL), in the shell's language."""
    query = {
        "ind": [indicator or ""],
        "year": [str(year) if year is not None else ""],
        "region": [region or ""],
        "sel": [",".join(selection or [])],
        "tab": [tab or ""],
        "mode": [mode or ""],
        "lang": [lang or ""],
    }
    return state_from_query(datasets, {k: v for k, v in query.items() if v != [""]})


@dataclass(frozen=True)
class Resolved:
    """What the state shows: the indicator (or corridor) meta, its years, the year and the rows."""

    meta: IndicatorMeta
    years: list[int]
    year: int | None
    frame: pd.DataFrame
    value_range: tuple[float, float] | None
    subject: str | None
    note: str


def country_names(datasets: Datasets, lang: str = DEFAULT_LANGUAGE) -> dict[str, str]:
    """ISO3 -> name in `lang` (English when the data has no name in that language)."""
    countries = datasets.countries
    iso3 = countries["iso3"].astype(str).tolist()
    columns = {
        code: countries[f"name_{code}"].astype(str).tolist()
        for code in ("en", "fr", "ar")
        if f"name_{code}" in countries
    }
    names = {
        code: {c: column[i] for c, column in columns.items() if column[i] not in ("", "nan", "<NA>")}
        for i, code in enumerate(iso3)
    }
    return {code: country_name(names, code, lang) for code in iso3}


def geometry_iso3(datasets: Datasets) -> list[str]:
    """ISO3 of every country polygon in the served geometry."""
    return [str(f.get("id")) for f in datasets.geometry.get("features", [])]


def resolve(datasets: Datasets, state: ExplorerState) -> Resolved:
    """Turn a state into the rows to show (corridor mode swaps the indicator for corridors.csv)."""
    lang = state.lang
    names = country_names(datasets, lang)
    if state.mode in ("origins", "destinations"):
        corridors = datasets.corridors
        meta = replace(corridor_meta(state.mode), label=t(f"explorer.corridors.label_{state.mode}", lang))
        years = corridor_years(corridors)
        year = nearest_year(years, state.year)
        frame = corridor_values(corridors, state.focus, year, state.mode)
        totals = corridors["total"].dropna().astype(float)
        vrange = (float(totals.min()), float(totals.max())) if len(totals) else None
        if state.focus is None:
            subject, note = t("explorer.corridors.subject_none", lang), t("explorer.corridors.note_none", lang)
        else:
            country = names.get(state.focus, state.focus)
            subject = t(f"explorer.corridors.subject_{state.mode}", lang, country=country)
            note = t(f"explorer.corridors.note_{state.mode}", lang)
        return Resolved(meta, years, year, frame, vrange, subject, note)
    meta = indicator_meta(datasets.indicators, state.indicator)
    if meta is None:
        meta = IndicatorMeta(state.indicator, state.indicator, "", "persons", "linear", 0, "", "")
    meta = localise_meta(meta, lang)
    values = datasets.indicator_values
    rows = values[values["indicator_id"] == meta.indicator_id]  # filter the big table once
    years = years_with_data(rows, meta.indicator_id)
    year = nearest_year(years, state.year)
    frame = values_for_year(rows, meta.indicator_id, year)
    vrange = value_range(rows, meta.indicator_id)
    return Resolved(meta, years, year, frame, vrange, None, meta.description)


def sources_of(resolved: Resolved) -> list[tuple[str, str]]:
    """The publishers of the rows shown (the indicator's own source when nothing is shown)."""
    found = distinct_sources(resolved.frame)
    if not found and resolved.meta.source_org:
        found = [(resolved.meta.source_org, resolved.meta.source_url)]
    return found


def vintage_of(datasets: Datasets, resolved: Resolved, lang: str = DEFAULT_LANGUAGE) -> str:
    """The vintage(s) of the rows shown, else the dataset vintage (dates in `lang`)."""
    vintages = sorted({str(v) for v in resolved.frame["vintage"].dropna()})
    return ", ".join(format_vintage(v, lang) for v in (vintages or [datasets.vintage]))


def update_map_figure(datasets: Datasets, state: ExplorerState) -> dict:
    """The full map figure for a state (used by the layout)."""
    resolved = resolve(datasets, state)
    return build_choropleth(
        resolved.frame,
        meta=resolved.meta,
        names=country_names(datasets, state.lang),
        geometry_iso3=geometry_iso3(datasets),
        geojson_url=geometry_url(datasets),
        year=resolved.year,
        value_range=resolved.value_range,
        region=state.region,
        selected=state.selection,
        sources=sources_of(resolved),
        vintage=vintage_of(datasets, resolved, state.lang),
        subject=resolved.subject,
        lang=state.lang,
    )


def update_map_patch(datasets: Datasets, state: ExplorerState, changed: set[str]) -> Patch:
    """Only the parts of the map a change touches: values, colours, title, view or outline.

    `changed` holds control names: indicator, year, region, selection, mode.
    """
    patch = Patch()
    lang = state.lang
    corridor = state.mode != "indicator"
    values_changed = bool(changed & {"indicator", "year", "mode"}) or (corridor and "selection" in changed)
    if values_changed:
        resolved = resolve(datasets, state)
        names = country_names(datasets, lang)
        for key, value in values_trace_values(
            resolved.frame, resolved.meta, names, resolved.value_range, lang=lang
        ).items():
            patch["data"][VALUES_TRACE][key] = value
        no_data = no_data_trace_values(geometry_iso3(datasets), resolved.frame["iso3"].astype(str).tolist(), names)
        for key, value in no_data.items():
            patch["data"][NO_DATA_TRACE][key] = value
        patch["layout"]["title"]["text"] = map_title(resolved.meta, resolved.year, subject=resolved.subject, lang=lang)[
            "text"
        ]
        if changed & {"indicator", "mode"} or corridor:
            for key, value in colour_style(resolved.meta, resolved.value_range, lang=lang).items():
                patch["data"][VALUES_TRACE][key] = value
            patch["data"][VALUES_TRACE]["name"] = resolved.meta.label
        patch["layout"]["annotations"][0] = source_annotation(
            sources_of(resolved), vintage=vintage_of(datasets, resolved, state.lang), lang=lang
        ) | {"yshift": -88}
    if "selection" in changed:
        for key, value in selection_trace_values(state.selection).items():
            patch["data"][SELECTION_TRACE][key] = value
    if "region" in changed:
        for key, value in region_geo(state.region).items():
            patch["layout"]["geo"][key] = value
    return patch


def year_marks(years: list[int]) -> dict[int, str]:
    """Slider marks: every year with data is a stop; labels thin out so they stay readable."""
    every = 1 if len(years) <= 12 else 5
    return {y: (str(y) if (i % every == 0 or y == years[-1]) else "") for i, y in enumerate(years)}


def update_year_slider(datasets: Datasets, state: ExplorerState) -> tuple[int, int, dict, int | None]:
    """min, max, marks and value of the year slider for the indicator (or corridors)."""
    resolved = resolve(datasets, state)
    years = resolved.years or [0]
    return years[0], years[-1], year_marks(resolved.years), resolved.year


def update_play_tick(datasets: Datasets, state: ExplorerState) -> tuple[int | None, bool]:
    """The play button's next year, and whether playing stops there (at the last year)."""
    resolved = resolve(datasets, state)
    following = next_year(resolved.years, resolved.year)
    last = resolved.years[-1] if resolved.years else None
    return following, following == last


def toggle_selection(selection: Iterable[str] | None, iso3: str | None, known: Iterable[str]) -> list[str]:
    """Add a clicked country to the selection, or remove it if it was selected."""
    current = list(selection or [])
    if not iso3 or iso3 not in set(known):
        return current
    if iso3 in current:
        return [c for c in current if c != iso3]
    return [*current, iso3][-MAX_SELECTION:]


def clicked_iso3(click_data: dict | None, *, key: str) -> str | None:
    """The ISO3 in a map click (`location`) or a bar click (`customdata`)."""
    points = (click_data or {}).get("points") or []
    value = points[0].get(key) if points else None
    return value if isinstance(value, str) else None


def ranking_figure(datasets: Datasets, state: ExplorerState) -> dict:
    """Top countries for the year (or top corridors)."""
    resolved = resolve(datasets, state)
    top = ranking(resolved.frame, RANKING_SIZE)
    what = resolved.subject or resolved.meta.label
    return build_ranking(
        top,
        meta=resolved.meta,
        names=country_names(datasets, state.lang),
        title=t("explorer.ranking_title", state.lang, count=len(top), what=what, year=resolved.year),
        selected=state.selection,
        sources=distinct_sources(top) or sources_of(resolved),
        vintage=vintage_of(datasets, resolved, state.lang),
        lang=state.lang,
    )


def partner_iso3(datasets: Datasets) -> list[str]:
    """The MTM partner states."""
    countries = datasets.countries
    return countries.loc[countries["mtm_partner"].astype(bool), "iso3"].astype(str).tolist()


def series_figure(datasets: Datasets, state: ExplorerState) -> dict:
    """Selected countries over time, plus the partner sum for additive indicators."""
    resolved = resolve(datasets, state)
    names = country_names(datasets, state.lang)
    if state.mode != "indicator":
        others = [c for c in state.selection if c != state.focus] or ranking(resolved.frame, 5)["iso3"].tolist()
        series = corridor_series(datasets.corridors, state.focus, others, state.mode)
        aggregate = pd.DataFrame(columns=["year", "value", "n_reporting", "n_partners"])
        title = resolved.subject or t("explorer.corridors.series_title", state.lang)
    else:
        series = country_series(datasets.indicator_values, resolved.meta.indicator_id, list(state.selection))
        aggregate = partner_aggregate(
            datasets.indicator_values, resolved.meta.indicator_id, partner_iso3(datasets), resolved.meta.unit
        )
        title = t("explorer.series_title", state.lang, label=resolved.meta.label)
    sources = distinct_sources(pd.concat([series, aggregate], ignore_index=True)) or sources_of(resolved)
    return build_time_series(
        series,
        aggregate,
        meta=resolved.meta,
        names=names,
        title=title,
        sources=sources,
        vintage=vintage_of(datasets, resolved, state.lang),
        lang=state.lang,
    )


def table_rows(datasets: Datasets, state: ExplorerState) -> pd.DataFrame:
    """Exactly the numbers on the map, with names, units and sources (largest first); texts in the state's language."""
    resolved = resolve(datasets, state)
    names = country_names(datasets, state.lang)
    frame = resolved.frame
    return pd.DataFrame(
        {
            "country": [names.get(i, i) for i in frame["iso3"].astype(str)],
            "iso3": frame["iso3"].astype(str).tolist(),
            "indicator": resolved.subject or resolved.meta.label,
            "value": frame["value"].astype(float).tolist(),
            "unit": resolved.meta.unit,
            "period": period_texts(frame, state.lang),
            "status": frame["status"].astype(str).tolist(),
            "source_org": frame["source_org"].astype(str).tolist(),
            "source_url": frame["source_url"].astype(str).tolist(),
            "vintage": frame["vintage"].astype(str).tolist(),
        },
        columns=[
            "country",
            "iso3",
            "indicator",
            "value",
            "unit",
            "period",
            "status",
            "source_org",
            "source_url",
            "vintage",
        ],
    )


def data_table(datasets: Datasets, state: ExplorerState) -> dbc.Table | html.P:
    """The table tab: one row per country on the map, each with its linked source."""
    rows = table_rows(datasets, state)
    lang = state.lang
    if rows.empty:
        return html.P(t("explorer.table.empty", lang), className="text-muted")
    headings = (
        t("explorer.table.country", lang),
        t("explorer.table.value", lang),
        t("common.period", lang),
        t("common.source", lang),
    )
    header = html.Thead(html.Tr([html.Th(c, scope="col") for c in headings]))
    decimals = _decimals(datasets, state)
    body = html.Tbody(
        [
            html.Tr(
                [
                    html.Td(dcc.Link(r.country, href=f"/country/{r.iso3}{lang_query(lang)}")),
                    html.Td(format_value(r.value, lang, unit=r.unit, decimals=decimals), className="text-end"),
                    html.Td(r.period),
                    html.Td(html.A(r.source_org, href=r.source_url, target="_blank", rel="noopener")),
                ]
            )
            for r in rows.itertuples(index=False)
        ]
    )
    return dbc.Table([header, body], striped=True, hover=True, size="sm", className="explorer-table")


def _decimals(datasets: Datasets, state: ExplorerState) -> int:
    meta = indicator_meta(datasets.indicators, state.indicator) if state.mode == "indicator" else None
    return meta.decimals if meta else 0


def export_csv(datasets: Datasets, state: ExplorerState) -> dict:
    """dcc.Download payload: the table as CSV, text cells neutralised against formula injection."""
    rows = table_rows(datasets, state)
    resolved = resolve(datasets, state)
    content = to_csv(list(rows.columns), rows.itertuples(index=False, name=None))
    name = "corridors" if state.mode != "indicator" else resolved.meta.indicator_id
    return {"content": content, "filename": f"imapdash-{name}-{resolved.year}.csv", "type": "text/csv"}


def lang_query(lang: str) -> str:
    """'?lang=fr' for links to other pages (empty for the default language), keeping a pinned release."""
    return to_query({"lang": lang if lang != DEFAULT_LANGUAGE else None, **pin_params()})


def profile_link(datasets: Datasets, state: ExplorerState) -> tuple[str, str]:
    """href and text of the "Open profile" link for the focus country."""
    if state.focus is None:
        return "/country/", t("explorer.select_for_profile", state.lang)
    name = country_names(datasets, state.lang).get(state.focus, state.focus)
    return f"/country/{state.focus}{lang_query(state.lang)}", t("explorer.open_profile", state.lang, name=name)


def update_side(datasets: Datasets, state: ExplorerState) -> tuple:
    """Ranking, time series, table, profile link (href, text) and the indicator note."""
    href, text = profile_link(datasets, state)
    return (
        ranking_figure(datasets, state),
        series_figure(datasets, state),
        data_table(datasets, state),
        href,
        text,
        resolve(datasets, state).note,
    )


def alternative_parts(datasets: Datasets, state: ExplorerState) -> tuple[str, list, str, list]:
    """Text alternatives of the map and the ranking: (summary, table rows) of each, in the state's language."""
    rows = table_rows(datasets, state)
    unit = str(rows["unit"].iloc[0]) if len(rows) else "persons"
    decimals = _decimals(datasets, state)
    values = rows["value"].tolist()
    shown = [
        (c, format_value(v, state.lang, unit=unit, decimals=decimals), p)
        for c, v, p in zip(rows["country"], values, rows["period"], strict=True)
    ]
    missing = max(len(geometry_iso3(datasets)) - int(rows["value"].notna().sum()), 0)
    map_summary = chart_summary(
        zip(rows["country"], values, strict=True), lang=state.lang, unit=unit, decimals=decimals, missing=missing
    )
    top = rows.nlargest(RANKING_SIZE, "value")
    ranking_summary = chart_summary(
        zip(top["country"], top["value"], strict=True), lang=state.lang, unit=unit, decimals=decimals
    )
    return map_summary, shown, ranking_summary, shown[: len(top)]


def alternative_columns(lang: str) -> list[str]:
    """Headers of the chart data tables."""
    return [t("a11y.column.country", lang), t("a11y.column.value", lang), t("a11y.column.period", lang)]


def update_alternatives(datasets: Datasets, state: ExplorerState) -> tuple:
    """New children of the map's and the ranking's summary line and data table."""
    map_summary, map_rows, ranking_summary, ranking_rows = alternative_parts(datasets, state)
    columns = alternative_columns(state.lang)
    return map_summary, alt_table(columns, map_rows), ranking_summary, alt_table(columns, ranking_rows)


def update_search(datasets: Datasets, state: ExplorerState, current_search: str | None, playing: bool) -> str:
    """The query for the state, or no_update while playing or when the URL already says it."""
    if playing:
        return no_update
    query = parse_query(current_search)
    kept = {k: first(query, k) for k in KEPT_PARAMS if first(query, k)}
    if first(query, "lang"):  # an explicit language stays explicit, even the default one
        kept["lang"] = state.lang
    search = state_query(replace(state, year=resolve(datasets, state).year), kept)
    return no_update if search == (current_search or "") else search


def update_controls_from_url(datasets: Datasets, search: str | None, current: tuple) -> tuple:
    """Control values for the URL's state; no_update for controls that already show it."""
    state = state_from_query(datasets, parse_query(search))
    year = resolve(datasets, state).year
    wanted = (state.indicator, year, state.region, list(state.selection), state.tab, state.mode)
    return tuple(no_update if want == have else want for want, have in zip(wanted, current, strict=True))


def indicator_options(indicators: pd.DataFrame, lang: str = DEFAULT_LANGUAGE) -> list[dict]:
    """Indicators grouped by layer, each group under a disabled heading, labels in `lang`."""
    options: list[dict] = []
    for layer in LAYERS:
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


def country_options(datasets: Datasets, lang: str = DEFAULT_LANGUAGE) -> list[dict]:
    """Every country, by name in `lang`."""
    names = country_names(datasets, lang)
    return [{"label": name, "value": iso3} for iso3, name in sorted(names.items(), key=lambda kv: sort_key(kv[1]))]


def region_options(lang: str = DEFAULT_LANGUAGE) -> list[dict]:
    """The map's region presets, named in `lang`."""
    return [{"label": t(f"explorer.region.{key}", lang), "value": key} for key in REGIONS]


def mode_options(lang: str = DEFAULT_LANGUAGE) -> list[dict]:
    """Indicator or corridor mode, labelled in `lang`."""
    return [{"label": t(f"explorer.mode.{mode}", lang), "value": mode} for mode in MODES]


def dropdown_labels(lang: str = DEFAULT_LANGUAGE) -> dict[str, str]:
    """dcc.Dropdown's own texts (search box, select all, no options) in `lang`."""
    return {name: t(f"explorer.dropdown.{name}", lang) for name in DROPDOWN_LABELS}


def play_label(lang: str = DEFAULT_LANGUAGE, *, playing: bool = False) -> str:
    """The play button's text: '▶ Play', or '❚❚ Pause' while playing."""
    return t("explorer.pause" if playing else "explorer.play", lang)


def _controls(datasets: Datasets, state: ExplorerState, resolved: Resolved) -> html.Div:
    years = resolved.years or [0]
    lang = state.lang
    labels = dropdown_labels(lang)
    return html.Div(
        [
            dbc.Row(
                [
                    dbc.Col(
                        [
                            dbc.Label(t("explorer.indicator", lang), html_for=Explorer.INDICATOR),
                            dcc.Dropdown(
                                id=Explorer.INDICATOR,
                                options=indicator_options(datasets.indicators, lang),
                                value=state.indicator,
                                clearable=False,
                                labels=labels,
                            ),
                        ],
                        md=5,
                    ),
                    dbc.Col(
                        [
                            dbc.Label(t("explorer.region", lang), html_for=Explorer.REGION),
                            dcc.Dropdown(
                                id=Explorer.REGION,
                                clearable=False,
                                value=state.region,
                                options=region_options(lang),
                                labels=labels,
                            ),
                        ],
                        md=3,
                    ),
                    dbc.Col(
                        [
                            dbc.Label(t("explorer.countries", lang), html_for=Explorer.SELECTION),
                            dcc.Dropdown(
                                id=Explorer.SELECTION,
                                options=country_options(datasets, lang),
                                multi=True,
                                value=list(state.selection),
                                labels=labels,
                                placeholder=t("explorer.countries_placeholder", lang),
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
                            dcc.Slider(
                                id=Explorer.YEAR,
                                min=years[0],
                                max=years[-1],
                                step=None,
                                marks=year_marks(resolved.years),
                                value=resolved.year,
                                included=False,
                                allow_direct_input=False,
                                reverse=lang == "ar",
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
                options=mode_options(lang),
            ),
            dcc.Interval(id=Explorer.INTERVAL, interval=PLAY_INTERVAL_MS, disabled=True),
        ],
        className="explorer-controls",
    )


def layout(datasets: Datasets, *, path: str = PATH, query: dict | None = None) -> html.Div:
    """The map page, restored from the URL query."""
    state = state_from_query(datasets, query or {})
    resolved = resolve(datasets, state)
    state = replace(state, year=resolved.year)
    lang = state.lang
    ranking_fig, series_fig, table, href, link_text, note = update_side(datasets, state)
    map_summary, map_rows, ranking_summary, ranking_rows = alternative_parts(datasets, state)
    alt_columns = alternative_columns(lang)
    config = graph_config(filename="imapdash-map")
    map_tab = dbc.Row(
        [
            dbc.Col(
                [
                    dcc.Graph(
                        id=Explorer.MAP,
                        figure=update_map_figure(datasets, state),
                        config=config,
                        className="explorer-map",
                    ),
                    chart_alternative(Explorer.MAP, map_summary, alt_columns, map_rows, lang),
                ],
                lg=8,
            ),
            dbc.Col(
                [
                    dcc.Graph(
                        id=Explorer.RANKING, figure=ranking_fig, config=graph_config(filename="imapdash-ranking")
                    ),
                    chart_alternative(Explorer.RANKING, ranking_summary, alt_columns, ranking_rows, lang),
                    dcc.Graph(id=Explorer.SERIES, figure=series_fig, config=graph_config(filename="imapdash-series")),
                ],
                lg=4,
            ),
        ],
        className="g-2",
    )
    toolbar = html.Div(
        [
            dcc.Link(link_text, id=Explorer.PROFILE_LINK, href=href, className="btn btn-outline-primary btn-sm me-2"),
            html.Div(
                dcc.Dropdown(
                    id=Explorer.SEARCH,
                    options=country_options(datasets, lang),
                    placeholder=t("explorer.find_profile", lang),
                    labels=dropdown_labels(lang),
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
    return html.Div(
        [
            _controls(datasets, state, resolved),
            toolbar,
            html.P(note, id=Explorer.INDICATOR_NOTE, className="text-muted small mb-1"),
            dcc.Tabs(
                id=Explorer.TABS,
                value=state.tab,
                children=[
                    dcc.Tab(map_tab, label=t("explorer.tab.map", lang), value="map"),
                    dcc.Tab(html.Div(table, id=Explorer.TABLE), label=t("explorer.tab.table", lang), value="table"),
                ],
            ),
        ],
        id=Explorer.PAGE,
        className="view view-explorer",
    )


CONTROL_IDS = (Explorer.INDICATOR, Explorer.YEAR, Explorer.REGION, Explorer.SELECTION, Explorer.TABS, Explorer.MODE)
CONTROL_NAMES = dict(zip(CONTROL_IDS, ("indicator", "year", "region", "selection", "tab", "mode"), strict=True))


def register_callbacks(app: Dash, datasets: Datasets) -> None:
    """Wire URL <-> controls, controls -> map Patch and side charts, play, clicks, exports."""
    controls = [Input(i, "value") for i in CONTROL_IDS]

    @app.callback(
        [Output(i, "value", allow_duplicate=True) for i in CONTROL_IDS],
        Input(Shell.URL, "search"),
        State(Shell.URL, "pathname"),
        [State(i, "value") for i in CONTROL_IDS],
        prevent_initial_call=True,
    )
    def _on_url(search, pathname, *current):  # the language comes with the re-rendered page
        if (pathname or "/") != PATH:
            return (no_update,) * len(CONTROL_IDS)
        return update_controls_from_url(datasets, search, current)

    @app.callback(
        Output(Shell.URL, "search", allow_duplicate=True),
        *controls,
        Input(Explorer.INTERVAL, "disabled"),
        State(Shell.URL, "search"),
        State(Shell.ROOT, "lang"),
        prevent_initial_call=True,
    )
    def _on_controls(indicator, year, region, selection, tab, mode, paused, search, lang):
        state = state_from_controls(datasets, indicator, year, region, selection, tab, mode, lang)
        return update_search(datasets, state, search, playing=paused is False)

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
        state = state_from_controls(datasets, indicator, year, None, None, None, mode)
        low, high, marks, value = update_year_slider(datasets, state)
        return low, high, marks, (no_update if value == year else value)

    @app.callback(
        Output(Explorer.MAP, "figure"),
        [Input(i, "value") for i in CONTROL_IDS if i != Explorer.TABS],
        State(Explorer.TABS, "value"),
        State(Shell.ROOT, "lang"),
        prevent_initial_call=True,
    )
    def _on_map_inputs(indicator, year, region, selection, mode, tab, lang):
        state = state_from_controls(datasets, indicator, year, region, selection, tab, mode, lang)
        changed = {CONTROL_NAMES[i.split(".")[0]] for i in ctx.triggered_prop_ids}
        return update_map_patch(datasets, state, changed)

    @app.callback(
        Output(Explorer.RANKING, "figure"),
        Output(Explorer.SERIES, "figure"),
        Output(Explorer.TABLE, "children"),
        Output(Explorer.PROFILE_LINK, "href"),
        Output(Explorer.PROFILE_LINK, "children"),
        Output(Explorer.INDICATOR_NOTE, "children"),
        Input(Explorer.INDICATOR, "value"),
        Input(Explorer.YEAR, "value"),
        Input(Explorer.SELECTION, "value"),
        Input(Explorer.MODE, "value"),
        State(Shell.ROOT, "lang"),
        prevent_initial_call=True,
    )
    def _on_side_inputs(indicator, year, selection, mode, lang):
        return update_side(datasets, state_from_controls(datasets, indicator, year, None, selection, None, mode, lang))

    @app.callback(
        *[Output(i, "children") for i in (*alternative_ids(Explorer.MAP), *alternative_ids(Explorer.RANKING))],
        Input(Explorer.INDICATOR, "value"),
        Input(Explorer.YEAR, "value"),
        Input(Explorer.SELECTION, "value"),
        Input(Explorer.MODE, "value"),
        State(Shell.ROOT, "lang"),
        prevent_initial_call=True,
    )
    def _on_alternative_inputs(indicator, year, selection, mode, lang):
        state = state_from_controls(datasets, indicator, year, None, selection, None, mode, lang)
        return update_alternatives(datasets, state)

    @app.callback(
        Output(Explorer.INTERVAL, "disabled"),
        Output(Explorer.PLAY, "children"),
        Output(Explorer.YEAR, "value", allow_duplicate=True),
        Input(Explorer.PLAY, "n_clicks"),
        State(Explorer.INTERVAL, "disabled"),
        State(Explorer.INDICATOR, "value"),
        State(Explorer.YEAR, "value"),
        State(Explorer.MODE, "value"),
        State(Shell.ROOT, "lang"),
        prevent_initial_call=True,
    )
    def _on_play(_clicks, paused, indicator, year, mode, lang):
        state = state_from_controls(datasets, indicator, year, None, None, None, mode, lang)
        return update_play_button(datasets, state, currently_paused=paused is not False)

    @app.callback(
        Output(Explorer.YEAR, "value", allow_duplicate=True),
        Output(Explorer.INTERVAL, "disabled", allow_duplicate=True),
        Output(Explorer.PLAY, "children", allow_duplicate=True),
        Input(Explorer.INTERVAL, "n_intervals"),
        State(Explorer.INDICATOR, "value"),
        State(Explorer.YEAR, "value"),
        State(Explorer.MODE, "value"),
        State(Shell.ROOT, "lang"),
        prevent_initial_call=True,
    )
    def _on_tick(_n, indicator, year, mode, lang):
        following, stop = update_play_tick(
            datasets, state_from_controls(datasets, indicator, year, None, None, None, mode, lang)
        )
        return following, (True if stop else no_update), (play_label(normalise_language(lang)) if stop else no_update)

    @app.callback(
        Output(Explorer.SELECTION, "value", allow_duplicate=True),
        Input(Explorer.MAP, "clickData"),
        Input(Explorer.RANKING, "clickData"),
        State(Explorer.SELECTION, "value"),
        prevent_initial_call=True,
    )
    def _on_click(map_click, bar_click, selection):
        from_map = ctx.triggered_id == Explorer.MAP
        iso3 = clicked_iso3(map_click if from_map else bar_click, key="location" if from_map else "customdata")
        return toggle_selection(selection, iso3, datasets.countries["iso3"].astype(str).tolist())

    @app.callback(
        Output(Shell.URL, "pathname", allow_duplicate=True),
        Output(Shell.URL, "search", allow_duplicate=True),
        Input(Explorer.SEARCH, "value"),
        State(Shell.ROOT, "lang"),
        prevent_initial_call=True,
    )
    def _on_search(iso3, lang):
        return profile_navigation(iso3, datasets.countries["iso3"].astype(str).tolist(), normalise_language(lang))

    @app.callback(
        Output(Explorer.DOWNLOAD, "data"),
        Input(Explorer.DOWNLOAD_BUTTON, "n_clicks"),
        [State(i, "value") for i in CONTROL_IDS],
        State(Shell.ROOT, "lang"),
        prevent_initial_call=True,
    )
    def _on_download(_clicks, indicator, year, region, selection, tab, mode, lang):
        return export_csv(datasets, state_from_controls(datasets, indicator, year, region, selection, tab, mode, lang))

    @app.callback(
        Output(Explorer.COPY_LINK, "content"),
        Input(Explorer.COPY_LINK, "n_clicks"),
        State(Shell.URL, "href"),
        prevent_initial_call=True,
    )
    def _on_copy(_clicks, href):
        return href or ""


def update_play_button(datasets: Datasets, state: ExplorerState, *, currently_paused: bool) -> tuple:
    """Toggle playing: (interval disabled, button label, year). Play from the last year restarts."""
    if not currently_paused:
        return True, play_label(state.lang), no_update
    resolved = resolve(datasets, state)
    at_end = bool(resolved.years) and resolved.year == resolved.years[-1]
    return False, play_label(state.lang, playing=True), (resolved.years[0] if at_end else no_update)


def profile_navigation(iso3: str | None, known: Iterable[str], lang: str = DEFAULT_LANGUAGE) -> tuple:
    """(pathname, search) of the chosen country's profile (keeping the language), or no_update."""
    if not iso3 or iso3 not in set(known):
        return no_update, no_update
    return f"/country/{iso3}", lang_query(lang)


def snapshot(
    datasets: Datasets, *, path: str = PATH, query: Mapping[str, list[str]] | None = None, lang: str = "en"
) -> list[dict]:
    """The charts a story slide of this view shows in a meeting pack: the map and the ranking, as plain dicts.

    Each item: {"title", "figure", "sources": [(org, url)], "vintage"}; the map's geometry stays a URL
    (the pack inlines it once for all charts).
    """
    state = state_from_query(datasets, {**(query or {}), "lang": [lang]})
    resolved = resolve(datasets, state)
    state = replace(state, year=resolved.year)
    sources = sources_of(resolved)
    vintage = vintage_of(datasets, resolved, state.lang)
    map_figure = update_map_figure(datasets, state)
    ranking_fig = ranking_figure(datasets, state)
    top = ranking(resolved.frame, RANKING_SIZE)
    return [
        {
            "title": str(map_figure["layout"]["title"]["text"]),
            "figure": map_figure,
            "sources": sources,
            "vintage": vintage,
        },
        {
            "title": str(ranking_fig["layout"].get("title", {}).get("text", "")),
            "figure": ranking_fig,
            "sources": distinct_sources(top) or sources,
            "vintage": vintage,
        },
    ]
