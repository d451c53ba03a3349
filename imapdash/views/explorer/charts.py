"""The explorer's charts, one unit each: figure, one-line summary and data table from one frame.

`map_chart` (the full map, for the layout and the meeting pack), `year_store` (every year's values, so
the browser redraws a year with no server round trip), `view_patch` (region and selection outline as a
`dash.Patch`), `ranking_chart`; plus the time series figure, the table
tab, the profile link and the CSV export. All take a `ViewContext` and an `ExplorerState`.
"""

from __future__ import annotations

import dash_bootstrap_components as dbc
import pandas as pd
from dash import Patch, dcc, html, no_update

from ...api.csvsafe import to_csv
from ...components.chart import ChartOutput
from ...components.chart_alt import chart_summary
from ...figures.arcs import arc_points, arc_traces
from ...figures.choropleth import (
    NO_DATA_TRACE,
    SELECTION_TRACE,
    VALUES_TRACE,
    build_choropleth,
    colour_style,
    map_margin,
    map_source_note,
    map_title,
    no_data_trace_values,
    region_geo,
    selection_trace_values,
    values_trace_values,
)
from ...figures.indicator_charts import build_ranking, build_time_series
from ...figures.sources import format_vintage
from ...i18n import t
from ...lru import BoundedLRU
from ...web import geometry_url
from ..context import ViewContext
from . import queries
from .state import ExplorerState, lang_query

# what a change of each control touches on the map
VALUE_CHANGES = frozenset({"indicator", "year", "mode"})
_YEAR_STORES: BoundedLRU[tuple, dict] = BoundedLRU(16)


def alternative_columns(lang: str) -> list[str]:
    """Headers of the chart data tables."""
    return [t("a11y.column.country", lang), t("a11y.column.value", lang), t("a11y.column.period", lang)]


def _shown_rows(vc: ViewContext, state: ExplorerState) -> tuple[pd.DataFrame, str, int, list]:
    rows = queries.table_rows(vc, state)
    unit = str(rows["unit"].iloc[0]) if len(rows) else "persons"
    return rows, unit, queries.decimals(vc, state), queries.formatted_rows(vc, state)


def map_text(vc: ViewContext, state: ExplorerState) -> tuple[str, list]:
    """The map's summary (highest, lowest, how many with and without data) and its table rows."""
    rows, unit, places, shown = _shown_rows(vc, state)
    missing = max(len(queries.geometry_iso3(vc)) - int(rows["value"].notna().sum()), 0)
    summary = chart_summary(
        zip(rows["country"], rows["value"].tolist(), strict=True),
        lang=state.lang,
        unit=unit,
        decimals=places,
        missing=missing,
    )
    return summary, shown


def map_chart(vc: ViewContext, state: ExplorerState) -> ChartOutput:
    """The full map figure for a state, with its text alternative."""
    resolved = queries.resolve(vc, state)
    figure = build_choropleth(
        resolved.frame,
        meta=resolved.meta,
        names=queries.names(vc, state),
        geometry_iso3=queries.geometry_iso3(vc),
        geojson_url=geometry_url(vc.datasets),
        year=resolved.year,
        value_range=resolved.value_range,
        view=queries.preset_view(vc, state),
        in_region=queries.partner_iso3(vc),
        selected=state.selection,
        sources=queries.sources(vc, state),
        vintage=queries.vintage(vc, state),
        subject=resolved.subject,
        lang=state.lang,
    )
    figure["data"] += arc_traces(queries.arcs(vc, state), lang=state.lang)  # traces 3.. : corridors as arcs
    summary, rows = map_text(vc, state)
    return ChartOutput(figure, summary, rows, alternative_columns(state.lang))


def view_patch(state: ExplorerState, view: tuple, changed: set[str]) -> Patch:
    """What a region or selection change touches on the map: the view (geo ranges) or the selection outline.

    Values, colours, title and note follow the year store in the browser (`year_store`, assets/js/explorer.js).
    """
    patch = Patch()
    if "selection" in changed:
        for key, value in selection_trace_values(state.selection).items():
            patch["data"][SELECTION_TRACE][key] = value
    if "region" in changed:
        for key, value in region_geo(view).items():
            patch["layout"]["geo"][key] = value
    return patch


