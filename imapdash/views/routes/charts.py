"""The routes page's charts, one unit each: figure, one-line summary and data table from one frame.

The route map is drawn in the browser from the animation store (`animation`); its text alternative
follows the committed period (`map_text`). The nationality, composition, Sankey and intra-African charts
are `ChartOutput`s filled with their alternative by one callback each. All take a `ViewContext`.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Sequence
from typing import TypeVar

import dash_bootstrap_components as dbc
import pandas as pd
from dash import html

from ...api.csvsafe import to_csv
from ...components.chart import ChartOutput
from ...components.chart_alt import chart_summary
from ...components.chart_alt import data_table as alt_table
from ...figures import composition as comp_fig
from ...figures import flows as flow_fig
from ...figures.composition import group_label
from ...figures.flows import OTHER_NATIONALITIES, isolate, nationality_label, sankey_labels, t_or
from ...figures.route_map import build_route_animation, frame_figure, measure_text, route_label, selected_rows
from ...i18n import format_value, t
from ...lru import BoundedLRU
from ...transforms import composition as comp
from ...transforms import flows as flow_tx
from ...transforms import routes as tx
from ...transforms.names import country_names
from ..context import ViewContext
from . import queries
from .state import RoutesState

T = TypeVar("T")

POPULATION_KEYS = {
    "movements observed at flow monitoring points": "routes.population.flow_monitoring",
    "sea and land arrivals (Western Mediterranean route)": "routes.population.sea_land_wmed",
    "sea arrivals": "routes.population.sea_arrivals",
    "migrants present (DTM Libya baseline)": "routes.population.libya_baseline",
    "detections of illegal border-crossing": "routes.population.detections",
    "sea and land arrivals": "routes.population.sea_land",
}


FMP_PREFIX = "flow monitoring points in "


def population_label(population: str, lang: str = "en") -> str:
    """A composition population ('sea arrivals'…) in `lang`; unknown ones stay as published."""
    key = POPULATION_KEYS.get(population)
    return t(key, lang) if key else population


def source_row_label(row: dict, lang: str = "en") -> str:
    """What a side-by-side figure is, in `lang` (measure label, or country arrivals with the country)."""
    kind, org = row["kind"], row["source_org"]
    if kind == "country_arrivals":
        country = row["label"].split(" — ", 1)[-1].split(" (", 1)[0]
        return t("routes.sources.country_arrivals", lang, country=country, source=org)
    spec = tx.MEASURES.get(kind)
    if spec and spec.source_org == org:
        return measure_text(kind, "label", lang)
    return t("routes.sources.other_measure", lang, measure=t_or(f"routes.kind.{kind}", lang, kind), source=org)


def _list_separator(lang: str) -> str:
    return "؛ " if lang == "ar" else "; "


def _pair(a: str, b: str, lang: str) -> str:
    """'A → B', with the arrow pointing the way Arabic reads."""
    return f"{a} ← {b}" if lang == "ar" else f"{a} → {b}"


def map_alternative(
    values: pd.DataFrame,
    period: str | None,
    names: dict[str, str],
    *,
    measure: str,
    lang: str = "en",
    selected: Sequence[str] = (),
) -> tuple[str, list[list[str]]]:
    """The route map at `period`: (summary with period, measure, total and top 3 routes; rows route, value, source).

    Only the `selected` routes (all when none is), the same rows as the period label's total.
    """
    label = measure_text(measure, "label", lang)
    values = selected_rows(values, selected)
    rows = values[(values["period"].astype(str) == str(period)) & values["value"].notna()] if period else values[:0]
    if rows.empty:
        return t("routes.alt.map_empty", lang, period=period or "—", measure=label), []
    rows = rows.sort_values("value", ascending=False, kind="stable")
    routes = [names.get(r, r) for r in rows["route_id"].astype(str).tolist()]
    shown = [format_value(float(v), lang) for v in rows["value"].tolist()]
    top = _list_separator(lang).join(
        f"{isolate(r, lang)} {isolate(v, lang)}" for r, v in zip(routes[:3], shown[:3], strict=True)
    )
    summary = t(
        "routes.alt.map_summary",
        lang,
        period=isolate(period, lang),
        measure=isolate(label, lang),
        total=isolate(format_value(float(rows["value"].sum()), lang), lang),
        unit=measure_text(measure, "unit", lang),
        count=len(rows),
        top=top,
    )
    table = [[r, v, s] for r, v, s in zip(routes, shown, rows["source_org"].astype(str).tolist(), strict=True)]
    return summary, table


def nationality_alternative(rows: pd.DataFrame, names: dict[str, str], lang: str = "en") -> tuple[str, list[list[str]]]:
    """The nationality chart: totals over the range (summary); nationality × period sums, as drawn (table)."""
    if rows.empty:
        return t("a11y.summary.empty", lang), []
    by = rows.groupby(["nationality_iso3", "period"], as_index=False)["value"].sum()
    totals = by.groupby("nationality_iso3")["value"].sum().sort_values(ascending=False, kind="stable")
    summary = t(
        "routes.alt.nationalities",
        lang,
        # highest and lowest among the named nationalities: the grey rest is not one nationality
        summary=chart_summary(
            ((nationality_label(n, names, lang), float(v)) for n, v in totals.items() if n != OTHER_NATIONALITIES),
            lang=lang,
        ),
    )
    by = by.sort_values(["period", "value"], ascending=[True, False], kind="stable")
    table = [
        [nationality_label(n, names, lang), str(p), format_value(float(v), lang)]
        for n, p, v in zip(by["nationality_iso3"], by["period"], by["value"], strict=True)
    ]
    return summary, table


def composition_alternative(
    series: pd.DataFrame | None, period: str | None, *, mode: str = "count", lang: str = "en"
) -> tuple[str, list[list[str]]]:
    """The composition charts: the groups of the chosen period in the summary; period × group values in the table.

    Only the groups the charts draw (the partition, plus "of which unaccompanied" children); not the total.
    """
    if series is None or series.empty:
        return t("routes.composition.none", lang), []
    field = "share_pct" if mode == "share" else "count"
    unit = "percent" if mode == "share" else "persons"
    split = (series["group"] == "children_accompanied").any()
    groups = comp.PARTITION_SPLIT if split else (*comp.PARTITION_PLAIN, "children_unaccompanied")
    drawn = series[series[field].notna() & series["group"].isin(groups)]
    drawn = drawn.assign(order=drawn["group"].map({g: i for i, g in enumerate(groups)}))
    drawn = drawn.sort_values(["period", "order"], kind="stable")
    periods = drawn["period"].astype(str)
    chosen = period if period in set(periods) else (period[:4] if period and period[:4] in set(periods) else None)
    chosen = chosen or (periods.iloc[-1] if len(periods) else None)
    at = drawn[periods == chosen]
    summary = t(
        "routes.alt.composition",
        lang,
        period=chosen or "—",
        summary=chart_summary(
            ((group_label(str(g), lang), float(v)) for g, v in zip(at["group"], at[field], strict=True)),
            lang=lang,
            unit=unit,
            decimals=1 if mode == "share" else 0,
        ),
    )
    table = [
        [
            str(p),
            group_label(str(g), lang),
            format_value(float(v), lang, unit=unit, decimals=1 if mode == "share" else 0),
        ]
        for p, g, v in zip(drawn["period"], drawn["group"], drawn[field], strict=True)
    ]
    return summary, table


def sankey_alternative(
    data: flow_tx.SankeyData, names: dict[str, str], *, year: str, lang: str = "en"
) -> tuple[str, list[list[str]]]:
    """The Sankey: its nationality → route links (largest first) as a summary and a table."""
    nodes, _ = sankey_labels(data, lang, names) if data.value else ([], [])
    links = sorted(
        (
            (nodes[s], nodes[d], v)
            for s, d, v, k in zip(data.source, data.target, data.value, data.link_kinds, strict=True)
            if k == "nationality"
        ),
        key=lambda link: -link[2],
    )
    if not links:
        return t("routes.sankey.empty", lang), []
    summary = t(
        "routes.alt.sankey",
        lang,
        year=year,
        summary=chart_summary(((_pair(a, b, lang), float(v)) for a, b, v in links), lang=lang),
    )
    return summary, [[a, b, format_value(float(v), lang)] for a, b, v in links]


def pairs_alternative(pairs: pd.DataFrame, names: dict[str, str], lang: str = "en") -> tuple[str, list[list[str]]]:
    """The intra-African chart: origin → destination pairs as drawn (largest first)."""
    if pairs.empty:
        return t("a11y.summary.empty", lang), []
    pairs = pairs.sort_values("value", ascending=False, kind="stable")
    rows = [
        (names.get(str(a), str(a)), names.get(str(b), str(b)), float(v), int(y), str(s))
        for a, b, v, y, s in zip(
            pairs["from_iso3"], pairs["to_iso3"], pairs["value"], pairs["year"], pairs["source_org"], strict=True
        )
    ]
    summary = t(
        "routes.alt.africa",
        lang,
        year=rows[0][3],
        summary=chart_summary(((_pair(a, b, lang), v) for a, b, v, _, _ in rows), lang=lang),
    )
    return summary, [[a, b, format_value(v, lang), str(y), s] for a, b, v, y, s in rows]


def alternative_columns(kind: str, lang: str = "en") -> list[str]:
    """Headers of the data table of a routes-page chart (`kind`: map, nationalities, composition, sankey, africa)."""
    keys = {
        "map": ("route", "value", "source"),
        "nationalities": ("nationality", "period", "value"),
        "composition": ("period", "group", "value"),
        "sankey": ("nationality", "route", "value"),
        "africa": ("from", "to", "value", "year", "source"),
    }[kind]
    return [t(f"routes.alt.column.{k}", lang) for k in keys]


def scope_label(vc: ViewContext, scope_type: str, code: str, label: str, lang: str = "en") -> str:
    """A composition scope's name in `lang`: country or route name, flow monitoring points, region."""
    if scope_type == "route":
        return route_label(code, lang, label)
    if scope_type == "country":
        name = country_names(vc.datasets, lang).get(code, code)
        return t("routes.scope.fmp", lang, country=name) if label.startswith(FMP_PREFIX) else name
    return t_or(f"routes.scope.{code}", lang, label)


