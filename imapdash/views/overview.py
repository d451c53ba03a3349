"""Start page: what imapdash is, three headline numbers with their sources, and the views."""

from __future__ import annotations

from dataclasses import replace

import dash_bootstrap_components as dbc
from dash import Dash, html

from ..datasets import Datasets
from ..theme import format_number
from ..transforms.overview import Headline, latest_complete_year_total, latest_indicator_total

PATH = "/about"
NAV_LABEL = "About"
NAV_ORDER = 80
NAV_KEY = "nav.overview"

MEDITERRANEAN = ["central-mediterranean", "eastern-mediterranean", "western-mediterranean"]


def headlines(datasets: Datasets) -> list[Headline]:
    """The start page's headline figures (public rows only)."""
    found = [
        (latest_complete_year_total(datasets.flows, measure="detections", source_contains="Frontex"),
         "Irregular border-crossings detected at EU external borders (detections, not persons)"),
        (latest_complete_year_total(datasets.flows, measure="dead_missing", routes=MEDITERRANEAN,
                                    source_contains="Missing Migrants"),
         "Dead and missing on the Mediterranean routes (minimum estimate)"),
        (latest_indicator_total(datasets.indicator_values, "migrant_stock_total"),
         "International migrants living in the MTM partner states"),
    ]
    return [replace(h, label=label) for h, label in found if h is not None]


def kpi_card(headline: Headline) -> dbc.Card:
    """A headline number with its period, note and linked source."""
    return dbc.Card(
        dbc.CardBody(
            [
                html.Div(format_number(headline.value), className="kpi-value"),
                html.Div(headline.label, className="kpi-label"),
                html.Div(f"{headline.period} · {headline.note}", className="text-muted small"),
                html.Div(["Source: ", html.A(headline.source_org, href=headline.source_url, target="_blank",
                                             rel="noopener")], className="small source-note"),
            ]
        ),
        className="kpi-card h-100",
    )


def layout(datasets: Datasets, *, path: str = PATH, query: dict | None = None) -> html.Div:
    """The start page."""
    return html.Div(
        [
            html.H1("Interactive Map on Migration"),
            html.P(
                "Open, cited migration figures for policymakers, expert meetings and partner agencies: "
                "a Mixed Migration layer (arrivals, detections, refugees, dead and missing) and a "
                "Migration & Development layer (migrant stocks, remittances), country profiles, routes "
                "and the composition of flows.",
                className="lead",
            ),
            dbc.Row([dbc.Col(kpi_card(h), md=4, className="mb-3") for h in headlines(datasets)],
                    id="overview-kpis"),
            html.P(["Every number links to its publisher; see ", html.A("Sources and methods", href="/sources"),
                    " for definitions and caveats."]),
        ],
        className="view view-overview",
    )


def register_callbacks(app: Dash, datasets: Datasets) -> None:
    """The start page is static: no callbacks."""
