"""Start page: what imapdash is, three headline numbers with their sources, and the views.

Texts come from the catalogues in the language the shell passes in the query; numbers follow the locale.
"""

from __future__ import annotations

from dataclasses import replace

import dash_bootstrap_components as dbc
from dash import Dash, html

from ..datasets import Datasets
from ..i18n import DEFAULT_LANGUAGE, format_value, normalise_language, t
from ..transforms.overview import Headline, latest_complete_year_total, latest_indicator_total
from ..urlstate import first

PATH = "/about"
NAV_LABEL = "About"
NAV_ORDER = 80
NAV_KEY = "nav.overview"

MEDITERRANEAN = ["central-mediterranean", "eastern-mediterranean", "western-mediterranean"]


def headlines(datasets: Datasets, lang: str = DEFAULT_LANGUAGE) -> list[Headline]:
    """The start page's headline figures (public rows only), labelled and noted in `lang`."""
    found = [
        (
            latest_complete_year_total(datasets.flows, measure="detections", source_contains="Frontex"),
            t("overview.kpi.detections", lang),
        ),
        (
            latest_complete_year_total(
                datasets.flows, measure="dead_missing", routes=MEDITERRANEAN, source_contains="Missing Migrants"
            ),
            t("overview.kpi.dead_missing", lang),
        ),
        (latest_indicator_total(datasets.indicator_values, "migrant_stock_total"), stock_label(datasets, lang)),
    ]
    return [replace(h, label=label, note=headline_note(h, lang)) for h, label in found if h is not None]


def stock_label(datasets: Datasets, lang: str) -> str:
    """'International migrants living in the <partner states>' with the manifest's label (or 'reporting countries')."""
    partners = datasets.region.partners_label(lang)
    return t("overview.kpi.stock", lang, partners=partners) if partners else t("overview.kpi.stock_reporting", lang)


def headline_note(headline: Headline, lang: str) -> str:
    """'2024 · sum over 3 routes' in `lang`."""
    if headline.over == "routes":
        return t("overview.sum_routes", lang, period=headline.period, count=headline.count)
    if headline.over == "countries":
        return t("overview.sum_countries", lang, period=headline.period, count=headline.count)
    return f"{headline.period} · {headline.note}" if headline.note else headline.period


def kpi_card(headline: Headline, lang: str = DEFAULT_LANGUAGE) -> dbc.Card:
    """A headline number with its period, note and linked source."""
    return dbc.Card(
        dbc.CardBody(
            [
                html.Div(format_value(headline.value, lang), className="kpi-value"),
                html.Div(headline.label, className="kpi-label"),
                html.Div(headline.note, className="text-muted small"),
                html.Div(
                    [
                        t("overview.source_label", lang) + " ",
                        html.A(headline.source_org, href=headline.source_url, target="_blank", rel="noopener"),
                    ],
                    className="small source-note",
                ),
            ]
        ),
        className="kpi-card h-100",
    )


def layout(datasets: Datasets, *, path: str = PATH, query: dict | None = None) -> html.Div:
    """The start page, in the language of the query."""
    lang = normalise_language(first(query or {}, "lang"))
    before, _, after = t("overview.every_number", lang).partition("{link}")
    return html.Div(
        [
            html.H1(t("overview.title", lang)),
            html.P(t("overview.lead", lang), className="lead"),
            dbc.Row(
                [dbc.Col(kpi_card(h, lang), md=4, className="mb-3") for h in headlines(datasets, lang)],
                id="overview-kpis",
            ),
            html.P([before, html.A(t("sources.title", lang), href="/sources"), after]),
        ],
        className="view view-overview",
    )


def register_callbacks(app: Dash, datasets: Datasets) -> None:
    """The start page is static: no callbacks."""