def alternative_table(chart: ChartOutput, shown: bool | str | None):
    """The chart's data table when its "Show data table" is open, else the table's headers only.

    A table is only built while a reader has it open: the nationality table alone was ~700 Dash
    components, and every component on the page makes each later Dash update slower (routes.js tells
    the server when a table opens, through the details' `open` prop).
    """
    return chart.table() if shown else alt_table(chart.columns, [])


_CHARTS: BoundedLRU[tuple, object] = BoundedLRU(64)


def cached(vc: ViewContext, name: str, build: Callable[..., T], *args: Hashable) -> T:
    """`build(vc, *args)`, computed once per (data version, language, chart, arguments) and shared.

    A chart is a pure function of them; every visitor of the same view asks for the same few charts, and a
    table opened later reads the chart its figure came from. Results are read-only (Dash serialises them)."""
    key = (vc.datasets.version, vc.lang, name, *args)
    return _CHARTS.get_or_compute(key, lambda: build(vc, *args))  # type: ignore[return-value]


# ---------------------------------------------------------------- the map (drawn in the browser)


def animation(vc: ViewContext, state: RoutesState) -> tuple[dict, list]:
    """Filters in: the animation store (base figure + per-period values) and the measure's definition.

    The store is built once per (data version, language, filters): 192 monthly frames take ~0.4-0.7 s
    to build (hover numbers formatted in the reader's locale), and every visitor of a view asks for it.
    """
    eff = queries.effective(vc, state)
    key = (
        "animation",
        vc.lang,
        eff.measure,
        eff.granularity,
        eff.nationality,
        eff.start,
        eff.end,
        tuple(eff.routes),
        eff.incidents,
    )
    store = queries.once(vc, key, lambda: _animation_store(vc, eff))
    lang = vc.lang
    note = [
        dbc.Badge(measure_text(eff.measure, "label", lang), color="secondary", className="me-2"),
        html.Span(measure_text(eff.measure, "definition", lang)),
    ]
    return store, note


