"""Country profile at /country/<ISO3>: every indicator's latest value, trend and source, and its routes.

The i-Map's profiles were valued because each number cites its publisher: here every figure shows
its period, status, a link to the source organisation and its vintage. The page is static (no
callbacks): it is rendered from the path, so a profile link always shows the same thing. Its texts,
indicator labels, region and route names and numbers follow the language the shell passes in the query.
"""

from __future__ import annotations

import re

import dash_bootstrap_components as dbc
import pandas as pd
from dash import Dash, dcc, html

from ..datasets import Datasets
from ..figures.choropleth import message, period_text
from ..figures.indicator_charts import build_sparkline
from ..figures.sources import format_vintage
from ..i18n import DEFAULT_LANGUAGE, format_value, normalise_language, t
from ..ids import Profile
from ..releases.provider import pin_params
from ..theme import graph_config
from ..transforms.indicators import country_latest, country_series, routes_for_country
from ..urlstate import first, to_query

PATH = "/country/"
PURE_LAYOUT = True  # layout() depends only on the data and the query (see shell.render_page)
NAV_LABEL = None
NAV_ORDER = 100
LAYERS = ("mixed_migration", "migration_development")
SPARKLINE_CONFIG = {**graph_config(filename="imapdash-sparkline"), "displayModeBar": False}


def iso3_from_path(path: str | None) -> str:
    """'/country/tun' -> 'TUN' (whatever follows the prefix, upper-cased, at most 3 letters checked later)."""
    rest = (path or "")[len(PATH) :] if (path or "").startswith(PATH) else ""
    return rest.strip("/").upper()


def slug(name: str) -> str:
    """'South-eastern Asia' -> 'south_eastern_asia' (catalogue keys of names found in the data)."""
    return re.sub(r"[^a-z0-9]+", "_", name.lower()).strip("_")


def lang_of(query: dict | None) -> str:
    """The language the shell put into the query."""
    return normalise_language(first(query or {}, "lang"))


def lang_query(lang: str, params: dict | None = None) -> str:
    """A query string with `params`, plus `lang` unless it is the default, and a pinned release."""
    return to_query({**(params or {}), "lang": lang if lang != DEFAULT_LANGUAGE else None, **pin_params()})


def trend_sentence(series: pd.DataFrame, *, unit: str, decimals: int = 0, lang: str = DEFAULT_LANGUAGE) -> str:
    """What a sparkline shows, for screen readers: 'Trend: 2015 1,200 → 2023 3,400' (first and last year)."""
    first_row, last_row = series.iloc[0], series.iloc[-1]
    return t(
        "profile.trend",
        lang,
        first_year=int(first_row["year"]),
        last_year=int(last_row["year"]),
        first_value=format_value(float(first_row["value"]), lang, unit=unit, decimals=decimals),
        last_value=format_value(float(last_row["value"]), lang, unit=unit, decimals=decimals),
    )


def indicator_card(values: pd.DataFrame, row: pd.Series, iso3: str, lang: str = DEFAULT_LANGUAGE) -> dbc.Col:
    """Latest value, period, sparkline and linked source of one indicator."""
    series = country_series(values, str(row["indicator_id"]), [iso3])
    decimals = int(row["decimals"]) if pd.notna(row["decimals"]) else 0
    label = message(f"indicator.{row['indicator_id']}.label", lang, str(row["label"]))
    body = [
        html.Div(label, className="profile-card__label fw-semibold small"),
        html.Div(
            format_value(float(row["value"]), lang, unit=str(row["unit"]), decimals=decimals),
            className="profile-card__value h4 mb-0",
        ),
        html.Div(period_text(row, lang), className="text-muted small"),
    ]
    if len(series) > 1:
        body.append(
            html.Span(
                trend_sentence(series, unit=str(row["unit"]), decimals=decimals, lang=lang),
                className="visually-hidden profile-card__trend",
            )
        )
        body.append(
            html.Div(
                dcc.Graph(
                    figure=build_sparkline(series, unit=str(row["unit"]), decimals=decimals, lang=lang),
                    config=SPARKLINE_CONFIG,
                    className="profile-card__sparkline",
                    style={"height": "60px"},
                ),
                **{"aria-hidden": "true"},
            )
        )
    body.append(
        html.Div(
            [
                t("overview.source_label", lang) + " ",
                html.A(str(row["source_org"]), href=str(row["source_url"]), target="_blank", rel="noopener"),
                " · " + t("figure.data_vintage", lang, vintage=format_vintage(row["vintage"], lang))
                if pd.notna(row["vintage"])
                else "",
            ],
            className="small source-note",
        )
    )
    return dbc.Col(
        dbc.Card(dbc.CardBody(body), className="h-100 profile-card", id=f"profile-card-{row['indicator_id']}"),
        md=6,
        lg=4,
        className="mb-3",
    )


