"""The explorer's charts, one unit each: figure, one-line summary and data table from one frame.

`map_chart` (the full map, for the layout and the meeting pack), `map_update` (the same unit as a
`dash.Patch` of only what a change touches), `ranking_chart`; plus the time series figure, the table
tab, the profile link and the CSV export. All take a `ViewContext` and an `ExplorerState`.
"""

from __future__ import annotations

import dash_bootstrap_components as dbc
import pandas as pd
from dash import Patch, dcc, html, no_update

from ...api.csvsafe import to_csv
from ...components.chart import ChartOutput
from ...components.chart_alt import chart_summary
from ...figures.arcs import arc_traces
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
from ...i18n import t
from ...web import geometry_url
from ..context import ViewContext
from . import queries
from .state import ExplorerState, lang_query

# what a change of each control touches on the map
VALUE_CHANGES = frozenset({"indicator", "year", "mode"})


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


def values_changed(state: ExplorerState, changed: set[str]) -> bool:
    """Whether a change of `changed` controls changes the map's values (a corridor follows the selection)."""
    return bool(changed & VALUE_CHANGES) or (state.mode != "indicator" and "selection" in changed)


def map_patch(vc: ViewContext, state: ExplorerState, changed: set[str]) -> Patch:
    """Only the parts of the map a change touches: values, colours, title, view or outline.

    `changed` holds control names: indicator, year, region, selection, mode.
    """
    patch = Patch()
    lang = state.lang
    corridor = state.mode != "indicator"
    if values_changed(state, changed):
        resolved = queries.resolve(vc, state)
        known = queries.names(vc, state)
        for key, value in values_trace_values(
            resolved.frame, resolved.meta, known, resolved.value_range, lang=lang
        ).items():
            patch["data"][VALUES_TRACE][key] = value
        no_data = no_data_trace_values(
            queries.geometry_iso3(vc), resolved.frame["iso3"].astype(str).tolist(), known, queries.partner_iso3(vc)
        )
        for key, value in no_data.items():
            patch["data"][NO_DATA_TRACE][key] = value
        patch["layout"]["title"]["text"] = map_title(resolved.meta, resolved.year, subject=resolved.subject, lang=lang)[
            "text"
        ]
        if changed & {"indicator", "mode"} or corridor:
            for key, value in colour_style(resolved.meta, resolved.value_range, lang=lang).items():
                patch["data"][VALUES_TRACE][key] = value
            patch["data"][VALUES_TRACE]["name"] = resolved.meta.label
        note = map_source_note(queries.sources(vc, state), vintage=queries.vintage(vc, state), lang=lang)
        patch["layout"]["annotations"][0] = note
        patch["layout"]["margin"] = map_margin(note)
    if values_changed(state, changed):
        for n, points in enumerate(queries.arcs(vc, state)):
            trace = patch["data"][SELECTION_TRACE + 1 + n]
            trace["lon"], trace["lat"], trace["hovertext"] = points["lon"], points["lat"], points["hovertext"]
            trace["marker"]["size"] = points["marker.size"]
    if "selection" in changed:
        for key, value in selection_trace_values(state.selection).items():
            patch["data"][SELECTION_TRACE][key] = value
    if "region" in changed:
        for key, value in region_geo(queries.preset_view(vc, state)).items():
            patch["layout"]["geo"][key] = value
    return patch


def map_update(vc: ViewContext, state: ExplorerState, changed: set[str]) -> tuple:
    """(figure Patch, summary, table) for the map's one callback; the text is left alone when values did not change."""
    patch = map_patch(vc, state, changed)
    if not values_changed(state, changed):
        return patch, no_update, no_update
    summary, rows = map_text(vc, state)
    _, text, table = ChartOutput(patch, summary, rows, alternative_columns(state.lang)).parts()
    return patch, text, table


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


def side(vc: ViewContext, state: ExplorerState) -> tuple:
    """The side panel's one callback: ranking unit (figure, summary, table), series, table tab, link, note."""
    href, text = profile_link(vc, state)
    return (
        *ranking_chart(vc, state).parts(),
        series_figure(vc, state),
        data_table(vc, state),
        href,
        text,
        queries.resolve(vc, state).note,
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
