"""Sources page: every dataset with its publishers, links, vintage, caveats and row count.

The i-Map's strength was profiles that cite their sources instead of duplicating them; this page
is the index of those citations and of the open-data API. Titles and descriptions are translated
(catalogue keys `dataset.<name>.title/.description`); publishers, links, vintages and the caveats stay as
published in the manifest.
"""

from __future__ import annotations

import dash_bootstrap_components as dbc
from dash import Dash, html

from ..datasets import Datasets, manifest_entry
from ..datasets.schema import TABLES
from ..figures.choropleth import message
from ..figures.sources import format_vintage
from ..i18n import DEFAULT_LANGUAGE, format_value, normalise_language, t
from ..ids import Sources
from ..urlstate import first

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


def dataset_card(datasets: Datasets, name: str, file: str, lang: str = DEFAULT_LANGUAGE) -> dbc.Card:
    """One dataset: title, description, file, rows, sources, vintage and caveats."""
    entry = manifest_entry(datasets, name)
    rows = datasets.row_counts().get(name, 0)
    vintage = entry.get("vintage")
    body = [
        html.H2(message(f"dataset.{name}.title", lang, entry.get("title", name)), className="h5"),
        html.P(message(f"dataset.{name}.description", lang, entry.get("description", "")), className="mb-2"),
        html.P(
            [
                html.Code(f"data/{file}"),
                " · "
                + t(
                    "sources.rows",
                    lang,
                    rows=format_value(rows, lang),
                    vintage=format_vintage(vintage, lang) if vintage else t("sources.not_stated", lang),
                ),
            ],
            className="text-muted small mb-2",
        ),
        html.Ul(_source_links(entry.get("sources", [])), className="mb-2"),
    ]
    caveats = entry.get("caveats", [])
    if caveats:
        body.append(html.Details([html.Summary(t("sources.caveats", lang)), html.Ul([html.Li(c) for c in caveats])]))
    if name in API_LINKS:
        body.append(html.A(t("sources.open_data", lang), href=API_LINKS[name], className="small"))
    return dbc.Card(dbc.CardBody(body), className="mb-3 dataset-card", id=f"sources-card-{name}")


def layout(datasets: Datasets, *, path: str = PATH, query: dict | None = None) -> html.Div:
    """The Sources page (public data only), in the language of the query."""
    lang = normalise_language(first(query or {}, "lang"))
    cards = [dataset_card(datasets, schema.name, schema.file, lang) for schema in TABLES]
    cards.append(dataset_card(datasets, "countries_geometry", "countries.geojson", lang))
    return html.Div(
        [
            html.H1(t("sources.title", lang)),
            html.P(t("sources.lead", lang), className="lead"),
            html.P(
                t("sources.version", lang, version=datasets.version, vintage=format_vintage(datasets.vintage, lang)),
                className="text-muted",
            ),
            html.Div(cards, id=Sources.TABLE),
        ],
        id=Sources.PAGE,
        className="view view-sources",
    )


def register_callbacks(app: Dash, datasets: Datasets) -> None:
    """The Sources page is static: no callbacks."""