def _animation_store(vc: ViewContext, eff: RoutesState) -> dict:
    lang = vc.lang
    state = eff
    datasets = vc.datasets
    values = queries.map_values(vc, state)
    periods = queries.animation_periods(values)
    top = tx.top_per_route_period(
        datasets.flows, eff.measure, granularity=eff.granularity, number_format=lambda v: format_value(v, lang)
    )
    incidents = (
        tx.incidents_by_period(
            datasets.incidents, periods, granularity=eff.granularity, routes=list(eff.routes) or None
        )
        if eff.incidents
        else None
    )
    store = build_route_animation(
        values,
        tx.route_paths(datasets.route_waypoints),
        datasets.routes,
        periods=periods,
        measure=eff.measure,
        nationality=eff.nationality,
        selected=eff.routes,
        top_text=top,
        incidents=incidents,
        vintage=datasets.vintage,
        lang=lang,
        names=country_names(datasets, lang),
    )
    return store


def map_chart(vc: ViewContext, state: RoutesState, period: str | None) -> ChartOutput:
    """The route map's text alternative at the committed period (the same values as the animation store);
    its figure is drawn in the browser, so the unit's figure is None."""
    eff = queries.effective(vc, state)
    summary, rows = map_alternative(
        queries.map_values(vc, state), period, vc.route_names(), measure=eff.measure, lang=vc.lang, selected=eff.routes
    )
    return ChartOutput(None, summary, rows, alternative_columns("map", vc.lang))


