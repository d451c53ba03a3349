"""Sources page: every dataset with its publishers, links, vintage, caveats and row count.

The i-Map's strength was profiles that cite their sources instead of duplicating them; this page
is the index of those citations and of the open-data API.
"""

from __future__ import annotations

import dash_bootstrap_components as dbc
from dash import Dash, html

from ..datasets import Datasets, manifest_entry
from ..datasets.schema import TABLES
from ..ids import Sources

PATH = "/sources"
NAV_LABEL = "Sources"
NAV_ORDER = 90
NAV_KEY = "nav.sources"

API_LINKS = {
    "indicator_values": "/api/v1/indicators",
    "routes": "/api/v1/routes.json",
    "flows": "/api/v1/flows.json",
    "composition": "/api/v1/composition.json",
}


def _source_links(sources: list[dict]) -> list:
    items = []
    for source in sources:
        url = str(source.get("url", ""))
        label = str(source.get("org", url))
        link = html.A(label, href=url, target="_blank", rel="noopener") if url.startswith("http") else label
        items.append(html.Li(link))
    return items


def dataset_card(datasets: Datasets, name: str, file: str) -> dbc.Card:
    """One dataset: title, description, file, rows, sources, vintage and caveats."""
    entry = manifest_entry(datasets, name)
    rows = datasets.row_counts().get(name, 0)
    body = [
        html.H2(entry.get("title", name), className="h5"),
        html.P(entry.get("description", ""), className="mb-2"),
        html.P(
            [html.Code(f"data/{file}"), f" · {rows:,} rows · vintage: {entry.get('vintage', 'not stated')}"],
            className="text-muted small mb-2",
        ),
        html.Ul(_source_links(entry.get("sources", [])), className="mb-2"),
    ]
    caveats = entry.get("caveats", [])
    if caveats:
        body.append(html.Details([html.Summary("Caveats"), html.Ul([html.Li(c) for c in caveats])]))
    if name in API_LINKS:
        body.append(html.A("Open data (JSON/CSV)", href=API_LINKS[name], className="small"))
    return dbc.Card(dbc.CardBody(body), className="mb-3 dataset-card", id=f"sources-card-{name}")


def layout(datasets: Datasets, *, path: str = PATH, query: dict | None = None) -> html.Div:
    """The Sources page (public data only)."""
    cards = [dataset_card(datasets, schema.name, schema.file) for schema in TABLES]
    cards.append(dataset_card(datasets, "countries_geometry", "countries.geojson"))
    return html.Div(
        [
            html.H1("Sources and methods"),
            html.P(
                "Every figure in imapdash is a published figure or a plain sum of an official dataset. "
                "Each row keeps its publisher, a link and the data vintage. Figures of the same thing "
                "from different publishers are kept side by side, never merged.",
                className="lead",
            ),
            html.P(f"Data version {datasets.version}; {datasets.vintage}.", className="text-muted"),
            html.Div(cards, id=Sources.TABLE),
        ],
        id=Sources.PAGE,
        className="view view-sources",
    )


def register_callbacks(app: Dash, datasets: Datasets) -> None:
    """The Sources page is static: no callbacks."""
