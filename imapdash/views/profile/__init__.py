"""Country profile at /country/<ISO3>: key facts generated from the data, then sections with charts.

The i-Map's profiles were valued because each number cites its publisher: every fact, chart and card
shows its period and a link to the publisher with its vintage. Sections (sections.py): routes through
the country with its role, detections of its nationals by route, arrivals, dead and missing, flow
monitoring with composition, stocks and corridors, refugees and asylum, remittances; then the latest
value of every indicator (cards with dated sparklines) and the country's documents and contacts.
The page is static (no callbacks): it is rendered from the path, so a profile link always shows the
same thing, and it prints as a brief (assets/css/40-profile-print.css) with the data date and release.
The comparison of two or three countries is `compare.py` (/compare?c=TUN,NER).
"""

from __future__ import annotations

import dash_bootstrap_components as dbc
import pandas as pd
from dash import Dash, dcc, html

from ...datasets import Datasets
from ...figures.choropleth import message, period_text
from ...figures.profile import build_sparkline
from ...figures.sources import format_vintage
from ...i18n import DEFAULT_LANGUAGE, format_value, t
from ...ids import Profile
from ...releases.provider import pin_params
from ...transforms.indicators import country_latest, country_series
from ...transforms.profile import key_facts
from ...urlstate import first, to_query
from .common import SPARKLINE_CONFIG, country_names, lang_of, lang_query, slug, source_line
from .documents import documents_section
from .facts import fact_item
from .sections import Context, Section, available_sections

__all__ = ["PATH", "layout", "register_callbacks", "slug", "trend_sentence", "validation_layout"]

PATH = "/country/"
PURE_LAYOUT = True  # layout() depends only on the data and the query (see shell.render_page)
NAV_LABEL = None
NAV_ORDER = 100
LAYERS = ("mixed_migration", "migration_development")


def iso3_from_path(path: str | None) -> str:
    """'/country/tun' -> 'TUN' (whatever follows the prefix, upper-cased, at most 3 letters checked later)."""
    rest = (path or "")[len(PATH) :] if (path or "").startswith(PATH) else ""
    return rest.strip("/").upper()


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
    """Latest value, period, dated sparkline and linked source of one indicator."""
    series = country_series(values, str(row["indicator_id"]), [iso3])
    decimals = int(row["decimals"]) if pd.notna(row["decimals"]) else 0
    unit = str(row["unit"])
    label = message(f"indicator.{row['indicator_id']}.label", lang, str(row["label"]))
    body = [
        html.Div(label, className="profile-card__label fw-semibold small"),
        html.Div(
            format_value(float(row["value"]), lang, unit=unit, decimals=decimals),
            className="profile-card__value h4 mb-0",
        ),
        html.Div(period_text(row, lang), className="text-muted small"),
    ]
    if len(series) > 1:
        body.append(
            html.Span(
                trend_sentence(series, unit=unit, decimals=decimals, lang=lang),
                className="visually-hidden profile-card__trend",
            )
        )
        body.append(
            html.Div(
                dcc.Graph(
                    figure=build_sparkline(
                        series["year"].astype(int).tolist(),
                        series["value"].tolist(),
                        unit=unit,
                        decimals=decimals,
                        lang=lang,
                    ),
                    config=SPARKLINE_CONFIG,
                    className="profile-card__sparkline",
                    style={"height": "70px"},
                ),
                **{"aria-hidden": "true"},
            )
        )
    body.append(
        source_line(
            str(row["source_org"]),
            str(row["source_url"]),
            str(row["vintage"]) if pd.notna(row["vintage"]) else None,
            lang,
        )
    )
    return dbc.Col(
        dbc.Card(dbc.CardBody(body), className="h-100 profile-card", id=f"profile-card-{row['indicator_id']}"),
        md=6,
        lg=4,
        className="mb-3",
    )


def cards_section(datasets: Datasets, iso3: str, lang: str) -> html.Div:
    """The latest value of every indicator, by layer."""
    values = datasets.indicator_values
    latest = country_latest(values, datasets.indicators, iso3)
    children: list = [html.H2(t("profile.section.indicators", lang), className="h4 mt-4")]
    for layer in LAYERS:
        rows = latest[latest["layer"] == layer]
        cards = [indicator_card(values, r, iso3, lang) for _, r in rows.iterrows()]
        children += [
            html.H3(t(f"explorer.layer.{layer}", lang), className="h5 mt-3"),
            dbc.Row(cards) if cards else html.P(t("profile.no_layer_data", lang), className="text-muted"),
        ]
    return html.Div(children, id=Profile.CARDS, className="profile-cards")


