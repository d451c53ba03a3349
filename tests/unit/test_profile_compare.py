"""The comparison view: countries from the query, the same sections side by side, one value axis per row."""

from __future__ import annotations

import pytest

from imapdash.datasets import load_datasets
from imapdash.ids import Compare
from imapdash.urlstate import parse_query
from imapdash.views import find_view
from imapdash.views.profile import compare
from tests.conftest import BUNDLED_DATA


@pytest.fixture(scope="module")
def datasets():
    return load_datasets(BUNDLED_DATA)


def _cells(page):
    return [c for c in page._traverse() if getattr(c, "className", None) == "compare-cell"]


def _graphs(cell):
    return [c for c in cell._traverse() if type(c).__name__ == "Graph"]


def test_compare_path_routes_to_the_comparison():
    assert find_view("/compare") is compare


def test_chosen_countries_keeps_three_known_codes_in_order():
    known = {"TUN", "NER", "LBY", "ITA"}
    assert compare.chosen_countries(["ner", "TUN", "XXX", "NER", "lby", "ITA"], known) == ["NER", "TUN", "LBY"]
    assert compare.chosen_countries(None, known) == []


def test_comparison_shows_each_section_per_country_with_shared_value_axes(datasets):
    page = compare.layout(datasets, query=parse_query("?c=TUN,NER,LBY"))
    cells = _cells(page)
    sections = {getattr(c, "data-section") for c in cells}
    assert {"detections", "dead_missing", "corridors", "refugees", "remittances"} <= sections
    assert [getattr(c, "data-iso3") for c in cells[:3]] == ["TUN", "NER", "LBY"]
    for key in ("detections", "refugees", "remittances", "dead_missing"):
        row = [c for c in cells if getattr(c, "data-section") == key]
        first_charts = [_graphs(c)[0].figure["layout"] for c in row if _graphs(c)]
        ranges = {tuple(layout["yaxis"]["range"]) for layout in first_charts}
        assert len(first_charts) >= 2 and len(ranges) == 1, (key, ranges)
        highest = max(max(trace["y"]) for c in row if _graphs(c) for trace in _graphs(c)[0].figure["data"])
        assert ranges.pop()[1] >= highest


def test_comparison_without_countries_asks_for_them(datasets):
    page = compare.layout(datasets, query=parse_query("?c=XXX&lang=fr"))
    found = {c.id: c for c in page._traverse() if isinstance(getattr(c, "id", None), str)}
    assert found[Compare.HINT].children == "Choisissez deux ou trois pays à comparer."
    assert found[Compare.PICKER].value == []
