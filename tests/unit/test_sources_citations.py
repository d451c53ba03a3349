"""The Sources page names the publishers and the documents behind the figures, copies shown as consulted."""

from __future__ import annotations

import pytest
from dash import html

from imapdash.components.citation import citation
from imapdash.datasets import load_datasets
from imapdash.ids import Sources
from imapdash.urlstate import parse_query
from imapdash.views import sources
from tests.conftest import BUNDLED_DATA


@pytest.fixture(scope="module")
def page():
    return sources.layout(load_datasets(BUNDLED_DATA))


def _by_id(tree):
    return {c.id: c for c in tree._traverse() if isinstance(getattr(c, "id", None), str)}


def _text(component) -> str:
    if isinstance(component, str | int | float):
        return str(component)
    children = getattr(component, "children", None)
    if children is None:
        return ""
    if isinstance(children, list | tuple):
        return "".join(_text(c) for c in children)
    return _text(children)


def test_sources_page_lists_the_publishers_linked_to_their_own_sites(page):
    publishers = _by_id(page)[Sources.PUBLISHERS]
    links = {a.children: a.href for a in publishers._traverse() if isinstance(a, html.A)}
    assert links["UNHCR"] == "https://data.unhcr.org/en/situations/mediterranean"
    assert links["Frontex"].startswith("https://www.frontex.europa.eu/")
    assert {"IOM", "IOM DTM", "UN DESA", "World Bank", "Italian Ministry of Interior"} <= set(links)


def test_documents_cited_name_the_publisher_document_and_the_copy_consulted(page):
    documents = _by_id(page)["sources-documents-arrivals"]
    items = [li for li in documents._traverse() if isinstance(li, html.Li)]
    spain = next(li for li in items if "UNHCR Spain Arrivals Dashboard Dec 2016" in _text(li))
    links = [a for a in spain._traverse() if isinstance(a, html.A)]
    assert links[0].children == "UNHCR" and links[0].href == "https://data.unhcr.org/en/situations/mediterranean"
    assert links[1].children == "copy consulted" and links[1].href.startswith("https://slidelegend.com/")
    press = next(li for li in items if "as reported by ANSA" in _text(li))
    assert next(a for a in press._traverse() if isinstance(a, html.A)).href.startswith("http://www.interno.gov.it/")


def test_citation_line_in_french_and_arabic():
    line = html.Div(
        citation("UNHCR", "https://data.unhcr.org/", copy_url="https://x.example/", outlet="ANSA", lang="fr")
    )
    assert "selon ANSA" in _text(line) and "portail de l'éditeur" in _text(line)
    line = html.Div(
        citation("World Bank", "https://data.worldbank.org/", vintage="World Bank WDI via IOM GDI data, 2025-06-19")
    )
    assert _text(line) == "Source: World Bank · data World Bank WDI, via IOM GDI data, June 2025"
    arabic = sources.layout(load_datasets(BUNDLED_DATA), query=parse_query("?lang=ar"))
    assert "الناشرون" in _text(_by_id(arabic)[Sources.PUBLISHERS])