def facts_list(datasets: Datasets, iso3: str, lang: str, names: dict[str, str], *, element_id: str) -> html.Div:
    """The generated key facts, each with its source."""
    ctx = Context(datasets, iso3, lang, names)
    facts = key_facts(datasets.tables, iso3)
    items = [fact_item(f, lang, names, ctx.route_names()) for f in facts]
    return html.Div(
        [
            html.H2(t("profile.section.facts", lang), className="h4 mt-3"),
            html.Ul(items, className="profile-facts") if items else html.P(t("profile.section.no_data", lang)),
        ],
        id=element_id,
        className="profile-facts-block",
    )


def build_sections(
    datasets: Datasets, iso3: str, lang: str, names: dict[str, str], scale=None, *, brief: bool = False
) -> list[Section]:
    """Every chart section of one country (the comparison passes shared scales; the brief one chart each)."""
    ctx = Context(datasets, iso3, lang, names, scale, brief)
    return [build(ctx) for _key, build in available_sections(datasets)]


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


def data_line(datasets: Datasets, lang: str) -> html.P:
    """The data's date, vintage and release (printed on the brief)."""
    built = str(datasets.manifest.get("built_at", ""))
    release = (
        t("profile.release_number", lang, number=datasets.release)
        if datasets.release
        else t("profile.release_none", lang)
    )
    return html.P(
        t(
            "profile.data_line",
            lang,
            vintage=format_vintage(datasets.vintage, lang),
            version=datasets.version,
            built=format_vintage(built, lang) if built else "",
            release=release,
        ),
        id=Profile.DATA_LINE,
        className="text-muted small mt-3 profile-data-line",
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
    names = country_names(countries, lang)
    subregion, region = str(country["subregion"]), str(country["region"])
    facts = t(
        "profile.facts",
        lang,
        subregion=message(f"subregion.{slug(subregion)}", lang, subregion),
        region=message(f"region.{slug(region)}", lang, region),
    )
    partner_label = datasets.region.partners_label(lang, many=False)
    if bool(country["partner"]) and partner_label:
        facts += " · " + partner_label
    brief = first(query or {}, "brief") == "1"
    sections = build_sections(datasets, iso3, lang, names, brief=brief)
    if brief:  # the printable one-page brief: facts and one chart a section, with the data date and release
        sections = [s for s in sections if s.has_data]
    return html.Div(
        [
            html.H1(names[iso3], id=Profile.TITLE),
            html.P(facts, className="lead mb-1"),
            data_line(datasets, lang),
            html.P(
                [
                    dcc.Link(
                        t("profile.show_on_map", lang),
                        id=Profile.MAP_LINK,
                        href=f"/{lang_query(lang, {'sel': [iso3]})}",
                    ),
                    " · ",
                    dcc.Link(
                        t("profile.compare_link", lang),
                        id=Profile.COMPARE_LINK,
                        href=f"/compare{lang_query(lang, {'c': [iso3]})}",
                    ),
                    " · ",
                    html.A(
                        t("profile.open_data_csv", lang), href=f"/api/v1/countries/{iso3}.csv{to_query(pin_params())}"
                    ),
                    " · ",
                    dcc.Link(
                        t("profile.full_link" if brief else "profile.brief_link", lang),
                        id=Profile.BRIEF_LINK,
                        href=f"{PATH}{iso3}{lang_query(lang, {} if brief else {'brief': 1})}",
                    ),
                ],
                className="mb-2 d-print-none",
            ),
            facts_list(datasets, iso3, lang, names, element_id=Profile.FACTS),
            html.Div([s.component for s in sections], id=Profile.SECTIONS),
            *([] if brief else [cards_section(datasets, iso3, lang), documents_section(datasets, iso3, lang)]),
        ],
        id=Profile.PAGE,
        className="view view-profile" + (" profile-brief" if brief else ""),
        **{"data-iso3": iso3},
    )


def validation_layout(datasets: Datasets) -> html.Div:
    """A profile with every ID (the first country in the data)."""
    first = str(datasets.countries["iso3"].iloc[0]) if len(datasets.countries) else ""
    return html.Div([layout(datasets, path=f"{PATH}{first}"), not_found("XXX")])


def register_callbacks(app: Dash, datasets: Datasets) -> None:
    """The profile is static: no callbacks."""
