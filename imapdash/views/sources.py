"""Sources page: every dataset with its publishers, links, vintage, caveats and row count.

The i-Map's strength was profiles that cite their sources instead of duplicating them; this page
is the index of those citations and of the open-data API. Titles and descriptions are translated
(catalogue keys `dataset.<name>.title/.description`); publishers, links, vintages and the caveats stay as
published in the manifest.
"""

from __future__ import annotations

import dash_bootstrap_components as dbc
from dash import Dash, html

from ..components.citation import citation
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

CITED_TABLES = ("arrivals", "composition", "headline_figures")  # tables whose rows name a document
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


def cited_documents(frame, org_column: str = "source_org"):
    """Distinct publisher documents of a table (document named or read in a copy), in publisher order."""
    if frame is None or frame.empty or "document" not in frame:
        return frame.iloc[0:0] if frame is not None else None
    rows = frame[(frame["document"].fillna("") != "") | (frame["consulted_copy_url"].fillna("") != "")]
    columns = [org_column, "source_url", "document", "consulted_copy_url", "consulted_outlet"]
    rows = rows[columns].fillna("").drop_duplicates()
    return rows.sort_values([org_column, "document", "consulted_copy_url"], kind="stable")


def documents_cited(datasets: Datasets, name: str, lang: str = DEFAULT_LANGUAGE) -> html.Details:
    """The publisher documents a table's figures come from, each with the copy or press report consulted."""
    org_column = "agency" if name == "headline_figures" else "source_org"
    rows = cited_documents(datasets.frame(name), org_column)
    items = [
        html.Li(
            citation(
                str(r[org_column]),
                str(r["source_url"]),
                document=r["document"],
                copy_url=r["consulted_copy_url"],
                outlet=r["consulted_outlet"],
                lang=lang,
            ),
            className="small source-note",
        )
        for _, r in rows.iterrows()
    ]
    return html.Details(
        [html.Summary(t("sources.documents", lang, count=len(items))), html.Ul(items)],
        id=f"sources-documents-{name}",
        className="mb-2",
    )


def publishers_list(datasets: Datasets, lang: str = DEFAULT_LANGUAGE) -> html.Div:
    """Every publisher on the allowlist, linked to its own site, with the hosts cited."""
    frame = getattr(datasets, "publishers", None)
    items = []
    if frame is not None and not frame.empty:
        for publisher, group in frame.sort_values(["publisher", "host"]).groupby("publisher", sort=False):
            home = str(group["home_url"].iloc[0])
            hosts = ", ".join(str(h) for h in group["host"])
            items.append(
                html.Li(
                    [
                        html.A(str(publisher), href=home, target="_blank", rel="noopener"),
                        html.Span(" — " + hosts, className="text-muted small"),
                    ]
                )
            )
    return html.Div(
        [
            html.H2(t("sources.publishers.title", lang), className="h4"),
            html.P(t("sources.publishers.lead", lang), className="small"),
            html.Ul(items, className="mb-4"),
        ],
        id=Sources.PUBLISHERS,
    )


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
    if name in CITED_TABLES:
        body.append(documents_cited(datasets, name, lang))
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
            publishers_list(datasets, lang),
            html.Div(cards, id=Sources.TABLE),
        ],
        id=Sources.PAGE,
        className="view view-sources",
    )


def register_callbacks(app: Dash, datasets: Datasets) -> None:
    """The Sources page is static: no callbacks."""