def ranking_chart(vc: ViewContext, state: ExplorerState) -> ChartOutput:
    """Top countries for the year (or top corridors), with its text alternative."""
    resolved = queries.resolve(vc, state)
    top = queries.top(vc, state)
    what = resolved.subject or resolved.meta.label
    figure = build_ranking(
        top,
        meta=resolved.meta,
        names=queries.names(vc, state),
        title=t("explorer.ranking_title", state.lang, count=len(top), what=what, year=resolved.year),
        selected=state.selection,
        sources=queries.top_sources(vc, state),
        vintage=queries.vintage(vc, state),
        lang=state.lang,
    )
    rows, unit, places, shown = _shown_rows(vc, state)
    largest = rows.nlargest(queries.RANKING_SIZE, "value")
    summary = chart_summary(
        zip(largest["country"], largest["value"], strict=True), lang=state.lang, unit=unit, decimals=places
    )
    return ChartOutput(figure, summary, shown[: len(largest)], alternative_columns(state.lang))


def series_figure(vc: ViewContext, state: ExplorerState) -> dict:
    """Selected countries over time, plus the partner sum for additive indicators."""
    resolved = queries.resolve(vc, state)
    series, aggregate, title = queries.series_frames(vc, state)
    sources = queries.series_sources(vc, state)
    return build_time_series(
        series,
        aggregate,
        meta=resolved.meta,
        names=queries.names(vc, state),
        title=title,
        sources=sources,
        vintage=queries.vintage(vc, state),
        lang=state.lang,
        partners=vc.datasets.region.partners_label(state.lang),
    )


def data_table(vc: ViewContext, state: ExplorerState) -> dbc.Table | html.P:
    """The table tab: one row per country on the map, each with its linked source."""
    rows = queries.table_rows(vc, state)
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
    link_query = lang_query(lang, vc.pin_params)
    shown = queries.formatted_rows(vc, state)  # the same strings as the charts' data tables
    body = html.Tbody(
        [
            html.Tr(
                [
                    html.Td(dcc.Link(r.country, href=f"/country/{r.iso3}{link_query}")),
                    html.Td(value, className="text-end"),
                    html.Td(r.period),
                    html.Td(html.A(r.source_org, href=r.source_url, target="_blank", rel="noopener")),
                ]
            )
            for r, (_, value, _) in zip(rows.itertuples(index=False), shown, strict=True)
        ]
    )
    return dbc.Table([header, body], striped=True, hover=True, size="sm", className="explorer-table")


def profile_link(vc: ViewContext, state: ExplorerState) -> tuple[str, str]:
    """href and text of the "Open profile" link for the focus country."""
    if state.focus is None:
        return "/country/", t("explorer.select_for_profile", state.lang)
    name = queries.names(vc, state).get(state.focus, state.focus)
    return (
        f"/country/{state.focus}{lang_query(state.lang, vc.pin_params)}",
        t("explorer.open_profile", state.lang, name=name),
    )


def profile_link_class(state: ExplorerState) -> str:
    """The "Open profile: X" link looks like a button only when there is a country to open; else it is hidden.

    It once read "Select a country to open its profile" as a button that did nothing: with nothing
    selected, the country picker beside it opens a profile.
    """
    return "btn btn-outline-primary btn-sm me-2" + ("" if state.focus else " d-none")


def side(vc: ViewContext, state: ExplorerState, changed: set[str] | None = None) -> tuple:
    """The side panel's one callback: map summary and table, ranking unit, series, table tab, link, note.

    `changed` ("data": indicator/mode/corridor focus, "year", "selection"; None: everything) leaves alone
    what the change does not touch (a year change leaves the series, the link and the note).
    """
    changed = {"data", "year", "selection"} if changed is None else changed
    keep = no_update
    map_summary, map_table = keep, keep
    values = bool(changed & {"data", "year"})
    if values:
        summary, rows = map_text(vc, state)
        _, map_summary, map_table = ChartOutput({}, summary, rows, alternative_columns(state.lang)).parts()
    link = (*profile_link(vc, state), profile_link_class(state)) if "selection" in changed else (keep,) * 3
    return (
        map_summary,
        map_table,
        *ranking_chart(vc, state).parts(),
        series_figure(vc, state) if changed & {"data", "selection"} else keep,
        data_table(vc, state) if values else keep,
        *link,
        queries.resolve(vc, state).note if "data" in changed else keep,
    )


def export_csv(vc: ViewContext, state: ExplorerState) -> dict:
    """dcc.Download payload: the table as CSV, text cells neutralised against formula injection."""
    rows = queries.table_rows(vc, state)
    resolved = queries.resolve(vc, state)
    content = to_csv(list(rows.columns), rows.itertuples(index=False, name=None))
    name = "corridors" if state.mode != "indicator" else resolved.meta.indicator_id
    return {"content": content, "filename": f"imapdash-{name}-{resolved.year}.csv", "type": "text/csv"}


