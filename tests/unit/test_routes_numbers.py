"""One number per concept on the routes screen: the period label, the map's summary and table, the nationality
chart's stacked bars and the Sankey give the same total for the same selection and period (bundled data)."""

from __future__ import annotations

import re

import pytest

from imapdash.datasets import load_datasets
from imapdash.views.context import view_context
from imapdash.views.routes import charts, queries
from imapdash.views.routes.state import RoutesState
from tests.conftest import BUNDLED_DATA

SELECTIONS = [
    (),
    ("central-mediterranean",),
    ("eastern-mediterranean", "western-balkan"),
    ("western-african", "frontex-other", "black-sea"),
]
NUMBER = re.compile(r"\d{1,3}(?:,\d{3})+|\d+")


@pytest.fixture(scope="module")
def vc():
    return view_context(load_datasets(BUNDLED_DATA), "en")


def _number(text: str) -> int:
    return int(text.replace(",", ""))


@pytest.mark.parametrize("routes", SELECTIONS)
@pytest.mark.parametrize("period", ["2024", "2019"])
def test_label_summary_table_and_charts_give_one_total(vc, routes, period):
    state = RoutesState(routes=routes, measure="detections")
    store, _ = charts.animation(vc, state)
    label = store["labels"][store["periods"].index(period)]
    label_total = _number(re.search(r": ([\d,]+) detections", label).group(1))

    summary, table = charts.map_text(vc, state, period)
    summary_total = _number(re.search(r"total ([\d,]+) detections", summary).group(1))
    table_total = sum(_number(row[1]) for row in table.rows)  # a TextTable: rows of strings

    nationality = charts.nationality_chart(vc, state, period).figure
    bars = (zip(trace["x"], trace["y"], strict=True) for trace in nationality["data"])
    stacked = sum(y for pairs in bars for x, y in pairs if x == period)

    sankey = queries.sankey_data(vc, state, period)
    sankey_total = sum(v for v, kind in zip(sankey.value, sankey.link_kinds, strict=True) if kind == "nationality")

    assert label_total == summary_total == table_total == stacked == sankey_total, (
        f"{routes} {period}: label {label_total}, summary {summary_total}, table {table_total}, "
        f"nationality bars {stacked}, Sankey {sankey_total}"
    )


def test_the_summary_follows_the_route_selection(vc):
    everything, _ = charts.map_text(vc, RoutesState(measure="detections"), "2024")
    one, _ = charts.map_text(vc, RoutesState(routes=("central-mediterranean",), measure="detections"), "2024")
    assert "on 1 route(s)" in one and "Eastern Mediterranean" not in one
    assert everything != one


def test_nationality_rows_say_which_are_the_rest_and_name_special_codes(vc):
    state = RoutesState(measure="detections")
    chart = charts.nationality_chart(vc, state, "2024")
    names = [trace["name"] for trace in chart.figure["data"]]
    assert names[-1] == "All other nationalities"
    assert "Top 10" in chart.figure["layout"]["title"]["text"]
    raw = [code for code in ("OOO", "OOS", "STL", "UNK") if code in chart.summary or code in str(chart.table)]
    assert raw == []


@pytest.mark.parametrize("routes", SELECTIONS)
def test_every_nationality_in_the_stack_has_its_own_colour(vc, routes):
    """Ten nationalities and 'All other nationalities': eleven series, eleven colours (the eight-colour palette
    drew Syria like Morocco and 'Nationality not specified' like Nigeria)."""
    chart = charts.nationality_chart(vc, RoutesState(routes=routes, measure="detections"), "2024")
    colours = [trace["marker"]["color"].lower() for trace in chart.figure["data"]]
    assert len(colours) >= 9
    assert len(set(colours)) == len(colours), colours


def test_the_nationality_summary_names_the_highest_and_lowest_nationality_not_the_rest(vc):
    chart = charts.nationality_chart(vc, RoutesState(measure="detections"), "2024")
    assert "All other nationalities" not in chart.summary, chart.summary
    assert "Highest: " in chart.summary
