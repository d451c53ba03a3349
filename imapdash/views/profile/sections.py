"""The sections of a country profile, each built from the public rows of one country.

A section builder returns a `Section`: its key, whether it holds real data, and its component. Every
chart has axis titles with units, its period in the title and its source note; `scale` gives the
comparison view the value-axis maximum per section key so that countries side by side share a scale.
The same builders serve the profile and the comparison.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

import dash_bootstrap_components as dbc
import pandas as pd
from dash import dcc, html

from ...datasets import Datasets
from ...figures import profile as charts
from ...figures.choropleth import message, unit_label
from ...figures.sources import format_vintage
from ...i18n import format_value, t
from ...ids import Profile
from ...transforms import profile as tx
from .common import CHART_CONFIG, lang_query, route_name, source_line


@dataclass(frozen=True)
class Context:
    """What every section needs: the data, the country, the language, names and shared scales."""

    datasets: Datasets
    iso3: str
    lang: str
    names: Mapping[str, str]
    scale: Mapping[str, float] | None = None
    brief: bool = False  # the printable one-page brief: one chart a section, fixed width (assets/css)

    @property
    def country(self) -> str:
        return self.names.get(self.iso3, self.iso3)

    def y_max(self, key: str) -> float | None:
        return None if self.scale is None else self.scale.get(key)

    def route_names(self) -> dict[str, str]:
        routes = self.datasets.routes
        return {
            str(r): route_name(str(r), str(n), self.lang)
            for r, n in zip(routes["route_id"], routes["name"], strict=True)
        }


@dataclass(frozen=True)
class Section:
    key: str
    has_data: bool
    component: html.Section


def graph(figure: dict, chart_id: str) -> dcc.Graph:
    """A profile chart (static; PNG export keeps its source note)."""
    return dcc.Graph(id=chart_id, figure=figure, config=CHART_CONFIG, className="profile-chart")


def sources_of(frame: pd.DataFrame) -> list[tuple[str, str]]:
    """(org, url) pairs of a frame, first seen first."""
    if frame.empty:
        return []
    return list(dict.fromkeys(zip(frame["source_org"].astype(str), frame["source_url"].astype(str), strict=True)))


def vintage_of(frame: pd.DataFrame, lang: str = "en") -> str | None:
    """The frame's single vintage as a person writes it, or None when it mixes vintages."""
    vintages = frame["vintage"].dropna().astype(str).unique() if "vintage" in frame else []
    return format_vintage(str(vintages[0]), lang) if len(vintages) == 1 else None


BRIEF_WIDTH = 720  # px before the brief CSS zoom (assets/css/40-profile-print.css)
BRIEF_FLATTER = 70  # px taken off each chart's plot area in the brief