def map_text(vc: ViewContext, state: RoutesState, period: str | None) -> tuple:
    """Summary and table of the route map at the committed period."""
    chart = map_chart(vc, state, period)
    return chart.summary, chart.table()


def _source_figure(row: dict, lang: str, *, compact: bool) -> list:
    """One publisher's figure: what it counts, the value, why it differs (full cards only) and the source link."""
    parts = [
        dbc.Badge(
            t_or(f"routes.kind.{row['kind']}", lang, row["kind"].replace("_", " ")),
            color="info",
            text_color="dark",  # white on Bootstrap's cyan was 2.0:1
            className="mb-1 source-badge",
        ),
        html.Div(format_value(row["value"], lang), className="kpi-value"),
        html.Div(html.Bdi(source_row_label(row, lang)), className="kpi-label small"),
    ]
    if not compact:
        parts.append(html.Div(t_or(f"routes.why.{row['kind']}", lang, ""), className="small text-muted"))
    parts.append(
        html.Div(
            [
                t("routes.sources.source", lang) + " ",
                html.A(html.Bdi(row["source_org"]), href=row["source_url"], target="_blank", rel="noopener"),
            ],
            className="small source-note",
        )
    )
    return parts


def sources_panel(vc: ViewContext, routes: list[str] | None, period: str | None) -> list:
    """Every publisher's figure for the current period, for every selected route side by side.

    One route: a card per publisher in a row, each saying why its figure differs. Several routes: small
    multiples, one column per route (two to four a row on a desk, one a row on a phone), each listing
    its publishers' figures in the same order, so a row of figures compares the routes.
    """
    lang = vc.lang
    if not routes:
        return [html.P(t("routes.sources.prompt", lang), className="text-muted")]
    if not period:
        return [html.P(t("routes.sources.no_period", lang), className="text-muted")]
    year = period[:4]
    datasets = vc.datasets
    names = vc.route_names()

    def rows_for(route: str) -> list[dict]:
        return tx.sources_side_by_side(datasets.flows, datasets.arrivals, datasets.route_countries, route, year)

    if len(routes) == 1:
        route = routes[0]
        rows = rows_for(route)
        title = html.H2(
            t("routes.sources.title", lang, route=isolate(names.get(route, route), lang), year=year), className="h6"
        )
        if not rows:
            return [title, html.P(t("common.no_data", lang), className="text-muted")]
        cards = [
            dbc.Col(
                dbc.Card(dbc.CardBody(_source_figure(row, lang, compact=False)), className="h-100"),
                md=3,
                className="mb-2",
            )
            for row in rows
        ]
        return [title, dbc.Row(cards, className="routes-sources-row")]
    width = {2: 6, 3: 4}.get(len(routes), 3)
    columns = []
    for route in routes:
        rows = rows_for(route)
        body = (
            [html.Div(_source_figure(row, lang, compact=True), className="routes-source-item mb-2") for row in rows]
            if rows
            else [html.P(t("common.no_data", lang), className="text-muted small")]
        )
        columns.append(
            dbc.Col(
                dbc.Card(
                    [dbc.CardHeader(html.H3(names.get(route, route), className="h6 mb-0")), dbc.CardBody(body)],
                    className="h-100 routes-source-route",
                ),
                xs=12,
                md=6,
                lg=width,
                className="mb-2",
            )
        )
    title = html.H2(
        t("routes.sources.title_many", lang, count=format_value(len(routes), lang), year=year), className="h6"
    )
    return [title, dbc.Row(columns, className="routes-sources-row routes-sources-multiples")]


# ---------------------------------------------------------------- the charts under the map, one unit each


