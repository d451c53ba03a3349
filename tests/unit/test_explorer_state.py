import pytest
from dash import no_update

from imapdash.datasets import load_datasets
from imapdash.figures.choropleth import NO_DATA_TRACE, SELECTION_TRACE, VALUES_TRACE
from imapdash.urlstate import parse_query
from imapdash.views import explorer
from imapdash.views.context import ViewContext, dash_values
from imapdash.views.explorer import charts, queries
from imapdash.views.explorer import page as page_layout
from imapdash.views.explorer.state import (
    ExplorerState,
    clicked_iso3,
    parse_state,
    state_from_query,
    state_query,
    toggle_selection,
)
from tests.conftest import FIXTURE_DATA

INDICATORS = ["migrant_stock_total", "refugees_hosted"]
COUNTRIES = ["ITA", "LBY", "MLT", "TUN", "GIN"]


@pytest.fixture(scope="module")
def datasets():
    return load_datasets(FIXTURE_DATA)


@pytest.fixture(scope="module")
def vc(datasets):
    return ViewContext(datasets=datasets)


def _search(vc, state, current):
    """What the URL binder writes for the controls showing `state` (no_update when the URL says it)."""
    values = explorer.BINDER.control_values(vc, state)
    return dash_values(explorer.BINDER.search_for(vc, values, lang=state.lang, current_search=current))


def _parse(search):
    return parse_state(
        parse_query(search),
        indicators=INDICATORS,
        countries=COUNTRIES,
        default="migrant_stock_total",
        presets=("home", "europe", "world", "africa"),
    )


@pytest.mark.parametrize(
    "state",
    [
        ExplorerState("migrant_stock_total", 2024, "home", ("TUN", "ITA"), "map", "indicator"),
        ExplorerState("refugees_hosted", 2023, "europe", (), "table", "indicator"),
        ExplorerState("migrant_stock_total", 2020, "world", ("ITA",), "map", "origins"),
        ExplorerState("migrant_stock_total", None, "africa", ("LBY", "MLT", "GIN"), "table", "destinations"),
    ],
)
def test_url_state_round_trips(state):
    assert _parse(state_query(state)) == state


def test_query_has_the_documented_shape():
    query = state_query(ExplorerState("migrant_stock_total", 2024, "home", ("TUN", "ITA"), "map"), {"embed": "1"})
    assert query == "?ind=migrant_stock_total&year=2024&region=home&sel=TUN,ITA&tab=map&embed=1"


def test_bad_url_values_fall_back_to_defaults():
    state = _parse("?ind=evil<script>&year=abc&region=mars&sel=tun,XXX,TUN&tab=hack&mode=nope")
    assert state == ExplorerState("migrant_stock_total", None, "home", ("TUN",), "map", "indicator")


def test_layout_restores_the_url_state(datasets):
    page = explorer.layout(datasets, path="/", query=parse_query("?ind=refugees_hosted&year=2023&sel=LBY&tab=table"))
    found = {c.id: c for c in page._traverse() if getattr(c, "id", None)}
    assert found[explorer.Explorer.INDICATOR].value == "refugees_hosted"
    assert found[explorer.Explorer.YEAR].value == 2023
    assert found[explorer.Explorer.SELECTION].value == ["LBY"]
    assert found[explorer.Explorer.TABS].value == "table"
    figure = found[explorer.Explorer.MAP].figure
    assert figure["data"][VALUES_TRACE]["locations"] == ["LBY"]  # the restricted 2024 row is not shown
    assert figure["layout"]["title"]["text"] == "Refugees hosted, 2023"


def test_year_without_data_snaps_to_nearest(datasets, vc):
    state = state_from_query(datasets, parse_query("?ind=migrant_stock_total&year=2021"))
    assert queries.resolve(vc, state).year == 2020


def test_year_patch_touches_only_values_and_title(datasets, vc):
    state = ExplorerState("migrant_stock_total", 2020)
    patch = charts.map_patch(vc, state, {"year"}).to_plotly_json()
    targets = {tuple(op["location"]) for op in patch["operations"]}
    assert ("data", VALUES_TRACE, "z") in targets
    assert ("data", VALUES_TRACE, "locations") in targets
    assert ("layout", "title", "text") in targets
    assert not any(t[:3] == ("data", VALUES_TRACE, "colorbar") for t in targets)
    assert not any("geojson" in t for t in targets)
    by_target = {tuple(op["location"]): op["params"]["value"] for op in patch["operations"]}
    assert by_target[("data", VALUES_TRACE, "locations")] == ["ITA"]
    assert by_target[("data", NO_DATA_TRACE, "locations")] == ["LBY", "MLT", "TUN"]