def brief_graph(component: dcc.Graph) -> dcc.Graph:
    """The same chart at a fixed width for the printed brief (the brief CSS scales it down): a flatter plot
    and, the width being known, the legend two entries a row, so the brief stays on one A4 page."""
    figure = component.figure
    layout = {**figure["layout"], "width": BRIEF_WIDTH, "autosize": False}
    margin = dict(layout["margin"])
    plot = max(60, layout["height"] - margin["t"] - margin["b"] - BRIEF_FLATTER)
    saved = 0
    if layout.get("showlegend") and isinstance(layout.get("legend"), dict):
        entries = sum(1 for trace in figure["data"] if trace.get("name"))
        saved = charts.LEGEND_ROW_PX * (entries - -(-entries // 2))
        layout["legend"] = {
            **layout["legend"],
            "orientation": "h",
            "entrywidth": 0.5,
            "entrywidthmode": "fraction",
            "y": -charts.BELOW_AXIS / plot,
        }
    margin["b"] -= saved
    notes = [
        {**a, "yshift": a["yshift"] + saved} if a.get("name") == "source-note" else a
        for a in layout.get("annotations", [])
    ]
    layout.update(margin=margin, annotations=notes, height=margin["t"] + plot + margin["b"])
    return dcc.Graph(
        id=component.id, figure={**figure, "layout": layout}, config=component.config, className="profile-chart"
    )


def wrap(ctx: Context, key: str, body: list, *, has_data: bool, note: str | None = None) -> Section:
    """A section: heading, body (or the no-data sentence), and an optional caveat."""
    children: list = [html.H2(t(f"profile.section.{key}", ctx.lang), className="h4 mt-4")]
    if note:
        children.append(html.P(note, className="text-muted small"))
    if not has_data:
        body = [html.P(t("profile.section.no_data", ctx.lang), className="text-muted")]
    graphs = [c for c in body if isinstance(c, dcc.Graph)]
    if ctx.brief:
        body = [brief_graph(graphs[0])] if graphs else [c for c in body if not isinstance(c, dcc.Graph)][:1]
        children = children[:1]  # no caveat line: the brief links the full profile
        graphs = []
    if len(graphs) > 1 and ctx.scale is None:  # a profile shows two charts a row; a comparison cell, one
        others = [c for c in body if not isinstance(c, dcc.Graph)]
        body = [dbc.Row([dbc.Col(g, lg=6, className="mb-2") for g in graphs]), *others]
    children += body
    component = html.Section(
        children,
        id=f"profile-section-{key}-{ctx.iso3}",
        className="profile-section" + (" profile-section--empty" if not has_data else ""),
        **{"data-section": key, "data-has-data": "1" if has_data else "0"},
    )
    return Section(key, has_data, component)


# --- routes ------------------------------------------------------------------------------------------


def routes_section(ctx: Context) -> Section:
    routes = tx.routes_through(ctx.datasets.route_countries, ctx.datasets.routes, ctx.iso3)
    items = [
        html.Li(
            [
                dcc.Link(
                    route_name(str(r.route_id), str(r.name), ctx.lang),
                    href=f"/routes{lang_query(ctx.lang, {'route': r.route_id})}",
                ),
                " "
                + t(
                    "profile.roles",
                    ctx.lang,
                    roles=", ".join(t(f"profile.role.{x}", ctx.lang) for x in str(r.roles).split(", ")),
                ),
            ]
        )
        for r in routes.itertuples(index=False)
    ]
    element_id = Profile.ROUTES if ctx.scale is None else f"{Profile.ROUTES}-{ctx.iso3}"
    return wrap(ctx, "routes", [html.Ul(items, id=element_id)], has_data=bool(items))


def detections_frame(ctx: Context) -> pd.DataFrame:
    return tx.detections_of_nationals(ctx.datasets.flows, ctx.iso3)


def detections_section(ctx: Context) -> Section:
    rows = detections_frame(ctx)
    if rows.empty:
        return wrap(ctx, "detections", [], has_data=False)
    names = ctx.route_names()
    totals = rows.groupby("route_id")["value"].sum().sort_values(ascending=False)
    lines = [
        (names.get(r, r), rows.loc[rows["route_id"] == r, "year"].tolist(), rows.loc[rows["route_id"] == r, "value"])
        for r in totals.index[:6]
    ]
    flows = ctx.datasets.flows
    source = flows[flows["measure"] == "detections"].head(1)
    figure = charts.build_year_lines(
        [(n, y, list(v)) for n, y, v in lines],
        title=t("profile.chart.detections", ctx.lang, country=ctx.country, period=charts.period_span(rows["year"])),
        y_title=t("profile.axis.detections", ctx.lang),
        sources=sources_of(source),
        vintage=vintage_of(source, ctx.lang),
        y_max=ctx.y_max("detections"),
        lang=ctx.lang,
    )
    note = t("profile.note.detections", ctx.lang)
    return wrap(ctx, "detections", [graph(figure, f"profile-chart-detections-{ctx.iso3}")], has_data=True, note=note)


# --- arrivals ----------------------------------------------------------------------------------------


def arrivals_frames(ctx: Context) -> tuple[pd.DataFrame, pd.DataFrame]:
    into = tx.arrivals_in(ctx.datasets.arrivals, ctx.iso3)
    into = into[into["source_org"] == "IOM DTM"]
    return into, tx.arrivals_of_nationals(ctx.datasets.arrivals, ctx.iso3)


def arrivals_section(ctx: Context) -> Section:
    into, nationals = arrivals_frames(ctx)
    body = []
    if len(into):
        body.append(
            graph(
                charts.build_year_bars(
                    [(ctx.country, into["year"].tolist(), into["arrivals"].tolist())],
                    title=t(
                        "profile.chart.arrivals_in",
                        ctx.lang,
                        country=ctx.country,
                        period=charts.period_span(into["year"]),
                    ),
                    y_title=t("profile.axis.arrivals", ctx.lang),
                    sources=sources_of(into),
                    vintage=vintage_of(into, ctx.lang),
                    y_max=ctx.y_max("arrivals"),
                    lang=ctx.lang,
                ),
                f"profile-chart-arrivals-{ctx.iso3}",
            )
        )
    if len(nationals):
        lines = [
            (ctx.names.get(c, c), g["year"].tolist(), g["arrivals"].tolist())
            for c, g in nationals.groupby("country_code", sort=True)
        ]
        body.append(
            graph(
                charts.build_year_lines(
                    lines,
                    title=t(
                        "profile.chart.arrivals_of",
                        ctx.lang,
                        country=ctx.country,
                        period=charts.period_span(nationals["year"]),
                    ),
                    y_title=t("profile.axis.arrivals", ctx.lang),
                    sources=sources_of(nationals),
                    vintage=vintage_of(nationals, ctx.lang),
                    y_max=ctx.y_max("arrivals_of"),
                    lang=ctx.lang,
                ),
                f"profile-chart-arrivals-of-{ctx.iso3}",
            )
        )
    return wrap(ctx, "arrivals", body, has_data=bool(body), note=t("profile.note.arrivals", ctx.lang))


# --- dead and missing --------------------------------------------------------------------------------


def dead_missing_frames(ctx: Context) -> tuple[pd.DataFrame, pd.DataFrame]:
    incidents = ctx.datasets.incidents
    territory = tx.dead_missing_in(incidents, ctx.iso3)
    if len(territory) and len(incidents):
        territory = territory[territory["year"] <= tx.last_complete_year(incidents)]
    routes = tx.routes_through(ctx.datasets.route_countries, ctx.datasets.routes, ctx.iso3)
    on_routes = tx.dead_missing_on_routes(ctx.datasets.flows, list(routes["route_id"]))
    return territory, on_routes


def dead_missing_section(ctx: Context) -> Section:
    territory, on_routes = dead_missing_frames(ctx)
    body = []
    incidents = ctx.datasets.incidents
    if len(territory):
        source = incidents.head(1)
        body.append(
            graph(
                charts.build_year_bars(
                    [(ctx.country, territory["year"].tolist(), territory["dead_missing"].tolist())],
                    title=t(
                        "profile.chart.dead_missing_in",
                        ctx.lang,
                        country=ctx.country,
                        period=charts.period_span(territory["year"]),
                    ),
                    y_title=t("profile.axis.dead_missing", ctx.lang),
                    sources=sources_of(source),
                    vintage=vintage_of(source, ctx.lang),
                    y_max=ctx.y_max("dead_missing"),
                    lang=ctx.lang,
                ),
                f"profile-chart-dead-missing-{ctx.iso3}",
            )
        )
    if len(on_routes):
        names = ctx.route_names()
        flows = ctx.datasets.flows
        source = flows[(flows["measure"] == "dead_missing") & flows["source_org"].str.startswith("IOM")].head(1)
        lines = [(names.get(r, r), g["year"].tolist(), g["value"].tolist()) for r, g in on_routes.groupby("route_id")]
        body.append(
            graph(
                charts.build_year_lines(
                    lines,
                    title=t(
                        "profile.chart.dead_missing_routes", ctx.lang, period=charts.period_span(on_routes["year"])
                    ),
                    y_title=t("profile.axis.dead_missing", ctx.lang),
                    sources=sources_of(source),
                    vintage=vintage_of(source, ctx.lang),
                    y_max=ctx.y_max("dead_missing_routes"),
                    lang=ctx.lang,
                ),
                f"profile-chart-dead-missing-routes-{ctx.iso3}",
            )
        )
    return wrap(ctx, "dead_missing", body, has_data=bool(body), note=t("profile.note.dead_missing", ctx.lang))


# --- flow monitoring ---------------------------------------------------------------------------------


def flow_monitoring_section(ctx: Context) -> Section:
    fm = ctx.datasets.flow_monitoring
    totals = tx.flow_monitoring_totals(fm, ctx.iso3)
    comp = tx.flow_composition(ctx.datasets.composition, ctx.iso3)
    body = []
    if len(comp):
        groups = comp[comp["group"].isin(tx.COMPOSITION_GROUPS)]
        bars = [
            (
                t(f"profile.group.{g}", ctx.lang),
                groups.loc[groups["group"] == g, "year"].tolist(),
                groups.loc[groups["group"] == g, "count"].tolist(),
            )
            for g in tx.COMPOSITION_GROUPS
            if (groups["group"] == g).any()
        ]
        body.append(
            graph(
                charts.build_year_bars(
                    bars,
                    stacked=True,
                    title=t(
                        "profile.chart.composition",
                        ctx.lang,
                        country=ctx.country,
                        period=charts.period_span(comp["year"]),
                    ),
                    y_title=t("profile.axis.movements", ctx.lang),
                    sources=sources_of(comp),
                    vintage=vintage_of(comp, ctx.lang),
                    y_max=ctx.y_max("flow_monitoring"),
                    lang=ctx.lang,
                ),
                f"profile-chart-composition-{ctx.iso3}",
            )
        )
    elif len(totals):
        rows = fm[fm["fmp_iso3"] == ctx.iso3]
        body.append(
            graph(
                charts.build_year_bars(
                    [(ctx.country, totals["year"].tolist(), totals["individuals"].tolist())],
                    title=t(
                        "profile.chart.flow_monitoring",
                        ctx.lang,
                        country=ctx.country,
                        period=charts.period_span(totals["year"]),
                    ),
                    y_title=t("profile.axis.movements", ctx.lang),
                    sources=sources_of(rows),
                    vintage=vintage_of(rows, ctx.lang),
                    y_max=ctx.y_max("flow_monitoring"),
                    lang=ctx.lang,
                ),
                f"profile-chart-flow-monitoring-{ctx.iso3}",
            )
        )
    if len(totals):
        year = int(totals["year"].max())
        rows = fm[(fm["fmp_iso3"] == ctx.iso3) & (fm["year"] == year)]
        for end in ("to_iso3", "from_iso3"):
            top = tx.flow_monitoring_ends(fm, ctx.iso3, year, end)
            if top.empty:
                continue
            body.append(
                graph(
                    charts.build_ranked_bars(
                        [ctx.names.get(i, i) for i in top["iso3"]],
                        top["individuals"].tolist(),
                        title=t(f"profile.chart.fm_{end[:-5]}", ctx.lang, country=ctx.country, year=year),
                        x_title=t("profile.axis.movements", ctx.lang),
                        sources=sources_of(rows),
                        vintage=vintage_of(rows, ctx.lang),
                        lang=ctx.lang,
                    ),
                    f"profile-chart-fm-{end[:-5]}-{ctx.iso3}",
                )
            )
    return wrap(ctx, "flow_monitoring", body, has_data=bool(body), note=t("profile.note.flow_monitoring", ctx.lang))


# --- stocks and corridors ----------------------------------------------------------------------------


def corridors_section(ctx: Context) -> Section:
    corridors = ctx.datasets.corridors
    body = []
    stock = tx.indicator_series(ctx.datasets.indicator_values, ctx.iso3, ("migrant_stock_total",))
    if len(stock):  # every year, so an approved correction of any year shows here with its source
        body.append(
            graph(
                charts.build_year_lines(
                    [(ctx.country, stock["year"].astype(int).tolist(), stock["value"].tolist())],
                    title=t(
                        "profile.chart.stock", ctx.lang, country=ctx.country, period=charts.period_span(stock["year"])
                    ),
                    y_title=t("profile.axis.migrants", ctx.lang),
                    sources=sources_of(stock),
                    vintage=vintage_of(stock, ctx.lang),
                    y_max=ctx.y_max("stock"),
                    lang=ctx.lang,
                ),
                f"profile-chart-stock-{ctx.iso3}",
            )
        )
    for direction, own in (("origins", "destination_iso3"), ("destinations", "origin_iso3")):
        top = tx.corridor_top(corridors, ctx.iso3, direction)
        if top.empty:
            continue
        rows = corridors[corridors[own] == ctx.iso3]
        body.append(
            graph(
                charts.build_ranked_bars(
                    [ctx.names.get(i, i) for i in top["iso3"]],
                    top["total"].tolist(),
                    title=t(
                        f"profile.chart.corridor_{direction}",
                        ctx.lang,
                        country=ctx.country,
                        year=int(top["year"].iloc[0]),
                    ),
                    x_title=t("profile.axis.migrants", ctx.lang),
                    sources=sources_of(rows),
                    vintage=vintage_of(rows, ctx.lang),
                    x_max=ctx.y_max(f"corridors_{direction}"),
                    lang=ctx.lang,
                ),
                f"profile-chart-corridor-{direction}-{ctx.iso3}",
            )
        )
    return wrap(ctx, "corridors", body, has_data=bool(body), note=t("profile.note.corridors", ctx.lang))


# --- indicator series: refugees and asylum, remittances ----------------------------------------------


def _indicator_lines(ctx: Context, ids: tuple[str, ...], key: str, *, bars: bool = False) -> Section:
    values = tx.indicator_series(ctx.datasets.indicator_values, ctx.iso3, ids)
    values = values[values["indicator_id"] != "remittances_received_pct_gdp"]
    if values.empty:
        return wrap(ctx, key, [], has_data=False)
    indicators = ctx.datasets.indicators.set_index("indicator_id")
    lines = [
        (
            message(f"indicator.{i}.label", ctx.lang, str(indicators.loc[i, "label"])),
            g["year"].astype(int).tolist(),
            g["value"].tolist(),
        )
        for i, g in values.groupby("indicator_id", sort=False)
    ]
    unit = str(indicators.loc[values["indicator_id"].iloc[0], "unit"])
    build = charts.build_year_bars if bars else charts.build_year_lines
    figure = build(
        lines,
        title=t(f"profile.chart.{key}", ctx.lang, country=ctx.country, period=charts.period_span(values["year"])),
        y_title=unit_label(unit, ctx.lang),
        unit=unit,
        sources=sources_of(values),
        vintage=vintage_of(values, ctx.lang),
        y_max=ctx.y_max(key),
        lang=ctx.lang,
    )
    body: list = [graph(figure, f"profile-chart-{key}-{ctx.iso3}")]
    if key == "remittances":
        share = tx.indicator_series(ctx.datasets.indicator_values, ctx.iso3, ("remittances_received_pct_gdp",))
        if len(share):
            last = share.iloc[-1]
            body.append(
                html.P(
                    t(
                        "profile.remittances_share",
                        ctx.lang,
                        year=int(last["year"]),
                        share=format_value(float(last["value"]), ctx.lang, unit="percent", decimals=1),
                    ),
                    className="mb-1",
                )
            )
            body.append(source_line(str(last["source_org"]), str(last["source_url"]), str(last["vintage"]), ctx.lang))
    return wrap(ctx, key, body, has_data=True, note=t(f"profile.note.{key}", ctx.lang))


def refugees_section(ctx: Context) -> Section:
    return _indicator_lines(ctx, tx.REFUGEE_INDICATORS, "refugees")


def remittances_section(ctx: Context) -> Section:
    return _indicator_lines(ctx, tx.REMITTANCE_INDICATORS, "remittances", bars=True)


SECTIONS: tuple[tuple[str, Callable[[Context], Section]], ...] = (
    ("routes", routes_section),
    ("detections", detections_section),
    ("arrivals", arrivals_section),
    ("dead_missing", dead_missing_section),
    ("flow_monitoring", flow_monitoring_section),
    ("corridors", corridors_section),
    ("refugees", refugees_section),
    ("remittances", remittances_section),
)


# The datasets each section draws on. A region's data may leave optional files out (manifest: no arrivals
# counts, no flow monitoring): a section none of whose files the region has is not shown at all, rather than
# saying "no data for this country" on every profile of that region. "No data" stays for a country without
# rows in a file the region has.
SECTION_DATASETS: dict[str, tuple[str, ...]] = {
    "routes": ("routes", "route_countries"),
    "detections": ("flows",),
    "arrivals": ("arrivals",),
    "dead_missing": ("incidents", "flows"),
    "flow_monitoring": ("flow_monitoring", "composition"),
    "corridors": ("corridors", "indicator_values"),
    "refugees": ("indicator_values",),
    "remittances": ("indicator_values",),
}


def available_sections(datasets: Datasets) -> tuple[tuple[str, Callable[[Context], Section]], ...]:
    """The SECTIONS whose data the region has (at least one of their files)."""
    return tuple((key, build) for key, build in SECTIONS if any(datasets.has(n) for n in SECTION_DATASETS[key]))


def scale_maxima(datasets: Datasets, codes: list[str]) -> dict[str, float]:
    """The largest value each chart of a section shows across `codes` (the comparison's shared axes)."""
    out: dict[str, float] = {}

    def keep(key: str, values) -> None:
        values = [float(v) for v in values if pd.notna(v)]
        if values:
            out[key] = max(out.get(key, 0.0), max(values))

    for iso3 in codes:
        keep("detections", tx.detections_of_nationals(datasets.flows, iso3)["value"])
        into = tx.arrivals_in(datasets.arrivals, iso3)
        keep("arrivals", into.loc[into["source_org"] == "IOM DTM", "arrivals"])
        keep("arrivals_of", tx.arrivals_of_nationals(datasets.arrivals, iso3)["arrivals"])
        keep("dead_missing", tx.dead_missing_in(datasets.incidents, iso3)["dead_missing"])
        routes = tx.routes_through(datasets.route_countries, datasets.routes, iso3)
        keep("dead_missing_routes", tx.dead_missing_on_routes(datasets.flows, list(routes["route_id"]))["value"])
        comp = tx.flow_composition(datasets.composition, iso3)
        stacked = comp[comp["group"].isin(tx.COMPOSITION_GROUPS)].groupby("year")["count"].sum()
        keep("flow_monitoring", stacked)
        keep("flow_monitoring", tx.flow_monitoring_totals(datasets.flow_monitoring, iso3)["individuals"])
        for direction in ("origins", "destinations"):
            keep(f"corridors_{direction}", tx.corridor_top(datasets.corridors, iso3, direction)["total"])
        values = datasets.indicator_values
        keep("refugees", tx.indicator_series(values, iso3, tx.REFUGEE_INDICATORS)["value"])
        keep("stock", tx.indicator_series(values, iso3, ("migrant_stock_total",))["value"])
        money = tx.indicator_series(values, iso3, tx.REMITTANCE_INDICATORS)
        keep("remittances", money.loc[money["indicator_id"] != "remittances_received_pct_gdp", "value"])
    return out
