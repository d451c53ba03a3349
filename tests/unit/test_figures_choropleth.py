import pandas as pd
import pytest

from imapdash.figures.choropleth import (
    NO_DATA_TRACE,
    OCEAN_COLOR,
    SELECTION_TRACE,
    VALUES_TRACE,
    WORLD_VIEW,
    build_choropleth,
    colour_style,
    ocean_style,
    region_geo,
)
from imapdash.figures.indicator_charts import build_ranking, build_sparkline, build_time_series
from imapdash.theme import NO_DATA_COLOR
from imapdash.transforms.indicators import AGGREGATE_LABEL, IndicatorMeta

STOCK = IndicatorMeta(
    "migrant_stock_total",
    "International migrant stock",
    "migration_development",
    "persons",
    "log",
    0,
    "UN DESA",
    "https://un.org/x",
)
SHARE = IndicatorMeta(
    "share",
    "Migrants as % of population",
    "migration_development",
    "percent",
    "linear",
    1,
    "UN DESA",
    "https://un.org/x",
)
NET = IndicatorMeta("net", "Net migration", "migration_development", "persons", "diverging", 0, "UN DESA", "")
NAMES = {"ITA": "Italy", "TUN": "Tunisia", "LBY": "Libya", "MLT": "Malta"}


def _frame(rows):
    frame = pd.DataFrame(rows, columns=["iso3", "value"])
    frame["year"] = 2024
    frame["period_label"] = "2024"
    frame["status"] = ["final"] * (len(rows) - 1) + ["provisional"] if rows else []
    frame["source_org"] = "UN DESA"
    frame["source_url"] = "https://un.org/x"
    frame["vintage"] = "IMS 2024"
    return frame


def _map(frame, meta=STOCK, value_range=(60.0, 6500.0), selected=()):
    return build_choropleth(
        frame,
        meta=meta,
        names=NAMES,
        geometry_iso3=["ITA", "LBY", "MLT", "TUN"],
        geojson_url="/geo/countries.geojson?v=1",
        year=2024,
        value_range=value_range,
        selected=selected,
        sources=[("UN DESA", "https://un.org/x")],
        vintage="IMS 2024",
    )


def test_map_colours_countries_with_data_by_log10_value():
    fig = _map(_frame([("ITA", 6500.0), ("TUN", 60.0)]))
    values = fig["data"][VALUES_TRACE]
    assert values["locations"] == ["ITA", "TUN"]
    assert values["z"] == pytest.approx([3.812913, 1.778151])
    assert values["customdata"][0] == ["Italy", "6,500", "2024", "UN DESA"]
    assert values["customdata"][1][2] == "2024 (provisional)"


def test_map_draws_countries_without_data_in_grey_never_zero():
    fig = _map(_frame([("ITA", 6500.0), ("TUN", 60.0)]))
    no_data = fig["data"][NO_DATA_TRACE]
    assert no_data["locations"] == ["LBY", "MLT"]
    assert no_data["colorscale"][0] == [0, NO_DATA_COLOR] and no_data["z"] == [0, 0]
    assert no_data["showscale"] is False
    assert "no data" in no_data["hovertemplate"]
    assert "LBY" not in fig["data"][VALUES_TRACE]["locations"]


def test_map_uses_the_geometry_url_not_polygons():
    fig = _map(_frame([("ITA", 6500.0)]))
    assert {t["geojson"] for t in fig["data"]} == {"/geo/countries.geojson?v=1"}
    assert all(t["featureidkey"] == "id" for t in fig["data"])
    assert fig["layout"]["geo"]["fitbounds"] is False


def test_log_colorbar_ticks_are_labelled_in_real_units_with_unit_in_title():
    style = colour_style(STOCK, (60.0, 6500.0))
    bar = style["colorbar"]
    assert bar["tickvals"] == [1.0, 2.0, 3.0, 4.0]
    assert bar["ticktext"] == ["10", "100", "1,000", "10,000"]
    assert (style["zmin"], style["zmax"]) == (1.0, 4.0)
    assert bar["title"]["text"] == "persons, log scale"  # the map title names the indicator


def test_linear_percent_colorbar_names_the_unit():
    style = colour_style(SHARE, (0.5, 10.5))
    assert style["colorbar"]["title"]["text"] == "%"
    assert style["colorbar"]["tickmode"] == "auto"
    assert style["colorscale"] == "Viridis"


def test_negative_values_get_a_symmetric_diverging_scale():
    style = colour_style(NET, (-300.0, 100.0))
    assert style["colorscale"] == "RdBu"
    assert (style["zmin"], style["zmax"]) == (-300.0, 300.0)


def test_selected_countries_are_outlined_and_not_hoverable():
    fig = _map(_frame([("ITA", 6500.0)]), selected=["TUN", "ITA"])
    outline = fig["data"][SELECTION_TRACE]
    assert outline["locations"] == ["TUN", "ITA"]
    assert outline["marker"]["line"]["width"] == 2
    assert outline["hoverinfo"] == "skip"


