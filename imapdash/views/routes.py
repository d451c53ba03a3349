"""Routes view: animated route map, sources side by side, and the flows and composition linked to it.

One page, because the charts follow the map: selecting a route filters the nationality, Sankey and
composition charts; while the animation plays, those charts show a period cursor moved in the
browser. The animation itself runs in the browser (`assets/js/routes.js`): the server sends every
period's widths, hovers and incident points once per filter change in a dcc.Store, and a
clientside callback driven by dcc.Interval patches the map — no server round trip per frame. The
period-dependent panels (sources, Sankey, composition breakdown) update when the animation pauses,
steps or ends, not on every frame.

Language: every text comes from the `routes` catalogue (route names `route.<id>.name`, measures,
definitions, composition groups), country names from countries.csv in the reader's language, and
numbers in its conventions. Callbacks read the language from the shell (`State(Shell.ROOT, "lang")`)
and the URL state carries `lang`, so a permalink opens in the same language.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

import dash_bootstrap_components as dbc
import pandas as pd
from dash import ClientsideFunction, Dash, Input, Output, State, dcc, html, no_update

from ..api.csvsafe import to_csv
from ..components.chart_alt import alternative_ids, chart_alternative, chart_summary
from ..components.chart_alt import data_table as alt_table
from ..datasets import Datasets
from ..figures import composition as comp_fig
from ..figures import flows as flow_fig
from ..figures.composition import group_label
from ..figures.flows import sankey_labels, t_or
from ..figures.route_map import build_route_animation, frame_figure, measure_text, route_label
from ..i18n import DEFAULT_LANGUAGE, format_value, normalise_language, t
from ..ids import Flows, Routes, Shell
from ..theme import TOPOJSON_URL, graph_config
from ..transforms import composition as comp
from ..transforms import flows as flow_tx
from ..transforms import routes as tx
from ..urlstate import as_list, first, keep_shell_params, parse_query, to_query

PATH = "/routes"
NAV_LABEL = "Routes"
NAV_KEY = "nav.routes"
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
    lang: str | None = None


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
        lang=normalise_language(first(query, "lang")) if first(query, "lang") else None,
    )
    if state.start and state.end and state.start > state.end:
        state = replace(state, start=state.end, end=state.start)
    return state


def state_query(state: RoutesState) -> str:
    """State -> '?route=…&measure=…' (defaults left out, so short URLs stay short)."""
    return to_query(
        {
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
            "lang": state.lang,
        }
    )


def state_from_controls(
    routes=None,
    measure=None,
    granularity=None,
    start=None,
    end=None,
    nationality=None,
    layers=None,
    view=None,
    scope=None,
    mode=None,
    africa=None,
) -> RoutesState:
    """Control values (as Dash sends them, in CONTROL_PROPS order) -> state."""
    return RoutesState(
        routes=tuple(routes or ()),
        measure=measure or "detections",
        start=str(start) if start else None,
        end=str(end) if end else None,
        nationality=nationality or "ALL",
        granularity=granularity or "year",
        view=view or "nationalities",
        scope=scope or None,
        mode=mode or "count",
        africa=africa or "dtm",
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


def update_animation(datasets: Datasets, state: RoutesState, lang: str = "en") -> tuple[dict, list]:
    """Filters in: the animation store (base figure + per-period values) and the measure's definition."""
    state = effective(datasets, state)
    values = tx.period_values(
        datasets.flows,
        state.measure,
        granularity=state.granularity,
        nationality=state.nationality,
        start=state.start,
        end=state.end,
    )
    periods = animation_periods(values)
    top = tx.top_per_route_period(
        datasets.flows, state.measure, granularity=state.granularity, number_format=lambda v: format_value(v, lang)
    )
    incidents = (
        tx.incidents_by_period(
            datasets.incidents, periods, granularity=state.granularity, routes=list(state.routes) or None
        )
        if state.incidents
        else None
    )
    store = build_route_animation(
        values,
        tx.route_paths(datasets.route_waypoints),
        datasets.routes,
        periods=periods,
        measure=state.measure,
        nationality=state.nationality,
        selected=state.routes,
        top_text=top,
        incidents=incidents,
        vintage=datasets.vintage,
        lang=lang,
    )
    note = [
        dbc.Badge(measure_text(state.measure, "label", lang), color="secondary", className="me-2"),
        html.Span(measure_text(state.measure, "definition", lang)),
    ]
    return store, note


