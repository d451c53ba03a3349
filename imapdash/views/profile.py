"""Country profile at /country/<ISO3>: every indicator's latest value, trend and source, and its routes.

The i-Map's profiles were valued because each number cites its publisher: here every figure shows
its period, status, a link to the source organisation and its vintage. The page is static (no
callbacks): it is rendered from the path, so a profile link always shows the same thing.
"""

from __future__ import annotations

import dash_bootstrap_components as dbc
import pandas as pd
from dash import Dash, dcc, html

from ..datasets import Datasets
from ..figures.choropleth import period_text
from ..figures.indicator_charts import build_sparkline
from ..ids import Profile
from ..partner.submissions import published_indicator_values
from ..theme import format_number, graph_config
from ..transforms.indicators import country_latest, country_series, routes_for_country
from ..urlstate import to_query

PATH = "/country/"
NAV_LABEL = None
NAV_ORDER = 100
LAYERS = (("mixed_migration", "Mixed Migration"), ("migration_development", "Migration & Development"))
SPARKLINE_CONFIG = {**graph_config(filename="imapdash-sparkline"), "displayModeBar": False}


def iso3_from_path(path: str | None) -> str:
    """'/country/tun' -> 'TUN' (whatever follows the prefix, upper-cased, at most 3 letters checked later)."""
    rest = (path or "")[len(PATH):] if (path or "").startswith(PATH) else ""
    return rest.strip("/").upper()


def indicator_card(values: pd.DataFrame, row: pd.Series, iso3: str) -> dbc.Col:
    """Latest value, period, sparkline and linked source of one indicator."""
    series = country_series(values, str(row["indicator_id"]), [iso3])
    decimals = int(row["decimals"]) if pd.notna(row["decimals"]) else 0
    body = [
        html.Div(str(row["label"]), className="profile-card__label fw-semibold small"),
        html.Div(format_number(float(row["value"]), str(row["unit"]), decimals),
                 className="profile-card__value h4 mb-0"),
        html.Div(period_text(row), className="text-muted small"),
    ]
    if len(series) > 1:
        body.append(dcc.Graph(figure=build_sparkline(series, unit=str(row["unit"]), decimals=decimals),
                              config=SPARKLINE_CONFIG, className="profile-card__sparkline",
                              style={"height": "60px"}))
    body.append(html.Div(
        ["Source: ", html.A(str(row["source_org"]), href=str(row["source_url"]), target="_blank", rel="noopener"),
         f" · data {row['vintage']}" if pd.notna(row["vintage"]) else ""],
        className="small source-note",
    ))
    return dbc.Col(dbc.Card(dbc.CardBody(body), className="h-100 profile-card",
                            id=f"profile-card-{row['indicator_id']}"), md=6, lg=4, className="mb-3")


def routes_list(datasets: Datasets, iso3: str) -> html.Div:
    """Links to the routes that touch the country, with its role on each."""
    routes = routes_for_country(datasets.route_countries, datasets.routes, iso3)
    if routes.empty:
        return html.P("No route in the data passes through this country.", className="text-muted")
    return html.Ul([
        html.Li([dcc.Link(str(r.name), href=f"/routes{to_query({'route': r.route_id})}"), f" ({r.roles})"])
        for r in routes.itertuples(index=False)
    ])


def not_found(code: str) -> html.Div:
    """The page for an ISO3 code the data does not know."""
    return html.Div(
        [html.H1("No such country"),
         html.P(["There is no country with the code ", html.Code(code or "(empty)"), " in the data."]),
         dcc.Link("Back to the map", href="/")],
        id=Profile.NOT_FOUND,
        className="view view-profile",
    )


def layout(datasets: Datasets, *, path: str = PATH, query: dict | None = None) -> html.Div:
    """The profile of the country in the path."""
    iso3 = iso3_from_path(path)
    countries = datasets.countries
    match = countries[countries["iso3"] == iso3]
    if match.empty:
        return not_found(iso3)
    country = match.iloc[0]
    values = published_indicator_values(datasets)
    latest = country_latest(values, datasets.indicators, iso3)
    sections = []
    for layer, heading in LAYERS:
        rows = latest[latest["layer"] == layer]
        cards = [indicator_card(values, r, iso3) for _, r in rows.iterrows()]
        sections += [html.H2(heading, className="h4 mt-3"),
                     dbc.Row(cards) if cards else html.P("No data for this layer.", className="text-muted")]
    facts = f"{country['subregion']}, {country['region']}"
    if bool(country["mtm_partner"]):
        facts += " · MTM partner state"
    return html.Div(
        [
            html.H1(str(country["name_en"]), id=Profile.TITLE),
            html.P(facts, className="lead mb-1"),
            html.P(
                [dcc.Link("Show on the map", id=Profile.MAP_LINK, href=f"/{to_query({'sel': [iso3]})}"),
                 " · ", html.A("Open data (CSV)", href=f"/api/v1/countries/{iso3}.csv")],
                className="mb-2",
            ),
            html.P("Latest published value of each indicator, its trend, and who published it. "
                   "Numbers are as published; no gaps are filled.", className="text-muted small"),
            html.Div(sections, id=Profile.CARDS),
            html.H2("Routes", className="h4 mt-3"),
            html.Div(routes_list(datasets, iso3), id=Profile.ROUTES),
            html.P(f"Data: {datasets.vintage} (data version {datasets.version}).", className="text-muted small mt-3"),
        ],
        id=Profile.PAGE,
        className="view view-profile",
    )


def validation_layout(datasets: Datasets) -> html.Div:
    """A profile with every ID (the first country in the data)."""
    first = str(datasets.countries["iso3"].iloc[0]) if len(datasets.countries) else ""
    return html.Div([layout(datasets, path=f"{PATH}{first}"), not_found("XXX")])


def register_callbacks(app: Dash, datasets: Datasets) -> None:
    """The profile is static: no callbacks."""