def nationality_chart(vc: ViewContext, state: RoutesState, period: str | None) -> ChartOutput:
    """Top-10 nationalities over time for the selected routes, with its text alternative."""
    lang = vc.lang
    eff = queries.effective(vc, state)
    rows = queries.nationality_rows(vc, state)
    route_names = vc.route_names()
    scope = ", ".join(route_names.get(r, r) for r in eff.routes) or t("routes.nationalities.all_routes", lang)
    title = t("routes.nationalities.title", lang, measure=measure_text(eff.measure, "label", lang), scope=scope)
    figure = flow_fig.build_nationality_chart(
        rows,
        unit=measure_text(eff.measure, "unit", lang),
        period=period,
        vintage=vc.datasets.vintage,
        title=title,
        lang=lang,
        names=vc.country_names(),
    )
    summary, table = nationality_alternative(rows, vc.country_names(), lang)
    return ChartOutput(figure, summary, table, alternative_columns("nationalities", lang))


def composition_charts(vc: ViewContext, state: RoutesState, period: str | None) -> tuple[ChartOutput, dict, list]:
    """The composition over time (with its text alternative), its breakdown for the period, and a note."""
    lang = vc.lang
    series, scope, source, population = queries.composition_frame(vc, state)
    columns = alternative_columns("composition", lang)
    if series is None:
        msg = t("routes.composition.none", lang)
        summary, table = composition_alternative(None, period, mode=state.mode, lang=lang)
        return (
            ChartOutput(flow_fig.empty_figure(msg, lang=lang), summary, table, columns),
            flow_fig.empty_figure(msg, height=300, lang=lang),
            [html.Span(msg)],
        )
    datasets = vc.datasets
    eff = queries.effective(vc, state)
    gran = "month" if (series["period"].str.len() > 4).any() else "year"
    start, end = (eff.start or "2014"), (eff.end or "2024")
    shown = queries.composition_shown(vc, state)
    gaps = comp.missing_periods(shown, start, end, gran)
    meta = datasets.composition.loc[datasets.composition["scope_code"] == scope].iloc[0]
    label = scope_label(vc, str(meta["scope_type"]), scope, str(meta["scope_label"]), lang)
    population_text = population_label(population, lang)
    cursor = period if gran == "year" or (period and len(period) > 4) else None
    over = comp_fig.build_composition_over_time(
        shown,
        mode=state.mode,
        gaps=gaps,
        period=cursor,
        vintage=datasets.vintage,
        lang=lang,
        title=t("routes.composition.title", lang, scope=label, population=population_text, source=source),
    )
    chosen = period if period in set(shown["period"]) else (period[:4] if period else None)
    breakdown = comp_fig.build_composition_breakdown(
        shown,
        chosen,
        mode=state.mode,
        vintage=datasets.vintage,
        title=t("routes.composition.breakdown", lang, period=chosen or "—"),
        lang=lang,
    )
    routes_txt = (
        t(
            "routes.composition.fallback",
            lang,
            route=vc.route_names().get(state.routes[0], state.routes[0]),
            scope=label,
        )
        if state.routes and scope != state.routes[0] and not state.scope
        else ""
    )
    note = [
        html.Span(t("routes.composition.note", lang, scope=label, population=population_text, source=source)),
        html.Span(t("routes.composition.shares_note", lang)),
        html.Span(routes_txt),
    ]
    summary, table = composition_alternative(shown, period, mode=state.mode, lang=lang)
    return ChartOutput(over, summary, table, columns), breakdown, note


# A slide's Sankey (meeting packs): the nationality column holds this many names at room-size type on a
# projector, and names wrap narrower, so that a route's name and its arrival area's fit between their columns
SLIDE_SANKEY_NATIONALITIES = 10
SLIDE_SANKEY_WRAP = 16
SLIDE_SANKEY_COUNTRIES = 3  # an arrival area of more countries names two and how many more


def sankey_chart(vc: ViewContext, state: RoutesState, period: str | None, *, slide: bool = False) -> ChartOutput:
    """Nationality → route → arrival area for the current (yearly) period, with its text alternative.

    `slide`: for a slide of a meeting pack (fewer nationalities per route, narrower names; see above).
    """
    lang = vc.lang
    eff = queries.effective(vc, state)
    year = queries.sankey_year(vc, state, period)
    if slide:
        data = queries.sankey_data_within(vc, state, period, SLIDE_SANKEY_NATIONALITIES)
    else:
        data = queries.sankey_data(vc, state, period)
    places = vc.place_names()
    figure = flow_fig.build_sankey(
        data,
        unit=measure_text(eff.measure, "unit", lang),
        vintage=vc.datasets.vintage,
        title=t("routes.sankey.title", lang, measure=measure_text(eff.measure, "label", lang), year=year),
        lang=lang,
        names=places,
        wrap=SLIDE_SANKEY_WRAP if slide else 30,
        most_countries=SLIDE_SANKEY_COUNTRIES if slide else None,
    )
    summary, table = sankey_alternative(data, places, year=year, lang=lang)
    return ChartOutput(figure, summary, table, alternative_columns("sankey", lang))