def route_names(datasets: Datasets, lang: str = "en") -> dict[str, str]:
    """route_id -> display name in `lang` (routes.csv's English name where the catalogue has none)."""
    return {
        r: route_label(r, lang, n)
        for r, n in zip(datasets.routes["route_id"].astype(str), datasets.routes["name"].astype(str), strict=True)
    }


def country_names(datasets: Datasets, lang: str = "en") -> dict[str, str]:
    """ISO3 -> country name in `lang` (countries.csv name_en/name_fr/name_ar)."""
    column = f"name_{normalise_language(lang)}"
    frame = datasets.countries
    names = frame[column] if column in frame else frame["name_en"]
    return {
        i: (str(n) if isinstance(n, str) and n else str(e))
        for i, n, e in zip(frame["iso3"].astype(str), names, frame["name_en"].astype(str), strict=True)
    }


def place_names(datasets: Datasets, lang: str = "en") -> dict[str, str]:
    """Route ids and ISO3 codes -> names in `lang` (Sankey nodes)."""
    return {**country_names(datasets, lang), **route_names(datasets, lang)}


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


def scope_label(datasets: Datasets, scope_type: str, code: str, label: str, lang: str = "en") -> str:
    """A composition scope's name in `lang`: country or route name, flow monitoring points, region."""
    if scope_type == "route":
        return route_label(code, lang, label)
    if scope_type == "country":
        name = country_names(datasets, lang).get(code, code)
        return t("routes.scope.fmp", lang, country=name) if label.startswith(FMP_PREFIX) else name
    return t_or(f"routes.scope.{code}", lang, label)


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


def update_sources_panel(datasets: Datasets, routes: list[str] | None, period: str | None, lang: str = "en") -> list:
    """Every publisher's figure for the first selected route and the current period, side by side."""
    if not routes:
        return [html.P(t("routes.sources.prompt", lang), className="text-muted")]
    if not period:
        return [html.P(t("routes.sources.no_period", lang), className="text-muted")]
    route = routes[0]
    year = period[:4]
    rows = tx.sources_side_by_side(datasets.flows, datasets.arrivals, datasets.route_countries, route, year)
    title = html.H2(
        t("routes.sources.title", lang, route=route_names(datasets, lang).get(route, route), year=year), className="h6"
    )
    if not rows:
        return [title, html.P(t("common.no_data", lang), className="text-muted")]
    cards = []
    for row in rows:
        cards.append(
            dbc.Col(
                dbc.Card(
                    dbc.CardBody(
                        [
                            dbc.Badge(
                                t_or(f"routes.kind.{row['kind']}", lang, row["kind"].replace("_", " ")),
                                color="info",
                                className="mb-1 source-badge",
                            ),
                            html.Div(format_value(row["value"], lang), className="kpi-value"),
                            html.Div(source_row_label(row, lang), className="kpi-label small"),
                            html.Div(t_or(f"routes.why.{row['kind']}", lang, ""), className="small text-muted"),
                            html.Div(
                                [
                                    t("routes.sources.source", lang) + " ",
                                    html.A(row["source_org"], href=row["source_url"], target="_blank", rel="noopener"),
                                ],
                                className="small source-note",
                            ),
                        ]
                    ),
                    className="h-100",
                ),
                md=3,
                className="mb-2",
            )
        )
    return [title, dbc.Row(cards, className="routes-sources-row")]


def update_nationality_chart(datasets: Datasets, state: RoutesState, period: str | None, lang: str = "en") -> dict:
    """Top-10 nationalities over time for the selected routes (one measure, one publisher)."""
    state = effective(datasets, state)
    rows = tx.top_nationalities(
        datasets.flows,
        state.measure,
        routes=list(state.routes) or None,
        granularity=state.granularity,
        start=state.start,
        end=state.end,
    )
    names = route_names(datasets, lang)
    scope = ", ".join(names.get(r, r) for r in state.routes) or t("routes.nationalities.all_routes", lang)
    title = t("routes.nationalities.title", lang, measure=measure_text(state.measure, "label", lang), scope=scope)
    return flow_fig.build_nationality_chart(
        rows,
        unit=measure_text(state.measure, "unit", lang),
        period=period,
        vintage=datasets.vintage,
        title=title,
        lang=lang,
        names=country_names(datasets, lang),
    )


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