def role_names(roles: str, lang: str) -> str:
    """'departure, transit' in `lang`."""
    separator = "، " if lang == "ar" else ", "
    return separator.join(message(f"profile.role.{role.strip()}", lang, role.strip()) for role in roles.split(","))


def routes_list(datasets: Datasets, iso3: str, lang: str = DEFAULT_LANGUAGE) -> html.Div:
    """Links to the routes that touch the country, with its role on each."""
    routes = routes_for_country(datasets.route_countries, datasets.routes, iso3)
    if routes.empty:
        return html.P(t("profile.no_routes", lang), className="text-muted")
    return html.Ul(
        [
            html.Li(
                [
                    dcc.Link(
                        message(f"route.{r.route_id}.name", lang, str(r.name)),
                        href=f"/routes{lang_query(lang, {'route': r.route_id})}",
                    ),
                    " " + t("profile.roles", lang, roles=role_names(str(r.roles), lang)),
                ]
            )
            for r in routes.itertuples(index=False)
        ]
    )


def not_found(code: str, lang: str = DEFAULT_LANGUAGE) -> html.Div:
    """The page for an ISO3 code the data does not know."""
    before, _, after = t("profile.not_found.body", lang).partition("{code}")
    return html.Div(
        [
            html.H1(t("profile.not_found.title", lang)),
            html.P([before, html.Code(code or t("profile.not_found.empty", lang)), after]),
            dcc.Link(t("profile.back_to_map", lang), href=f"/{lang_query(lang)}"),
        ],
        id=Profile.NOT_FOUND,
        className="view view-profile",
    )


def layout(datasets: Datasets, *, path: str = PATH, query: dict | None = None) -> html.Div:
    """The profile of the country in the path, in the language of the query."""
    lang = lang_of(query)
    iso3 = iso3_from_path(path)
    countries = datasets.countries
    match = countries[countries["iso3"] == iso3]
    if match.empty:
        return not_found(iso3, lang)
    country = match.iloc[0]
    values = datasets.indicator_values
    latest = country_latest(values, datasets.indicators, iso3)
    sections = []
    for layer in LAYERS:
        rows = latest[latest["layer"] == layer]
        cards = [indicator_card(values, r, iso3, lang) for _, r in rows.iterrows()]
        sections += [
            html.H2(t(f"explorer.layer.{layer}", lang), className="h4 mt-3"),
            dbc.Row(cards) if cards else html.P(t("profile.no_layer_data", lang), className="text-muted"),
        ]
    subregion, region = str(country["subregion"]), str(country["region"])
    facts = t(
        "profile.facts",
        lang,
        subregion=message(f"subregion.{slug(subregion)}", lang, subregion),
        region=message(f"region.{slug(region)}", lang, region),
    )
    if bool(country["mtm_partner"]):
        facts += " · " + t("profile.partner_state", lang)
    name = country.get(f"name_{lang}")
    return html.Div(
        [
            html.H1(str(name) if pd.notna(name) and str(name) else str(country["name_en"]), id=Profile.TITLE),
            html.P(facts, className="lead mb-1"),
            html.P(
                [
                    dcc.Link(
                        t("profile.show_on_map", lang),
                        id=Profile.MAP_LINK,
                        href=f"/{lang_query(lang, {'sel': [iso3]})}",
                    ),
                    " · ",
                    html.A(
                        t("profile.open_data_csv", lang), href=f"/api/v1/countries/{iso3}.csv{to_query(pin_params())}"
                    ),
                ],
                className="mb-2",
            ),
            html.P(t("profile.intro", lang), className="text-muted small"),
            html.Div(sections, id=Profile.CARDS),
            html.H2(t("profile.routes", lang), className="h4 mt-3"),
            html.Div(routes_list(datasets, iso3, lang), id=Profile.ROUTES),
            html.P(
                t("profile.data_line", lang, vintage=format_vintage(datasets.vintage, lang), version=datasets.version),
                className="text-muted small mt-3",
            ),
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