def snapshot(vc: ViewContext, state: ExplorerState) -> list[dict]:
    """The charts a story slide of this view shows in a meeting pack: the map and the ranking, as plain dicts.

    Each item: {"title", "figure", "sources": [(org, url)], "vintage"}; the map's geometry stays a URL
    (the pack inlines it once for all charts).
    """
    state = queries.shown_state(vc, state)
    sources = queries.sources(vc, state)
    vintage = queries.vintage(vc, state)
    map_figure = map_chart(vc, state).figure
    ranking_figure = ranking_chart(vc, state).figure
    return [
        {
            "title": str(map_figure["layout"]["title"]["text"]),
            "figure": map_figure,
            "sources": sources,
            "vintage": vintage,
        },
        {
            "title": str(ranking_figure["layout"].get("title", {}).get("text", "")),
            "figure": ranking_figure,
            "sources": queries.top_sources(vc, state),
            "vintage": vintage,
        },
    ]


def year_store(vc: ViewContext, state: ExplorerState) -> dict:
    """What the browser needs to redraw the map for any year with no server round trip (assets/js/explorer.js).

    {"indicator", "mode", "focus", "years", "index" (of the year shown), "traces" (indices), "style" (colours of
    the values trace), "no_data" (every polygon: the browser keeps those without a value that year),
    "frames": one per year {"values": locations/z/customdata, "title", "note", "margin", "arcs"}}; built once
    per indicator (or corridor focus) and language.
    """
    state = queries.shown_state(vc, state)
    store = _YEAR_STORES.get_or_compute(queries.year_key(vc, state), lambda: _year_store(vc, state))
    years = store["years"]
    year = queries.resolve(vc, state).year
    return {**store, "index": years.index(year) if year in years else 0}


def _sources(frame: pd.DataFrame) -> list[tuple[str, str]]:
    """distinct_sources without a DataFrame per call (24 years of a store)."""
    if frame.empty or "source_org" not in frame:
        return []
    orgs, urls = frame["source_org"].astype(str).tolist(), frame["source_url"].astype(str).tolist()
    return list(dict.fromkeys(zip(orgs, urls, strict=True)))


def _vintage(vc: ViewContext, frame: pd.DataFrame, lang: str, memo: dict) -> str:
    """The rows' vintage(s) in `lang` (as queries.vintage_of), each date formatted once per store."""
    vintages = sorted({str(v) for v in frame["vintage"].dropna()}) if "vintage" in frame else []
    key = tuple(vintages or [vc.datasets.vintage])
    if key not in memo:
        memo[key] = ", ".join(format_vintage(v, lang) for v in key)
    return memo[key]


def _year_store(vc: ViewContext, state: ExplorerState) -> dict:
    resolved = queries.resolve(vc, state)
    lang = state.lang
    known = queries.names(vc, state)
    geometry = queries.geometry_iso3(vc)
    no_data = no_data_trace_values(geometry, [], known, queries.partner_iso3(vc))
    fallback = [(resolved.meta.source_org, resolved.meta.source_url)] if resolved.meta.source_org else []
    corridor = state.mode != "indicator"
    frames, memo = [], {}
    for year, frame in queries.every_year(vc, state):
        note = map_source_note(_sources(frame) or fallback, vintage=_vintage(vc, frame, lang, memo), lang=lang)
        arcs = (
            arc_points(frame, state.focus, state.mode, queries.label_points(vc), known, lang=lang) if corridor else []
        )
        frames.append(
            {
                "values": values_trace_values(frame, resolved.meta, known, resolved.value_range, lang=lang),
                "title": map_title(resolved.meta, year, subject=resolved.subject, lang=lang)["text"],
                "note": note,
                "margin": map_margin(note),
                "arcs": [{k: a[k] for k in ("lon", "lat", "hovertext", "marker.size")} for a in arcs],
            }
        )
    return {
        "indicator": state.indicator,
        "mode": state.mode,
        "focus": state.focus if corridor else None,
        "years": list(resolved.years),
        "traces": {"values": VALUES_TRACE, "no_data": NO_DATA_TRACE, "selection": SELECTION_TRACE},
        "style": {**colour_style(resolved.meta, resolved.value_range, lang=lang), "name": resolved.meta.label},
        "no_data": no_data,
        "frames": frames,
    }