def update_composition(
    datasets: Datasets, state: RoutesState, period: str | None, lang: str = "en"
) -> tuple[dict, dict, list]:
    """Composition over time, its breakdown for the current period, and a note on what is shown."""
    series, scope, source, population = composition_frame(datasets, state)
    if series is None:
        msg = t("routes.composition.none", lang)
        return (
            flow_fig.empty_figure(msg, lang=lang),
            flow_fig.empty_figure(msg, height=300, lang=lang),
            [html.Span(msg)],
        )
    eff = effective(datasets, state)
    gran = "month" if (series["period"].str.len() > 4).any() else "year"
    start, end = (eff.start or "2014"), (eff.end or "2024")
    shown = series[(series["period"].str.slice(0, 4) >= start) & (series["period"].str.slice(0, 4) <= end)]
    gaps = comp.missing_periods(shown, start, end, gran)
    meta = datasets.composition.loc[datasets.composition["scope_code"] == scope].iloc[0]
    label = scope_label(datasets, str(meta["scope_type"]), scope, str(meta["scope_label"]), lang)
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
            route=route_names(datasets, lang).get(state.routes[0], state.routes[0]),
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
    return over, breakdown, note


def update_sankey(datasets: Datasets, state: RoutesState, period: str | None, lang: str = "en") -> dict:
    """Nationality → route → arrival area for the current (yearly) period."""
    state = effective(datasets, state)
    year = (period or state.end or "")[:4]
    data = flow_tx.nationality_route_sankey(
        datasets.flows,
        datasets.route_countries,
        datasets.routes,
        measure=state.measure,
        period=year,
        route_ids=list(state.routes) or None,
    )
    title = t("routes.sankey.title", lang, measure=measure_text(state.measure, "label", lang), year=year)
    return flow_fig.build_sankey(
        data,
        unit=measure_text(state.measure, "unit", lang),
        vintage=datasets.vintage,
        title=title,
        lang=lang,
        names=place_names(datasets, lang),
    )


def update_africa(datasets: Datasets, source: str | None, period: str | None, lang: str = "en") -> dict:
    """Intra-African movements (DTM flow monitoring) or migrant-stock corridors (UN DESA), largest pairs."""
    names = country_names(datasets, lang)
    year = int(period[:4]) if period else None
    if source == "desa":
        pairs = flow_tx.south_south_corridors(datasets.corridors, datasets.countries, year=year)
        title = t("routes.africa.title_desa", lang)
        unit = t("routes.africa.unit_desa", lang)
    else:
        pairs = flow_tx.intra_african_movements(datasets.flow_monitoring, datasets.countries, year=year)
        title = t("routes.africa.title_dtm", lang)
        unit = t("routes.africa.unit_dtm", lang)
    if not pairs.empty:
        title = t("routes.africa.year", lang, title=title, year=int(pairs["year"].iloc[0]))
    return flow_fig.build_pairs_chart(pairs, names, unit=unit, title=title, vintage=datasets.vintage, lang=lang)


# ---------------------------------------------------------------- text alternatives of the charts


def _list_separator(lang: str) -> str:
    return "؛ " if lang == "ar" else "; "


def _pair(a: str, b: str, lang: str) -> str:
    """'A → B', with the arrow pointing the way Arabic reads."""
    return f"{a} ← {b}" if lang == "ar" else f"{a} → {b}"