def test_indicator_patch_also_changes_colours(datasets, vc):
    patch = charts.map_patch(vc, ExplorerState("refugees_hosted", 2023), {"indicator"})
    targets = {tuple(op["location"]) for op in patch.to_plotly_json()["operations"]}
    assert ("data", VALUES_TRACE, "colorbar") in targets
    assert ("data", SELECTION_TRACE, "locations") not in targets


def test_region_patch_changes_only_the_view(datasets, vc):
    patch = charts.map_patch(vc, ExplorerState("migrant_stock_total", 2024, "europe"), {"region"})
    targets = {tuple(op["location"])[:2] for op in patch.to_plotly_json()["operations"]}
    assert targets == {("layout", "geo")}


def test_click_toggles_selection():
    assert toggle_selection(["ITA"], "TUN", COUNTRIES) == ["ITA", "TUN"]
    assert toggle_selection(["ITA", "TUN"], "ITA", COUNTRIES) == ["TUN"]
    assert toggle_selection(["ITA"], "ZZZ", COUNTRIES) == ["ITA"]
    assert clicked_iso3({"points": [{"location": "TUN"}]}, key="location") == "TUN"
    assert clicked_iso3(None, key="location") is None


def test_url_changes_only_touch_controls_that_differ(datasets, vc):
    current = ("migrant_stock_total", 2024, "home", [], "map", "indicator")
    out = dash_values(explorer.BINDER.controls_for(vc, "?ind=migrant_stock_total&year=2020&sel=TUN", current))
    assert out == (no_update, 2020, no_update, ["TUN"], no_update, no_update)


def test_search_is_written_once_and_keeps_embed(datasets, vc):
    state = ExplorerState("migrant_stock_total", 2020, selection=("ITA",))
    search = _search(vc, state, "?embed=1")
    assert search == "?ind=migrant_stock_total&year=2020&region=home&sel=ITA&tab=map&embed=1"
    assert _search(vc, state, search) is no_update
    # while the year animation plays the URL is held still: tests/integration/test_explorer_callbacks.py


def test_play_steps_through_years_and_stops_at_the_last(datasets, vc):
    assert page_layout.play_tick(vc, ExplorerState("migrant_stock_total", 2020)) == (2024, True)
    paused, label, year = page_layout.play_button(vc, ExplorerState("migrant_stock_total", 2024), True)
    assert (paused, label, year) == (False, "❚❚ Pause", 2020)


def test_corridor_mode_colours_origins_of_the_selected_destination(datasets, vc):
    state = ExplorerState("migrant_stock_total", 2024, selection=("ITA",), mode="origins")
    figure = charts.map_chart(vc, state).figure
    assert figure["data"][VALUES_TRACE]["locations"] == ["TUN", "LBY"]
    assert figure["data"][VALUES_TRACE]["customdata"][0][1] == "200"
    assert "Migrants living in Italy" in figure["layout"]["title"]["text"]


def test_csv_export_is_what_the_map_shows_with_sources(datasets, vc):
    export = charts.export_csv(vc, ExplorerState("migrant_stock_total", 2024))
    lines = export["content"].splitlines()
    assert lines[0] == "country,iso3,indicator,value,unit,period,status,source_org,source_url,vintage"
    assert lines[1].startswith("Italy,ITA,International migrant stock,6500,persons,2024,final,UN DESA,https://")
    assert len(lines) == 3
    assert export["filename"] == "imapdash-migrant_stock_total-2024.csv"


def test_indicator_options_are_grouped_by_layer(datasets):
    options = page_layout.indicator_options(datasets.indicators)
    assert [o["label"] for o in options] == [
        "— Mixed Migration —",
        "Refugees hosted",
        "— Migration & Development —",
        "International migrant stock",
    ]
    assert options[0]["disabled"] is True