def test_map_title_source_note_and_region():
    fig = _map(_frame([("ITA", 6500.0)]))
    assert fig["layout"]["title"]["text"] == "International migrant stock, 2024"
    assert fig["layout"]["annotations"][0]["text"].startswith("Source: UN DESA")
    assert "IMS 2024" in fig["layout"]["annotations"][0]["text"]
    assert region_geo(("europe", (-30.0, 60.0), (33.0, 71.0)))["lataxis"]["range"] == [33.0, 71.0]
    assert region_geo()["uirevision"] == "world"
    assert fig["layout"]["geo"]["uirevision"] == "world"  # no preset given: the world


def test_ranking_bars_largest_on_top_with_iso3_for_clicks():
    fig = build_ranking(
        _frame([("ITA", 6500.0), ("TUN", 60.0)]),
        meta=STOCK,
        names=NAMES,
        title="Top 2",
        selected=["TUN"],
        sources=[("UN DESA", "https://un.org/x")],
    )
    bars = fig["data"][0]
    assert bars["y"] == ["Italy", "Tunisia"]
    assert bars["x"] == [6500.0, 60.0]
    assert bars["customdata"] == ["ITA", "TUN"]
    assert bars["marker"]["color"][0] != bars["marker"]["color"][1]
    assert fig["layout"]["yaxis"]["autorange"] == "reversed"
    assert "Source: UN DESA" in fig["layout"]["annotations"][0]["text"]


def test_time_series_has_one_line_per_country_and_a_labelled_aggregate():
    series = pd.concat(
        [_frame([("ITA", 6000.0), ("TUN", 50.0)]).assign(year=2020), _frame([("ITA", 6500.0), ("TUN", 60.0)])],
        ignore_index=True,
    )
    aggregate = pd.DataFrame(
        {"year": [2020, 2024], "value": [6050.0, 6560.0], "n_reporting": [2, 2], "n_partners": [34, 34]}
    )
    fig = build_time_series(
        series, aggregate, meta=STOCK, names=NAMES, title="t", sources=[("UN DESA", "https://un.org/x")]
    )
    assert [t["name"] for t in fig["data"]] == ["Italy", "Tunisia", AGGREGATE_LABEL]
    assert fig["data"][0]["y"] == [6000.0, 6500.0]
    assert fig["data"][2]["line"]["dash"] == "dash"
    assert "2 of 34 partner states" in fig["data"][2]["text"][0]
    assert fig["layout"]["yaxis"]["type"] == "log"


def test_empty_time_series_says_how_to_fill_it():
    empty = _frame([]).iloc[0:0]
    fig = build_time_series(empty, pd.DataFrame(), meta=SHARE, names=NAMES, title="t")
    assert fig["data"] == []
    assert any("Select countries" in a["text"] for a in fig["layout"]["annotations"])


def test_sparkline_plots_the_years():
    fig = build_sparkline(pd.DataFrame({"year": [2020, 2024], "value": [1.5, 2.5]}), unit="percent", decimals=1)
    assert fig["data"][0]["x"] == [2020, 2024]
    assert fig["data"][0]["text"] == ["1.5 %", "2.5 %"]


def test_sea_outside_land_and_no_data_are_three_colours_with_a_swatch():
    fig = build_choropleth(
        _frame([("ITA", 6500.0)]),
        meta=STOCK,
        names={},
        geometry_iso3=["ITA", "TUN", "USA"],
        geojson_url="/geo",
        year=2024,
        value_range=(1.0, 10.0),
        in_region=["ITA", "TUN"],
    )
    no_data = fig["data"][NO_DATA_TRACE]
    assert dict(zip(no_data["locations"], no_data["z"], strict=True)) == {"TUN": 0, "USA": 1}
    low, high = no_data["colorscale"][0][1], no_data["colorscale"][-1][1]
    sea = fig["layout"]["geo"]["oceancolor"]
    assert len({low, high, sea}) == 3 and (no_data["zmin"], no_data["zmax"]) == (0, 1)
    key = next(a for a in fig["layout"]["annotations"] if a.get("name") == "no-data-key")
    assert low in key["text"] and "no data" in key["text"]


def test_a_regional_frame_paints_the_sea_as_background_and_the_globe_keeps_plotlys_ocean():
    """ocean_style: the ocean layer (built from plotly's base map on every drawing) only where the frame can
    show the globe's outline; the sea's colour is the same either way."""
    region = ocean_style((-32.0, 74.0))
    world = ocean_style(WORLD_VIEW[1])
    assert region == {"showocean": False, "bgcolor": OCEAN_COLOR}
    assert world["showocean"] is True and world["oceancolor"] == OCEAN_COLOR and world["bgcolor"] == "rgba(0,0,0,0)"
    assert ocean_style((170.0, -10.0))["showocean"] is True  # the width, not the order, decides
    fig = build_choropleth(
        _frame([("ITA", 6500.0)]),
        meta=STOCK,
        names={},
        geometry_iso3=["ITA", "TUN"],
        geojson_url="/geo",
        year=2024,
        value_range=(1.0, 10.0),
        view=("mtm", (-32.0, 74.0), (-4.0, 64.0)),
    )
    assert fig["layout"]["geo"]["showocean"] is False and fig["layout"]["geo"]["bgcolor"] == OCEAN_COLOR