def map_alternative(
    values: pd.DataFrame, period: str | None, names: dict[str, str], *, measure: str, lang: str = "en"
) -> tuple[str, list[list[str]]]:
    """The route map at `period`: (summary with period, measure, total and top 3 routes; rows route, value, source)."""
    label = measure_text(measure, "label", lang)
    rows = values[(values["period"].astype(str) == str(period)) & values["value"].notna()] if period else values[:0]
    if rows.empty:
        return t("routes.alt.map_empty", lang, period=period or "—", measure=label), []
    rows = rows.sort_values("value", ascending=False, kind="stable")
    routes = [names.get(r, r) for r in rows["route_id"].astype(str).tolist()]
    shown = [format_value(float(v), lang) for v in rows["value"].tolist()]
    top = _list_separator(lang).join(f"{r} {v}" for r, v in zip(routes[:3], shown[:3], strict=True))
    summary = t(
        "routes.alt.map_summary",
        lang,
        period=period,
        measure=label,
        total=format_value(float(rows["value"].sum()), lang),
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
        summary=chart_summary(((names.get(str(n), str(n)), float(v)) for n, v in totals.items()), lang=lang),
    )
    by = by.sort_values(["period", "value"], ascending=[True, False], kind="stable")
    table = [
        [names.get(str(n), str(n)), str(p), format_value(float(v), lang)]
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


def update_map_alternative(datasets: Datasets, state: RoutesState, period: str | None, lang: str = "en") -> tuple:
    """Summary and table of the route map at the committed period (same values as the animation store)."""
    state = effective(datasets, state)
    values = tx.period_values(
        datasets.flows,
        state.measure,
        granularity=state.granularity,
        nationality=state.nationality,
        start=state.start,
        end=state.end,
    )
    summary, rows = map_alternative(values, period, route_names(datasets, lang), measure=state.measure, lang=lang)
    return summary, alt_table(alternative_columns("map", lang), rows)


def update_nationality_alternative(datasets: Datasets, state: RoutesState, lang: str = "en") -> tuple:
    """Summary and table of the nationality chart (same rows as `update_nationality_chart`)."""
    state = effective(datasets, state)
    rows = tx.top_nationalities(
        datasets.flows,
        state.measure,
        routes=list(state.routes) or None,
        granularity=state.granularity,
        start=state.start,
        end=state.end,
    )
    summary, table = nationality_alternative(rows, country_names(datasets, lang), lang)
    return summary, alt_table(alternative_columns("nationalities", lang), table)


def update_composition_alternative(
    datasets: Datasets, state: RoutesState, period: str | None, lang: str = "en"
) -> tuple:
    """Summary and table of the composition charts (the series shown over the selected range)."""
    series, _, _, _ = composition_frame(datasets, state)
    if series is not None:
        eff = effective(datasets, state)
        start, end = (eff.start or "2014"), (eff.end or "2024")
        series = series[(series["period"].str.slice(0, 4) >= start) & (series["period"].str.slice(0, 4) <= end)]
    summary, table = composition_alternative(series, period, mode=state.mode, lang=lang)
    return summary, alt_table(alternative_columns("composition", lang), table)


def update_sankey_alternative(datasets: Datasets, state: RoutesState, period: str | None, lang: str = "en") -> tuple:
    """Summary and table of the Sankey (same data as `update_sankey`)."""
    state = effective(datasets, state)
    year = (period or state.end or "")[:4]
    data = flow_tx.nationality_route_sankey(
        datasets.flows,
        datasets.route_countries,
        datasets.routes,
        measure=state.measure,
        period=year,
        route_ids=list(state.routes) or None,
    )
    summary, table = sankey_alternative(data, place_names(datasets, lang), year=year, lang=lang)
    return summary, alt_table(alternative_columns("sankey", lang), table)


def update_africa_alternative(datasets: Datasets, source: str | None, period: str | None, lang: str = "en") -> tuple:
    """Summary and table of the intra-African chart (same pairs as `update_africa`)."""
    year = int(period[:4]) if period else None
    if source == "desa":
        pairs = flow_tx.south_south_corridors(datasets.corridors, datasets.countries, year=year)
    else:
        pairs = flow_tx.intra_african_movements(datasets.flow_monitoring, datasets.countries, year=year)
    summary, table = pairs_alternative(pairs, country_names(datasets, lang), lang)
    return summary, alt_table(alternative_columns("africa", lang), table)


def _empty_alternative(graph_id: str, kind: str, lang: str) -> html.Div:
    """The alternative block as first rendered (callbacks fill it on load)."""
    return chart_alternative(graph_id, "", alternative_columns(kind, lang), [], lang)


def update_route_from_click(click: dict | None, current: list[str] | None) -> list[str] | object:
    """A click on a route line toggles that route in the filter; clicks elsewhere change nothing."""
    points = (click or {}).get("points") or []
    route = points[0].get("customdata") if points else None
    if not isinstance(route, str) or not route:
        return no_update
    current = list(current or [])
    return [r for r in current if r != route] if route in current else [*current, route]


def url_language(lang: str | None, search: str | None) -> str | None:
    """The interface language to keep in the URL: always when not English, English only if the URL had it."""
    lang = normalise_language(lang)
    return lang if lang != DEFAULT_LANGUAGE or first(parse_query(search), "lang") else None


def update_url(state: RoutesState, search: str | None, lang: str | None = None) -> str | object:
    """The query for the state (with the reader's language), or no_update when the URL already says it."""
    query = keep_shell_params(state_query(replace(state, lang=url_language(lang, search) or state.lang)), search)
    return no_update if (search or "") == query else query


def restore_controls(datasets: Datasets, search: str | None, current: RoutesState) -> tuple:
    """URL -> control values (Back/Forward); unchanged controls get no_update."""
    state = parse_state(parse_query(search), set(datasets.routes["route_id"].astype(str)))
    pairs = [
        (list(state.routes), list(current.routes)),
        (state.measure, current.measure),
        (state.granularity, current.granularity),
        (state.start, current.start),
        (state.end, current.end),
        (state.nationality, current.nationality),
        (["incidents"] if state.incidents else [], ["incidents"] if current.incidents else []),
        (state.view, current.view),
        (state.scope, current.scope),
        (state.mode, current.mode),
        (state.africa, current.africa),
    ]
    return tuple(no_update if new == old else new for new, old in pairs)


def export_routes_csv(datasets: Datasets, state: RoutesState) -> dict:
    """The map's values (route × period of one measure) with their sources, as a CSV download."""
    state = effective(datasets, state)
    spec = tx.MEASURES[state.measure]
    values = tx.period_values(
        datasets.flows,
        state.measure,
        granularity=state.granularity,
        nationality=state.nationality,
        routes=list(state.routes) or None,
        start=state.start,
        end=state.end,
    )
    rows = (
        [r, p, state.nationality, state.measure, spec.label, v, int(pt), n, s, u]
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
    return {"content": text, "filename": f"imapdash-routes-{state.measure}.csv", "type": "text/csv"}


def export_composition_csv(datasets: Datasets, state: RoutesState) -> dict | object:
    """The composition shown (counts, shares and how each share was obtained) as a CSV download."""
    series, scope, _, population = composition_frame(datasets, state)
    if series is None:
        return no_update
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


def _year_options(datasets: Datasets) -> list[dict]:
    years = sorted({p[:4] for p in datasets.flows["period"].astype(str)})
    return [{"label": y, "value": y} for y in years]


def _nationality_options(datasets: Datasets, lang: str = "en") -> list[dict]:
    nats = sorted(set(datasets.flows.loc[datasets.flows["nationality_iso3"] != "ALL", "nationality_iso3"].astype(str)))
    names = country_names(datasets, lang)
    return [
        {"label": t("routes.filter.all_nationalities", lang), "value": "ALL"},
        *({"label": f"{names.get(n, n)} ({n})", "value": n} for n in nats),
    ]


def _scope_options(datasets: Datasets, lang: str = "en") -> list[dict]:
    scopes = datasets.composition[["scope_type", "scope_code", "scope_label"]].drop_duplicates("scope_code")
    return [
        {
            "label": t(
                "routes.scope.option",
                lang,
                label=scope_label(datasets, typ, code, lab, lang),
                code=code,
                type=t_or(f"routes.scope_type.{typ}", lang, typ),
            ),
            "value": code,
        }
        for typ, code, lab in scopes.sort_values(["scope_type", "scope_code"]).itertuples(index=False)
    ]


def _labelled(label: str, control, md: int = 2) -> dbc.Col:
    return dbc.Col([dbc.Label(label, className="small mb-0"), control], md=md, className="mb-2")


def layout(datasets: Datasets, *, path: str = PATH, query: dict | None = None) -> html.Div:
    """The routes page, restored from its URL query."""
    state = parse_state(query or {}, set(datasets.routes["route_id"].astype(str)))
    lang = state.lang or "en"
    eff = effective(datasets, state)
    route_options = [{"label": n, "value": r} for r, n in route_names(datasets, lang).items()]
    measure_options = [
        {
            "label": t(
                "routes.measure.option", lang, label=measure_text(k, "label", lang), unit=measure_text(k, "unit", lang)
            ),
            "value": k,
        }
        for k in tx.MEASURES
    ]
    config = graph_config(TOPOJSON_URL, filename="imapdash-routes")
    filters = dbc.Row(
        [
            _labelled(
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
            _labelled(
                t("routes.filter.measure", lang),
                dcc.Dropdown(id=Routes.MEASURE, options=measure_options, value=state.measure, clearable=False),
                md=3,
            ),
            _labelled(
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
            _labelled(
                t("routes.filter.from", lang),
                dcc.Dropdown(
                    id=Routes.FROM,
                    options=_year_options(datasets),
                    value=state.start,
                    placeholder=eff.start or t("routes.filter.first", lang),
                ),
                md=1,
            ),
            _labelled(
                t("routes.filter.to", lang),
                dcc.Dropdown(
                    id=Routes.TO,
                    options=_year_options(datasets),
                    value=state.end,
                    placeholder=eff.end or t("routes.filter.last", lang),
                ),
                md=1,
            ),
            _labelled(
                t("routes.filter.nationality", lang),
                dcc.Dropdown(
                    id=Routes.NATIONALITY,
                    options=_nationality_options(datasets, lang),
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
            dbc.ButtonGroup(
                [
                    dbc.Button(
                        "⏮",
                        id=Routes.STEP_BACK,
                        title=t("routes.control.previous", lang),
                        color="secondary",
                        outline=True,
                    ),
                    dbc.Button(
                        "▶ " + t("routes.control.play", lang),
                        id=Routes.PLAY,
                        title=t("routes.control.play", lang),
                        color="primary",
                    ),
                    dbc.Button(
                        "⏸ " + t("routes.control.pause", lang),
                        id=Routes.PAUSE,
                        title=t("routes.control.pause", lang),
                        color="secondary",
                        outline=True,
                    ),
                    dbc.Button(
                        "⏭",
                        id=Routes.STEP_FORWARD,
                        title=t("routes.control.next", lang),
                        color="secondary",
                        outline=True,
                    ),
                ],
                className="me-3",
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
                    _empty_alternative(Flows.NATIONALITIES, "nationalities", lang),
                ],
            ),
            dcc.Tab(
                label=t("routes.tab.composition", lang),
                value="composition",
                children=[
                    dbc.Row(
                        [
                            _labelled(
                                t("routes.composition.scope", lang),
                                dcc.Dropdown(
                                    id=Flows.COMPOSITION_SCOPE,
                                    options=_scope_options(datasets, lang),
                                    value=state.scope,
                                    placeholder=t("routes.composition.automatic", lang),
                                ),
                                md=5,
                            ),
                            _labelled(
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
                    _empty_alternative(Flows.COMPOSITION, "composition", lang),
                ],
            ),
            dcc.Tab(
                label=t("routes.tab.sankey", lang),
                value="sankey",
                children=[dcc.Graph(id=Flows.SANKEY, config=config), _empty_alternative(Flows.SANKEY, "sankey", lang)],
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
                    _empty_alternative(Flows.AFRICA, "africa", lang),
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
            dcc.Slider(id=Routes.SLIDER, min=0, max=0, step=1, value=0, marks={}, updatemode="drag"),
            dcc.Graph(
                id=Routes.MAP,
                config=config,
                figure=flow_fig.empty_figure(t("routes.map.loading", lang), height=560, lang=lang),
            ),
            _empty_alternative(Routes.MAP, "map", lang),
            dbc.Button(t("routes.download", lang), id=Routes.DOWNLOAD_BUTTON, color="link", size="sm"),
            html.Div(id=Routes.SOURCES, className="routes-sources mb-3"),
            tabs,
            dcc.Store(id=Routes.STORE),
            dcc.Store(id=Routes.CURSOR),
            dcc.Store(id=Routes.PERIOD, data=eff.end),
            dcc.Interval(id=Routes.INTERVAL, interval=800, disabled=True),
            dcc.Download(id=Routes.DOWNLOAD),
            dcc.Download(id=Flows.DOWNLOAD),
        ],
        id=Routes.PAGE,
        className="view view-routes",
    )


FILTERS = (Routes.ROUTE, Routes.MEASURE, Routes.GRANULARITY, Routes.FROM, Routes.TO, Routes.NATIONALITY, Routes.LAYERS)
CONTROL_PROPS = (
    *((i, "value") for i in FILTERS),
    (Flows.TABS, "value"),
    (Flows.COMPOSITION_SCOPE, "value"),
    (Flows.COMPOSITION_MODE, "value"),
    (Flows.AFRICA_SOURCE, "value"),
)


def register_callbacks(app: Dash, datasets: Datasets) -> None:
    """Server callbacks for filters and period panels; clientside ones (routes.js) for the animation."""
    filter_inputs = [Input(i, "value") for i in FILTERS]
    all_controls = [Input(i, p) for i, p in CONTROL_PROPS]
    lang_state = State(Shell.ROOT, "lang")

    @app.callback(Output(Routes.STORE, "data"), Output(Routes.MEASURE_NOTE, "children"), *filter_inputs, lang_state)
    def _on_filters(*values):
        return update_animation(datasets, state_from_controls(*values[:-1]), normalise_language(values[-1]))

    app.clientside_callback(
        ClientsideFunction(namespace="routes", function_name="animate"),
        Output(Routes.MAP, "figure"),
        Output(Routes.SLIDER, "max"),
        Output(Routes.SLIDER, "marks"),
        Output(Routes.SLIDER, "value"),
        Output(Routes.LABEL, "children"),
        Output(Routes.INTERVAL, "disabled"),
        Output(Routes.CURSOR, "data"),
        Output(Routes.PERIOD, "data"),
        Input(Routes.STORE, "data"),
        Input(Routes.INTERVAL, "n_intervals"),
        Input(Routes.PLAY, "n_clicks"),
        Input(Routes.PAUSE, "n_clicks"),
        Input(Routes.STEP_BACK, "n_clicks"),
        Input(Routes.STEP_FORWARD, "n_clicks"),
        Input(Routes.SLIDER, "value"),
        State(Routes.LOOP, "value"),
        State(Routes.INTERVAL, "disabled"),
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

    @app.callback(Output(Flows.NATIONALITIES, "figure"), *filter_inputs, State(Routes.PERIOD, "data"), lang_state)
    def _on_nationality_filters(*values):
        *filters, period, lang = values
        return update_nationality_chart(datasets, state_from_controls(*filters), period, normalise_language(lang))

    @app.callback(
        Output(Flows.COMPOSITION, "figure"),
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
        return update_composition(
            datasets,
            replace(state_from_controls(*filters), scope=scope, mode=mode or "count"),
            period,
            normalise_language(lang),
        )

    @app.callback(
        Output(Routes.SOURCES, "children"),
        Output(Flows.SANKEY, "figure"),
        Input(Routes.PERIOD, "data"),
        Input(Routes.ROUTE, "value"),
        Input(Routes.MEASURE, "value"),
        Input(Routes.FROM, "value"),
        Input(Routes.TO, "value"),
        lang_state,
    )
    def _on_period(period, routes, measure, start, end, lang):
        state = state_from_controls(routes, measure, None, start, end)
        lang = normalise_language(lang)
        return update_sources_panel(datasets, routes, period, lang), update_sankey(datasets, state, period, lang)

    @app.callback(
        Output(Flows.AFRICA, "figure"), Input(Flows.AFRICA_SOURCE, "value"), Input(Routes.PERIOD, "data"), lang_state
    )
    def _on_africa(source, period, lang):
        return update_africa(datasets, source, period, normalise_language(lang))

    @app.callback(
        *[Output(i, "children") for i in alternative_ids(Routes.MAP)],
        Input(Routes.PERIOD, "data"),
        *filter_inputs,
        lang_state,
    )
    def _on_map_alternative(period, *values):
        *filters, lang = values
        return update_map_alternative(datasets, state_from_controls(*filters), period, normalise_language(lang))

    @app.callback(*[Output(i, "children") for i in alternative_ids(Flows.NATIONALITIES)], *filter_inputs, lang_state)
    def _on_nationality_alternative(*values):
        *filters, lang = values
        return update_nationality_alternative(datasets, state_from_controls(*filters), normalise_language(lang))

    @app.callback(
        *[Output(i, "children") for i in alternative_ids(Flows.COMPOSITION)],
        *filter_inputs,
        Input(Flows.COMPOSITION_SCOPE, "value"),
        Input(Flows.COMPOSITION_MODE, "value"),
        Input(Routes.PERIOD, "data"),
        lang_state,
    )
    def _on_composition_alternative(*values):
        *filters, scope, mode, period, lang = values
        state = replace(state_from_controls(*filters), scope=scope, mode=mode or "count")
        return update_composition_alternative(datasets, state, period, normalise_language(lang))

    @app.callback(
        *[Output(i, "children") for i in alternative_ids(Flows.SANKEY)],
        Input(Routes.PERIOD, "data"),
        Input(Routes.ROUTE, "value"),
        Input(Routes.MEASURE, "value"),
        Input(Routes.FROM, "value"),
        Input(Routes.TO, "value"),
        lang_state,
    )
    def _on_sankey_alternative(period, routes, measure, start, end, lang):
        state = state_from_controls(routes, measure, None, start, end)
        return update_sankey_alternative(datasets, state, period, normalise_language(lang))

    @app.callback(
        *[Output(i, "children") for i in alternative_ids(Flows.AFRICA)],
        Input(Flows.AFRICA_SOURCE, "value"),
        Input(Routes.PERIOD, "data"),
        lang_state,
    )
    def _on_africa_alternative(source, period, lang):
        return update_africa_alternative(datasets, source, period, normalise_language(lang))

    @app.callback(
        Output(Routes.ROUTE, "value", allow_duplicate=True),
        Input(Routes.MAP, "clickData"),
        State(Routes.ROUTE, "value"),
        prevent_initial_call=True,
    )
    def _on_map_click(click, current):
        return update_route_from_click(click, current)

    @app.callback(
        Output(Shell.URL, "search", allow_duplicate=True),
        *all_controls,
        State(Shell.URL, "search"),
        lang_state,
        prevent_initial_call=True,
    )
    def _on_controls(*values):
        *controls, search, lang = values
        return update_url(state_from_controls(*controls), search, lang)

    @app.callback(
        [Output(i, p, allow_duplicate=True) for i, p in CONTROL_PROPS],
        Input(Shell.URL, "search"),
        [State(i, p) for i, p in CONTROL_PROPS],
        State(Shell.URL, "pathname"),
        prevent_initial_call=True,
    )
    def _on_search(search, *current):
        if (current[-1] or "").rstrip("/") != PATH:
            return tuple(no_update for _ in CONTROL_PROPS)
        return restore_controls(datasets, search, state_from_controls(*current[:-1]))

    @app.callback(
        Output(Routes.DOWNLOAD, "data"),
        Input(Routes.DOWNLOAD_BUTTON, "n_clicks"),
        *[State(i, "value") for i in FILTERS],
        prevent_initial_call=True,
    )
    def _on_download(_clicks, *filters):
        return export_routes_csv(datasets, state_from_controls(*filters))

    @app.callback(
        Output(Flows.DOWNLOAD, "data"),
        Input(Flows.DOWNLOAD_BUTTON, "n_clicks"),
        *[State(i, p) for i, p in CONTROL_PROPS],
        prevent_initial_call=True,
    )
    def _on_download_composition(_clicks, *values):
        return export_composition_csv(datasets, state_from_controls(*values))


def snapshot(datasets: Datasets, *, path: str = PATH, query: dict | None = None, lang: str = "en") -> list[dict]:
    """The route map a story slide of this view shows in a meeting pack, at the slide's last period.

    One item: {"title", "figure" (plain dict), "sources": [(org, url)], "vintage"}.
    """
    state = effective(datasets, parse_state(query or {}, set(datasets.routes["route_id"].astype(str))))
    store, _ = update_animation(datasets, state, lang)
    values = tx.period_values(
        datasets.flows,
        state.measure,
        granularity=state.granularity,
        nationality=state.nationality,
        start=state.start,
        end=state.end,
    )
    sources = list(
        dict.fromkeys(
            zip(values["source_org"].astype(str).tolist(), values["source_url"].astype(str).tolist(), strict=True)
        )
    )
    if not store["periods"]:
        title = f"{tx.MEASURES[state.measure].label}: no data"
        return [{"title": title, "figure": store["figure"], "sources": sources, "vintage": datasets.vintage}]
    index = len(store["periods"]) - 1
    figure = frame_figure(store, index)
    title = store["labels"][index]
    figure["layout"] = {
        **figure["layout"],
        "title": {"text": title, "x": 0.01, "xanchor": "left"},
        "margin": {"l": 0, "r": 0, "t": 40, "b": 60},
    }
    return [{"title": title, "figure": figure, "sources": sources, "vintage": datasets.vintage}]
