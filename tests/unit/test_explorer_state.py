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
    years = found[explorer.Explorer.YEARS].data["years"]
    assert years[found[explorer.Explorer.YEAR].value] == 2023  # the slider moves by position among the years
    assert found[explorer.Explorer.SELECTION].value == ["LBY"]
    assert found[explorer.Explorer.TABS].value == "table"
    figure = found[explorer.Explorer.MAP].figure
    assert figure["data"][VALUES_TRACE]["locations"] == ["LBY"]  # the restricted 2024 row is not shown
    assert figure["layout"]["title"]["text"] == "Refugees hosted, 2023"


def test_year_without_data_snaps_to_nearest(datasets, vc):
    state = state_from_query(datasets, parse_query("?ind=migrant_stock_total&year=2021"))
    assert queries.resolve(vc, state).year == 2020


def test_year_store_holds_every_years_values_for_the_browser(datasets, vc):
    store = charts.year_store(vc, ExplorerState("migrant_stock_total", 2020))
    assert store["years"] == queries.resolve(vc, ExplorerState("migrant_stock_total", 2020)).years
    assert store["years"][store["index"]] == 2020
    frame = store["frames"][store["years"].index(2020)]
    assert frame["values"]["locations"] == ["ITA"]
    assert frame["title"] == "International migrant stock, 2020"
    # the browser keeps the polygons without a value that year (LBY, MLT, TUN in 2020) from the full list
    assert {"LBY", "MLT", "TUN", "ITA"} <= set(store["no_data"]["locations"])
    assert "colorbar" in store["style"] and "geojson" not in str(store)
    assert store["traces"] == {"values": VALUES_TRACE, "no_data": NO_DATA_TRACE, "selection": SELECTION_TRACE}


def test_another_indicator_has_its_own_colours_in_its_store(datasets, vc):
    stock = charts.year_store(vc, ExplorerState("migrant_stock_total", 2020))
    refugees = charts.year_store(vc, ExplorerState("refugees_hosted", 2023))
    assert refugees["indicator"] == "refugees_hosted" and refugees["years"][refugees["index"]] == 2023
    assert refugees["style"]["name"] != stock["style"]["name"]


def test_region_patch_changes_only_the_view(datasets, vc):
    state = ExplorerState("migrant_stock_total", 2024, "europe")
    patch = charts.view_patch(state, queries.preset_view(vc, state), {"region"})
    targets = {tuple(op["location"])[:2] for op in patch.to_plotly_json()["operations"]}
    assert targets == {("layout", "geo")}


def test_click_toggles_selection():
    assert toggle_selection(["ITA"], "TUN", COUNTRIES) == ["ITA", "TUN"]
    assert toggle_selection(["ITA", "TUN"], "ITA", COUNTRIES) == ["TUN"]
    assert toggle_selection(["ITA"], "ZZZ", COUNTRIES) == ["ITA"]
    assert clicked_iso3({"points": [{"location": "TUN"}]}, key="location") == "TUN"
    assert clicked_iso3(None, key="location") is None


def test_url_changes_only_touch_controls_that_differ(datasets, vc):
    years = queries.resolve(vc, ExplorerState("migrant_stock_total")).years
    current = ("migrant_stock_total", years.index(2024), "home", [], "map", "indicator")
    out = dash_values(explorer.BINDER.controls_for(vc, "?ind=migrant_stock_total&year=2020&sel=TUN", current))
    assert out == (no_update, years.index(2020), no_update, ["TUN"], no_update, no_update)


def test_search_is_written_once_and_keeps_embed(datasets, vc):
    state = ExplorerState("migrant_stock_total", 2020, selection=("ITA",))
    search = _search(vc, state, "?embed=1")
    assert search == "?ind=migrant_stock_total&year=2020&region=home&sel=ITA&tab=map&embed=1"
    assert _search(vc, state, search) is no_update
    # while the year animation plays the URL is held still: tests/integration/test_explorer_callbacks.py


def test_year_slider_moves_by_position_one_year_with_data_per_step(datasets, vc):
    low, high, marks, value = page_layout.year_slider(vc, ExplorerState("migrant_stock_total", 2024))
    years = queries.resolve(vc, ExplorerState("migrant_stock_total")).years
    assert (low, high, value) == (0, len(years) - 1, years.index(2024))
    assert sorted(marks) == list(range(len(years)))
    assert page_layout.year_at([1990, 1995], 1) == 1995
    assert page_layout.year_at([1990, 1995], 9) == 1995 and page_layout.year_at([1990, 1995], -2) == 1990
    assert page_layout.year_at([1990, 1995], "x") == 1995 and page_layout.year_at([], 0) is None


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


def test_the_controls_and_side_charts_wait_for_the_map_behind_stand_ins_with_their_text(datasets):
    from imapdash.components.after_graph import AfterGraph

    page = explorer.layout(datasets, path="/", query=parse_query("?ind=refugees_hosted&sel=LBY,TUN"))
    wrapped = {a.children.id: a for a in page._traverse() if isinstance(a, AfterGraph)}
    E = explorer.Explorer
    assert set(wrapped) == {E.INDICATOR, E.REGION, E.SELECTION, E.SEARCH, E.YEAR, E.RANKING, E.SERIES}
    assert {a.graph for a in wrapped.values()} == {E.MAP}
    # the side charts: blank boxes of their figures' heights
    for side in (E.RANKING, E.SERIES):
        assert (
            wrapped[side].kind == "graph" and wrapped[side].height == wrapped[side].children.figure["layout"]["height"]
        )
    assert (wrapped[E.INDICATOR].kind, wrapped[E.INDICATOR].text) == ("dropdown", "Refugees hosted")
    region = wrapped[E.REGION]
    assert region.text == page_layout.label_of(region.children.options, region.children.value) != ""
    assert (wrapped[E.SELECTION].text, wrapped[E.SELECTION].muted) == ("Libya, Tunisia", False)
    assert wrapped[E.SEARCH].muted and wrapped[E.SEARCH].text == wrapped[E.SEARCH].children.placeholder
    assert (wrapped[E.YEAR].kind, wrapped[E.YEAR].text) == ("slider", "")
    # nothing picked: the picker's own placeholder, muted
    assert page_layout.selection_text([{"label": "Libya", "value": "LBY"}], (), "Countries…") == ("Countries…", True)
    with pytest.raises(ValueError, match="kind"):
        AfterGraph(graph=E.MAP, kind="button")