def africa_chart(vc: ViewContext, source: str | None, period: str | None) -> ChartOutput:
    """Intra-African movements (DTM) or migrant-stock corridors (UN DESA), largest pairs, with its alternative."""
    lang = vc.lang
    names = vc.country_names()
    pairs = queries.africa_pairs(vc, source, period)
    if source == "desa":
        title, unit = t("routes.africa.title_desa", lang), t("routes.africa.unit_desa", lang)
    else:
        title, unit = t("routes.africa.title_dtm", lang), t("routes.africa.unit_dtm", lang)
    if not pairs.empty:
        title = t("routes.africa.year", lang, title=title, year=int(pairs["year"].iloc[0]))
    figure = flow_fig.build_pairs_chart(pairs, names, unit=unit, title=title, vintage=vc.datasets.vintage, lang=lang)
    summary, table = pairs_alternative(pairs, names, lang)
    return ChartOutput(figure, summary, table, alternative_columns("africa", lang))


# ---------------------------------------------------------------- downloads and the meeting pack


def export_routes_csv(vc: ViewContext, state: RoutesState) -> dict:
    """The map's values (route × period of one measure) with their sources, as a CSV download."""
    eff = queries.effective(vc, state)
    spec = tx.MEASURES[eff.measure]
    values = queries.map_values(vc, state, only_routes=True)
    rows = (
        [r, p, eff.nationality, eff.measure, spec.label, v, int(pt), n, s, u]
        for r, p, v, pt, n, s, u in zip(
            values["route_id"],
            values["period"],
            values["value"],
            values["partial"],
            values["note"],
            values["source_org"],
            values["source_url"],
            strict=True,
        )
    )
    text = to_csv(
        [
            "route_id",
            "period",
            "nationality_iso3",
            "measure",
            "measure_label",
            "value",
            "partial",
            "note",
            "source_org",
            "source_url",
        ],
        rows,
    )
    return {"content": text, "filename": f"imapdash-routes-{eff.measure}.csv", "type": "text/csv"}


def export_composition_csv(vc: ViewContext, state: RoutesState) -> dict | None:
    """The composition shown (counts, shares and how each share was obtained) as a CSV download, or None."""
    series, scope, _, population = queries.composition_frame(vc, state)
    if series is None:
        return None
    rows = (
        [scope, population, *r]
        for r in series[
            ["period", "group", "count", "share_pct", "share_basis", "source_org", "source_url", "note"]
        ].itertuples(index=False)
    )
    text = to_csv(
        [
            "scope_code",
            "population",
            "period",
            "group",
            "count",
            "share_pct",
            "share_basis",
            "source_org",
            "source_url",
            "note",
        ],
        rows,
    )
    return {"content": text, "filename": f"imapdash-composition-{scope}.csv", "type": "text/csv"}


def snapshot(vc: ViewContext, state: RoutesState) -> list[dict]:
    """The route map a story slide of this view shows in a meeting pack, at the slide's last period.

    One item: {"title", "figure" (plain dict), "sources": [(org, url)], "vintage"}.
    """
    eff = queries.effective(vc, state)
    store, _ = animation(vc, state)
    values = queries.map_values(vc, state)
    vintage = vc.datasets.vintage
    sources = list(
        dict.fromkeys(
            zip(values["source_org"].astype(str).tolist(), values["source_url"].astype(str).tolist(), strict=True)
        )
    )
    if not store["periods"]:
        title = f"{tx.MEASURES[eff.measure].label}: no data"
        return [{"title": title, "figure": store["figure"], "sources": sources, "vintage": vintage}]
    index = len(store["periods"]) - 1
    figure = frame_figure(store, index)
    title = store["labels"][index]
    figure["layout"] = {
        **figure["layout"],
        "title": {"text": title, "x": 0.01, "xanchor": "left"},
        "margin": {"l": 0, "r": 0, "t": 40, "b": 60},
    }
    return [{"title": title, "figure": figure, "sources": sources, "vintage": vintage}]
