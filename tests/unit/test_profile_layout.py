import pytest
from dash import dcc, html

from imapdash.datasets import load_datasets
from imapdash.ids import Profile
from imapdash.views import find_view, profile
from tests.conftest import FIXTURE_DATA


@pytest.fixture(scope="module")
def datasets():
    return load_datasets(FIXTURE_DATA)


def _by_id(tree):
    return {c.id: c for c in tree._traverse() if isinstance(getattr(c, "id", None), str)}


def _text(component) -> str:
    if isinstance(component, str | int | float):
        return str(component)
    children = getattr(component, "children", None)
    if children is None:
        return ""
    if isinstance(children, list | tuple):
        return " ".join(_text(c) for c in children)
    return _text(children)


def test_country_paths_route_to_the_profile():
    assert find_view("/country/TUN") is profile


def test_profile_shows_each_figure_with_period_and_linked_source(datasets):
    page = profile.layout(datasets, path="/country/ITA")
    found = _by_id(page)
    assert _text(found[Profile.TITLE]) == "Italy"
    card = found["profile-card-migrant_stock_total"]
    text = _text(card)
    assert "6,500" in text and "2024" in text and "UN DESA" in text
    links = [c for c in card._traverse() if isinstance(c, html.A)]
    assert links[0].href == "https://www.un.org/development/desa/pd/content/international-migrant-stock"
    assert any(isinstance(c, dcc.Graph) for c in card._traverse())  # two years: a sparkline


def test_profile_never_shows_restricted_rows(datasets):
    text = _text(profile.layout(datasets, path="/country/LBY"))
    assert "44" in text and "end-2023" in text
    assert "mid-2024" not in text


def test_profile_links_the_routes_through_the_country(datasets):
    routes = _by_id(profile.layout(datasets, path="/country/TUN"))[Profile.ROUTES]
    links = [c for c in routes._traverse() if isinstance(c, dcc.Link)]
    assert [(link.href, _text(link)) for link in links] == [
        ("/routes?route=central-mediterranean", "Central Mediterranean")
    ]
    assert "departure" in _text(routes)


def test_profile_links_back_to_the_map_with_the_country_selected(datasets):
    assert _by_id(profile.layout(datasets, path="/country/tun"))[Profile.MAP_LINK].href == "/?sel=TUN"


def test_unknown_country_says_so(datasets):
    page = profile.layout(datasets, path="/country/XYZ")
    assert page.id == Profile.NOT_FOUND
    assert "No such country" in _text(page)


def test_brief_keeps_one_chart_per_section_and_drops_the_cards():
    from imapdash.urlstate import parse_query
    from tests.conftest import BUNDLED_DATA

    datasets = load_datasets(BUNDLED_DATA)
    page = profile.layout(datasets, path="/country/NER", query=parse_query("?brief=1"))
    assert "profile-brief" in page.className
    found = _by_id(page)
    assert Profile.CARDS not in found and Profile.DOCUMENTS not in found
    sections = [c for c in page._traverse() if getattr(c, "className", None) == "profile-section"]
    assert len(sections) >= 6
    for section in sections:
        graphs = [g for g in section._traverse() if isinstance(g, dcc.Graph)]
        assert len(graphs) <= 1 and all(g.figure["layout"]["width"] == 720 for g in graphs)
    assert found[Profile.BRIEF_LINK].href == "/country/NER"
    full = profile.layout(datasets, path="/country/NER")
    assert _by_id(full)[Profile.BRIEF_LINK].href == "/country/NER?brief=1"


def test_a_region_without_an_optional_dataset_shows_no_empty_section_for_it():
    """The second region has no arrivals or flow-monitoring files: its profiles said "No data for this country"
    in an Arrivals section on every country; now the section is left out. Sections it has data files for stay."""
    from pathlib import Path

    region = load_datasets(Path(__file__).resolve().parents[2] / "examples" / "regions" / "east-horn-great-lakes")
    assert {"arrivals", "flow_monitoring"} <= region.absent
    page = profile.layout(region, path="/country/ETH")
    sections = {c.id for c in page._traverse() if str(getattr(c, "id", "")).startswith("profile-section-")}
    assert "profile-section-arrivals-ETH" not in sections
    assert "profile-section-flow_monitoring-ETH" in sections  # its composition file is there
    assert "profile-section-corridors-ETH" in sections
    compare = profile.compare.grid(region, ["ETH", "KEN"], "en")
    keys = {getattr(c, "data-section", None) for row in compare for c in getattr(row, "_traverse", lambda: [])()}
    assert "arrivals" not in keys and "corridors" in keys


def test_a_region_with_every_dataset_keeps_its_sections(datasets):
    page = profile.layout(datasets, path="/country/TUN")
    sections = {c.id for c in page._traverse() if str(getattr(c, "id", "")).startswith("profile-section-")}
    assert "profile-section-arrivals-TUN" in sections
